import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import {
  assertTransition,
  type ClaimedItem,
  DELIVERABLE_STATES,
  type NewQueueItem,
  OPEN_STATES,
  type QueueItem,
  type QueueItemKind,
  type QueueState,
} from '../domain/queue.js';
import type { Db } from './db.js';
import { queueItems } from './schema.js';

export type Row = typeof queueItems.$inferSelect;

/** The states an item never leaves. */
const ENDED_STATES: readonly QueueState[] = ['done', 'skipped', 'expired'];

/** An item as the services see it: without the worker's claim. */
export function toItem(row: Row): QueueItem {
  const { claimToken: _token, claimedAt: _claimedAt, firstClaimedAt: _first, ...item } = row;
  return item;
}

/**
 * What a worker's claim writes: the item is being sent, by this worker, as an attempt; its first
 * claim time is kept across re-claims (a message for it can be in Slack from then on).
 */
function claim(now: number, token: string) {
  return {
    state: 'sending' as const,
    claimToken: token,
    claimedAt: now,
    firstClaimedAt: sql`coalesce(${queueItems.firstClaimedAt}, ${now})`,
    attempts: sql`${queueItems.attempts} + 1`,
    updatedAt: now,
  };
}

function toClaimed(row: Row): ClaimedItem {
  return { ...toItem(row), firstClaimedAt: row.firstClaimedAt ?? row.claimedAt ?? row.updatedAt };
}

/** One kind and state of the open queue (see QueueRepository.depth). */
export interface QueueDepth {
  kind: QueueItemKind;
  state: QueueState;
  items: number;
  due: number;
  oldestDueAt: number | null;
}

export interface DeliveryRecord {
  channel: string;
  ts: string;
  at: number;
}

/** The people queue in SQLite. Every state change is one conditional UPDATE, so concurrent workers cannot both win. */
export class QueueRepository {
  private readonly listeners = new Set<(userIds: string[]) => void>();
  private readonly enqueueListeners = new Set<(item: QueueItem) => void>();

  /** The worker's and /ask's look-ups, prepared once (drizzle would build each call anew). */
  private readonly prepared: ReturnType<typeof prepareQueueQueries>;

  constructor(private readonly db: Db) {
    this.prepared = prepareQueueQueries(db);
  }

  /**
   * Calls `listener` with the people concerned (recipient and requester) whenever an item is
   * added, delivered or changes state; returns the way to stop listening.
   */
  onChange(listener: (userIds: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with every item added (the delivery worker sends what is due at once). */
  onEnqueued(listener: (item: QueueItem) => void): () => void {
    this.enqueueListeners.add(listener);
    return () => this.enqueueListeners.delete(listener);
  }

  private changed(item: Pick<QueueItem, 'recipientId' | 'requesterId'>): void {
    if (this.listeners.size === 0) return;
    const ids = item.requesterId ? [item.recipientId, item.requesterId] : [item.recipientId];
    for (const listener of this.listeners) listener(ids);
  }

  /** Inserts the item unless one with the same idempotency key exists; returns whichever is stored. */
  enqueue(input: NewQueueItem, now: number): { item: QueueItem; created: boolean } {
    const inserted = this.db
      .insert(queueItems)
      .values({
        kind: input.kind,
        recipientId: input.recipientId,
        requesterId: input.requesterId ?? null,
        teamId: input.teamId ?? null,
        channelId: input.channelId ?? null,
        threadTs: input.threadTs ?? null,
        payload: input.payload as Record<string, unknown>,
        deliverAfter: input.deliverAfter,
        notBefore: input.notBefore ?? null,
        dueBy: input.dueBy ?? null,
        idempotencyKey: input.idempotencyKey,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: queueItems.idempotencyKey })
      .returning()
      .get();
    if (inserted) {
      const item = toItem(inserted);
      this.changed(item);
      for (const listener of this.enqueueListeners) listener(item);
      return { item, created: true };
    }
    const existing = this.findByKey(input.idempotencyKey);
    if (!existing) throw new Error(`queue item ${input.idempotencyKey} vanished during enqueue`);
    return { item: existing, created: false };
  }

  get(id: number): QueueItem | undefined {
    const row = this.prepared.byId.get({ id });
    return row && toItem(row);
  }

  findByKey(key: string): QueueItem | undefined {
    const row = this.prepared.byKey.get({ key });
    return row && toItem(row);
  }

  /** Every item for a person or asked by them, oldest first. */
  involving(memberId: string): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(or(eq(queueItems.recipientId, memberId), eq(queueItems.requesterId, memberId)))
      .orderBy(asc(queueItems.id))
      .all()
      .map(toItem);
  }

  /** Every item under `prefix`, whatever its state. */
  withKeyPrefix(prefix: string): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(sql`substr(${queueItems.idempotencyKey}, 1, ${prefix.length}) = ${prefix}`)
      .orderBy(asc(queueItems.id))
      .all()
      .map(toItem);
  }

