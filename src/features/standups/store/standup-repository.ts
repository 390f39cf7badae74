import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  notInArray,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import type {
  EntryStatus,
  ReminderChoice,
  StandupConfig,
  StandupState,
} from '../domain/standup.js';
import {
  standupBlockers,
  standupDays,
  standupEntries,
  standupMembers,
  standups,
} from './schema.js';

/** A standup as stored: its setup (the people picked are its members), state and next report. */
export type Standup = Omit<StandupConfig, 'chosenMemberIds'> & {
  id: number;
  channelId: string;
  ownerId: string;
  state: StandupState;
  pausedReason: string | null;
  nextReportAt: number | null;
  nextReportDate: string | null;
  createdAt: number;
  updatedAt: number;
};

export type StandupMember = typeof standupMembers.$inferSelect;
export type StandupEntry = typeof standupEntries.$inferSelect;
export type StandupDay = typeof standupDays.$inferSelect;
export type StandupBlocker = typeof standupBlockers.$inferSelect;

export interface MemberSchedule {
  nextPromptAt: number | null;
  nextPromptDate: string | null;
  scheduledZone: string | null;
}

type StandupRow = typeof standups.$inferSelect;

function toStandup(row: StandupRow): Standup {
  return { ...row, reminderAfterMinutes: row.reminderAfterMinutes as ReminderChoice };
}

function configColumns(config: StandupConfig) {
  const { chosenMemberIds: _chosen, days, questions, ...columns } = config;
  return { ...columns, days: [...days], questions: [...questions] };
}

/** Standups, who they ask and when, their days, answers and blockers. */
export class StandupRepository {
  /** The statements run once per member asked, prepared once: a wave asks thousands. */
  private hot: ReturnType<StandupRepository['prepareHotPath']> | undefined;

  constructor(private readonly db: Db) {}

  private hotPath() {
    this.hot ??= this.prepareHotPath();
    return this.hot;
  }

  private prepareHotPath() {
    const p = sql.placeholder;
    // A member's next prompt, as the schedule and its conditional form both write it.
    const nextPrompt = {
      nextPromptAt: sql`${p('nextPromptAt')}`,
      nextPromptDate: sql`${p('nextPromptDate')}`,
      scheduledZone: sql`${p('scheduledZone')}`,
      lastPromptDate: sql`coalesce(${p('lastPromptDate')}, ${standupMembers.lastPromptDate})`,
    };
    return {
      dueMembers: this.db
        .select()
        .from(standupMembers)
        .where(lte(standupMembers.nextPromptAt, p('now')))
        .orderBy(asc(standupMembers.nextPromptAt))
        .limit(p('limit'))
        .prepare(),
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
      schedule: this.db
        .update(standupMembers)
        .set(nextPrompt)
        .where(
          and(
            eq(standupMembers.standupId, p('standupId')),
            eq(standupMembers.memberId, p('memberId')),
          ),
        )
        .prepare(),
      // `is` matches a null expectation too.
      scheduleIfUnchanged: this.db
        .update(standupMembers)
        .set(nextPrompt)
        .where(
          and(
            eq(standupMembers.standupId, p('standupId')),
            eq(standupMembers.memberId, p('memberId')),
            sql`${standupMembers.nextPromptAt} is ${p('expected')}`,
          ),
        )
        .prepare(),
    };
  }

  // ---------------------------------------------------------------- standups

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

  // ---------------------------------------------------------------- members

  membersOf(standupId: number): StandupMember[] {
    return this.db
      .select()
      .from(standupMembers)
      .where(eq(standupMembers.standupId, standupId))
      .orderBy(asc(standupMembers.memberId))
      .all();
  }

  member(standupId: number, memberId: string): StandupMember | undefined {
    return this.db
      .select()
      .from(standupMembers)
      .where(and(eq(standupMembers.standupId, standupId), eq(standupMembers.memberId, memberId)))
      .get();
  }

  /** The standups a person is asked in, with their schedule in each. */
  membershipsOf(memberId: string): StandupMember[] {
    return this.db.select().from(standupMembers).where(eq(standupMembers.memberId, memberId)).all();
  }

  /**
   * Makes `memberIds` the people a standup asks: newcomers are added (with no schedule yet),
   * people not in the list are removed. Returns who was added and who removed.
   */
  setMembers(
    standupId: number,
    memberIds: readonly string[],
    now: number,
  ): { added: string[]; removed: string[] } {
    return this.db.transaction((tx) => {
      const wanted = [...new Set(memberIds)];
      const removed = tx
        .delete(standupMembers)
        .where(
          and(
            eq(standupMembers.standupId, standupId),
            wanted.length > 0 ? notInArray(standupMembers.memberId, wanted) : undefined,
          ),
        )
        .returning({ memberId: standupMembers.memberId })
        .all()
        .map((row) => row.memberId);
      const added: string[] = [];
      for (let at = 0; at < wanted.length; at += 500) {
        const rows = wanted
          .slice(at, at + 500)
          .map((memberId) => ({ standupId, memberId, joinedAt: now }));
        added.push(
          ...tx
            .insert(standupMembers)
            .values(rows)
            .onConflictDoNothing()
            .returning({ memberId: standupMembers.memberId })
            .all()
            .map((row) => row.memberId),
        );
      }
      return { added, removed };
    });
  }

