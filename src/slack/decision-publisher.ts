import type { WebClient } from '@slack/web-api';
import type { QueueItem } from '../domain/queue.js';
import type { ServiceContext } from '../services/context.js';
import { recordPosted, recordPostProblem } from '../services/decisions/change.js';
import { decisionRecord } from '../services/decisions/find.js';
import type { Decision } from '../store/decision-repository.js';
import { permalinkOf } from './conversations.js';
import { renderDecisionItem } from './decision-renderers.js';
import { errorLine } from './failures.js';
import { slackErrorCode } from './slack-errors.js';
import { decisionMessage, postProblemMessage, threadStarter } from './views/decisions/message.js';

/** The decisions' Slack side: their message in the channel, and the DMs that show them. */

export type PostOutcome = { posted: true; decision: Decision } | { posted: false; problem: string };

/**
 * Posts the decision in its channel as one message, opens its thread for discussion and keeps
 * the permalink. When Slack will not take it (Mailroom is not in the channel, say), the
 * problem is recorded and the decision stays saved.
 */
export async function postDecision(
  client: WebClient,
  ctx: ServiceContext,
  decision: Decision,
): Promise<PostOutcome> {
  if (decision.channelId === null) return { posted: false, problem: 'no_channel' };
  const channel = decision.channelId;
  let ts: string;
  try {
    const result = await client.chat.postMessage({
      channel,
      ...decisionMessage(decisionRecord(ctx, decision)),
      unfurl_links: false,
    });
    ts = String(result.ts);
  } catch (error) {
    const problem = slackErrorCode(error) ?? 'unreachable';
    ctx.logger.info(`decision ${decision.id} not posted in ${channel}: ${errorLine(error)}`);
    recordPostProblem(ctx, decision.id, problem);
    return { posted: false, problem };
  }
  const permalink = await permalinkOf(client, channel, ts).catch(() => null);
  const posted = recordPosted(ctx, decision.id, { ts, permalink }) ?? decision;
  try {
    await client.chat.postMessage({ channel, thread_ts: ts, ...threadStarter() });
  } catch (error) {
    ctx.logger.warn(`could not open the thread of decision ${decision.id}: ${errorLine(error)}`);
  }
  return { posted: true, decision: posted };
}

/** Rewrites the decision's message in its channel to show it as it is now. */
export async function refreshDecisionMessage(
  client: WebClient,
  ctx: ServiceContext,
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
  ctx: ServiceContext,
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

/** Tells whoever logged a decision, in a DM, that it could not be posted and how to fix it. */
export async function tellPostProblem(
  client: WebClient,
  ctx: ServiceContext,
  userId: string,
  decision: Decision,
  problem: string,
): Promise<void> {
  try {
    await client.chat.postMessage({ channel: userId, ...postProblemMessage(decision, problem) });
  } catch (error) {
    ctx.logger.warn(`could not tell ${userId} about decision ${decision.id}: ${errorLine(error)}`);
  }
}