  /** Replaces an item's payload (a person's words erased from it), whatever its state. */
  replacePayload(id: number, payload: Record<string, unknown>, now: number): void {
    this.db.update(queueItems).set({ payload, updatedAt: now }).where(eq(queueItems.id, id)).run();
  }

  openForRecipient(recipientId: string): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(
        and(eq(queueItems.recipientId, recipientId), inArray(queueItems.state, [...OPEN_STATES])),
      )
      .orderBy(asc(queueItems.deliverAfter), asc(queueItems.id))
      .all()
      .map(toItem);
  }

  /** Open items whose idempotency key starts with `prefix` (all the items of one question). */
  openWithKeyPrefix(prefix: string): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(
        and(
          sql`substr(${queueItems.idempotencyKey}, 1, ${prefix.length}) = ${prefix}`,
          inArray(queueItems.state, [...OPEN_STATES]),
        ),
      )
      .orderBy(asc(queueItems.id))
      .all()
      .map(toItem);
  }

  /**
   * Claims the one due item to send next, oldest first, skipping recipients that must wait
   * (a send in flight, or their conversation's pace). The first claim time is kept across
   * re-claims: a message for the item can be in Slack from then on.
   */
  claimNext(
    now: number,
    token: string,
    skipRecipients: readonly string[] = [],
  ): ClaimedItem | undefined {
    for (let tries = 0; tries < 5; tries++) {
      const next =
        skipRecipients.length > 0
          ? this.prepared.nextDueSkipping.get({ now, skip: JSON.stringify(skipRecipients) })
          : this.prepared.nextDue.get({ now });
      if (!next) return undefined;
      const row = this.prepared.claim.get({ id: next.id, now, token });
      if (row) return toClaimed(row);
      // Another worker took it between the read and the write: look again.
    }
    return undefined;
  }

  /**
   * For a digest: claims up to `limit` more due items of one recipient, created before
   * `createdBefore`, oldest first (the worker already holds `besidesId`, and is the only one
   * sending to this recipient).
   */
  claimDigestFor(
    recipientId: string,
    now: number,
    token: string,
    options: { createdBefore: number; limit: number; besidesId: number },
  ): ClaimedItem[] {
    const due = this.db
      .select({ id: queueItems.id })
      .from(queueItems)
      .where(
        and(
          eq(queueItems.recipientId, recipientId),
          inArray(queueItems.state, [...DELIVERABLE_STATES]),
          lte(queueItems.deliverAfter, now),
          lt(queueItems.createdAt, options.createdBefore),
          sql`${queueItems.id} <> ${options.besidesId}`,
        ),
      )
      .orderBy(asc(queueItems.deliverAfter), asc(queueItems.id))
      .limit(options.limit);
    return this.db
      .update(queueItems)
      .set(claim(now, token))
      .where(and(inArray(queueItems.id, due), inArray(queueItems.state, [...DELIVERABLE_STATES])))
      .returning()
      .all()
      .map(toClaimed)
      .sort((a, b) => a.deliverAfter - b.deliverAfter || a.id - b.id);
  }

  /** Whether anything is due now (what pacing holds back included). */
  countDue(now: number): number {
    return this.prepared.countDue.get({ now })?.count ?? 0;
  }

  /**
   * Re-claims items whose outcome is unknown: their sender stopped before recording it (a
   * crash, a killed process, a lease run out), or it was put in doubt (a call that timed out).
   * The caller must look in Slack, from each item's first claim on, before sending it again.
   */
  claimInterrupted(now: number, leaseMs: number, token: string, limit = 500): ClaimedItem[] {
    const interrupted = this.db
      .select({ id: queueItems.id })
      .from(queueItems)
      .where(
        and(
          eq(queueItems.state, 'sending'),
          or(
            and(isNull(queueItems.claimToken), lte(queueItems.deliverAfter, now)),
            lt(queueItems.claimedAt, now - leaseMs),
          ),
        ),
      )
      .orderBy(asc(queueItems.id))
      .limit(limit);
    return this.db
      .update(queueItems)
      .set({
        claimToken: token,
        claimedAt: now,
        // Claims made before first claims were recorded: the old claim time is the best known.
        firstClaimedAt: sql`coalesce(${queueItems.firstClaimedAt}, ${queueItems.claimedAt}, ${queueItems.updatedAt})`,
        updatedAt: now,
      })
      .where(and(inArray(queueItems.id, interrupted), eq(queueItems.state, 'sending')))
      .returning()
      .all()
      .map(toClaimed);
  }

  /** Keeps the claims a live worker still holds from running out while their call is slow. */
  renewClaims(token: string, ids: readonly number[], now: number): void {
    if (ids.length === 0) return;
    this.db
      .update(queueItems)
      .set({ claimedAt: now })
      .where(
        and(
          inArray(queueItems.id, [...ids]),
          eq(queueItems.state, 'sending'),
          eq(queueItems.claimToken, token),
        ),
      )
      .run();
  }

  /** Records the posted message; false if the claim was lost to another worker. */
  markDelivered(id: number, token: string, delivery: DeliveryRecord): boolean {
    const settled = this.settleClaim(id, token, {
      state: 'delivered',
      lastError: null,
      deliveredChannel: delivery.channel,
      deliveredTs: delivery.ts,
      deliveredAt: delivery.at,
      updatedAt: delivery.at,
    });
    if (settled && this.listeners.size > 0) {
      const item = this.get(id);
      if (item) this.changed(item);
    }
    return settled;
  }

  /**
   * Gives a claimed item back to the queue, to be tried again at `retryAt`; only for an item
   * known not to be in Slack. An attempt that never reached the recipient (not working yet,
   * Mailroom's own token refused, a rate limit) is not counted: `countsAsAttempt` false.
   */
  release(
    id: number,
    token: string,
    change: { retryAt: number; error: string | null; now: number; countsAsAttempt?: boolean },
  ): boolean {
    const counts = change.countsAsAttempt ?? change.error !== null;
    return this.settleClaim(id, token, {
      state: 'queued',
      deliverAfter: change.retryAt,
      lastError: change.error,
      updatedAt: change.now,
      firstClaimedAt: null,
      ...(counts ? {} : { attempts: sql`max(0, ${queueItems.attempts} - 1)` }),
    });
  }

  /**
   * The call may or may not have posted the message (it timed out, the connection broke): the
   * item stays `sending`, unclaimed, and from `retryAt` on is looked for in Slack before any
   * new attempt.
   */
  markInDoubt(
    id: number,
    token: string,
    change: { retryAt: number; error: string; now: number },
  ): boolean {
    return this.settleClaim(
      id,
      token,
      { deliverAfter: change.retryAt, lastError: change.error, updatedAt: change.now },
      'sending',
    );
  }

  /**
   * After an outage: items that failed since `since` and wait out their backoff (queued again,
   * or in doubt and to be looked up) become due at `now`. Items waiting for working hours or
   * for someone back from away failed nothing and keep their time.
   */
  releaseWaitingSince(since: number, now: number): number {
    return this.db
      .update(queueItems)
      .set({ deliverAfter: now })
      .where(
        and(
          inArray(queueItems.state, ['queued', 'sending']),
          isNull(queueItems.claimToken),
          gt(queueItems.deliverAfter, now),
          gte(queueItems.updatedAt, since),
          sql`${queueItems.lastError} is not null`,
        ),
      )
      .run().changes;
  }

  /** Post items waiting for the post `parentKey` to be in Slack: due at `now`, as it is. */
  releaseReplies(parentKey: string, now: number): number {
    return this.db
      .update(queueItems)
      .set({ deliverAfter: now })
      .where(
        and(
          eq(queueItems.kind, 'post'),
          eq(queueItems.state, 'queued'),
          gt(queueItems.deliverAfter, now),
          sql`json_extract(${queueItems.payload}, '$.parentKey') = ${parentKey}`,
        ),
      )
      .run().changes;
  }

  /** Ends a worker's claim with `outcome`, only if that worker still holds it. */
  private settleClaim(
    id: number,
    token: string,
    outcome: Partial<{ [K in keyof Row]: Row[K] | SQL }>,
    keepState?: 'sending',
  ): boolean {
    const settled = keepState ? {} : { firstClaimedAt: null };
    const row = this.db
      .update(queueItems)
      .set({ ...settled, ...outcome, claimToken: null, claimedAt: null })
      .where(
        and(
          eq(queueItems.id, id),
          eq(queueItems.state, 'sending'),
          eq(queueItems.claimToken, token),
        ),
      )
      .returning({ id: queueItems.id })
      .get();
    return row !== undefined;
  }

  /**
   * Moves an item from the state it was read in to `to` (or keeps it there), applying
   * `patch`. Returns the updated item, or undefined when someone else changed it first.
   */
  transition(
    item: Pick<QueueItem, 'id' | 'state'>,
    to: QueueState,
    now: number,
    patch: Partial<
      Pick<
        QueueItem,
        | 'recipientId'
        | 'deliverAfter'
        | 'notBefore'
        | 'dueBy'
        | 'escalationLevel'
        | 'payload'
        | 'lastError'
      >
    > = {},
  ): QueueItem | undefined {
    if (to !== item.state) assertTransition(item.state, to);
    const row = this.db
      .update(queueItems)
      .set({ ...patch, state: to, updatedAt: now })
      .where(and(eq(queueItems.id, item.id), eq(queueItems.state, item.state)))
      .returning()
      .get();
    if (!row) return undefined;
    const changed = toItem(row);
    this.changed(changed);
    return changed;
  }

  /**
   * Delivered items whose due time has passed, for reminders and escalation; only of `kinds`
   * and below `escalationBelow` when given, so that one feature's reminded items never fill
   * another's page.
   */
  overdue(
    now: number,
    limit = 100,
    filter: { kinds?: readonly QueueItemKind[]; escalationBelow?: number } = {},
  ): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(
        and(
          eq(queueItems.state, 'delivered'),
          lte(queueItems.dueBy, now),
          filter.kinds ? inArray(queueItems.kind, [...filter.kinds]) : undefined,
          filter.escalationBelow === undefined
            ? undefined
            : lt(queueItems.escalationLevel, filter.escalationBelow),
        ),
      )
      .orderBy(asc(queueItems.dueBy))
      .limit(limit)
      .all()
      .map(toItem);
  }

  /** Items of `kind` still queued (never delivered) that were queued at or before `createdBy`. */
  queuedSince(kind: QueueItemKind, createdBy: number, limit = 100): QueueItem[] {
    return this.db
      .select()
      .from(queueItems)
      .where(
        and(
          eq(queueItems.state, 'queued'),
          eq(queueItems.kind, kind),
          lte(queueItems.createdAt, createdBy),
        ),
      )
      .orderBy(asc(queueItems.createdAt))
      .limit(limit)
      .all()
      .map(toItem);
  }

  /**
   * Deletes up to `limit` items that ended (done, skipped or expired) before `before` and were
   * due before it too (the state and due time are the queue's index: no sort, no scan of what
   * stays); returns how many. With them go their idempotency keys: a caller keeps them long enough.
   */
  pruneEnded(before: number, limit: number): number {
    const ended = this.db
      .select({ id: queueItems.id })
      .from(queueItems)
      .where(
        and(
          inArray(queueItems.state, [...ENDED_STATES]),
          lt(queueItems.deliverAfter, before),
          lt(queueItems.updatedAt, before),
        ),
      )
      .limit(limit);
    return this.db.delete(queueItems).where(inArray(queueItems.id, ended)).run().changes;
  }

  /**
   * The open queue by kind and state: how many items, how many of them are due now (deliverable
   * and their time has come), and since when the oldest due one has waited. For metrics.
   */
  depth(now: number): QueueDepth[] {
    const deliverableDue = sql`(${inArray(queueItems.state, [...DELIVERABLE_STATES])} and ${queueItems.deliverAfter} <= ${now})`;
    return this.db
      .select({
        kind: queueItems.kind,
        state: queueItems.state,
        items: sql<number>`count(*)`,
        due: sql<number>`coalesce(sum(${deliverableDue}), 0)`,
        oldestDueAt: sql<
          number | null
        >`min(case when ${deliverableDue} then ${queueItems.deliverAfter} end)`,
      })
      .from(queueItems)
      .where(inArray(queueItems.state, [...OPEN_STATES]))
      .groupBy(queueItems.kind, queueItems.state)
      .all();
  }

  countByState(): Record<string, number> {
    const rows = this.db
      .select({ state: queueItems.state, count: sql<number>`count(*)` })
      .from(queueItems)
      .groupBy(queueItems.state)
      .all();
    return Object.fromEntries(rows.map((r) => [r.state, r.count]));
  }
}

