import { escalateOverdue, type QuestionNotifier } from '../services/answer.js';
import type { ServiceContext } from '../services/context.js';
import type { DeliveryWorker } from '../services/delivery.js';
import { type DirectoryDeps, isDirectoryStale, syncDirectory } from '../services/directory.js';
import type { StandupPoster } from '../services/standups/ports.js';
import {
  askDueStandups,
  postStandupDays,
  type StandupTickReport,
} from '../services/standups/run.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface TickDeps {
  ctx: ServiceContext;
  delivery: DeliveryWorker;
  directory: BackgroundDirectorySync;
  questions: QuestionNotifier;
  /** The standups' channel posts (answers, reports); without it only prompts and reminders run. */
  standupPoster?: StandupPoster;
}

export interface TickReport {
  /** False while Slack refuses Mailroom's token. */
  delivering: boolean;
  directorySyncStarted: boolean;
  questions: { reminded: number; escalated: number };
  standups: StandupTickReport;
}

/**
 * Everything time-driven, once a minute: wake the delivery worker (which sends at its own pace
 * and is never waited for here), remind and escalate overdue questions, start a day-old
 * directory's refresh in the background. Standup members due now are asked (queued) before the
 * worker wakes; their channels' answers and reports follow.
 */
export async function tick(deps: TickDeps): Promise<TickReport> {
  const now = deps.ctx.clock();
  const directorySyncStarted = deps.directory.startIfStale(now);
  const delivering = await deps.delivery.resumeIfTokenWorks();
  // Standup prompts due now are queued first (waking the worker batch by batch): they go out
  // at their minute.
  const asked = await askDueStandups(deps.ctx, () => deps.delivery.wake());
  deps.delivery.wake();
  // With the token refused nobody can be reminded; questions wait rather than move on.
  const questions = delivering
    ? await escalateOverdue(deps.ctx, deps.questions)
    : { reminded: 0, escalated: 0 };
  const days =
    delivering && deps.standupPoster
      ? await postStandupDays(deps.ctx, deps.standupPoster)
      : { posted: 0, reported: 0 };
  deps.ctx.eventLog.prune(now - WEEK_MS);
  return { delivering, directorySyncStarted, questions, standups: { ...asked, ...days } };
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
