import type { Viewer } from '../../../core/domain/authorization.js';
import { describeAvailability } from '../../../core/domain/availability-text.js';
import {
  type Away,
  awayOf,
  canReceive,
  type Member,
  scheduleOf,
} from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import {
  questionItemKey,
  questionItemPrefix,
  type RouteStep,
  routeQuestion,
} from '../../../core/domain/routing.js';
import {
  authorizeDocument,
  documentFactsOf,
  maySeeDocument,
  viewerOf,
} from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { searchOf } from '../../../core/services/knowledge.js';
import { requireMember } from '../../../core/services/people.js';
import { enqueueForRecipient, releaseHold } from '../../../core/services/queue.js';
import { teamSettingsOf } from '../../../core/services/team-settings.js';
import { topicMatcherOf } from '../../../core/services/topic-match.js';
import type { KnowledgeDocument, SearchHit } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { authorizeQuestion, isAskedInPublic, mayOnQuestion, mayReceive } from './authorization.js';
import { mostSimilarOpenQuestion } from './duplicates.js';

/** What the ask listener knows about the conversation it was asked in. */
export interface AskPlace {
  channelId: string | null;
  channelName?: string | undefined;
  channelCreatorId?: string | null | undefined;
  /** Asked in a thread (an @mention, the "Ask Mailroom" shortcut): the answer goes there too. */
  threadTs?: string | undefined;
  /** The message that asked it, and how; one question per message. */
  messageTs?: string | undefined;
  askedVia?: 'command' | 'mention' | 'shortcut' | undefined;
  /** Who used the shortcut on the asker's message. */
  requestedBy?: string | undefined;
}

export interface Routed {
  expert: Member;
  reason: string;
  item: QueueItem;
  /** The expert's own time zone, and whether they are working now. */
  timeZone: string;
  workingNow: boolean;
  nextStartLocal: string;
  waitMs: number;
  /** 1 = first in their queue. */
  position: number;
  /** Set when the expert is away: the question waits for them. */
  away: Away | undefined;
  /** Away with no end date: the team's working time the question waits before it moves on. */
  passOnAfterMs?: number | undefined;
  /** The expert who would have been asked first, when they are away and someone else was. */
  passedOver?: { expert: Member; reason: string; away: Away } | undefined;
}

export type AskOutcome = (
  | { kind: 'found'; question: Question; hits: SearchHit[] }
  | { kind: 'duplicate'; question: Question; existing: Question; hits: SearchHit[] }
  | { kind: 'already_waiting'; question: Question; existing: Question; hits: SearchHit[] }
  | {
      kind: 'routed';
      question: Question;
      routed: Routed;
      hits: SearchHit[];
      /** Sent on by the asker ("Ask now") after a hold. */
      released?: boolean;
    }
  /** Routed and queued, but held until `releaseAt` while the asker reads the closest docs. */
  | { kind: 'held'; question: Question; routed: Routed; hits: SearchHit[]; releaseAt: number }
  | { kind: 'unroutable'; question: Question; hits: SearchHit[] }
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

export type Confirmed = {
  question: Question;
  title: string;
  /**
   * `draft`: nobody had been asked. `withdrawn`: the question was held or waiting in the
   * expert's queue and was taken back before they saw it. `settled`: it had reached the expert
   * (`expertIds`), whose DMs in `toClose` now say it is settled.
   */
  closed: 'draft' | 'withdrawn' | 'settled';
  expertIds: string[];
  toClose: QueueItem[];
};

/**
 * "This answers it": the asker's wording becomes an alias of the document, and their question
 * is answered by it. A question already routed is withdrawn from the expert's queue before they
 * see it (the queue's compare-and-set transitions decide a race with the delivery worker), or,
 * once they have it, closed for them too. Followers who may read the document are told.
 */
export function confirmAnswer(
  ctx: AskContext,
  input: { questionId: number; documentId: number; userId: string },
): Confirmed {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, 'withdraw');
  const document = authorizeDocument(ctx, input.userId, input.documentId, 'confirm');
  const now = ctx.clock();
  const answered = ctx.questions.update(question.id, ['draft', 'open'], {
    state: 'answered',
    documentId: document.id,
    answeredAt: now,
    updatedAt: now,
  });
  if (!answered) throw new UserFacingError('That question was answered a moment ago.');
  keepWordings(ctx, answered, document, now);
  if (question.state === 'draft') {
    return {
      question: answered,
      title: document.title,
      closed: 'draft',
      expertIds: [],
      toClose: [],
    };
  }
  const toClose: QueueItem[] = [];
  const reached = new Set<string>();
  for (const item of ctx.queue.openWithKeyPrefix(questionItemPrefix(question.id))) {
    if (item.kind !== 'question') continue;
    const seen = item.deliveredTs !== null;
    // A claimed item is being posted now: the expert gets it, and the tick closes it later.
    const closed =
      item.state !== 'sending' &&
      ctx.queue.transition(item, seen ? 'done' : 'skipped', now, {
        lastError: 'withdrawn: a document answered it',
      });
    if (closed && !seen) continue;
    reached.add(item.recipientId);
    if (closed && seen) toClose.push(closed);
  }
  tellFollowers(ctx, answered, document);
  return {
    question: answered,
    title: document.title,
    closed: reached.size === 0 ? 'withdrawn' : 'settled',
    expertIds: [...reached],
    toClose,
  };
}

