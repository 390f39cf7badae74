import { and, desc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { EntryRows } from './entry-rows.js';
import type { StandupDay } from './records.js';
import { standupDays } from './schema.js';

/** A standup's days: the thread its answers go under, and its report, claimed once. */
export class DayRows extends EntryRows {
  day(standupId: number, date: string): StandupDay | undefined {
    return this.db.select().from(standupDays).where(theDay(standupId, date)).get();
  }

  ensureDay(standupId: number, date: string, now: number): StandupDay {
    this.db
      .insert(standupDays)
      .values({ standupId, date, createdAt: now })
      .onConflictDoNothing()
      .run();
    const day = this.day(standupId, date);
    if (!day) throw new Error(`standup day ${standupId}/${date} vanished`);
    return day;
  }

  setDayThread(standupId: number, date: string, threadTs: string): void {
    this.db
      .update(standupDays)
      .set({ threadTs })
      .where(theDay(standupId, date, isNull(standupDays.threadTs)))
      .run();
  }

  /** Claims the day's report; false when it was already claimed. */
  claimReport(standupId: number, date: string, now: number): boolean {
    this.ensureDay(standupId, date, now);
    const result = this.db
      .update(standupDays)
      .set({ reportedAt: now })
      .where(theDay(standupId, date, isNull(standupDays.reportedAt)))
      .run();
    return result.changes > 0;
  }

  /** Gives a claimed report back, to be tried again. */
  releaseReport(standupId: number, date: string): void {
    this.db
      .update(standupDays)
      .set({ reportedAt: null })
      .where(theDay(standupId, date, isNull(standupDays.reportTs)))
      .run();
  }

  setReportTs(standupId: number, date: string, reportTs: string): void {
    this.db.update(standupDays).set({ reportTs }).where(theDay(standupId, date)).run();
  }

  /** The days reported so far, newest first. */
  reportedDays(standupId: number, limit: number): StandupDay[] {
    return this.db
      .select()
      .from(standupDays)
      .where(and(eq(standupDays.standupId, standupId), isNotNull(standupDays.reportedAt)))
      .orderBy(desc(standupDays.date))
      .limit(limit)
      .all();
  }
}

/** One standup's day (and whatever else must hold of it). */
function theDay(standupId: number, date: string, ...also: SQL[]): SQL | undefined {
  return and(eq(standupDays.standupId, standupId), eq(standupDays.date, date), ...also);
}
