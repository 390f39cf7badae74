import { escalateOverdue, type QuestionNotifier } from '../services/answer.js';
import type { ServiceContext } from '../services/context.js';
import { type DeliveryDeps, type DeliveryReport, deliverDueItems } from '../services/delivery.js';
import { type DirectoryDeps, isDirectoryStale, syncDirectory } from '../services/directory.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface TickDeps {
  ctx: ServiceContext;
  delivery: DeliveryDeps;
  directory: DirectoryDeps;
  questions: QuestionNotifier;
}

export interface TickReport {
  delivery: DeliveryReport;
  directorySynced: boolean;
  questions: { reminded: number; escalated: number };
}

/**
 * Everything time-driven, once a minute: refresh a day-old directory, deliver what is due,
 * remind and escalate overdue questions.
 */
export async function tick(deps: TickDeps): Promise<TickReport> {
  const now = deps.ctx.clock();
  let directorySynced = false;
  if (isDirectoryStale(deps.directory, now)) {
    try {
      await syncDirectory(deps.directory);
      directorySynced = true;
    } catch (error) {
      deps.ctx.logger.warn('directory sync failed; keeping the last known directory', error);
    }
  }
  const delivery = await deliverDueItems(deps.delivery);
  const questions = await escalateOverdue(deps.ctx, deps.questions);
  deps.ctx.eventLog.prune(now - WEEK_MS);
  return { delivery, directorySynced, questions };
}
