import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Member, MemberProfile } from '../domain/member.js';
import { DEFAULT_WORK_WINDOWS, type WorkWindow } from '../domain/working-hours.js';
import type { Db } from './db.js';
import { members } from './schema.js';

type Row = typeof members.$inferSelect;

function toMember(row: Row): Member {
  const { slackUpdatedAt: _slack, updatedAt: _updated, ...member } = row;
  return member;
}

export class MemberRepository {
  private readonly byId: ReturnType<typeof prepareById>;

  constructor(private readonly db: Db) {
    this.byId = prepareById(db);
  }

  get(id: string): Member | undefined {
    const row = this.byId.get({ id });
    return row && toMember(row);
  }

  getMany(ids: readonly string[]): Member[] {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(members)
      .where(inArray(members.id, [...ids]))
      .all()
      .map(toMember);
  }

  all(): Member[] {
    return this.db.select().from(members).all().map(toMember);
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(members).get()?.n ?? 0;
  }

  /**
   * Writes Slack's view of these people in one transaction. Working hours are Mailroom's
   * own and are left alone (newcomers start with `newMemberWindows`); a profile older than the
   * stored one is ignored.
   */
  upsertProfiles(
    profiles: readonly MemberProfile[],
    now: number,
    newMemberWindows: readonly WorkWindow[] = DEFAULT_WORK_WINDOWS,
  ): void {
    this.db.transaction((tx) => {
      for (const p of profiles) {
        tx.insert(members)
          .values({ ...p, workingWindows: [...newMemberWindows], updatedAt: now })
          .onConflictDoUpdate({
            target: members.id,
            set: {
              teamId: p.teamId,
              name: p.name,
              displayName: p.displayName,
              realName: p.realName,
              timeZone: p.timeZone,
              isBot: p.isBot,
              isAdmin: p.isAdmin,
              isGuest: p.isGuest,
              slackStatusText: p.slackStatusText,
              slackStatusEmoji: p.slackStatusEmoji,
              slackStatusExpiresAt: p.slackStatusExpiresAt,
              deleted: p.deleted,
              slackUpdatedAt: p.slackUpdatedAt,
              updatedAt: now,
            },
            setWhere: sql`${members.slackUpdatedAt} is null or ${p.slackUpdatedAt ?? 0} >= ${members.slackUpdatedAt}`,
          })
          .run();
      }
    });
  }

  /** Mailroom's own settings for a person; fields left out keep their value. */
  saveSettings(
    id: string,
    settings: Partial<
      Pick<Member, 'timeZoneOverride' | 'workingWindows' | 'deliveryPreference' | 'awayUntil'>
    >,
    now: number,
  ): boolean {
    const result = this.db
      .update(members)
      .set({ ...settings, updatedAt: now })
      .where(eq(members.id, id))
      .run();
    return result.changes > 0;
  }

  /** Remembers that the person looked at their Home tab, so it is kept current for them. */
  /**
   * Mailroom's own settings of a person back to a newcomer's: `windows` for hours, Slack's time
   * zone, not away, requests as they come, no Home visit or DM remembered.
   */
  resetSettings(id: string, windows: readonly WorkWindow[], now: number): boolean {
    return (
      this.db
        .update(members)
        .set({
          workingWindows: [...windows],
          timeZoneOverride: null,
          awayUntil: null,
          deliveryPreference: 'immediate',
          homeOpenedAt: null,
          dmChannelId: null,
          updatedAt: now,
        })
        .where(eq(members.id, id))
        .run().changes > 0
    );
  }

  markHomeOpened(id: string, now: number): void {
    this.db.update(members).set({ homeOpenedAt: now }).where(eq(members.id, id)).run();
  }

  /** Of these people, those who opened their Home tab since `since`. */
  homeVisitorsAmong(ids: readonly string[], since: number): string[] {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: members.id })
      .from(members)
      .where(and(inArray(members.id, [...ids]), gte(members.homeOpenedAt, since)))
      .all()
      .map((row) => row.id);
  }

  rememberDmChannel(id: string, channelId: string): void {
    this.db.update(members).set({ dmChannelId: channelId }).where(eq(members.id, id)).run();
  }
}

/** Prepared once: /ask and the worker look members up on every request and send. */
function prepareById(db: Db) {
  return db
    .select()
    .from(members)
    .where(eq(members.id, sql.placeholder('id')))
    .prepare();
}
