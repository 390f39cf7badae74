import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from '../../../core/store/schema.js';
import type { MeetingKind } from '../domain/meeting-kind.js';
import type { MeetingSlot, MeetingState, VoteChoice } from '../domain/meetings.js';

/** Meeting requests made with /meet, from the first proposal to the confirmed slot. */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requesterId: text('requester_id').notNull(),
    teamId: text('team_id'),
    topic: text('topic').notNull(),
    agenda: text('agenda'),
    outcome: text('outcome'),
    /** `transactional` or `social`: what Mailroom suggested unless the requester switched it. */
    kind: text('kind').$type<MeetingKind>().notNull(),
    suggestedKind: text('suggested_kind').$type<MeetingKind>().notNull(),
    kindReasons: text('kind_reasons', { mode: 'json' }).$type<string[]>().notNull(),
    state: text('state').$type<MeetingState>().notNull().default('draft'),
    durationMinutes: integer('duration_minutes').notNull(),
    durationChosen: integer('duration_chosen', { mode: 'boolean' }).notNull().default(false),
    windowStart: instant('window_start').notNull(),
    windowEnd: instant('window_end').notNull(),
    /** Everyone taking part, the requester first. */
    participantIds: text('participant_ids', { mode: 'json' }).$type<string[]>().notNull(),
    /** The channel whose members were invited. */
    channelId: text('channel_id'),
    /** Where /meet was used. */
    originChannelId: text('origin_channel_id'),
    /** The channel, or the set of people, whose past social meetings the fairness ledger counts. */
    groupKey: text('group_key').notNull(),
    /** A big group votes in one poll in this channel instead of one by one. */
    pollChannelId: text('poll_channel_id'),
    pollTs: text('poll_ts'),
    /** The proposed slots, best first, with who is outside their hours in each and how far. */
    slots: text('slots', { mode: 'json' }).$type<MeetingSlot[]>().notNull().default(sql`'[]'`),
    sharedMinutes: integer('shared_minutes'),
    closesAt: instant('closes_at'),
    expiresAt: instant('expires_at').notNull(),
    confirmedSlot: integer('confirmed_slot'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('meetings_closes_idx').on(t.state, t.closesAt),
    index('meetings_expires_idx').on(t.state, t.expiresAt),
    index('meetings_requester_idx').on(t.requesterId, t.state),
    index('meetings_group_idx').on(t.groupKey, t.state),
  ],
);

/** Each voter's works / could do / can't, per slot of a meeting; a later vote replaces an earlier one. */
export const meetingVotes = sqliteTable(
  'meeting_votes',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    voterId: text('voter_id').notNull(),
    slotIndex: integer('slot_index').notNull(),
    choice: text('choice').$type<VoteChoice>().notNull(),
    votedAt: instant('voted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.voterId, t.slotIndex] })],
);
