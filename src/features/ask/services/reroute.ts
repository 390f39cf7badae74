/** When the delivery worker cannot put a question to its expert: they are gone, or away. */

import { type Away, awayOf, canReceive, nameOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { AskContext } from '../context.js';
import { advance, exhaustRoute, questionIdOf } from './pass-on.js';
import type { QuestionNames, QuestionNotifier } from './ports.js';

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
  const question = ctx.questions.get(questionIdOf(item));
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
export async function moveOnFromAwayRecipient(
  ctx: AskContext,
  names: QuestionNames,
  item: QueueItem,
  away: Away,
): Promise<void> {
  const member = ctx.members.get(item.recipientId);
  const who = member ? names.person(member.id) : 'The person you asked';
  const status = `${who} is away (${away.why})${away.until === null ? '' : ` until ${names.time(away.until)}`}`;
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
  const question = ctx.questions.get(questionIdOf(item));
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
      tell(`${status}, so I asked ${names.person(next.routed.expert.id)} instead.`, question.text);
      return;
    }
  }
  tell(`${status}; your question waits in their queue until then.`, question.text);
}
