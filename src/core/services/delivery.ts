import { randomUUID } from 'node:crypto';
import {
  type Away,
  awayOf,
  canReceive,
  digestCutoff,
  type Member,
  nextTryWhenAway,
  scheduleOf,
} from '../domain/member.js';
import { type Rate, RateBuckets, SLACK_RATES } from '../domain/pace.js';
import {
  type ClaimedItem,
  deliveryLeaseMs,
  ignoresWorkingHours,
  type QueueItem,
  retryDelayMs,
} from '../domain/queue.js';
import { isWorkingAt, nextWorkingInstant } from '../domain/working-hours.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { QueueRepository } from '../store/queue-repository.js';
import { withLogBindings } from './log-context.js';
import type { DeliveryOutcome, Metrics } from './metrics.js';
import {
  type Clock,
  type DeliveryContext,
  DeliveryError,
  type InterruptedItem,
  type Logger,
  type Messenger,
  type PostedMessage,
  type PostTarget,
} from './ports.js';
import { postTargetOf } from './posts.js';

export interface DeliveryDeps {
  queue: QueueRepository;
  members: MemberRepository;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  defaultTimeZone: string;
  /** Called when an item can never reach its recipient, so its feature can route it elsewhere. */
  onUndeliverable?: (item: QueueItem, reason: string) => Promise<void>;
  /** Called when an item waits because its recipient is away, so its feature can tell or reroute. */
  onAway?: (item: QueueItem, away: Away) => Promise<void>;
  /** Called once a post item is in Slack, so whoever needs its ts (a thread's parent) records it. */
  onPosted?: (item: QueueItem, posted: PostedMessage) => void;
  /** Told how each send ended; none by default. */
  metrics?: Metrics;
}

/** Real time for pacing: Slack counts its limits in seconds of its own, not on the business clock. */
export interface PaceTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: PaceTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DeliveryOptions {
  /** Sends in flight at once (never two into one conversation). */
  concurrency: number;
  /** How long a claim holds before another worker may look the item up (see deliveryLeaseMs). */
  leaseMs: number;
  rates: { perConversation: Rate; perWorkspace: Rate; lookups: Rate };
  timer: PaceTimer;
}

/** For a worker whose Slack calls are made once each, with a 10 s timeout. */
export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  concurrency: 8,
  leaseMs: deliveryLeaseMs(10_000),
  rates: {
    perConversation: SLACK_RATES.postsPerConversation,
    perWorkspace: SLACK_RATES.postsPerWorkspace,
    lookups: SLACK_RATES.tier3,
  },
  timer: realTimer,
};

export interface DeliveryReport {
  delivered: number;
  recovered: number;
  deferred: number;
  failed: number;
  undeliverable: number;
  rateLimited: number;
}

export interface DeliveryPause {
  /** Slack's error code, such as token_revoked. */
  code: string;
  message: string;
  since: number;
}

/** What Mailroom knows of Slack from its own calls. */
export interface SlackStatus {
  /** `unknown` until Slack has answered once. */
  token: 'accepted' | 'refused' | 'unknown';
  /** Set while Slack's calls get no answer (refused connections, timeouts, 5xx). */
  unreachableSince: number | undefined;
}

export interface DeliveryStatus {
  /** Set while Slack refuses Mailroom's token: nothing is sent, nothing is given up. */
  paused: DeliveryPause | undefined;
  /** Sends waiting on Slack now, with when each began (business clock). */
  sending: { itemId: number; recipientId: string; since: number }[];
  /** When a send or a lookup last finished. */
  lastProgressAt: number | undefined;
  /** When the worker last found nothing it could send. */
  lastIdleAt: number | undefined;
  slack: SlackStatus;
}

const POSTS = 'chat.postMessage';
/** At most this many items in one digest (it shows some and counts the rest). */
const DIGEST_LIMIT = 100;
const LOOKUPS = 'conversations.history';

/** Where each outcome counts in the worker's report. */
const TOTAL_OF: Record<DeliveryOutcome, keyof DeliveryReport> = {
  delivered: 'delivered',
  recovered: 'recovered',
  deferred: 'deferred',
  failed: 'failed',
  in_doubt: 'failed',
  undeliverable: 'undeliverable',
  rate_limited: 'rateLimited',
};

function emptyReport(): DeliveryReport {
  return { delivered: 0, recovered: 0, deferred: 0, failed: 0, undeliverable: 0, rateLimited: 0 };
}

