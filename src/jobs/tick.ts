import { escalateOverdue, type QuestionNotifier } from '../services/answer.js';
import type { ServiceContext } from '../services/context.js';
import { runDecisionSchedule } from '../services/decisions/revisits.js';
import type { DeliveryWorker } from '../services/delivery.js';
import { type DirectoryDeps, isDirectoryStale, syncDirectory } from '../services/directory.js';
import type { MeetingNotifier } from '../services/meetings/notifier.js';
import { closeDueMeetings } from '../services/meetings/vote.js';
import type { StandupPoster } from '../services/standups/ports.js';
import {
  askDueStandups,
  postStandupDays,
  type StandupTickReport,
} from '../services/standups/run.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface TickDeps {
  ctx: ServiceContext;
  /** The standups' channel posts (answers, reports); without it only prompts and reminders run. */
  standupPoster?: StandupPoster;
  delivery: DeliveryWorker;
  directory: BackgroundDirectorySync;
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
  meetings?: { closed: number; expired: number };
  standups: StandupTickReport;
}

/**
 * Everything time-driven, once a minute: wake the delivery worker (which sends at its own pace
 * and is never waited for here), remind and escalate overdue questions, queue decisions'
 * revisits and overdue follow-ups, close meeting votes whose time is up and expire meetings
 * whose times passed, start a day-old directory's refresh in the background. Standup members
 * due now are asked (queued) before the worker wakes; their channels' answers and reports follow.
 */
export async function tick(deps: TickDeps): Promise<TickReport> {
  const now = deps.ctx.clock();
  const directorySyncStarted = deps.directory.startIfStale(now);
  const delivering = await deps.delivery.resumeIfTokenWorks();
  // Standup prompts due now are queued first (waking the worker batch by batch): they go out
  // at their minute.
  const asked = await askDueStandups(deps.ctx, () => deps.delivery.wake());
  // Only queued here, before the worker wakes; it delivers them when it can.
  const decisions = safely(deps.ctx, 'decisions', () => runDecisionSchedule(deps.ctx), {
    revisits: 0,
    followUpsReminded: 0,
  });
  deps.delivery.wake();
  // Votes close and times pass whether or not Slack takes messages now; results wait in the
  // queue. First, so that votes past their due time are withdrawn before overdue items are read.
  let meetings: TickReport['meetings'];
  try {
    meetings = deps.meetings ? await closeDueMeetings(deps.ctx, deps.meetings) : undefined;
  } catch (error) {
    deps.ctx.logger.error("the tick's meetings work failed", error);
  }
  // With the token refused nobody can be reminded; questions wait rather than move on.
  const questions = delivering
    ? await escalateOverdue(deps.ctx, deps.questions)
    : { reminded: 0, escalated: 0 };
  const days =
    delivering && deps.standupPoster
      ? await postStandupDays(deps.ctx, deps.standupPoster)
      : { posted: 0, reported: 0 };
  deps.ctx.eventLog.prune(now - WEEK_MS);
  return {
    delivering,
    directorySyncStarted,
    questions,
    decisions,
    ...(meetings ? { meetings } : {}),
    standups: { ...asked, ...days },
  };
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
