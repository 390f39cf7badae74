import { and, asc, eq, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { MemberSchedule, StandupMember } from './records.js';
import { standupMembers } from './schema.js';
import { StandupRows } from './standup-rows.js';

/** Who each standup asks, and when each of them is asked next. */
export class MemberRows extends StandupRows {
  /** The statements run once per member asked, prepared once: a wave asks thousands. */
  private memberHot: ReturnType<MemberRows['prepareMemberHotPath']> | undefined;

  private memberHotPath() {
    this.memberHot ??= this.prepareMemberHotPath();
    return this.memberHot;
  }

  private prepareMemberHotPath() {
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
    return this.memberHotPath().dueMembers.all({ now, limit });
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
          ? this.memberHotPath().schedule.run({ ...values, standupId, memberId })
          : this.memberHotPath().scheduleIfUnchanged.run({
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
}