/**
 * The one delivery worker: every kind of queue item goes through it. It claims the one item it
 * is about to send, at the pace Slack allows (per conversation and across the workspace, and
 * whatever a Retry-After says), with a few sends in flight so one slow call holds up no one
 * else. An item whose outcome was lost (a crash, a timeout) is looked up in its recipient's DM,
 * once per recipient for all their items, before it is sent again. When Slack refuses
 * Mailroom's own token, it pauses until `resumeIfTokenWorks` finds the token working again.
 */
export class DeliveryWorker {
  private readonly token = randomUUID();
  private readonly options: DeliveryOptions;
  private readonly conversations: RateBuckets;
  private readonly workspace: RateBuckets;
  private readonly lookups: RateBuckets;
  private readonly totals = emptyReport();
  private readonly sending = new Map<number, { item: QueueItem; since: number }>();
  /** Recipients with a send in flight. */
  private readonly busy = new Set<string>();
  private lanes = 0;
  private recovering = false;
  private probing = false;
  private wakeScheduled = false;
  private nudgeScheduled = false;
  private stopping = false;
  /**
   * Set when a call got no answer from Slack: nothing more is sent until a probe (auth.test,
   * on the next wake) is answered, which also sends what waited out the outage at once.
   */
  private outageSince: number | undefined;
  private tokenState: SlackStatus['token'] = 'unknown';
  private paused: DeliveryPause | undefined;
  private lastProgressAt: number | undefined;
  private lastIdleAt: number | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: DeliveryDeps,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
    this.conversations = new RateBuckets(this.options.rates.perConversation);
    this.workspace = new RateBuckets(this.options.rates.perWorkspace);
    this.lookups = new RateBuckets(this.options.rates.lookups);
  }

  /** Looks for due and interrupted items and sends them; returns at once. Called every tick. */
  wake(): void {
    if (this.stopping || this.paused) {
      this.settleIfIdle();
      return;
    }
    if (this.outageSince !== undefined) {
      this.probe();
      return;
    }
    this.deps.queue.renewClaims(this.token, [...this.sending.keys()], this.deps.clock());
    if (!this.recovering) {
      this.recovering = true;
      void this.recover()
        .catch((error) => this.deps.logger.error('looking up interrupted deliveries failed', error))
        .finally(() => {
          this.recovering = false;
          this.fill();
        });
    }
    this.fill();
  }

  /** An item was queued: sends what is due now without waiting for the tick (no look-ups). */
  nudge(): void {
    if (this.nudgeScheduled) return;
    this.nudgeScheduled = true;
    setImmediate(() => {
      this.nudgeScheduled = false;
      this.fill();
    });
  }

  /** What the worker has done since it started; `drain(since)` reports from such a snapshot. */
  snapshot(): DeliveryReport {
    return { ...this.totals };
  }

  /**
   * Wakes the worker and resolves when it has nothing more it can send now; for ticks run by
   * hand. Reports what was done since `since` (by default, since this call).
   */
  async drain(since?: DeliveryReport): Promise<DeliveryReport> {
    const before = since ?? { ...this.totals };
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.wake();
    this.settleIfIdle();
    await idle;
    const report = emptyReport();
    for (const key of Object.keys(report) as (keyof DeliveryReport)[]) {
      report[key] = this.totals[key] - before[key];
    }
    return report;
  }

  /**
   * Resolves when the worker has nothing in hand: no send or look-up in flight, no wake waiting
   * for Slack's pace or for an item just queued. Unlike `drain`, it wakes nothing.
   */
  async idle(): Promise<void> {
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.settleIfIdle();
    await idle;
  }

  /** True while the worker has something in hand (see `idle`). */
  get working(): boolean {
    return this.nudgeScheduled || !this.isIdle();
  }

  /** Takes no new work; resolves true when the sends in flight ended within `graceMs`. */
  async stop(graceMs: number): Promise<boolean> {
    this.stopping = true;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    this.settleIfIdle();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    const finished = await Promise.race([idle, late]);
    clearTimeout(timer);
    return finished;
  }

  status(): DeliveryStatus {
    return {
      paused: this.paused && { ...this.paused },
      sending: [...this.sending.values()].map(({ item, since }) => ({
        itemId: item.id,
        recipientId: item.recipientId,
        since,
      })),
      lastProgressAt: this.lastProgressAt,
      lastIdleAt: this.lastIdleAt,
      slack: {
        token: this.paused ? 'refused' : this.tokenState,
        unreachableSince: this.outageSince,
      },
    };
  }

  /** Asks Slack whether Mailroom's token works (at start): a refusal pauses delivery at once. */
  async checkToken(): Promise<void> {
    try {
      await this.deps.messenger.checkToken();
      this.heard();
    } catch (error) {
      this.heard(error);
      if (error instanceof DeliveryError && error.failure === 'token') this.pause(error);
      else this.deps.logger.warn('could not ask Slack whether Mailroom’s token works', error);
    }
  }

  /**
   * Notes what a call said of Slack: any answer means it is reachable (and, unless it refused
   * the token, that the token works); no answer at all starts an outage.
   */
  private heard(error?: unknown): void {
    const failure = error === undefined || error instanceof DeliveryError ? error : undefined;
    const answered = failure?.details.code !== undefined || failure?.failure === 'rate-limited';
    if (error !== undefined && !answered) {
      this.outageSince ??= this.deps.clock();
      return;
    }
    this.outageSince = undefined;
    if (failure?.failure !== 'token') this.tokenState = 'accepted';
  }

  /** During an outage: one auth.test; once Slack answers, what waited for it goes out now. */
  private probe(): void {
    if (this.probing) return;
    this.probing = true;
    const since = this.outageSince ?? this.deps.clock();
    void this.deps.messenger
      .checkToken()
      .then(
        () => this.heard(),
        (error: unknown) => {
          this.heard(error);
          if (error instanceof DeliveryError && error.failure === 'token') this.pause(error);
        },
      )
      .finally(() => {
        this.probing = false;
        if (this.outageSince === undefined && !this.paused) {
          const released = this.deps.queue.releaseWaitingSince(since, this.deps.clock());
          if (released > 0) {
            this.deps.logger.info(`Slack answers again: ${released} waiting items go out now.`);
          }
          this.wake();
        } else this.settleIfIdle();
      });
  }

  /** While paused, asks Slack whether the token works again (auth.test); true when delivering. */
  async resumeIfTokenWorks(): Promise<boolean> {
    if (!this.paused) return true;
    try {
      await this.deps.messenger.checkToken();
      this.heard();
    } catch (error) {
      this.heard(error);
      if (error instanceof DeliveryError && error.failure === 'token') {
        this.paused = { ...this.paused, code: error.details.code ?? this.paused.code };
      }
      return false;
    }
    this.deps.logger.info('Slack accepts Mailroom’s token again; delivery resumes.');
    this.paused = undefined;
    return true;
  }

  private fill(): void {
    if (this.stopping || this.paused || this.outageSince !== undefined) {
      this.settleIfIdle();
      return;
    }
    while (this.lanes < this.options.concurrency) {
      this.lanes += 1;
      void this.lane()
        .catch((error) => this.deps.logger.error('the delivery worker failed', error))
        .finally(() => {
          this.lanes -= 1;
          this.settleIfIdle();
        });
    }
  }

  /** One sender: claims the next item it may send now, sends it, and goes on. */
  private async lane(): Promise<void> {
    while (!this.stopping && !this.paused && this.outageSince === undefined) {
      const { timer } = this.options;
      const workspaceWait = this.workspace.waitMs(POSTS, timer.now());
      if (workspaceWait > 0) return this.wakeIn(workspaceWait);
      const waiting = this.conversations.waiting(timer.now());
      const item = this.deps.queue.claimNext(this.deps.clock(), this.token, [
        ...this.busy,
        ...waiting.keys(),
      ]);
      if (!item) {
        this.lastIdleAt = this.deps.clock();
        if (waiting.size > 0 && this.deps.queue.countDue(this.deps.clock()) > 0) {
          this.wakeIn(Math.min(...waiting.values()));
        }
        return;
      }
      this.workspace.take(POSTS, timer.now());
      this.conversations.take(item.recipientId, timer.now());
      this.busy.add(item.recipientId);
      this.sending.set(item.id, { item, since: this.deps.clock() });
      try {
        await withLogBindings({ item: item.id, kind: item.kind }, () => this.deliverOne(item));
      } finally {
        this.busy.delete(item.recipientId);
        this.sending.delete(item.id);
        this.lastProgressAt = this.deps.clock();
      }
    }
  }

  private wakeIn(ms: number): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    void this.options.timer.sleep(Math.max(1, ms)).then(() => {
      this.wakeScheduled = false;
      this.fill();
    });
  }

  private isIdle(): boolean {
    const waitingForPace = this.wakeScheduled && !this.stopping && !this.paused;
    return !(this.lanes > 0 || this.recovering || this.probing || waitingForPace);
  }

  private settleIfIdle(): void {
    if (this.nudgeScheduled || !this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async deliverOne(item: ClaimedItem): Promise<void> {
    const { deps } = this;
    if (item.kind === 'post') return this.deliverPost(item);
    const recipient = deps.members.get(item.recipientId);
    if (!recipient || !canReceive(recipient)) {
      const reason = recipient
        ? 'the recipient is deactivated or a bot'
        : 'the recipient is unknown';
      return this.giveUp(item, reason);
    }
    const { hours, usesDefaultTimeZone } = scheduleOf(recipient, deps.defaultTimeZone);
    const now = deps.clock();
    const away = awayOf(recipient, now);
    if (away) {
      // Away since the item was queued (or with no known end): it waits, and its feature hears.
      deps.queue.release(item.id, this.token, {
        retryAt: nextTryWhenAway(away, hours, now),
        error: null,
        now,
      });
      this.counted(item, 'deferred');
      try {
        await deps.onAway?.(item, away);
      } catch (error) {
        deps.logger.error(`handling the away recipient of queue item ${item.id} failed`, error);
      }
      return;
    }
    if (!ignoresWorkingHours(item.kind) && !isWorkingAt(hours, now)) {
      // Hours or time zone changed since the item was queued: wait for the new working window.
      deps.queue.release(item.id, this.token, {
        retryAt: nextWorkingInstant(hours, now),
        error: null,
        now,
      });
      this.counted(item, 'deferred');
      return;
    }
    const context = {
      recipient,
      usesDefaultTimeZone,
      defaultTimeZone: deps.defaultTimeZone,
      firstClaimedAt: item.firstClaimedAt,
    };
    const cutoff = digestCutoff(recipient.deliveryPreference, hours, now);
    if (cutoff !== undefined && item.createdAt < cutoff) {
      const more = deps.queue.claimDigestFor(recipient.id, now, this.token, {
        createdBefore: cutoff,
        limit: DIGEST_LIMIT - 1,
        besidesId: item.id,
      });
      if (more.length > 0) return this.deliverDigest([item, ...more], recipient, context);
    }
    let posted: PostedMessage;
    try {
      posted = await deps.messenger.deliver(item, context);
      this.heard();
    } catch (error) {
      return this.handleFailure(item, error);
    }
    // Posted: from here on a failure must leave the claim in place, so that recovery finds
    // the message in Slack rather than posting it again.
    this.recordDelivered(item, posted, recipient);
    this.counted(item, 'delivered');
  }

  /** A message into a conversation; a reply waits until the message it goes under is posted. */
  private async deliverPost(item: ClaimedItem): Promise<void> {
    const { deps } = this;
    const target = postTargetOf(deps.queue, item);
    if (target.kind === 'gone') return this.giveUp(item, target.reason);
    if (target.kind === 'waiting') {
      const now = deps.clock();
      deps.queue.release(item.id, this.token, {
        retryAt: Math.max(target.until, now + 1000),
        error: null,
        now,
      });
      this.counted(item, 'deferred');
      return;
    }
    let posted: PostedMessage;
    try {
      posted = await deps.messenger.post(item, target.target);
      this.heard();
    } catch (error) {
      return this.handleFailure(item, error);
    }
    this.recordDelivered(item, posted);
    this.counted(item, 'delivered');
  }

  /** Several items in one message; each is recorded as delivered by it, or fails with it. */
  private async deliverDigest(
    items: ClaimedItem[],
    recipient: Member,
    context: DeliveryContext,
  ): Promise<void> {
    const since = this.deps.clock();
    for (const item of items) this.sending.set(item.id, { item, since });
    try {
      let posted: PostedMessage;
      try {
        posted = await this.deps.messenger.deliverDigest(items, context);
        this.heard();
      } catch (error) {
        for (const item of items) await this.handleFailure(item, error);
        return;
      }
      for (const item of items) {
        this.recordDelivered(item, posted, recipient);
        this.counted(item, 'delivered');
      }
    } finally {
      for (const item of items) this.sending.delete(item.id);
    }
  }

  private recordDelivered(item: QueueItem, posted: PostedMessage, recipient?: Member) {
    if (recipient && !recipient.dmChannelId && posted.channel.startsWith('D')) {
      this.deps.members.rememberDmChannel(recipient.id, posted.channel);
    }
    const recorded = this.deps.queue.markDelivered(item.id, this.token, {
      ...posted,
      at: this.deps.clock(),
    });
    if (!recorded || item.kind !== 'post') return;
    // Replies that waited for it go now.
    if (this.deps.queue.releaseReplies(item.idempotencyKey, this.deps.clock()) > 0) this.nudge();
    if (!this.deps.onPosted) return;
    try {
      this.deps.onPosted(item, posted);
    } catch (error) {
      this.deps.logger.error(`recording where queue item ${item.id} was posted failed`, error);
    }
  }

  private async handleFailure(item: ClaimedItem, error: unknown): Promise<void> {
    const { deps } = this;
    const failure =
      error instanceof DeliveryError ? error : new DeliveryError(String(error), 'in-doubt');
    this.heard(failure);
    const now = deps.clock();
    const backoff = now + retryDelayMs(item.attempts);
    switch (failure.failure) {
      case 'unreachable':
        return this.giveUp(item, failure.message);
      case 'token':
        deps.queue.release(item.id, this.token, {
          retryAt: Math.min(item.deliverAfter, now),
          error: failure.message,
          now,
          countsAsAttempt: false,
        });
        return this.pause(failure);
      case 'rate-limited': {
        const until = this.options.timer.now() + (failure.details.retryAfterMs ?? 1000);
        this.conversations.holdUntil(item.recipientId, until);
        this.workspace.holdUntil(POSTS, until);
        deps.queue.release(item.id, this.token, {
          retryAt: Math.min(item.deliverAfter, now),
          error: failure.message,
          now,
          countsAsAttempt: false,
        });
        this.counted(item, 'rate_limited');
        return;
      }
      case 'not-sent':
        deps.logger.warn(`delivery of queue item ${item.id} failed; it will be retried`, failure);
        deps.queue.release(item.id, this.token, { retryAt: backoff, error: failure.message, now });
        this.counted(item, 'failed');
        break;
      case 'in-doubt':
        deps.logger.warn(
          `delivery of queue item ${item.id} may or may not have reached Slack; it will be looked up before it is sent again`,
          failure,
        );
        deps.queue.markInDoubt(item.id, this.token, {
          retryAt: backoff,
          error: failure.message,
          now,
        });
        this.counted(item, 'in_doubt');
        break;
    }
  }

  /** Adds an item's outcome to the worker's totals and tells the metrics. */
  private counted(item: QueueItem, outcome: DeliveryOutcome): void {
    this.totals[TOTAL_OF[outcome]] += 1;
    this.deps.metrics?.delivery({
      // Recovery reads the conversation; everything else is a post.
      method: outcome === 'recovered' ? LOOKUPS : POSTS,
      kind: item.kind,
      outcome,
      retry: item.attempts > 1,
    });
  }

  private pause(failure: DeliveryError): void {
    if (this.paused) return;
    this.paused = {
      code: failure.details.code ?? 'token',
      message: failure.message,
      since: this.deps.clock(),
    };
    this.deps.logger.error(
      `Slack refuses Mailroom's token (${this.paused.code}): delivery is paused, nothing is skipped, and it resumes by itself once the token works (reinstall the app or update SLACK_BOT_TOKEN).`,
    );
  }

  private async giveUp(item: QueueItem, reason: string): Promise<void> {
    const { deps } = this;
    this.counted(item, 'undeliverable');
    deps.logger.warn(`queue item ${item.id} cannot be delivered: ${reason}`);
    const skipped = deps.queue.transition(item, 'skipped', deps.clock(), { lastError: reason });
    if (!skipped || !deps.onUndeliverable) return;
    try {
      await deps.onUndeliverable(skipped, reason);
    } catch (error) {
      deps.logger.error(`rerouting undeliverable queue item ${item.id} failed`, error);
    }
  }

  /**
   * Items whose outcome was lost: read each conversation they went to once (a recipient's DM,
   * a channel, a thread), from the earliest first claim of its items, record what is there, and
   * queue the rest to be sent again.
   */
  private async recover(): Promise<void> {
    const { deps } = this;
    const interrupted = deps.queue.claimInterrupted(deps.clock(), this.options.leaseMs, this.token);
    let stop = false;
    for (const group of this.lookupGroups(interrupted)) {
      const { items } = group;
      if (stop || this.stopping || this.paused) {
        this.putBackInDoubt(items, deps.clock());
        continue;
      }
      if (!group.lookUp) {
        // Nothing to look in; the sender gives the item up with the reason.
        for (const item of items) this.requeue(item, item.lastError);
        continue;
      }
      const wait = this.lookups.waitMs(LOOKUPS, this.options.timer.now());
      if (wait > 0) await this.options.timer.sleep(wait);
      this.lookups.take(LOOKUPS, this.options.timer.now());
      try {
        const found = await group.lookUp(
          items.map((item) => ({ item, firstClaimedAt: item.firstClaimedAt })),
        );
        this.heard();
        for (const item of items) {
          const posted = found.get(item.id);
          if (posted) {
            this.recordDelivered(item, posted, group.recipient);
            this.counted(item, 'recovered');
          } else {
            this.requeue(item, item.lastError);
          }
        }
      } catch (error) {
        stop = true;
        this.heard(error);
        this.putBackInDoubt(items, deps.clock() + 60_000);
        const failure = error instanceof DeliveryError ? error : undefined;
        if (failure?.failure === 'token') this.pause(failure);
        else if (failure?.failure === 'rate-limited') {
          const until = this.options.timer.now() + (failure.details.retryAfterMs ?? 1000);
          this.lookups.holdUntil(LOOKUPS, until);
        } else deps.logger.warn(`could not look up ${group.where}`, error);
      } finally {
        this.lastProgressAt = deps.clock();
      }
    }
  }

  /** Interrupted items by the conversation to read: a recipient's DM, or a post's channel or thread. */
  private lookupGroups(items: ClaimedItem[]): LookupGroup[] {
    const { deps } = this;
    const groups = new Map<string, LookupGroup>();
    for (const item of items) {
      let key: string;
      let make: () => LookupGroup;
      if (item.kind === 'post') {
        const resolved = postTargetOf(deps.queue, item);
        const target: PostTarget | undefined =
          resolved.kind === 'ready' ? resolved.target : undefined;
        key = target ? `post:${target.channelId}:${target.threadTs ?? ''}` : `post:${item.id}`;
        make = () => ({
          where: target
            ? `${target.threadTs ? 'a thread of ' : ''}${target.channelId}`
            : `queue item ${item.id}`,
          items: [],
          ...(target ? { lookUp: (found) => deps.messenger.findPosted(target, found) } : {}),
        });
      } else {
        const recipient = deps.members.get(item.recipientId);
        key = `dm:${item.recipientId}`;
        make = () => ({
          where: `the DM of ${item.recipientId}`,
          items: [],
          ...(recipient
            ? { recipient, lookUp: (found) => deps.messenger.findDelivered(recipient, found) }
            : {}),
        });
      }
      const group = groups.get(key) ?? make();
      group.items.push(item);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  /** Not in Slack: back in the queue, its interrupted attempt already counted. */
  private requeue(item: ClaimedItem, error: string | null): void {
    const now = this.deps.clock();
    this.deps.queue.release(item.id, this.token, {
      retryAt: Math.min(item.deliverAfter, now),
      error,
      now,
      countsAsAttempt: true,
    });
  }

  private putBackInDoubt(items: ClaimedItem[], retryAt: number): void {
    const now = this.deps.clock();
    for (const item of items) {
      this.deps.queue.markInDoubt(item.id, this.token, {
        retryAt,
        error: item.lastError ?? 'interrupted',
        now,
      });
    }
  }
}

interface LookupGroup {
  /** What is read, for the log. */
  where: string;
  items: ClaimedItem[];
  recipient?: Member;
  /** How to read it; none when there is nothing to read (the recipient is unknown). */
  lookUp?: (items: InterruptedItem[]) => Promise<Map<number, PostedMessage>>;
}

/** One worker run to the end of what is due now: for tests and tools. */
export function deliverDueItems(
  deps: DeliveryDeps,
  options: Partial<DeliveryOptions> = {},
): Promise<DeliveryReport> {
  return new DeliveryWorker(deps, options).drain();
}
