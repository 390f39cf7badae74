import { escalateOverdue } from '../../features/ask/services/escalate.js';
import type { QuestionNotifier } from '../../features/ask/services/ports.js';
import { runDecisionSchedule } from '../../features/decisions/services/revisits.js';
import type { MeetingNotifier } from '../../features/meetings/services/notifier.js';
import { closeDueMeetings } from '../../features/meetings/services/vote.js';
import type { StandupPoster } from '../../features/standups/services/ports.js';
import { askDueStandups, postStandupDays } from '../../features/standups/services/run.js';
import type { ServiceContext } from '../services/context.js';
import type { DeliveryWorker } from '../services/delivery.js';
import { type DirectoryDeps, isDirectoryStale, syncDirectory } from '../services/directory.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface TickDeps {
  ctx: ServiceContext;
  /** The standups' channel posts (answers, reports); without it only prompts and reminders run. */
  standupPoster?: StandupPoster;
  delivery: DeliveryWorker;
  directory: BackgroundDirectorySync;
  /** Where the work that touches Slack runs, beside the tick rather than in it. */
  background: BackgroundWork;
  questions: QuestionNotifier;
  meetings?: MeetingNotifier;
}

export interface TickReport {
  /** False while Slack refuses Mailroom's token. */
  delivering: boolean;
  directorySyncStarted: boolean;
  questions: { reminded: number; escalated: number };
  /** Revisit items queued for owners, overdue follow-ups put back in their owners' queues. */
  decisions: { revisits: number; followUpsReminded: number };
  /** Prompts and reminders queued; the channel posts run in the background. */
  standups: Awaited<ReturnType<typeof askDueStandups>>;
}

/**
 * Everything time-driven, once a minute: wake the delivery worker (which sends at its own pace
 * and is never waited for here), remind and escalate overdue questions, queue decisions'
 * revisits and overdue follow-ups, start a day-old directory's refresh. Standup members due now
 * are asked (queued) before the worker wakes. What must touch Slack (rewriting closed meeting
 * votes and polls, the standups' channel work) runs beside the tick, one run of each at a time:
 * the tick itself waits on Slack only for the token check while delivery is paused.
 */
export async function tick(deps: TickDeps): Promise<TickReport> {
  const now = deps.ctx.clock();
  const directorySyncStarted = deps.directory.startIfStale(now);
  const delivering = await deps.delivery.resumeIfTokenWorks();
  // Standup prompts due now are queued first (waking the worker batch by batch): they go out
  // at their minute.
  const standups = await askDueStandups(deps.ctx, () => deps.delivery.wake());
  // Only queued here, before the worker wakes; it delivers them when it can.
  const decisions = safely(deps.ctx, 'decisions', () => runDecisionSchedule(deps.ctx), {
    revisits: 0,
    followUpsReminded: 0,
  });
  // Votes close and times pass whether or not Slack takes messages now; results wait in the
  // queue. Their votes are withdrawn at once, before overdue items are read.
  const { meetings, standupPoster } = deps;
  if (meetings) deps.background.start('meetings', () => closeDueMeetings(deps.ctx, meetings));
  // With the token refused nobody can be reminded; questions wait rather than move on.
  const questions = delivering
    ? safely(deps.ctx, 'questions', () => escalateOverdue(deps.ctx, deps.questions), {
        reminded: 0,
        escalated: 0,
      })
    : { reminded: 0, escalated: 0 };
  if (delivering && standupPoster) {
    deps.background.start('standups', () => postStandupDays(deps.ctx, standupPoster));
  }
  deps.delivery.wake();
  deps.ctx.eventLog.prune(now - WEEK_MS);
  return { delivering, directorySyncStarted, questions, decisions, standups };
}

/** One feature's scheduled work failing must not stop the rest of the tick. */
function safely<T>(ctx: ServiceContext, what: string, work: () => T, fallback: T): T {
  try {
    return work();
  } catch (error) {
    ctx.logger.error(`the tick's ${what} work failed`, error);
    return fallback;
  }
}

export interface BackgroundWork {
  /** Starts `work` unless a run of the same name is still going (then this minute's is skipped). */
  start(name: string, work: () => Promise<unknown>): void;
  /** Resolves when nothing runs. */
  settled(): Promise<void>;
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
  };
}

export interface BackgroundDirectorySync {
  /** Starts a sync when the directory is a day old and none is running; true if it started. */
  startIfStale(now: number): boolean;
  /** Starts a sync unless one is running. */
  start(): void;
  /** Resolves when no sync is running. */
  settled(): Promise<void>;
}

/** The daily users.list walk (minutes on a large workspace) runs beside the tick, one at a time. */
export function backgroundDirectorySync(
  deps: DirectoryDeps,
  logger: ServiceContext['logger'],
): BackgroundDirectorySync {
  let running: Promise<void> | undefined;
  const start = () => {
    running ??= syncDirectory(deps)
      .then(() => undefined)
      .catch((error) => {
        logger.warn('directory sync failed; keeping the last known directory', error);
      })
      .finally(() => {
        running = undefined;
      });
  };
  return {
    startIfStale(now) {
      if (running || !isDirectoryStale(deps, now)) return false;
      start();
      return true;
    },
    start,
    async settled() {
      await running;
    },
  };
}
