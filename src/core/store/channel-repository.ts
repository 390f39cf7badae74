import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { channelMembers, channels } from './schema.js';

export interface ChannelRecord {
  id: string;
  name: string | null;
  isPrivate: boolean;
  isIm: boolean;
  archived: boolean;
  deleted: boolean;
}

/**
 * Channels Mailroom has seen and who is in them. Search visibility rests on it: a document
 * from a private channel or a DM is shown only to that conversation's members.
 */
export class ChannelRepository {
  private readonly channelIdsOf: ReturnType<typeof prepareChannelIdsOf>;

  constructor(private readonly db: Db) {
    this.channelIdsOf = prepareChannelIdsOf(db);
  }

  get(id: string): ChannelRecord | undefined {
    const row = this.db.select().from(channels).where(eq(channels.id, id)).get();
    if (!row) return undefined;
    const { membersSyncedAt: _synced, updatedAt: _updated, ...record } = row;
    return record;
  }

  upsert(channel: Omit<ChannelRecord, 'deleted'> & { deleted?: boolean }, now: number): void {
    const values = { ...channel, deleted: channel.deleted ?? false, updatedAt: now };
    this.db
      .insert(channels)
      .values(values)
      .onConflictDoUpdate({ target: channels.id, set: values })
      .run();
  }

  /** Replaces the member list with a fresh one from conversations.members. */
  setMembers(channelId: string, memberIds: readonly string[], now: number): void {
    this.db.transaction((tx) => {
      tx.insert(channels)
        .values({ id: channelId, isPrivate: true, updatedAt: now })
        .onConflictDoNothing()
        .run();
      tx.delete(channelMembers).where(eq(channelMembers.channelId, channelId)).run();
      for (const memberId of new Set(memberIds)) {
        tx.insert(channelMembers).values({ channelId, memberId }).run();
      }
      tx.update(channels).set({ membersSyncedAt: now }).where(eq(channels.id, channelId)).run();
    });
  }

  /**
   * Claims a question to Slack about a known conversation's members: true when its members were
   * last read (or asked about) at least `minIntervalMs` ago, whoever asked. A conversation Mailroom has no row
   * for is never claimed, so ids nobody has seen cannot make Mailroom ask Slack.
   */
  claimMembersRecheck(channelId: string, now: number, minIntervalMs: number): boolean {
    const result = this.db
      .update(channels)
      .set({ membersSyncedAt: now })
      .where(
        and(
          eq(channels.id, channelId),
          or(isNull(channels.membersSyncedAt), lte(channels.membersSyncedAt, now - minIntervalMs)),
        ),
      )
      .run();
    return result.changes > 0;
  }

  /**
   * Records one membership fact (a join event, or someone using a command in the channel). A
   * conversation seen for the first time this way counts as private until Slack describes it.
   */
  addMember(channelId: string, memberId: string, now: number): void {
    this.db
      .insert(channels)
      .values({ id: channelId, isPrivate: true, updatedAt: now })
      .onConflictDoNothing()
      .run();
    this.db.insert(channelMembers).values({ channelId, memberId }).onConflictDoNothing().run();
  }

  removeMember(channelId: string, memberId: string): void {
    this.db
      .delete(channelMembers)
      .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.memberId, memberId)))
      .run();
  }

  setArchived(channelId: string, archived: boolean, now: number): void {
    this.db
      .update(channels)
      .set({ archived, updatedAt: now })
      .where(eq(channels.id, channelId))
      .run();
  }

  markDeleted(channelId: string, now: number): void {
    this.db
      .update(channels)
      .set({ deleted: true, updatedAt: now })
      .where(eq(channels.id, channelId))
      .run();
  }

  /** The ids of the conversations with this name (`general`, without `#`). */
  idsNamed(name: string): string[] {
    return this.db
      .select({ id: channels.id })
      .from(channels)
      .where(eq(channels.name, name))
      .all()
      .map((row) => row.id);
  }

  /** The conversations this person is known to be in. */
  channelsOf(memberId: string): string[] {
    return this.channelIdsOf.all({ memberId }).map((row) => row.id);
  }

  /** Who is known to be in the conversation. */
  membersOf(channelId: string): string[] {
    return this.db
      .select({ id: channelMembers.memberId })
      .from(channelMembers)
      .where(eq(channelMembers.channelId, channelId))
      .all()
      .map((row) => row.id);
  }

  isMember(channelId: string, memberId: string): boolean {
    return (
      this.db
        .select({ id: channelMembers.channelId })
        .from(channelMembers)
        .where(and(eq(channelMembers.channelId, channelId), eq(channelMembers.memberId, memberId)))
        .get() !== undefined
    );
  }
}

/** Prepared once: every search and every authorization check asks it. */
function prepareChannelIdsOf(db: Db) {
  return db
    .select({ id: channelMembers.channelId })
    .from(channelMembers)
    .where(eq(channelMembers.memberId, sql.placeholder('memberId')))
    .prepare();
}
