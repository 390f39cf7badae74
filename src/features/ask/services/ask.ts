import type { Viewer } from '../../../core/domain/authorization.js';
import { viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { searchOf } from '../../../core/services/knowledge.js';
import { requireMember } from '../../../core/services/people.js';
import type { SearchHit } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { authorizeQuestion, mayOnQuestion } from './authorization.js';
import { mostSimilarOpenQuestion } from './duplicates.js';
import { type RouteOutcome, type RoutePlace, route } from './route.js';

/** What the ask listener knows about the conversation it was asked in. */
export interface AskPlace extends RoutePlace {
  /** Asked in a thread (an @mention, the "Ask Mailroom" shortcut): the answer goes there too. */
  threadTs?: string | undefined;
  /** The message that asked it, and how; one question per message. */
  messageTs?: string | undefined;
  askedVia?: 'command' | 'mention' | 'shortcut' | undefined;
  /** Who used the shortcut on the asker's message. */
  requestedBy?: string | undefined;
}

export type AskOutcome = (
  | { kind: 'found'; question: Question; hits: SearchHit[] }
  | { kind: 'duplicate'; question: Question; existing: Question; hits: SearchHit[] }
  | { kind: 'already_waiting'; question: Question; existing: Question; hits: SearchHit[] }
  | RouteOutcome
) & {
  /** The words searched when they differ from what was typed (a typo corrected). */
  searchedFor?: string | null;
};

/** ASK_HOLD_MINUTES when the settings do not say. */
export const DEFAULT_ASK_HOLD_MS = 10 * 60 * 1000;

export interface AskInput {
  askerId: string;
  text: string;
  place: AskPlace;
  /** Who may read the reply, when others than the asker will (a thread): what the search may show. */
  audience?: Viewer | undefined;
  /** False when the asker is not there to read the matches first (asked for them): no hold. */
  hold?: boolean;
  /** Called when the search must wait for room (busy): the question is saved, the outcome follows. */
  onBusy?: () => void;
}

/**
 * `/ask <question>`: the question is stored first (nothing typed is lost), then answered from
 * the docs when they clearly answer it, offered to follow when the same question is already
 * open, and otherwise routed to an expert. When some documents matched but not clearly, the
 * question is queued for the expert but held for the ask hold, so the asker can read them
 * first and withdraw it ("This answers it") before anyone is interrupted.
 */
export async function askQuestion(ctx: AskContext, input: AskInput): Promise<AskOutcome> {
  const text = input.text.trim();
  if (text === '') throw new UserFacingError(ASK_USAGE);
  requireMember(ctx, input.askerId);
  const now = ctx.clock();
  if (input.place.channelId) ctx.channels.addMember(input.place.channelId, input.askerId, now);
  const { place } = input;
  const question = ctx.questions.create(
    {
      askerId: input.askerId,
      text,
      channelId: place.channelId,
      threadTs: place.threadTs ?? null,
      askedVia: place.askedVia ?? 'command',
      messageTs: place.messageTs ?? null,
      requestedBy: place.requestedBy ?? null,
    },
    now,
  );
  return answerFromDocsOrRoute(ctx, question, input);
}

/**
 * A stored question, just asked (or whose asking a stopped process left half done): answered
 * from the docs when they clearly answer it, else offered to follow or routed (see askQuestion).
 */
export async function answerFromDocsOrRoute(
  ctx: AskContext,
  question: Question,
  input: AskInput,
): Promise<AskOutcome> {
  const { text } = question;
  const viewer = input.audience ?? viewerOf(ctx, input.askerId);
  const { hits, confident, searchedFor } = await searchOf(ctx)(
    viewer,
    text,
    undefined,
    undefined,
    input.onBusy ? { onDelayed: input.onBusy } : undefined,
  );
  if (confident) return { kind: 'found', question, hits, searchedFor };
  const holdMs = hits.length > 0 && input.hold !== false ? askHoldMs(ctx) : 0;
  return { ...routeOrOfferToFollow(ctx, question, input.place, hits, holdMs), searchedFor };
}

function askHoldMs(ctx: AskContext): number {
  return ctx.settings.askHoldMs ?? DEFAULT_ASK_HOLD_MS;
}

export const ASK_USAGE =
  'Ask me a question and I will look in the team’s docs first, then ask the right person: `/ask How do I get access to the staging database?`';

/**
 * "Ask a person" after the docs did not answer it, or "Ask mine anyway" after seeing a
 * similar open question (`anyway`: no second offer to follow it). `place` describes where the
 * draft was asked (its channelId), whatever conversation the button was clicked in.
 */
export async function askAPerson(
  ctx: AskContext,
  input: {
    questionId: number;
    userId: string;
    place: AskPlace;
    anyway?: boolean;
    /** As for askQuestion: who may read the reply, when others than the asker will. */
    audience?: Viewer | undefined;
  },
): Promise<AskOutcome> {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, 'settle');
  // Routing follows where the question was asked, never a conversation named by the click.
  const place =
    input.place.channelId === question.channelId ? input.place : { channelId: question.channelId };
  const viewer = input.audience ?? viewerOf(ctx, input.userId);
  const { hits } = await searchOf(ctx)(viewer, question.text);
  return input.anyway
    ? route(ctx, question, place, hits)
    : routeOrOfferToFollow(ctx, question, place, hits);
}

function routeOrOfferToFollow(
  ctx: AskContext,
  question: Question,
  place: AskPlace,
  hits: SearchHit[],
  holdMs = 0,
): AskOutcome {
  const existing = findDuplicate(ctx, question);
  if (!existing) return route(ctx, question, place, hits, holdMs);
  const waiting = ctx.questions.followers(existing.id).some((f) => f.userId === question.askerId);
  if (!waiting) return { kind: 'duplicate', question, existing, hits };
  // Asked again by someone already waiting for it: keep one question, not two.
  ctx.questions.update(question.id, ['draft'], { state: 'cancelled', updatedAt: ctx.clock() });
  return { kind: 'already_waiting', question, existing, hits };
}

/** The most similar open question the asker may follow (one they may see). */
function findDuplicate(ctx: AskContext, question: Question): Question | undefined {
  const viewer = viewerOf(ctx, question.askerId);
  return mostSimilarOpenQuestion(ctx, question.text, (open) =>
    mayOnQuestion(ctx, viewer, open, 'follow'),
  );
}
