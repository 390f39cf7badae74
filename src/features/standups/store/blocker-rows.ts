import { and, asc, eq } from 'drizzle-orm';
import { DayRows } from './day-rows.js';
import type { StandupBlocker } from './records.js';
import { standupBlockers } from './schema.js';

/** Blockers raised in answers, until they are resolved, passed on or withdrawn. */
export class BlockerRows extends DayRows {
  insertBlocker(
    blocker: Pick<
      StandupBlocker,
      'standupId' | 'entryId' | 'fromMemberId' | 'text' | 'ownerId' | 'date'
    >,
    now: number,
  ): StandupBlocker {
    return this.db
      .insert(standupBlockers)
      .values({ ...blocker, createdAt: now, updatedAt: now })
      .returning()
      .get();
  }

  blocker(id: number): StandupBlocker | undefined {
    return this.db.select().from(standupBlockers).where(eq(standupBlockers.id, id)).get();
  }

  /** Changes a blocker that is still open (and, with `ownerId`, still held by them). */
  updateOpenBlocker(
    id: number,
    patch: Partial<
      Pick<StandupBlocker, 'state' | 'ownerId' | 'queueItemId' | 'resolvedBy' | 'resolvedAt'>
    >,
    now: number,
    ownerId?: string,
  ): StandupBlocker | undefined {
    return this.db
      .update(standupBlockers)
      .set({ ...patch, updatedAt: now })
      .where(
        and(
          eq(standupBlockers.id, id),
          eq(standupBlockers.state, 'open'),
          ownerId === undefined ? undefined : eq(standupBlockers.ownerId, ownerId),
        ),
      )
      .returning()
      .get();
  }

  openBlockers(standupId: number): StandupBlocker[] {
    return this.db
      .select()
      .from(standupBlockers)
      .where(and(eq(standupBlockers.standupId, standupId), eq(standupBlockers.state, 'open')))
      .orderBy(asc(standupBlockers.id))
      .all();
  }

  /** The blockers a member raised, oldest first. */
  blockersFrom(memberId: string): StandupBlocker[] {
    return this.db
      .select()
      .from(standupBlockers)
      .where(eq(standupBlockers.fromMemberId, memberId))
      .orderBy(asc(standupBlockers.id))
      .all();
  }

  /** Puts `text` in place of every blocker a member raised; how many changed. */
  replaceBlockerTextsOf(memberId: string, text: string, now: number): number {
    return this.db
      .update(standupBlockers)
      .set({ text, updatedAt: now })
      .where(eq(standupBlockers.fromMemberId, memberId))
      .run().changes;
  }

  blockersOfEntry(entryId: number): StandupBlocker[] {
    return this.db
      .select()
      .from(standupBlockers)
      .where(eq(standupBlockers.entryId, entryId))
      .orderBy(asc(standupBlockers.id))
      .all();
  }
}
