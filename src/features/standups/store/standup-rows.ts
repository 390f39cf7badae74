import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { StandupConfig, StandupState } from '../domain/standup.js';
import { configColumns, type Standup, toStandup } from './records.js';
import { standups } from './schema.js';
import { StandupStore } from './standup-store.js';

/** The standups themselves: their setup, state and next report. */
export class StandupRows extends StandupStore {
  create(input: { channelId: string; ownerId: string; config: StandupConfig }, now: number) {
    const row = this.db
      .insert(standups)
      .values({
        ...configColumns(input.config),
        channelId: input.channelId,
        ownerId: input.ownerId,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return toStandup(row);
  }

  get(id: number): Standup | undefined {
    const row = this.db.select().from(standups).where(eq(standups.id, id)).get();
    return row && toStandup(row);
  }

  /** The channel's standups that were not deleted, oldest first. */
  inChannel(channelId: string): Standup[] {
    return this.db
      .select()
      .from(standups)
      .where(and(eq(standups.channelId, channelId), sql`${standups.state} <> 'deleted'`))
      .orderBy(asc(standups.id))
      .all()
      .map(toStandup);
  }

  /** Standups that are running (not paused, not deleted). */
  active(): Standup[] {
    return this.db.select().from(standups).where(eq(standups.state, 'active')).all().map(toStandup);
  }

  updateConfig(id: number, config: StandupConfig, now: number): Standup | undefined {
    const row = this.db
      .update(standups)
      .set({ ...configColumns(config), updatedAt: now })
      .where(and(eq(standups.id, id), sql`${standups.state} <> 'deleted'`))
      .returning()
      .get();
    return row && toStandup(row);
  }

  /** Moves a standup to `state` from one of `from`; undefined when it was in none of them. */
  setState(
    id: number,
    from: readonly StandupState[],
    state: StandupState,
    now: number,
    pausedReason: string | null = null,
  ): Standup | undefined {
    const row = this.db
      .update(standups)
      .set({
        state,
        pausedReason: state === 'paused' ? pausedReason : null,
        ...(state === 'active' ? {} : { nextReportAt: null, nextReportDate: null }),
        updatedAt: now,
      })
      .where(and(eq(standups.id, id), inArray(standups.state, [...from])))
      .returning()
      .get();
    return row && toStandup(row);
  }

  setNextReport(id: number, next: { at: number; date: string } | null): void {
    this.db
      .update(standups)
      .set({ nextReportAt: next?.at ?? null, nextReportDate: next?.date ?? null })
      .where(eq(standups.id, id))
      .run();
  }

  /** Active standups whose report is due. */
  dueReports(now: number, limit = 100): Standup[] {
    return this.db
      .select()
      .from(standups)
      .where(and(lte(standups.nextReportAt, now), eq(standups.state, 'active')))
      .orderBy(asc(standups.nextReportAt))
      .limit(limit)
      .all()
      .map(toStandup);
  }
}
