import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { IsoWeekday } from '../../../core/domain/local-time.js';
import { instant } from '../../../core/store/schema.js';
import type { DayOff, PromptMode } from '../domain/schedule.js';
import type { Destination, EntryStatus, MemberMode, StandupState } from '../domain/standup.js';

/** A standup in a channel: what it asks, when, of whom, where the answers go. */
export const standups = sqliteTable(
  'standups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: text('channel_id').notNull(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    questions: text('questions', { mode: 'json' }).$type<string[]>().notNull(),
    asksBlockers: integer('asks_blockers', { mode: 'boolean' }).notNull().default(true),
    days: text('days', { mode: 'json' }).$type<IsoWeekday[]>().notNull(),
    promptMode: text('prompt_mode').$type<PromptMode>().notNull(),
    /** Minutes after local midnight (unused at the start of each working day). */
    promptMinute: integer('prompt_minute').notNull(),
    /** Names the day's thread and sets the report time. */
    teamZone: text('team_zone').notNull(),
    reportMinute: integer('report_minute').notNull(),
    memberMode: text('member_mode').$type<MemberMode>().notNull(),
    destination: text('destination').$type<Destination>().notNull(),
    reminderAfterMinutes: integer('reminder_after_minutes'),
    /** Dates nobody is asked, each with its label (a bank holiday, an offsite). */
    daysOff: text('days_off', { mode: 'json' }).$type<DayOff[]>().notNull().default([]),
    /** Every other week from this Monday (YYYY-MM-DD); null: every week. */
    everyOtherWeekFrom: text('every_other_week_from'),
    state: text('state').$type<StandupState>().notNull().default('active'),
    /** Why Mailroom paused it by itself (the channel was archived, Mailroom removed from it). */
    pausedReason: text('paused_reason'),
    /** The next report, found by the minute tick through its index; null while paused. */
    nextReportAt: instant('next_report_at'),
    nextReportDate: text('next_report_date'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('standups_channel_idx').on(t.channelId),
    index('standups_next_report_idx').on(t.nextReportAt),
  ],
);

/**
 * Who a standup asks, each with their next prompt: the minute tick finds who is due through the
 * index on next_prompt_at (null while the standup is paused or the person has no prompt day).
 */
export const standupMembers = sqliteTable(
  'standup_members',
  {
    standupId: integer('standup_id')
      .notNull()
      .references(() => standups.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    nextPromptAt: instant('next_prompt_at'),
    /** The date (YYYY-MM-DD) the next prompt is for. */
    nextPromptDate: text('next_prompt_date'),
    /** The last date asked (or settled without asking): never asked again. */
    lastPromptDate: text('last_prompt_date'),
    /** The zone the next prompt was computed in, to notice a change of zone. */
    scheduledZone: text('scheduled_zone'),
    /** Asked at the start of their working day, whatever the standup's set time (a night shift). */
    promptAtWorkStart: integer('prompt_at_work_start', { mode: 'boolean' })
      .notNull()
      .default(false),
    joinedAt: instant('joined_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.standupId, t.memberId] }),
    index('standup_members_due_idx').on(t.nextPromptAt),
    index('standup_members_member_idx').on(t.memberId),
  ],
);

/** One member's standup on one date: asked, answered, skipped, away or missed. */
export const standupEntries = sqliteTable(
  'standup_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    standupId: integer('standup_id')
      .notNull()
      .references(() => standups.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    /** The member's local date (the team's in team-zone mode), YYYY-MM-DD. */
    date: text('date').notNull(),
    status: text('status').$type<EntryStatus>().notNull(),
    /** When the member is (or was) asked. */
    promptAt: instant('prompt_at').notNull(),
    /** When answers (late ones, edits) for this date close: the member's next prompt. */
    closesAt: instant('closes_at').notNull(),
    /** The one reminder, if still due; found through its index. */
    remindAt: instant('remind_at'),
    promptItemId: integer('prompt_item_id'),
    answers: text('answers', { mode: 'json' }).$type<string[]>(),
    blockerText: text('blocker_text'),
    blockerOwnerId: text('blocker_owner_id'),
    answeredAt: instant('answered_at'),
    /** The member's zone when they answered: their local time is shown with the answer. */
    answeredZone: text('answered_zone'),
    /** The answer's message in the channel, once posted. */
    postedTs: text('posted_ts'),
    /**
     * When the answer (or its edit) is to be posted in the channel: now for an answer, the
     * prompt's time for one given early; null once posted, or while it waits for the summary.
     */
    postDueAt: instant('post_due_at'),
    /** When the day closed for this member (their next prompt came): its DMs were settled. */
    closedAt: instant('closed_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('standup_entries_member_date_idx').on(t.standupId, t.memberId, t.date),
    index('standup_entries_day_idx').on(t.standupId, t.date),
    index('standup_entries_remind_idx').on(t.remindAt),
    index('standup_entries_post_idx').on(t.postDueAt),
    index('standup_entries_open_idx').on(t.closedAt, t.closesAt),
  ],
);

/** A standup's day in its channel: the daily message (or summary) and the report. */
export const standupDays = sqliteTable(
  'standup_days',
  {
    standupId: integer('standup_id')
      .notNull()
      .references(() => standups.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    /** The daily message (thread mode) or the summary: answers go in its thread. */
    threadTs: text('thread_ts'),
    reportTs: text('report_ts'),
    reportedAt: instant('reported_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.standupId, t.date] })],
);

/** A blocker from a standup answer, held by whoever can unblock it until it is resolved. */
export const standupBlockers = sqliteTable(
  'standup_blockers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    standupId: integer('standup_id')
      .notNull()
      .references(() => standups.id, { onDelete: 'cascade' }),
    entryId: integer('entry_id').references(() => standupEntries.id, { onDelete: 'set null' }),
    fromMemberId: text('from_member_id').notNull(),
    text: text('text').notNull(),
    /** Who holds it now: the person named, else the standup's owner. */
    ownerId: text('owner_id').notNull(),
    state: text('state').$type<'open' | 'resolved' | 'withdrawn'>().notNull().default('open'),
    /** The date of the answer it came from. */
    date: text('date').notNull(),
    queueItemId: integer('queue_item_id'),
    resolvedBy: text('resolved_by'),
    resolvedAt: instant('resolved_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('standup_blockers_open_idx').on(t.standupId, t.state),
    index('standup_blockers_entry_idx').on(t.entryId),
  ],
);