  addMember(standupId: number, memberId: string, now: number): boolean {
    const row = this.db
      .insert(standupMembers)
      .values({ standupId, memberId, joinedAt: now })
      .onConflictDoNothing()
      .returning({ memberId: standupMembers.memberId })
      .get();
    return row !== undefined;
  }

  /** Asks the member at the start of their working day (or at the standup's set time again). */
  setPromptAtWorkStart(
    standupId: number,
    memberId: string,
    atWorkStart: boolean,
  ): StandupMember | undefined {
    return this.db
      .update(standupMembers)
      .set({ promptAtWorkStart: atWorkStart })
      .where(and(eq(standupMembers.standupId, standupId), eq(standupMembers.memberId, memberId)))
      .returning()
      .get();
  }

  removeMember(standupId: number, memberId: string): void {
    this.db
      .delete(standupMembers)
      .where(and(eq(standupMembers.standupId, standupId), eq(standupMembers.memberId, memberId)))
      .run();
  }

  /**
   * Who is due to be asked at `now`, earliest first: one range scan of the index on
   * next_prompt_at (paused standups and people with no prompt day have none).
   */
  dueMembers(now: number, limit = 1000): StandupMember[] {
    return this.hotPath().dueMembers.all({ now, limit });
  }

  /**
   * Stores a member's next prompt. With `expectedAt`, only if the stored one is still that (a
   * tick running beside another must not undo its work); false when it was not.
   */
  setSchedule(
    standupId: number,
    memberId: string,
    schedule: MemberSchedule & { lastPromptDate?: string | null },
    expectedAt?: number | null,
  ): boolean {
    if (schedule.lastPromptDate !== null) {
      const values = { ...schedule, lastPromptDate: schedule.lastPromptDate ?? null };
      const result =
        expectedAt === undefined
          ? this.hotPath().schedule.run({ ...values, standupId, memberId })
          : this.hotPath().scheduleIfUnchanged.run({
              ...values,
              standupId,
              memberId,
              expected: expectedAt,
            });
      return result.changes > 0;
    }
    const guard =
      expectedAt === undefined
        ? undefined
        : expectedAt === null
          ? isNull(standupMembers.nextPromptAt)
          : eq(standupMembers.nextPromptAt, expectedAt);
    const result = this.db
      .update(standupMembers)
      .set(schedule)
      .where(
        and(eq(standupMembers.standupId, standupId), eq(standupMembers.memberId, memberId), guard),
      )
      .run();
    return result.changes > 0;
  }

  /** No prompts while a standup is paused. */
  clearSchedules(standupId: number): void {
    this.db
      .update(standupMembers)
      .set({ nextPromptAt: null, nextPromptDate: null, scheduledZone: null })
      .where(eq(standupMembers.standupId, standupId))
      .run();
  }

  // ---------------------------------------------------------------- entries

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
    return this.hotPath().entryFor.get({ standupId, memberId, date });
  }

  /** The entry of a member just asked (nothing happens if they have one for that date). */
  insertPrompted(
    entry: Pick<
      StandupEntry,
      'standupId' | 'memberId' | 'date' | 'promptAt' | 'closesAt' | 'remindAt' | 'promptItemId'
    >,
    now: number,
  ): boolean {
    return this.hotPath().insertPrompted.run({ ...entry, now }).changes > 0;
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

  /** The latest answer of a member before `beforeDate` (yesterday's plan). */
  lastAnswerBefore(standupId: number, memberId: string, beforeDate: string) {
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          eq(standupEntries.standupId, standupId),
          eq(standupEntries.memberId, memberId),
          eq(standupEntries.status, 'answered'),
          sql`${standupEntries.date} < ${beforeDate}`,
        ),
      )
      .orderBy(desc(standupEntries.date))
      .limit(1)
      .get();
  }

  /** A member's most recent answers, newest first, in the given standups. */
  recentAnswers(memberId: string, standupIds: readonly number[], limit: number): StandupEntry[] {
    if (standupIds.length === 0) return [];
    return this.db
      .select()
      .from(standupEntries)
      .where(
        and(
          eq(standupEntries.memberId, memberId),
          eq(standupEntries.status, 'answered'),
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

  /** Nothing to post on its own (a summary carries it). */
  clearPost(id: number): void {
    this.db.update(standupEntries).set({ postDueAt: null }).where(eq(standupEntries.id, id)).run();
  }

  // ---------------------------------------------------------------- days

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

  // ---------------------------------------------------------------- blockers

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

  blockersOfEntry(entryId: number): StandupBlocker[] {
    return this.db
      .select()
      .from(standupBlockers)
      .where(eq(standupBlockers.entryId, entryId))
      .orderBy(asc(standupBlockers.id))
      .all();
  }
}

/** One standup's day (and whatever else must hold of it). */
function theDay(standupId: number, date: string, ...also: SQL[]): SQL | undefined {
  return and(eq(standupDays.standupId, standupId), eq(standupDays.date, date), ...also);
}
