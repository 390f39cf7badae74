import { type Away, awayOf, type Member, nameOf, scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { formatDuration } from '../../../core/domain/time-text.js';
import { addWorkingTime } from '../../../core/domain/working-hours.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { teamHoursOf, teamSettingsOf } from '../../../core/services/team-settings.js';
import type { AskContext } from '../context.js';
import { advance, exhaustRoute, questionIdOf } from './pass-on.js';
import type { QuestionNotifier } from './ports.js';

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
  const question = ctx.questions.get(questionIdOf(item));
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
  ctx.work.start(
    'closing a reminded question',
    notifier.closeDelivered(item, 'No answer in time, so I asked someone else.'),
  );
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
  const question = ctx.questions.get(questionIdOf(item));
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
      text: `${notifier.names.person(expert.id)} is away with no end date (${away.why}), so after ${waited} of the team’s working time I asked ${notifier.names.person(next.routed.expert.id)} instead.`,
      quote: question.text,
    },
    idempotencyKey: `away-passed-on:${item.id}`,
  });
  return true;
}
