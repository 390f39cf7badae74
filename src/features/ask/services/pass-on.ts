/**
 * Passing a question on: to the next person on its route, or, when nobody is left, to its
 * channel. The expert's "Not me", the tick's escalation and the delivery worker all end here.
 */

import { awayOf, canReceive, nameOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { authorizeQueueItem, mayReceive } from './authorization.js';
import type { QuestionNames, QuestionNotifier } from './ports.js';
import { dispatch, type Routed } from './route.js';

export type NextStep =
  | { kind: 'routed'; routed: Routed }
  | { kind: 'exhausted'; question: Question };

/** "Not me / reassign": to the person they suggest, or to the next expert on the route. */
export function reassignQuestion(
  ctx: AskContext,
  input: { itemId: number; byUserId: string; toUserId?: string | undefined },
  names: QuestionNames,
): { next: NextStep; passedOn: QueueItem } {
  const { item, question } = authorizeQueueItem(ctx, input.byUserId, input.itemId, 'reassign');
  if (input.toUserId === input.byUserId)
    throw new UserFacingError('Pick someone other than yourself.');
  if (input.toUserId === question.askerId) {
    throw new UserFacingError(
      'That is the person who asked. Pick someone who might know the answer.',
    );
  }
  if (input.toUserId) {
    const suggested = ctx.members.get(input.toUserId);
    if (!suggested || suggested.deleted || suggested.isBot) {
      throw new UserFacingError(
        `I can’t send questions to ${names.person(input.toUserId)}. Pick a current member of the team.`,
      );
    }
    if (!mayReceive(ctx, suggested.id, question)) {
      throw new UserFacingError(
        `${names.person(input.toUserId)} is a guest outside the conversation this was asked in, so I can’t pass it to them. Pick someone else.`,
      );
    }
  }
  const now = ctx.clock();
  const passedOn = ctx.queue.transition(item, 'skipped', now, {
    lastError: `reassigned by ${input.byUserId}`,
  });
  if (!passedOn) throw new UserFacingError('That question moved on in the meantime.');
  const by = ctx.members.get(input.byUserId);
  const route = question.route.filter(
    (step, i) => i <= question.routeIndex || step.memberId !== input.toUserId,
  );
  if (input.toUserId) {
    route.splice(question.routeIndex + 1, 0, {
      memberId: input.toUserId,
      reason: `suggested by ${by ? nameOf(by) : 'the previous expert'}`,
    });
  }
  return { next: advance(ctx, { ...question, route }, now), passedOn };
}

/**
 * To the next person on the route who can still receive questions (people leave), preferring
 * someone who is not away; when everyone left is away, the first of them (it waits for them).
 */
export function advance(ctx: AskContext, question: Question, now: number, why?: string): NextStep {
  const candidates = question.route.flatMap((step, i) => {
    const member = i > question.routeIndex ? ctx.members.get(step.memberId) : undefined;
    return member && canReceive(member) ? [{ index: i, member }] : [];
  });
  const next = (candidates.find((c) => !awayOf(c.member, now)) ?? candidates[0])?.index ?? -1;
  const step = question.route[next];
  if (next < 0 || !step) return { kind: 'exhausted', question };
  const route = [...question.route];
  if (why) route[next] = { ...step, reason: `${step.reason} (${why})` };
  const moved = ctx.questions.update(question.id, ['open'], {
    route,
    routeIndex: next,
    updatedAt: now,
  });
  if (!moved) throw new UserFacingError('That question moved on in the meantime.');
  return { kind: 'routed', routed: dispatch(ctx, moved, next) };
}

/**
 * No expert is left: ask the question's channel if possible (whose members may then answer it),
 * and tell the asker either way.
 */
export function exhaustRoute(
  ctx: AskContext,
  notifier: QuestionNotifier,
  question: Question,
): 'channel' | 'nobody' {
  const posted = notifier.askChannel(question);
  if (posted) {
    const now = ctx.clock();
    ctx.questions.update(question.id, ['open'], { askedInChannelAt: now, updatedAt: now });
  }
  enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: question.askerId,
    payload: {
      text: posted
        ? `None of the experts I know could answer your question yet, so I asked in ${notifier.names.channel(question.channelId ?? '')}. You will get the answer in a DM.`
        : 'None of the experts I know could answer your question yet. It stays open, and you will get the answer in a DM. An admin can add experts with `/mailroom experts add <topic> @person`.',
      quote: question.text,
    },
    idempotencyKey: `question-exhausted:${question.id}`,
  });
  return posted ? 'channel' : 'nobody';
}

/** The question a queue item puts to an expert. */
export function questionIdOf(item: QueueItem): number {
  const value = item.payload.questionId;
  return typeof value === 'number' ? value : Number.NaN;
}
