import { ERASED_TEXT, type Member } from '../../../core/domain/member.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';

/** The ask capability's part of what Mailroom holds about a member. */
export interface AskMemberData {
  questionsAsked: Question[];
  questionsAnswered: Question[];
}

export function askMemberData(ctx: Pick<AskContext, 'questions'>, member: Member): AskMemberData {
  return {
    questionsAsked: ctx.questions.askedBy(member.id),
    questionsAnswered: ctx.questions.answeredBy(member.id),
  };
}

/**
 * Erases the wording of every question the member asked. The answers others gave stay (they
 * are the team's knowledge), and so do the answers the member gave, as their documents do.
 */
export function forgetAskData(
  ctx: Pick<AskContext, 'questions' | 'clock'>,
  member: Member,
): Record<string, number> {
  return { questions: ctx.questions.replaceTextsOf(member.id, ERASED_TEXT, ctx.clock()) };
}
