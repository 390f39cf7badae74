import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { EntryStatus } from '../domain/standup.js';
import { MemberRows } from './member-rows.js';
import type { StandupEntry } from './records.js';
import { standupEntries, standups } from './schema.js';

/** Each member's entry for a date: asked, answered, skipped, away or missed, and its posting. */
export class EntryRows extends MemberRows {
  /** The statements run once per member asked, prepared once: a wave asks thousands. */
  private entryHot: ReturnType<EntryRows['prepareEntryHotPath']> | undefined;

  private entryHotPath() {
    this.entryHot ??= this.prepareEntryHotPath();
    return this.entryHot;
  }

  private prepareEntryHotPath() {
    const p = sql.placeholder;
    return {
      entryFor: this.db
        .select()
        .from(standupEntries)
        .where(
          and(
            eq(standupEntries.standupId, p('standupId')),
            eq(standupEntries.memberId, p('memberId')),
            eq(standupEntries.date, p('date')),
          ),
        )
        .prepare(),
      insertPrompted: this.db
        .insert(standupEntries)
        .values({
          standupId: p('standupId'),
          memberId: p('memberId'),
          date: p('date'),
          status: 'prompted',
          promptAt: p('promptAt'),
          closesAt: p('closesAt'),
          remindAt: p('remindAt'),
          promptItemId: p('promptItemId'),
          createdAt: p('now'),
          updatedAt: p('now'),
        })
        .onConflictDoNothing()
        .prepare(),
    };
  }

  /** Inserts the entry unless the member already has one for that date; returns the stored one. */
  insertEntry(
    entry: Omit<typeof standupEntries.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>,
    now: number,
  ): { entry: StandupEntry; created: boolean } {
    const row = this.db
      .insert(standupEntries)
      .values({ ...entry, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    if (row) return { entry: row, created: true };
    const existing = this.entryFor(entry.standupId, entry.memberId, entry.date);
    if (!existing) throw new Error(`standup entry ${entry.standupId}/${entry.memberId} vanished`);
    return { entry: existing, created: false };
  }

  entry(id: number): StandupEntry | undefined {
    return this.db.select().from(standupEntries).where(eq(standupEntries.id, id)).get();
  }

  entryFor(standupId: number, memberId: string, date: string): StandupEntry | undefined {
    return this.entryHotPath().entryFor.get({ standupId, memberId, date });
  }

  /** The entry of a member just asked (nothing happens if they have one for that date). */
  insertPrompted(
    entry: Pick<
      StandupEntry,
      'standupId' | 'memberId' | 'date' | 'promptAt' | 'closesAt' | 'remindAt' | 'promptItemId'
    >,
    now: number,
  ): boolean {
    return this.entryHotPath().insertPrompted.run({ ...entry, now }).changes > 0;
  }

  /** Changes an entry that is still in one of `from`; undefined when it moved on first. */
  updateEntry(
    id: number,
    from: readonly EntryStatus[],
    patch: Partial<Omit<StandupEntry, 'id' | 'standupId' | 'memberId' | 'date' | 'createdAt'>>,
    now: number,
  ): StandupEntry | undefined {
    return this.db
      .update(standupEntries)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(standupEntries.id, id), inArray(standupEntries.status, [...from])))
      .returning()
      .get();
  }

  entriesOfDay(standupId: number, date: string): StandupEntry[] {
    return this.db
      .select()
      .from(standupEntries)
      .where(and(eq(standupEntries.standupId, standupId), eq(standupEntries.date, date)))
      .orderBy(asc(standupEntries.answeredAt), asc(standupEntries.id))
      .all();
  }

