import { type Away, awayOf, canReceive, type Member, scheduleOf } from '../domain/member.js';
import type { QueueItem } from '../domain/queue.js';
import { questionItemKey, type RouteStep, routeQuestion } from '../domain/routing.js';
import { describeAvailability } from '../domain/working-hours.js';
import type { SearchHit } from '../store/knowledge-repository.js';
import type { Question } from '../store/question-repository.js';
import {
  authorizeDocument,
  authorizeQuestion,
  mayOnQuestion,
  mayReceive,
  viewerOf,
} from './authorization.js';
import type { ServiceContext } from './context.js';
import { mostSimilarOpenQuestion } from './duplicates.js';
import { UserFacingError } from './errors.js';
import { searchKnowledge } from './knowledge.js';
import { requireMember } from './people.js';
import { enqueueForRecipient } from './queue.js';

/** What the ask listener knows about the conversation it was asked in. */
export interface AskPlace {
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
}

export type AskOutcome =
  | { kind: 'found'; question: Question; hits: SearchHit[] }
  | { kind: 'duplicate'; question: Question; existing: Question; hits: SearchHit[] }
  | { kind: 'already_waiting'; question: Question; existing: Question; hits: SearchHit[] }
  | { kind: 'routed'; question: Question; routed: Routed; hits: SearchHit[] }
  | { kind: 'unroutable'; question: Question; hits: SearchHit[] };

type AskContext = ServiceContext;

/**
 * `/ask <question>`: the question is stored first (nothing typed is lost), then answered from
 * the docs when they answer it, offered to follow when the same question is already open,
 * and otherwise routed to an expert.
 */
export function askQuestion(
  ctx: AskContext,
  input: { askerId: string; text: string; place: AskPlace },
): AskOutcome {
  const text = input.text.trim();
  if (text === '') throw new UserFacingError(ASK_USAGE);
  requireMember(ctx, input.askerId);
  const now = ctx.clock();
  if (input.place.channelId) ctx.channels.addMember(input.place.channelId, input.askerId, now);
  const question = ctx.questions.create(
    { askerId: input.askerId, text, channelId: input.place.channelId },
    now,
  );
  const { hits, confident } = searchKnowledge(ctx, viewerOf(ctx, input.askerId), text);
  if (confident) return { kind: 'found', question, hits };
  return routeOrOfferToFollow(ctx, question, input.place, hits);
}

export const ASK_USAGE =
  'Ask me a question and I will look in the team’s docs first, then ask the right person: `/ask How do I get access to the staging database?`';

/**
 * "Ask a person" after the docs did not answer it, or "Ask mine anyway" after seeing a
 * similar open question (`anyway`: no second offer to follow it). `place` describes where the
 * draft was asked (its channelId), whatever conversation the button was clicked in.
 */
export function askAPerson(
  ctx: AskContext,
  input: { questionId: number; userId: string; place: AskPlace; anyway?: boolean },
): AskOutcome {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, 'settle');
  // Routing follows where the question was asked, never a conversation named by the click.
  const place =
    input.place.channelId === question.channelId ? input.place : { channelId: question.channelId };
  const { hits } = searchKnowledge(ctx, viewerOf(ctx, input.userId), question.text);
  return input.anyway
    ? route(ctx, question, place, hits)
    : routeOrOfferToFollow(ctx, question, place, hits);
}

/** "This answers it": the asker's wording becomes an alias of the document. */
export function confirmAnswer(
  ctx: AskContext,
  input: { questionId: number; documentId: number; userId: string },
): { question: Question; title: string } {
  const question = authorizeQuestion(ctx, input.userId, input.questionId, 'settle');
  const document = authorizeDocument(ctx, input.userId, input.documentId, 'confirm');
  const now = ctx.clock();
  ctx.knowledge.addAlias(document.id, question.text, input.userId, now);
  const answered =
    ctx.questions.update(question.id, ['draft'], {
      state: 'answered',
      documentId: document.id,
      answeredAt: now,
      updatedAt: now,
    }) ?? question;
  return { question: answered, title: document.title };
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
  ctx.questions.addFollower(existing.id, { userId: input.userId, channelId: draft.channelId }, now);
  ctx.questions.update(draft.id, ['draft'], { state: 'cancelled', updatedAt: now });
  return existing;
}

function routeOrOfferToFollow(
  ctx: AskContext,
  question: Question,
  place: AskPlace,
  hits: SearchHit[],
): AskOutcome {
  const existing = findDuplicate(ctx, question);
  if (!existing) return route(ctx, question, place, hits);
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
): AskOutcome {
  const steps = routeQuestion({
    askerId: question.askerId,
    question: question.text,
    keywordExperts: ctx.experts.keywordExperts(),
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
  const isAway = (step: RouteStep) => {
    const member = ctx.members.get(step.memberId);
    return member !== undefined && awayOf(member, now) !== undefined;
  };
  const ordered = [...steps.filter((step) => !isAway(step)), ...steps.filter(isAway)];
  const first = ordered[0];
  if (!first) return { kind: 'unroutable', question, hits };
  const opened = ctx.questions.update(question.id, ['draft'], {
    state: 'open',
    route: ordered,
    routeIndex: 0,
    updatedAt: now,
  });
  if (!opened) throw new UserFacingError('That question was already sent to someone.');
  return { kind: 'routed', question: opened, routed: dispatch(ctx, opened, 0), hits };
}

/** Puts the question in the queue of route step `index`; due after QUESTION_DUE_HOURS of their working time. */
export function dispatch(ctx: AskContext, question: Question, index: number): Routed {
  const step = question.route[index] as RouteStep;
  const expert = ctx.members.get(step.memberId);
  if (!expert)
    throw new Error(`route step ${index} of question ${question.id} names an unknown member`);
  const { hours } = scheduleOf(expert, ctx.settings.defaultTimeZone);
  const { item, away } = enqueueForRecipient(ctx, {
    kind: 'question',
    recipientId: expert.id,
    requesterId: question.askerId,
    channelId: question.channelId,
    payload: { questionId: question.id, text: question.text, reason: step.reason },
    idempotencyKey: questionItemKey(question.id, index),
    dueInWorkingMs: ctx.settings.questionDueMs,
  });
  const availability = describeAvailability(hours, ctx.clock());
  const position = ctx.queue.openForRecipient(expert.id).findIndex((i) => i.id === item.id) + 1;
  return {
    expert,
    reason: step.reason,
    item,
    timeZone: hours.timeZone,
    workingNow: availability.workingNow,
    nextStartLocal: availability.nextStartLocal,
    waitMs: availability.waitMs,
    position: Math.max(1, position),
    away,
  };
}