/**
 * The document that answers a question (the expert's answer, titled by it, or the one the asker
 * chose) is found through the asker's whole wording and each follower's own question too, as
 * aliases. A follower's wording asked in another conversation that is not public stays out of it.
 */
export function keepWordings(
  ctx: AskContext,
  question: Question,
  document: KnowledgeDocument,
  now: number,
): void {
  ctx.knowledge.addAlias(document.id, question.text, question.askerId, now);
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.draftQuestionId === null) continue;
    const draft = ctx.questions.get(follower.draftQuestionId);
    if (!draft || draft.askerId !== follower.userId) continue;
    if (draft.channelId !== question.channelId && !isAskedInPublic(ctx, draft)) continue;
    ctx.knowledge.addAlias(document.id, draft.text, follower.userId, now);
  }
}

/** Those who followed a question the asker closed with a document, if they may read it. */
function tellFollowers(ctx: AskContext, question: Question, document: KnowledgeDocument): void {
  const facts = documentFactsOf(ctx, document);
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.userId === question.askerId || !ctx.members.get(follower.userId)) continue;
    if (!maySeeDocument(ctx, follower.userId, facts)) continue;
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: follower.userId,
      payload: {
        text: 'The question you followed was answered from the team’s docs. Ask it again with `/ask` to see the document.',
        quote: question.text,
      },
      idempotencyKey: `answered-by-doc:${question.id}:${follower.userId}`,
    });
  }
}

/**
 * "Ask now": the asker's held question goes to the expert at once (in their working hours)
 * instead of after the hold.
 */
export function releaseQuestion(
  ctx: AskContext,
  input: { questionId: number; userId: string },
): AskOutcome {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, 'release');
  const now = ctx.clock();
  const held = ctx.queue
    .openWithKeyPrefix(questionItemPrefix(question.id))
    .find(
      (item) => item.kind === 'question' && item.state === 'queued' && (item.notBefore ?? 0) > now,
    );
  const released = held && releaseHold(ctx, held, ctx.settings.questionDueMs);
  if (!released) {
    throw new UserFacingError(
      'Your question has already gone to a person; you will get the answer in a DM.',
    );
  }
  const step = question.route[question.routeIndex];
  const expert = ctx.members.get(released.recipientId);
  if (!step || !expert) throw new Error(`question ${question.id} has no current route step`);
  return {
    kind: 'routed',
    question,
    routed: describeRouted(ctx, expert, step.reason, released, awayOf(expert, now)),
    hits: [],
    released: true,
  };
}

/**
 * "Follow that question": the asker of the draft is told the answer when the earlier question
 * gets one, if they may see that question at all.
 */
