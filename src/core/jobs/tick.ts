import type { Capability } from '../capability.js';
import type { ServiceContext } from '../services/context.js';
import type { DeliveryWorker } from '../services/delivery.js';
import {
  DIRECTORY_SYNCED_AT,
  type DirectoryDeps,
  isDirectoryStale,
  syncDirectory,
} from '../services/directory.js';
import { pruneCoreData } from '../services/retention.js';

export interface TickDeps {
  ctx: ServiceContext;
  delivery: DeliveryWorker;
  directory: BackgroundDirectorySync;
  /** Where the work that touches Slack runs, beside the tick rather than in it. */
  background: BackgroundWork;
  /** In the order their work runs: standups first, so that prompts go out at their minute. */
  capabilities: readonly Capability[];
}

/** What each capability's work returned (questions reminded, prompts queued…), by name. */
export interface TickReport extends Record<string, unknown> {
  /** False while Slack refuses Mailroom's token. */
  delivering: boolean;
  directorySyncStarted: boolean;
}

/**
 * Everything time-driven, once a minute: start a day-old directory's refresh, check the token,
 * then each capability's work (standup prompts due now are queued first, waking the delivery
 * worker batch by batch, so they go out at their minute; decisions' revisits, overdue questions
 * and follow-ups are only queued). What must touch Slack (rewriting closed meeting votes and
 * polls, the standups' channel work) runs beside the tick, one run of each at a time: the tick
 * itself waits on Slack only for the token check while delivery is paused. Then the worker wakes
 * (it sends at its own pace and is never waited for here).
 */
export async function tick(deps: TickDeps): Promise<TickReport> {
  const now = deps.ctx.clock();
  const directorySyncStarted = deps.directory.startIfStale(now);
  const delivering = await deps.delivery.resumeIfTokenWorks();
  const run = {
    delivering,
    wake: () => deps.delivery.wake(),
    background: (name: string, work: () => Promise<unknown>) => deps.background.start(name, work),
  };
  const report: TickReport = { delivering, directorySyncStarted };
  for (const capability of deps.capabilities) {
    if (!capability.tick) continue;
    // One capability's scheduled work failing must not stop the rest of the tick.
    try {
      Object.assign(report, await capability.tick(run));
    } catch (error) {
      deps.ctx.logger.error(`the tick's ${capability.name} work failed`, error);
    }
  }
  deps.delivery.wake();
  // What the retention settings say to delete goes in short batches, beside the tick.
  deps.background.start('retention', () => pruneCoreData(deps.ctx, now));
  return report;
}

export interface BackgroundWork {
  /** Starts `work` unless a run of the same name is still going (then this minute's is skipped). */
  start(name: string, work: () => Promise<unknown>): void;
  /** Resolves when nothing runs. */
  settled(): Promise<void>;
  /** True while something runs. */
  readonly busy: boolean;
}

/** The tick's work that waits on Slack: beside the tick, one run per name at a time, never throwing. */
export function backgroundWork(logger: ServiceContext['logger']): BackgroundWork {
  const running = new Map<string, Promise<void>>();
  return {
    start(name, work) {
      if (running.has(name)) return;
      const run = Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => logger.error(`the tick's ${name} work failed`, error),
        )
        .finally(() => running.delete(name));
      running.set(name, run);
    },
    async settled() {
      while (running.size > 0) await Promise.all(running.values());
    },
    get busy() {
      return running.size > 0;
    },
  };
}

export interface BackgroundDirectorySync {
  /** Starts a sync when the directory is a day old and none is running; true if it started. */
  startIfStale(now: number): boolean;
  /** Starts a sync unless one is running; resolves when the running one ended, never rejecting. */
  start(): Promise<void>;
  /** Resolves when no sync is running. */
  settled(): Promise<void>;
  /** True while a sync runs. */
  readonly busy: boolean;
}

/**
 * The daily users.list walk (minutes on a large workspace) runs beside the tick, one at a time.
 * The first one, on a first install, runs beside everything else too: Mailroom answers Slack
 * meanwhile, and readiness says the directory is not synced yet.
 */
export function backgroundDirectorySync(
  deps: DirectoryDeps,
  logger: ServiceContext['logger'],
): BackgroundDirectorySync {
  let running: Promise<void> | undefined;
  const start = () => {
    const first = deps.appState.get(DIRECTORY_SYNCED_AT) === undefined;
    running ??= syncDirectory(deps)
      .then(({ members }) => {
        if (first) logger.info(`Learned the member directory: ${members} people.`);
      })
      .catch((error) => {
        logger.warn(
          first
            ? 'the first directory sync failed: Mailroom knows no one yet and tries again at the next tick'
            : 'directory sync failed; keeping the last known directory',
          error,
        );
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    startIfStale(now) {
      if (running || !isDirectoryStale(deps, now)) return false;
      void start();
      return true;
    },
    start,
    async settled() {
      await running;
    },
    get busy() {
      return running !== undefined;
    },
  };
}
