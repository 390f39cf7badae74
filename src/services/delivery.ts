import { randomUUID } from 'node:crypto';
import { canReceive, scheduleOf } from '../domain/member.js';
import { DELIVERY_LEASE_MS, type QueueItem, retryDelayMs } from '../domain/queue.js';
import { isWorkingAt, nextWorkingInstant } from '../domain/working-hours.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { QueueRepository } from '../store/queue-repository.js';
import {
  type Clock,
  DeliveryError,
  type Logger,
  type Messenger,
  type PostedMessage,
} from './ports.js';

export interface DeliveryDeps {
  queue: QueueRepository;
  members: MemberRepository;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  defaultTimeZone: string;
  /** Called when an item can never reach its recipient, so its feature can route it elsewhere. */
  onUndeliverable?: (item: QueueItem, reason: string) => Promise<void>;
}

export interface DeliveryReport {
  delivered: number;
  recovered: number;
  deferred: number;
  failed: number;
  undeliverable: number;
}

const BATCH = 200;
const CONCURRENCY = 4;

/**
 * One run of the delivery worker. Items are claimed in the store before anything is sent,
 * so two runs at once never post the same item; an item whose sender died mid-way is first
 * looked for in Slack, and posted again only if it is not there.
 */
export async function deliverDueItems(deps: DeliveryDeps): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    delivered: 0,
    recovered: 0,
    deferred: 0,
    failed: 0,
    undeliverable: 0,
  };
  const token = randomUUID();
  const now = deps.clock();

  for (const item of deps.queue.claimStale(now, DELIVERY_LEASE_MS, token)) {
    await recover(deps, item, token, report);
  }
  const claimed = deps.queue.claimDue(now, BATCH, token);
  await eachWithConcurrency(claimed, CONCURRENCY, (item) => deliverOne(deps, item, token, report));
  return report;
}

async function recover(deps: DeliveryDeps, item: QueueItem, token: string, report: DeliveryReport) {
  const recipient = deps.members.get(item.recipientId);
  if (!recipient) return deliverOne(deps, item, token, report);
  try {
    const found = await deps.messenger.findDelivered(
      item,
      recipient,
      item.updatedAt - DELIVERY_LEASE_MS,
    );
    if (found) {
      deps.queue.markDelivered(item.id, token, { ...found, at: deps.clock() });
      report.recovered += 1;
      return;
    }
  } catch (error) {
    deps.logger.warn(`could not check whether queue item ${item.id} was delivered`, error);
    deps.queue.release(item.id, token, {
      retryAt: deps.clock() + retryDelayMs(item.attempts),
      error: String(error),
      now: deps.clock(),
    });
    report.failed += 1;
    return;
  }
  await deliverOne(deps, item, token, report);
}

async function deliverOne(
  deps: DeliveryDeps,
  item: QueueItem,
  token: string,
  report: DeliveryReport,
) {
  const recipient = deps.members.get(item.recipientId);
  if (!recipient || !canReceive(recipient)) {
    const reason = recipient ? 'the recipient is deactivated or a bot' : 'the recipient is unknown';
    return giveUp(deps, item, reason, report);
  }
  const { hours, usesDefaultTimeZone } = scheduleOf(recipient, deps.defaultTimeZone);
  const now = deps.clock();
  if (!isWorkingAt(hours, now)) {
    // Hours or time zone changed since the item was queued: wait for the new working window.
    deps.queue.release(item.id, token, {
      retryAt: nextWorkingInstant(hours, now),
      error: null,
      now,
    });
    report.deferred += 1;
    return;
  }
  let posted: PostedMessage;
  try {
    posted = await deps.messenger.deliver(item, {
      recipient,
      usesDefaultTimeZone,
      defaultTimeZone: deps.defaultTimeZone,
    });
  } catch (error) {
    if (error instanceof DeliveryError && error.permanent) {
      return giveUp(deps, item, error.message, report);
    }
    deps.logger.warn(`delivery of queue item ${item.id} failed; it will be retried`, error);
    deps.queue.release(item.id, token, {
      retryAt: deps.clock() + retryDelayMs(item.attempts),
      error: error instanceof Error ? error.message : String(error),
      now: deps.clock(),
    });
    report.failed += 1;
    return;
  }
  // Posted: from here on a failure must leave the claim in place, so that recovery finds the
  // message in Slack rather than posting it again.
  if (!recipient.dmChannelId && posted.channel.startsWith('D')) {
    deps.members.rememberDmChannel(recipient.id, posted.channel);
  }
  deps.queue.markDelivered(item.id, token, { ...posted, at: deps.clock() });
  report.delivered += 1;
}

async function giveUp(deps: DeliveryDeps, item: QueueItem, reason: string, report: DeliveryReport) {
  report.undeliverable += 1;
  deps.logger.warn(`queue item ${item.id} cannot be delivered: ${reason}`);
  const skipped = deps.queue.transition(item, 'skipped', deps.clock(), { lastError: reason });
  if (!skipped || !deps.onUndeliverable) return;
  try {
    await deps.onUndeliverable(skipped, reason);
  } catch (error) {
    deps.logger.error(`rerouting undeliverable queue item ${item.id} failed`, error);
  }
}

async function eachWithConcurrency<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}
