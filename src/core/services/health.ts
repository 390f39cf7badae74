import type { DeliveryStatus } from './delivery.js';

/** How long before the tick, a send or the worker counts as stalled. */
export const STALL_LIMITS = {
  tickMs: 3 * 60_000,
  sendMs: 60_000,
  progressMs: 3 * 60_000,
};

export interface HealthInput {
  /** This build's version (package.json). */
  version: string;
  now: number;
  startedAt: number;
  databaseReachable: boolean;
  lastTickCompletedAt: number | undefined;
  delivery: DeliveryStatus;
  /** Items due now and not yet claimed. */
  due: number;
}

export interface Health {
  ok: boolean;
  /** The running build's version. */
  version: string;
  database: 'reachable' | 'unreachable';
  tick: { lastCompletedAt: string | null; secondsAgo: number };
  delivery: {
    state: 'idle' | 'sending' | 'paused' | 'stalled';
    due: number;
    sending: number;
    oldestSendSeconds: number;
    lastProgressAt: string | null;
    /**
     * The send that has waited longest, once it counts as stalled: which queue item, to whom.
     * Only where operators read health (see publicHealth).
     */
    slowestSend?: { itemId: number; recipientId: string };
  };
  /**
   * The token reads `unknown` until Slack has answered once; `reachable` is false while its
   * calls get no answer, `since` saying from when (or since when the token is refused).
   */
  slack: {
    token: 'accepted' | 'refused' | 'unknown';
    reachable: boolean;
    error?: string;
    since?: string;
  };
  /** What is wrong, in words, when ok is false. */
  problems: string[];
}

/** What /healthz says: whether the process is doing its work, and if not, why. */
export function assessHealth(input: HealthInput): Health {
  const { now, delivery } = input;
  const problems: string[] = [];
  if (!input.databaseReachable) problems.push('the database is unreachable');

  const tickAge = now - (input.lastTickCompletedAt ?? input.startedAt);
  if (tickAge > STALL_LIMITS.tickMs) {
    problems.push(`no tick has completed for ${seconds(tickAge)} s`);
  }

  const oldest = Math.min(now, ...delivery.sending.map((s) => s.since));
  const oldestSend = now - oldest;
  let stalled = false;
  let slowestSend: { itemId: number; recipientId: string } | undefined;
  if (oldestSend > STALL_LIMITS.sendMs) {
    const slow = delivery.sending.find((s) => s.since === oldest);
    if (slow) slowestSend = { itemId: slow.itemId, recipientId: slow.recipientId };
    problems.push(`a send has waited on Slack for ${seconds(oldestSend)} s`);
    stalled = true;
  }
  // Working (a send or a look-up finished) or out of work (nothing it could send) recently.
  const active = Math.max(delivery.lastProgressAt ?? 0, delivery.lastIdleAt ?? 0, input.startedAt);
  const progressAge = now - active;
  if (!delivery.paused && input.due > 0 && progressAge > STALL_LIMITS.progressMs) {
    problems.push(`${input.due} items are due and nothing was sent for ${seconds(progressAge)} s`);
    stalled = true;
  }
  if (delivery.paused) {
    problems.push(
      `Slack refuses Mailroom's token (${delivery.paused.code}) since ${iso(delivery.paused.since)}: delivery is paused; reinstall the app or update SLACK_BOT_TOKEN`,
    );
  }

  const unreachableSince = delivery.slack.unreachableSince;
  if (unreachableSince !== undefined) {
    problems.push(
      `Slack has not answered since ${iso(unreachableSince)} (${seconds(now - unreachableSince)} s): nothing is sent until it does, and nothing is lost`,
    );
  }

  const state = delivery.paused
    ? 'paused'
    : stalled
      ? 'stalled'
      : delivery.sending.length > 0
        ? 'sending'
        : 'idle';
  return {
    ok: problems.length === 0,
    version: input.version,
    database: input.databaseReachable ? 'reachable' : 'unreachable',
    tick: {
      lastCompletedAt:
        input.lastTickCompletedAt === undefined ? null : iso(input.lastTickCompletedAt),
      secondsAgo: seconds(tickAge),
    },
    delivery: {
      state,
      due: input.due,
      sending: delivery.sending.length,
      oldestSendSeconds: seconds(oldestSend),
      lastProgressAt: delivery.lastProgressAt === undefined ? null : iso(delivery.lastProgressAt),
      ...(slowestSend ? { slowestSend } : {}),
    },
    slack: delivery.paused
      ? {
          token: 'refused',
          reachable: true,
          error: delivery.paused.code,
          since: iso(delivery.paused.since),
        }
      : unreachableSince !== undefined
        ? { token: delivery.slack.token, reachable: false, since: iso(unreachableSince) }
        : { token: delivery.slack.token, reachable: true },
    problems,
  };
}

/**
 * Health as anyone who reaches the port Slack reaches may read it: no user or queue item ids,
 * which stay for the admin port (ADMIN_PORT) and the logs.
 */
export function publicHealth(health: Health): Health {
  const { slowestSend: _hidden, ...delivery } = health.delivery;
  return { ...health, delivery };
}

function seconds(ms: number): number {
  return Math.max(0, Math.round(ms / 1000));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A directory synced longer ago than this no longer counts as known. */
export const DIRECTORY_FRESH_MS = 24 * 60 * 60 * 1000;

export interface ReadinessInput {
  now: number;
  databaseReachable: boolean;
  migrationsApplied: boolean;
  /** When the member directory was last read from Slack in full. */
  directorySyncedAt: number | undefined;
  /** What /healthz says of the delivery worker. */
  delivery: Health['delivery']['state'];
  /** Mailroom was told to stop: load balancers should send nothing more. */
  stopping?: boolean;
}

export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  migrations: 'applied' | 'pending';
  directory: { syncedAt: string | null; hoursAgo: number | null };
  delivery: { state: Health['delivery']['state'] };
  /** Why it is not ready, in words. */
  problems: string[];
}

/**
 * What /readyz says: whether Mailroom can serve its team: it is not stopping, the database is
 * migrated, the member directory was synced within a day, and the delivery worker is not
 * stalled.
 */
export function assessReadiness(input: ReadinessInput): Readiness {
  const problems: string[] = [];
  if (input.stopping) problems.push('Mailroom is stopping');
  if (!input.databaseReachable) problems.push('the database is unreachable');
  else if (!input.migrationsApplied) problems.push('the database migrations have not all run');
  const synced = input.directorySyncedAt;
  if (synced === undefined) problems.push('the member directory has not been synced yet');
  else if (input.now - synced > DIRECTORY_FRESH_MS) {
    problems.push(`the member directory was last synced ${hours(input.now - synced)} h ago`);
  }
  if (input.delivery === 'stalled') problems.push('the delivery worker is stalled');
  return {
    ready: problems.length === 0,
    database: input.databaseReachable ? 'reachable' : 'unreachable',
    migrations: input.migrationsApplied ? 'applied' : 'pending',
    directory: {
      syncedAt: synced === undefined ? null : iso(synced),
      hoursAgo: synced === undefined ? null : hours(input.now - synced),
    },
    delivery: { state: input.delivery },
    problems,
  };
}

function hours(ms: number): number {
  return Math.max(0, Math.round(ms / 360_000) / 10);
}