export function followQuestion(
  ctx: AskContext,
  input: { questionId: number; existingId: number; userId: string },
): Question {
  const draft = authorizeQuestion(ctx, input.userId, input.questionId, 'settle');
  const existing = authorizeQuestion(ctx, input.userId, input.existingId, 'follow');
  const now = ctx.clock();
  ctx.questions.addFollower(
    existing.id,
    { userId: input.userId, channelId: draft.channelId, draftQuestionId: draft.id },
    now,
  );
  ctx.questions.update(draft.id, ['draft'], { state: 'cancelled', updatedAt: now });
  return existing;
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

function route(
  ctx: AskContext,
  question: Question,
  place: AskPlace,
  hits: SearchHit[],
  holdMs = 0,
): AskOutcome {
  const steps = routeQuestion({
    askerId: question.askerId,
    keywordExperts: ctx.experts.keywordExperts(),
    topicStrength: topicMatcherOf(ctx, question.text),
    channelExperts: place.channelId ? ctx.experts.channelExperts(place.channelId) : [],
    channelName: place.channelName,
    relatedDocuments: hits.map((hit) => hit.document),
    channelCreatorId: place.channelCreatorId,
    canReceive: (id) => {
      const member = ctx.members.get(id);
      return member !== undefined && canReceive(member) && mayReceive(ctx, id, question);
    },
  });
  const now = ctx.clock();
  // Experts who are away go after those who are not: the question goes to someone here.
  const awayOfStep = (step: RouteStep) => {
    const member = ctx.members.get(step.memberId);
    const away = member ? awayOf(member, now) : undefined;
    return member && away ? { expert: member, reason: step.reason, away } : undefined;
  };
  const isAway = (step: RouteStep) => awayOfStep(step) !== undefined;
  const ordered = [...steps.filter((step) => !isAway(step)), ...steps.filter(isAway)];
  const first = ordered[0];
  if (!first) return { kind: 'unroutable', question, hits };
  // The asker hears who would have been asked, and why not: "Sam owns refunds and is away".
  const topStep = steps[0];
  const passedOver = topStep && topStep !== first ? awayOfStep(topStep) : undefined;
  const opened = ctx.questions.update(question.id, ['draft'], {
    state: 'open',
    route: ordered,
    routeIndex: 0,
    updatedAt: now,
  });
  if (!opened) throw new UserFacingError('That question was already sent to someone.');
  if (holdMs <= 0) {
    const routed = { ...dispatch(ctx, opened, 0), passedOver };
    return { kind: 'routed', question: opened, routed, hits };
  }
  const releaseAt = now + holdMs;
  const routed = { ...dispatch(ctx, opened, 0, { notBefore: releaseAt }), passedOver };
  return { kind: 'held', question: opened, routed, hits, releaseAt };
}

/**
 * Puts the question in the queue of route step `index` (not before `notBefore` when given); due
 * after QUESTION_DUE_HOURS of their working time.
 */
export function dispatch(
  ctx: AskContext,
  question: Question,
  index: number,
  options: { notBefore?: number } = {},
): Routed {
  const step = question.route[index] as RouteStep;
  const expert = ctx.members.get(step.memberId);
  if (!expert)
    throw new Error(`route step ${index} of question ${question.id} names an unknown member`);
  const { item, away } = enqueueForRecipient(ctx, {
    kind: 'question',
    recipientId: expert.id,
    requesterId: question.askerId,
    channelId: question.channelId,
    payload: { questionId: question.id, text: question.text, reason: step.reason },
    idempotencyKey: questionItemKey(question.id, index),
    dueInWorkingMs: ctx.settings.questionDueMs,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
  });
  return describeRouted(ctx, expert, step.reason, item, away);
}

/** Where a routed question stands in its expert's queue, and when they work next (from when it may go). */
function describeRouted(
  ctx: AskContext,
  expert: Member,
  reason: string,
  item: QueueItem,
  away: Away | undefined,
): Routed {
  const { hours } = scheduleOf(expert, ctx.settings.defaultTimeZone);
  const availability = describeAvailability(hours, Math.max(ctx.clock(), item.notBefore ?? 0));
  const position = ctx.queue.openForRecipient(expert.id).findIndex((i) => i.id === item.id) + 1;
  return {
    expert,
    reason,
    item,
    timeZone: hours.timeZone,
    workingNow: availability.workingNow,
    nextStartLocal: availability.nextStartLocal,
    waitMs: availability.waitMs,
    position: Math.max(1, position),
    away,
    passOnAfterMs: away && away.until === null ? teamSettingsOf(ctx).awayPassOnMs : undefined,
  };
}
