import type { Viewer } from '../../../core/domain/authorization.js';
import type { Member } from '../../../core/domain/member.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import {
  type AskOutcome,
  type AskPlace,
  answerFromDocsOrRoute,
  askAPerson,
  askQuestion,
} from './ask.js';
import type { QuestionNames } from './ports.js';

/** A question asked by a Slack message in a conversation: an @mention, or the shortcut on it. */
export interface MessageAsk {
  askerId: string;
  text: string;
  place: AskPlace & { channelId: string; threadTs: string; messageTs: string };
  via: 'mention' | 'shortcut';
  /** Who used the shortcut; the asker is the message's author. */
  requestedBy?: string | undefined;
  /** Everyone in the conversation: the reply is posted there for all of them to read. */
  audience: Viewer;
  /** As for askQuestion: the search waits for room, the outcome follows. */
  onBusy?: () => void;
  /**
   * Nothing was replied to this message yet: a question it already asked that is still a draft
   * (a stopped process never finished asking it) is asked on instead of taken for a repeat.
   */
  resume?: boolean;
}

export type MessageAskOutcome =
  | { kind: 'asked'; outcome: AskOutcome }
  /** The message already asked a question (Slack sent it again, the shortcut was used twice). */
  | { kind: 'repeat'; question: Question };

/**
 * The /ask flow for a message in a conversation, answered in its thread. What the docs show is
 * what every member may see (`audience`). A similar question already open is not offered to
 * follow, which is the asker's private choice: this one is asked anyway, so that its answer
 * comes back to this thread. When someone used the shortcut on another person's message, the
 * author is told in their working hours that their question was asked, and what became of it.
 */
export async function askFromMessage(
  ctx: AskContext,
  input: MessageAsk,
  names: QuestionNames,
): Promise<MessageAskOutcome> {
  const { place } = input;
  const earlier = ctx.questions.findByMessage(place.channelId, place.messageTs);
  if (earlier && !(input.resume && earlier.state === 'draft')) {
    return { kind: 'repeat', question: earlier };
  }
  const requestedBy =
    input.requestedBy && input.requestedBy !== input.askerId ? input.requestedBy : undefined;
  const askInput = {
    askerId: input.askerId,
    text: input.text,
    place: { ...place, askedVia: input.via, requestedBy },
    audience: input.audience,
    // Only the asker of a mention reads the matches as they come; an author asked for is not there.
    hold: input.via === 'mention',
    ...(input.onBusy ? { onBusy: input.onBusy } : {}),
  };
  const asked = earlier
    ? await answerFromDocsOrRoute(ctx, earlier, askInput)
    : await askQuestion(ctx, askInput);
  // The documents shown, and those routing names as a reason, stay those all of them may see.
  const outcome: AskOutcome =
    asked.kind === 'duplicate'
      ? {
          ...(await askAPerson(ctx, {
            questionId: asked.question.id,
            userId: input.askerId,
            place,
            anyway: true,
            audience: input.audience,
          })),
          hits: asked.hits,
        }
      : asked;
  if (requestedBy) tellAuthor(ctx, outcome, requestedBy, names);
  return { kind: 'asked', outcome };
}

/** The asker of a question someone else asked for them, in their working hours. */
function tellAuthor(
  ctx: AskContext,
  outcome: AskOutcome,
  requestedBy: string,
  names: QuestionNames,
): void {
  const { question } = outcome;
  const asked = `${names.person(requestedBy)} asked me your question in ${names.channel(question.channelId ?? '')}`;
  const what = (() => {
    switch (outcome.kind) {
      case 'found':
        return `${asked}, and I answered it from the team’s docs in the thread.`;
      case 'routed':
      case 'held':
        return `${asked}. I sent it to ${names.person(outcome.routed.expert.id)}; their answer will come to you in a DM and to the thread.`;
      case 'already_waiting':
        return `${asked}. You asked this before and it is still waiting for an answer; you will get it in a DM.`;
      case 'duplicate':
      case 'unroutable':
        return `${asked}. Nothing in the docs answers it and no one owns this topic yet; it stays open, and you will get the answer in a DM.`;
    }
  })();
  enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: question.askerId,
    requesterId: requestedBy,
    channelId: question.channelId,
    payload: { text: what, quote: question.text },
    idempotencyKey: `asked-for:${question.id}`,
  });
}

/**
 * "Ask Mailroom" on a message: only someone in the conversation may use it (every id in the
 * payload is the sender's word), and only on a message by a person Mailroom knows, whose
 * question it then is.
 */
export function authorizeAskingFor(
  ctx: Pick<AskContext, 'members' | 'channels'>,
  input: { requesterId: string; channelId: string; authorId: string | null },
): Member {
  if (!ctx.channels.isMember(input.channelId, input.requesterId)) {
    throw new UserFacingError(
      'I can only ask for messages in conversations you are in, and I can’t see you in this one.',
    );
  }
  const author = input.authorId ? ctx.members.get(input.authorId) : undefined;
  if (author?.isBot) throw new UserFacingError(BOT_MESSAGE);
  if (!author || author.deleted) {
    throw new UserFacingError(
      'I don’t know who wrote that message, so I can’t ask it for them. You can ask it yourself with `/ask`.',
    );
  }
  return author;
}

export const BOT_MESSAGE =
  'That message is from an app, not a person, so there is nobody to ask for. If it raises a question, ask it yourself with `/ask`.';
