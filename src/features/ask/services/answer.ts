import {
  type Away,
  awayOf,
  canReceive,
  type Member,
  nameOf,
  scheduleOf,
} from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { questionItemPrefix } from '../../../core/domain/routing.js';
import { formatDuration } from '../../../core/domain/time-text.js';
import { addWorkingTime } from '../../../core/domain/working-hours.js';
import { viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { teamHoursOf, teamSettingsOf } from '../../../core/services/team-settings.js';
import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { AskContext } from '../context.js';
import type { Question } from '../store/question-repository.js';
import { dispatch, keepWordings, type Routed } from './ask.js';
import {
  authorizeQuestion,
  authorizeQueueItem,
  isAskedInPublic,
  mayOnQuestion,
  mayReceive,
} from './authorization.js';

/**
 * Slack-side effects of the question flow, behind a port so the services stay testable. Posts
 * are queued (the delivery worker sends them), so nothing here waits on Slack but the update.
 */
export interface QuestionNotifier {
  /** Queues a gentle nudge, in the thread of the DM the expert received. */
  remind(item: QueueItem, question: Question): void;
  /** Rewrites the expert's DM so its buttons no longer invite action; never throws. */
  closeDelivered(item: QueueItem, note: string): Promise<void>;
  /** Queues the question for its channel when no expert is left; false when that is impossible. */
  askChannel(question: Question): boolean;
  /** Queues the answer for the thread the question was asked in; false when there is none. */
  answerInThread?(question: Question): boolean;
}

export const MAX_ANSWER_CHARS = 3000;

/**
 * An expert's answer: it goes to the asker and every follower who may still see the question
 * (in their working hours) and into the knowledge base, so the same question is answered from
 * the docs next time. Only the expert the question is with, or once it was put to its channel a
 * member of that channel, may answer.
 */
export function answerQuestion(
  ctx: AskContext,
  input: { questionId: number; expertId: string; text: string },
): { question: Question; document: KnowledgeDocument; notified: string[]; toClose: QueueItem[] } {
  const question = authorizeQuestion(ctx, input.expertId, input.questionId, 'answer');
  const text = input.text.trim();
  if (text === '') throw new UserFacingError('The answer is empty.');
  if (text.length > MAX_ANSWER_CHARS) {
    throw new UserFacingError(`Answers can be up to ${MAX_ANSWER_CHARS} characters.`);
  }
  const now = ctx.clock();
  const { document } = ctx.knowledge.upsert(
    {
      title: question.text.length > 200 ? `${question.text.slice(0, 199)}…` : question.text,
      body: `${text}\n\n(Question: ${question.text})`,
      source: 'answer',
      sourceKey: `answer:${question.id}`,
      authorId: input.expertId,
      channelId: question.channelId,
      visibility: isAskedInPublic(ctx, question) ? 'public' : 'channel',
    },
    now,
  );
  const answered = ctx.questions.update(question.id, ['open'], {
    state: 'answered',
    answerText: text,
    answeredBy: input.expertId,
    answeredAt: now,
    documentId: document.id,
    updatedAt: now,
  });
  if (!answered) throw new UserFacingError('Someone answered that question a moment ago.');
  keepWordings(ctx, answered, document, now);

  // An item being posted right now is left to the worker; the tick closes it once it is delivered.
  const toClose: QueueItem[] = [];
  for (const item of ctx.queue.openWithKeyPrefix(questionItemPrefix(question.id))) {
    if (item.state === 'sending' || !ctx.queue.transition(item, 'done', now)) continue;
    if (item.deliveredTs) toClose.push(item);
  }
  const notified: string[] = [];
  for (const follower of ctx.questions.followers(question.id)) {
    if (follower.userId === input.expertId || !ctx.members.get(follower.userId)) continue;
    // Someone who left the conversation since they followed no longer gets what is said there.
    if (!mayOnQuestion(ctx, viewerOf(ctx, follower.userId), answered, 'see')) continue;
    enqueueForRecipient(ctx, {
      kind: 'answer',
      recipientId: follower.userId,
      requesterId: input.expertId,
      channelId: follower.channelId,
      payload: { questionId: question.id },
      idempotencyKey: `answer:${question.id}:${follower.userId}`,
    });
    notified.push(follower.userId);
  }
  return { question: answered, document, notified, toClose };
}

/**
 * The answer to a question asked in a thread (an @mention, "Ask Mailroom") goes back into that
 * thread too. When Slack refuses (Mailroom was removed, the channel archived or deleted), only
 * the thread misses it: the asker and the followers get their DMs from the queue all the same.
 */
export function shareAnswerInThread(
  ctx: Pick<AskContext, 'logger'>,
  notifier: QuestionNotifier,
  question: Question,
): boolean {
  if (question.state !== 'answered' || !question.channelId || !question.threadTs) return false;
  try {
    return notifier.answerInThread?.(question) ?? false;
  } catch (error) {
    ctx.logger.warn(`could not post the answer to question ${question.id} in its thread`, error);
    return false;
  }
}

export type NextStep =
  | { kind: 'routed'; routed: Routed }
  | { kind: 'exhausted'; question: Question };

/** "Not me / reassign": to the person they suggest, or to the next expert on the route. */
export function reassignQuestion(
  ctx: AskContext,
  input: { itemId: number; byUserId: string; toUserId?: string | undefined },
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
        `I can’t send questions to <@${input.toUserId}>. Pick a current member of the team.`,
      );
    }
    if (!mayReceive(ctx, suggested.id, question)) {
      throw new UserFacingError(
        `<@${input.toUserId}> is a guest outside the conversation this was asked in, so I can’t pass it to them. Pick someone else.`,
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
 * Overdue questions, from the minute tick: the first time a reminder, the second time the
 * question moves to the next expert (or to its channel when none is left). Questions waiting on
 * an expert away with no end date move on too (see passOnFromOpenEndedAway). It only queues
 * posts and starts the DM's update: the tick never waits on Slack here.
 */
export function escalateOverdue(
  ctx: AskContext,
  notifier: QuestionNotifier,
): { reminded: number; escalated: number } {
  const counts = { reminded: 0, escalated: passOnFromOpenEndedAway(ctx, notifier) };
  for (const item of ctx.queue.overdue(ctx.clock(), 100, { kinds: ['question'] })) {
    try {
      const outcome = escalateOne(ctx, notifier, item);
      if (outcome) counts[outcome] += 1;
    } catch (error) {
      // One question that cannot move must not hold up the others; it is tried again next tick.
      ctx.logger.error(`escalating queue item ${item.id} failed`, error);
    }
  }
  return counts;
}

function escalateOne(
  ctx: AskContext,
  notifier: QuestionNotifier,
  item: QueueItem,
): 'reminded' | 'escalated' | undefined {
  const question = ctx.questions.get(numberField(item.payload.questionId));
  const now = ctx.clock();
  if (question?.state !== 'open') {
    ctx.queue.transition(item, 'done', now);
    return undefined;
  }
  const member = ctx.members.get(item.recipientId);
  if (item.escalationLevel === 0 && member) {
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    const dueBy = addWorkingTime(hours, now, ctx.settings.questionDueMs);
    // Recorded first: a reminder that cannot be posted is not retried every minute.
    if (!ctx.queue.transition(item, 'delivered', now, { escalationLevel: 1, dueBy }))
      return undefined;
    notifier.remind(item, question);
    return 'reminded';
  }
  const waited = formatDuration(ctx.settings.questionDueMs);
  const lastError = `no answer within ${waited} of working time`;
  if (!ctx.queue.transition(item, 'expired', now, { lastError })) return undefined;
  void notifier.closeDelivered(item, 'No answer in time, so I asked someone else.');
  const why = `${member ? nameOf(member) : 'the expert'} had no time to answer`;
  const next = advance(ctx, question, now, why);
  if (next.kind === 'exhausted') exhaustRoute(ctx, notifier, next.question);
  return 'escalated';
}

/**
 * A question waiting for an expert who is away with no end date (a Slack status without an
 * expiry) would wait for ever: once the team's working time `awayPassOnMs` has passed since it
 * was put to them, it goes on as if they had said "Not me": to the next expert, else to its
 * channel, and the asker is told. Returns how many moved on.
 */
export function passOnFromOpenEndedAway(ctx: AskContext, notifier: QuestionNotifier): number {
  const now = ctx.clock();
  const { awayPassOnMs } = teamSettingsOf(ctx);
  const teamHours = teamHoursOf(ctx);
  let passed = 0;
  // Working time is never shorter than the wall-clock time it spans: older items only.
  for (const item of ctx.queue.queuedSince('question', now - awayPassOnMs)) {
    const expert = ctx.members.get(item.recipientId);
    const away = expert ? awayOf(expert, now) : undefined;
    if (!expert || !away || away.until !== null) continue;
    if (addWorkingTime(teamHours, item.createdAt, awayPassOnMs) > now) continue;
    try {
      if (passOnFromAway(ctx, notifier, item, expert, away)) passed += 1;
    } catch (error) {
      ctx.logger.error(`passing on queue item ${item.id} from an away expert failed`, error);
    }
  }
  return passed;
}

function passOnFromAway(
  ctx: AskContext,
  notifier: QuestionNotifier,
  item: QueueItem,
  expert: Member,
  away: Away,
): boolean {
  const question = ctx.questions.get(numberField(item.payload.questionId));
  const now = ctx.clock();
  if (question?.state !== 'open') return false;
  if (!ctx.queue.transition(item, 'skipped', now, { lastError: 'away with no end date' }))
    return false;
  const next = advance(ctx, question, now, `${nameOf(expert)} is away with no end date`);
  if (next.kind === 'exhausted') {
    exhaustRoute(ctx, notifier, next.question);
    return true;
  }
  const waited = formatDuration(teamSettingsOf(ctx).awayPassOnMs);
  enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: question.askerId,
    payload: {
      text: `<@${expert.id}> is away with no end date (${away.why}), so after ${waited} of the team’s working time I asked <@${next.routed.expert.id}> instead.`,
      quote: question.text,
    },
    idempotencyKey: `away-passed-on:${item.id}`,
  });
  return true;
}