  /** Entries from `sinceDate` to `untilDate`, both included, for participation. */
  entriesBetween(standupId: number, sinceDate: string, untilDate: string): StandupEntry[] {
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          eq(standupEntries.standupId, standupId),
          gte(standupEntries.date, sinceDate),
          lte(standupEntries.date, untilDate),
        ),
      )
      .all();
  }

  /** The latest answer of a member before `beforeDate` (yesterday's plan), retention not having erased it. */
  lastAnswerBefore(standupId: number, memberId: string, beforeDate: string) {
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          eq(standupEntries.standupId, standupId),
          eq(standupEntries.memberId, memberId),
          eq(standupEntries.status, 'answered'),
          isNotNull(standupEntries.answers),
          sql`${standupEntries.date} < ${beforeDate}`,
        ),
      )
      .orderBy(desc(standupEntries.date))
      .limit(1)
      .get();
  }

  /** A member's most recent answers still kept, newest first, in the given standups. */
  recentAnswers(memberId: string, standupIds: readonly number[], limit: number): StandupEntry[] {
    if (standupIds.length === 0) return [];
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          eq(standupEntries.memberId, memberId),
          eq(standupEntries.status, 'answered'),
          isNotNull(standupEntries.answers),
          inArray(standupEntries.standupId, [...standupIds]),
        ),
      )
      .orderBy(desc(standupEntries.date), desc(standupEntries.id))
      .limit(limit)
      .all();
  }

  /** Entries whose answer window has closed (the member's next prompt came) and are not settled yet. */
  endedEntries(now: number, limit = 500): StandupEntry[] {
    return this.db
      .select()
      .from(standupEntries)
      .where(and(isNull(standupEntries.closedAt), lte(standupEntries.closesAt, now)))
      .orderBy(asc(standupEntries.closesAt))
      .limit(limit)
      .all();
  }

  /** Prompts still waiting for an answer whose reminder is due. */
  dueReminders(now: number, limit = 500): StandupEntry[] {
    return this.db
      .select()
      .from(standupEntries)
      .where(and(lte(standupEntries.remindAt, now), eq(standupEntries.status, 'prompted')))
      .orderBy(asc(standupEntries.remindAt))
      .limit(limit)
      .all();
  }

  /**
   * Answers (or edits) whose time to be posted in the channel has come, in standups that can
   * post: not those paused because their channel would not take posts (until resumed).
   */
  duePosts(now: number, limit = 200): StandupEntry[] {
    const postable = this.db
      .select({ id: standups.id })
      .from(standups)
      .where(
        sql`${standups.state} = 'active' or (${standups.state} = 'paused' and ${standups.pausedReason} is null)`,
      );
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          lte(standupEntries.postDueAt, now),
          eq(standupEntries.status, 'answered'),
          inArray(standupEntries.standupId, postable),
        ),
      )
      .orderBy(asc(standupEntries.postDueAt))
      .limit(limit)
      .all();
  }

  /** Records the posted answer, unless it changed again meanwhile (then it is posted again). */
  /** The answer is in the channel at `postedTs`; an edit made since it was queued stays due. */
  markPosted(id: number, postedTs: string, postDueAt: number): void {
    this.db
      .update(standupEntries)
      .set({
        postedTs,
        postDueAt: sql`case when ${standupEntries.postDueAt} = ${postDueAt} then null else ${standupEntries.postDueAt} end`,
      })
      .where(eq(standupEntries.id, id))
      .run();
  }

  /** A member's entries in every standup, oldest first. */
  entriesOf(memberId: string): StandupEntry[] {
    return this.db
      .select()
      .from(standupEntries)
      .where(eq(standupEntries.memberId, memberId))
      .orderBy(asc(standupEntries.date), asc(standupEntries.id))
      .all();
  }

  /** Removes an entry's answers and blocker, and any post of them still due. */
  eraseAnswers(id: number, now: number): void {
    this.db
      .update(standupEntries)
      .set({ answers: null, blockerText: null, postDueAt: null, updatedAt: now })
      .where(eq(standupEntries.id, id))
      .run();
  }

  /** The entry's post is gone from the channel. */
  forgetPosted(id: number): void {
    this.db.update(standupEntries).set({ postedTs: null }).where(eq(standupEntries.id, id)).run();
  }

  /** Nothing to post on its own (a summary carries it). */
  clearPost(id: number): void {
    this.db.update(standupEntries).set({ postDueAt: null }).where(eq(standupEntries.id, id)).run();
  }
}