function prepareQueueQueries(db: Db) {
  const now = sql.placeholder('now');
  const deliverable = inArray(queueItems.state, [...DELIVERABLE_STATES]);
  const nextDue = (skipping: SQL | undefined) =>
    db
      .select({ id: queueItems.id })
      .from(queueItems)
      .where(and(deliverable, lte(queueItems.deliverAfter, now), skipping))
      .orderBy(asc(queueItems.deliverAfter), asc(queueItems.id))
      .limit(1)
      .prepare();
  return {
    byId: db
      .select()
      .from(queueItems)
      .where(eq(queueItems.id, sql.placeholder('id')))
      .prepare(),
    byKey: db
      .select()
      .from(queueItems)
      .where(eq(queueItems.idempotencyKey, sql.placeholder('key')))
      .prepare(),
    nextDue: nextDue(undefined),
    // The recipients to skip as one JSON array, so one statement serves any number of them.
    nextDueSkipping: nextDue(
      sql`${queueItems.recipientId} not in (select value from json_each(${sql.placeholder('skip')}))`,
    ),
    claim: db
      .update(queueItems)
      .set({
        state: 'sending',
        claimToken: sql`${sql.placeholder('token')}`,
        claimedAt: sql`${now}`,
        firstClaimedAt: sql`coalesce(${queueItems.firstClaimedAt}, ${now})`,
        attempts: sql`${queueItems.attempts} + 1`,
        updatedAt: sql`${now}`,
      })
      .where(and(eq(queueItems.id, sql.placeholder('id')), deliverable))
      .returning()
      .prepare(),
    countDue: db
      .select({ count: sql<number>`count(*)` })
      .from(queueItems)
      .where(and(deliverable, lte(queueItems.deliverAfter, now)))
      .prepare(),
  };
}
