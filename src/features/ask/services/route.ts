import { describeAvailability } from '../../../core/domain/availability-text.js';
import {
  type Away,
  awayOf,
  canReceive,
  type Member,
  scheduleOf,
} from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { questionItemKey, type RouteStep, routeQuestion } from '../../../core/domain/routing.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { teamSettingsOf } from '../../../core/services/team-settings.js';
import { topicMatcherOf } from '../../../core/services/topic-match.js';
import type { SearchHit } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { mayReceive } from './authorization.js';

/** Where a question was asked, as routing sees it: the conversation, its name and who made it. */
export interface RoutePlace {
  channelId: string | null;
  channelName?: string | undefined;
  channelCreatorId?: string | null | undefined;
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

/** What routing a question did: put it to an expert now, held it for the ask hold first, or found nobody. */
export type RouteOutcome =
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
  | { kind: 'unroutable'; question: Question; hits: SearchHit[] };

/**
 * Opens a drafted question and puts it to the first expert on its route who is not away (held
 * until `holdMs` has passed when given); unroutable when nobody can receive it.
 */
export function route(
  ctx: AskContext,
  question: Question,
  place: RoutePlace,
  hits: SearchHit[],
  holdMs = 0,
): RouteOutcome {
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
export function describeRouted(
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