/**
 * The delivery worker could not reach an expert (deactivated, or Slack refuses the DM): the
 * question moves on to the next person on its route, so it never waits on someone who is gone.
 */
export async function rerouteUndeliverable(
  ctx: AskContext,
  notifier: QuestionNotifier,
  item: QueueItem,
  reason: string,
): Promise<void> {
  if (item.kind !== 'question') return;
  const question = ctx.questions.get(numberField(item.payload.questionId));
  if (question?.state !== 'open') return;
  const member = ctx.members.get(item.recipientId);
  ctx.logger.warn(
    `question ${question.id} could not reach ${item.recipientId} (${reason}); moving on`,
  );
  const next = advance(
    ctx,
    question,
    ctx.clock(),
    `${member ? nameOf(member) : 'the expert'} can’t be reached`,
  );
  if (next.kind === 'exhausted') exhaustRoute(ctx, notifier, next.question);
}

/**
 * The delivery worker found the recipient away (they went away after it was queued, or their
 * Slack status has no end): a question moves on to the next expert who is not away, if there
 * is one; otherwise it waits for them. Whoever asked is told, once.
 */
export async function handleAwayRecipient(
  ctx: AskContext,
  item: QueueItem,
  away: Away,
): Promise<void> {
  const member = ctx.members.get(item.recipientId);
  const who = member ? `<@${member.id}>` : 'The person you asked';
  const status = `${who} is away (${away.why})${away.until === null ? '' : ` until ${slackDate(away.until)}`}`;
  const tell = (text: string, quote?: string) => {
    if (!item.requesterId || item.requesterId === item.recipientId) return;
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: item.requesterId,
      payload: { text, ...(quote ? { quote } : {}) },
      idempotencyKey: `away:${item.id}`,
    });
  };
  if (item.kind !== 'question') {
    tell(`${status}, so what you sent waits in their queue until they are back.`);
    return;
  }
  const question = ctx.questions.get(numberField(item.payload.questionId));
  if (question?.state !== 'open') return;
  const now = ctx.clock();
  const someoneElse = question.route.some((step, i) => {
    const next = i > question.routeIndex ? ctx.members.get(step.memberId) : undefined;
    return next !== undefined && canReceive(next) && !awayOf(next, now);
  });
  const current = ctx.queue.get(item.id);
  if (
    someoneElse &&
    current &&
    ctx.queue.transition(current, 'skipped', now, { lastError: 'away' })
  ) {
    const next = advance(ctx, question, now, `${member ? nameOf(member) : 'the expert'} is away`);
    if (next.kind === 'routed') {
      tell(`${status}, so I asked <@${next.routed.expert.id}> instead.`, question.text);
      return;
    }
  }
  tell(`${status}; your question waits in their queue until then.`, question.text);
}

/** A time that each reader sees in their own zone (Slack's date formatting). */
function slackDate(instant: number): string {
  const seconds = Math.floor(instant / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${new Date(instant).toISOString()}>`;
}

/**
 * To the next person on the route who can still receive questions (people leave), preferring
 * someone who is not away; when everyone left is away, the first of them (it waits for them).
 */
function advance(ctx: AskContext, question: Question, now: number, why?: string): NextStep {
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
        ? `None of the experts I know could answer your question yet, so I asked in <#${question.channelId}>. You will get the answer in a DM.`
        : 'None of the experts I know could answer your question yet. It stays open, and you will get the answer in a DM. An admin can add experts with `/mailroom experts add <topic> @person`.',
      quote: question.text,
    },
    idempotencyKey: `question-exhausted:${question.id}`,
  });
  return posted ? 'channel' : 'nobody';
}

function numberField(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
