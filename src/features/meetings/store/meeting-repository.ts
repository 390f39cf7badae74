import { and, asc, desc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import {
  type Meeting,
  type MeetingState,
  OPEN_MEETING_STATES,
  type Vote,
  type VoteChoice,
} from '../domain/meetings.js';
import { meetings, meetingVotes } from './schema.js';

type Row = typeof meetings.$inferSelect;

export type NewMeeting = Omit<Meeting, 'id' | 'createdAt' | 'updatedAt'>;

export type MeetingPatch = Partial<
  Pick<
    Meeting,
    | 'agenda'
    | 'outcome'
    | 'kind'
    | 'state'
    | 'durationMinutes'
    | 'slots'
    | 'sharedMinutes'
    | 'closesAt'
    | 'expiresAt'
    | 'confirmedSlot'
    | 'pollTs'
  >
>;

const toMeeting = (row: Row): Meeting => row;

/** Meetings and their votes. Every state change is one conditional UPDATE on the state it was read in. */
export class MeetingRepository {
  constructor(private readonly db: Db) {}

  create(meeting: NewMeeting, now: number): Meeting {
    const row = this.db
      .insert(meetings)
      .values({ ...meeting, createdAt: now, updatedAt: now })
      .returning()
      .get();
    return toMeeting(row);
  }

  get(id: number): Meeting | undefined {
    const row = this.db.select().from(meetings).where(eq(meetings.id, id)).get();
    return row && toMeeting(row);
  }

  /** Applies `patch` if the meeting is still in one of `from`; undefined when it moved on. */
  update(
    id: number,
    from: readonly MeetingState[],
    patch: MeetingPatch,
    now: number,
  ): Meeting | undefined {
    const row = this.db
      .update(meetings)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(meetings.id, id), inArray(meetings.state, [...from])))
      .returning()
      .get();
    return row && toMeeting(row);
  }

  /** Records a vote, replacing the voter's earlier one on the same slot. */
  recordVote(
    meetingId: number,
    vote: { voterId: string; slotIndex: number; choice: VoteChoice },
    now: number,
  ): void {
    this.db
      .insert(meetingVotes)
      .values({ meetingId, ...vote, votedAt: now })
      .onConflictDoUpdate({
        target: [meetingVotes.meetingId, meetingVotes.voterId, meetingVotes.slotIndex],
        set: { choice: vote.choice, votedAt: now },
      })
      .run();
  }

  votes(meetingId: number): Vote[] {
    return this.db
      .select({
        voterId: meetingVotes.voterId,
        slotIndex: meetingVotes.slotIndex,
        choice: meetingVotes.choice,
        votedAt: meetingVotes.votedAt,
      })
      .from(meetingVotes)
      .where(eq(meetingVotes.meetingId, meetingId))
      .orderBy(asc(meetingVotes.votedAt), asc(meetingVotes.voterId))
      .all();
  }

  /** Votes whose closing time has come. */
  dueToClose(now: number, limit = 100): Meeting[] {
    return this.db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.state, 'voting'),
          isNotNull(meetings.closesAt),
          lte(meetings.closesAt, now),
        ),
      )
      .orderBy(asc(meetings.closesAt))
      .limit(limit)
      .all()
      .map(toMeeting);
  }

  /** Open meetings whose every slot (or whose window) has passed. */
  dueToExpire(now: number, limit = 100): Meeting[] {
    return this.db
      .select()
      .from(meetings)
      .where(and(inArray(meetings.state, [...OPEN_MEETING_STATES]), lte(meetings.expiresAt, now)))
      .orderBy(asc(meetings.expiresAt))
      .limit(limit)
      .all()
      .map(toMeeting);
  }

  /**
   * What a person proposed and is not over: open ones, and confirmed ones whose slot is still
   * ahead (a confirmed meeting's `expiresAt` is its end), newest first.
   */
  proposedBy(requesterId: string, now: number, limit: number): Meeting[] {
    return this.db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.requesterId, requesterId),
          sql`(${inArray(meetings.state, [...OPEN_MEETING_STATES])} or (${meetings.state} = 'confirmed' and ${meetings.expiresAt} > ${now}))`,
        ),
      )
      .orderBy(desc(meetings.createdAt), desc(meetings.id))
      .limit(limit)
      .all()
      .map(toMeeting);
  }

  /** The group's confirmed social meetings: what the fairness ledger counts. */
  confirmedSocial(groupKey: string): Meeting[] {
    return this.db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.groupKey, groupKey),
          eq(meetings.state, 'confirmed'),
          eq(meetings.kind, 'social'),
        ),
      )
      .orderBy(asc(meetings.id))
      .all()
      .map(toMeeting);
  }
}
