import { pruneInBatches } from '../../../core/services/retention.js';
import type { StandupsContext } from '../context.js';
import { PARTICIPATION_DAYS } from './days.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An entry (who answered, skipped or missed, without what they wrote) is kept this long after
 * its day closed, whatever the retention: the report's four weeks of participation count it.
 * A week more than four: a day closes at the member's next prompt, a day or more after it.
 */
export const ENTRY_KEPT_MS = (PARTICIPATION_DAYS + 7) * DAY_MS;

export interface StandupPruneReport {
  answersErased: number;
  entriesDeleted: number;
  blockersDeleted: number;
}

/**
 * Standups' part of retention (STANDUP_ANSWER_RETENTION_DAYS; nothing when unset): what
 * members wrote in days closed long enough ago is erased, and blockers settled as long ago
 * are deleted; the entries themselves go once participation no longer counts them. In short
 * batches; logs what it did.
 */
export async function pruneStandupAnswers(
  ctx: Pick<StandupsContext, 'standups' | 'settings' | 'logger'>,
  now: number,
  options?: { batch?: number; maxBatches?: number },
): Promise<StandupPruneReport> {
  const report: StandupPruneReport = { answersErased: 0, entriesDeleted: 0, blockersDeleted: 0 };
  const keepMs = ctx.settings.retention?.standupAnswersMs;
  if (keepMs === undefined) return report;
  const before = now - keepMs;
  report.answersErased = await pruneInBatches(
    (limit) => ctx.standups.eraseAnswersClosedBefore(before, limit),
    options,
  );
  report.blockersDeleted = await pruneInBatches(
    (limit) => ctx.standups.deleteSettledBlockersBefore(before, limit),
    options,
  );
  const entriesBefore = now - Math.max(keepMs, ENTRY_KEPT_MS);
  report.entriesDeleted = await pruneInBatches(
    (limit) => ctx.standups.deleteEntriesClosedBefore(entriesBefore, limit),
    options,
  );
  const done = [
    report.answersErased > 0
      ? `erased the answers of ${report.answersErased} standup days closed before ${iso(before)}`
      : '',
    report.blockersDeleted > 0
      ? `deleted ${report.blockersDeleted} standup blockers settled before ${iso(before)}`
      : '',
    report.entriesDeleted > 0
      ? `deleted ${report.entriesDeleted} standup days closed before ${iso(entriesBefore)}`
      : '',
  ].filter((part) => part !== '');
  if (done.length > 0) {
    ctx.logger.info(`Retention: ${done.join('; ')} (STANDUP_ANSWER_RETENTION_DAYS).`);
  }
  return report;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
