import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { parsePayload, type QueueItem } from '../../../core/domain/queue.js';
import { enqueuePost, postKey } from '../../../core/services/posts.js';
import { permalinkOf } from '../../../core/slack/conversations.js';
import { errorLine } from '../../../core/slack/failures.js';
import type { DecisionsContext } from '../context.js';
import { recordPosted, recordPostProblem } from '../services/change.js';
import { decisionRecord } from '../services/find.js';
import type { Decision } from '../store/decision-repository.js';
import { renderDecisionItem } from './renderers.js';
import { decisionMessage, postProblemMessage, threadStarter } from './views/message.js';

/** The decisions' Slack side: their message in the channel, and the DMs that show them. */

export type PostOutcome = { posted: true; decision: Decision } | { posted: false; problem: string };

/**
 * Queues the decision's message for its channel, and under it the message that opens its
 * thread for discussion; the delivery worker posts each once and records the first
 * (recordDecisionPosted). When Slack will not take it (Mailroom is not in the channel, say),
 * the problem is recorded, `userId` is told in a DM, and the decision stays saved.
 */
export async function postDecision(
  _client: WebClient,
  ctx: DecisionsContext,
  decision: Decision,
  userId = decision.loggedBy,
): Promise<PostOutcome> {
  if (decision.channelId === null) return { posted: false, problem: 'no_channel' };
  // A new key after a refused attempt ("Post it now" once invited); a double click is one post.
  let attempt = 0;
  const keyOf = (n: number) => `decision:${decision.id}${n === 0 ? '' : `:${n}`}`;
  while (ctx.queue.findByKey(postKey(keyOf(attempt)))?.state === 'skipped') attempt += 1;
  const key = keyOf(attempt);
  enqueuePost(ctx, {
    channelId: decision.channelId,
    message: decisionMessage(decisionRecord(ctx, decision)),
    key,
    purpose: { kind: 'decision', decisionId: decision.id, userId },
  });
  enqueuePost(ctx, {
    channelId: decision.channelId,
    parentKey: postKey(key),
    message: threadStarter(),
    key: `${key}:thread`,
  });
  return { posted: true, decision };
}

const decisionPurpose = z.object({
  kind: z.literal('decision'),
  decisionId: z.number(),
  userId: z.string(),
});

function decisionPurposeOf(item: QueueItem) {
  if (item.kind !== 'post') return undefined;
  const parsed = decisionPurpose.safeParse(parsePayload('post', item.payload).purpose);
  return parsed.success ? parsed.data : undefined;
}

/** The delivery worker posted a decision's message: its ts and permalink are recorded. */
export function onDecisionPosted(
  client: WebClient,
  ctx: DecisionsContext,
  item: QueueItem,
  posted: { channel: string; ts: string },
): void {
  const purpose = decisionPurposeOf(item);
  if (purpose) recordDecisionPosted(client, ctx, purpose.decisionId, posted);
}

/** The delivery worker gave a decision's message up (`reason` ends with Slack's error). */
export function onDecisionRefused(ctx: DecisionsContext, item: QueueItem, reason: string): void {
  const purpose = decisionPurposeOf(item);
  if (!purpose) return;
  const problem = /([a-z_]+)$/.exec(reason)?.[1] ?? 'unreachable';
  recordPostProblem(ctx, purpose.decisionId, problem);
  const decision = ctx.decisions.get(purpose.decisionId);
  if (!decision) return;
  tellPostProblem(
    undefined,
    ctx,
    purpose.userId,
    decision,
    problem,
    `${item.idempotencyKey}:problem`,
  );
}

/** The decision's message is in its channel: its ts, and its permalink once Slack gives it. */
function recordDecisionPosted(
  client: WebClient,
  ctx: DecisionsContext,
  decisionId: number,
  posted: { channel: string; ts: string },
): void {
  recordPosted(ctx, decisionId, { ts: posted.ts, permalink: null });
  ctx.work.start(
    "looking up a decision's permalink",
    permalinkOf(client, posted.channel, posted.ts)
      .then(async (permalink) => {
        if (!permalink) return;
        const decision = recordPosted(ctx, decisionId, { ts: posted.ts, permalink });
        ctx.hooks.decisionLinked(decisionId);
        // The decision it supersedes links to it from its own message.
        if (decision?.supersedesId) {
          await refreshDecisionMessage(client, ctx, decision.supersedesId);
        }
      })
      .catch((error: unknown) => {
        ctx.logger.warn(`no permalink for decision ${decisionId}: ${errorLine(error)}`);
      }),
  );
}

/** Rewrites the decision's message in its channel to show it as it is now. */
export async function refreshDecisionMessage(
  client: WebClient,
  ctx: DecisionsContext,
  decisionId: number,
): Promise<void> {
  const decision = ctx.decisions.get(decisionId);
  if (!decision?.channelId || !decision.messageTs) return;
  try {
    await client.chat.update({
      channel: decision.channelId,
      ts: decision.messageTs,
      ...decisionMessage(decisionRecord(ctx, decision)),
    });
  } catch (error) {
    // The record is right either way; a deleted message only stops showing it.
    ctx.logger.warn(`could not update the message of decision ${decisionId}: ${errorLine(error)}`);
  }
}

/**
 * Rewrites delivered DMs of decisions' items (an owner's input item that gathered more, an
 * item closed by someone else's act) to show them as they are now: no new message is sent.
 */
export async function refreshDeliveredItems(
  client: WebClient,
  ctx: DecisionsContext,
  items: readonly QueueItem[],
): Promise<void> {
  for (const item of items) {
    if (!item.deliveredChannel || !item.deliveredTs) continue;
    const current = ctx.queue.get(item.id) ?? item;
    try {
      await client.chat.update({
        channel: item.deliveredChannel,
        ts: item.deliveredTs,
        ...renderDecisionItem(ctx, current),
      });
    } catch (error) {
      ctx.logger.warn(`could not update the DM of queue item ${item.id}: ${errorLine(error)}`);
    }
  }
}

/** Tells whoever logged a decision, in a DM (a queued post), that it could not be posted and how to fix it. */
export function tellPostProblem(
  _client: WebClient | undefined,
  ctx: DecisionsContext,
  userId: string,
  decision: Decision,
  problem: string,
  key = `decision-problem:${decision.id}:${problem}`,
): void {
  enqueuePost(ctx, {
    channelId: userId,
    message: postProblemMessage(decision, problem),
    key,
  });
}
