import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { DecisionOption, DecisionStatus } from '../../features/decisions/domain/decision.js';
import type { InputKind } from '../../features/decisions/domain/input.js';
import type { FieldChange } from '../../features/decisions/domain/revisions.js';
import type { MeetingKind } from '../../features/meetings/domain/meeting-kind.js';
import type {
  MeetingSlot,
  MeetingState,
  VoteChoice,
} from '../../features/meetings/domain/meetings.js';
import type { DayOff, PromptMode } from '../../features/standups/domain/schedule.js';
import type {
  Destination,
  EntryStatus,
  MemberMode,
  StandupState,
} from '../../features/standups/domain/standup.js';
import type { DeliveryPreference } from '../domain/member.js';
import type { QueueItemKind, QueueState } from '../domain/queue.js';
import { DEFAULT_WORK_WINDOWS, type IsoWeekday, type WorkWindow } from '../domain/working-hours.js';

/** Instants are UTC epoch milliseconds everywhere. */
const instant = (name: string) => integer(name);
const now = sql`(unixepoch('subsec') * 1000)`;

export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id'),
    name: text('name').notNull(),
    displayName: text('display_name').notNull(),
    realName: text('real_name'),
    /** IANA name from Slack's `tz`; null for bots and some guests. */
    timeZone: text('time_zone'),
    /** Mailroom's own: the weekly windows in which this person receives queue items. */
    workingWindows: text('working_windows', { mode: 'json' })
      .$type<WorkWindow[]>()
      .notNull()
      .default(sql`'${sql.raw(JSON.stringify(DEFAULT_WORK_WINDOWS))}'`),
    /** Mailroom's own: a time zone the person chose over Slack's. */
    timeZoneOverride: text('time_zone_override'),
    /** Mailroom's own: away (nothing delivered) until this instant. */
    awayUntil: instant('away_until'),
    /** Mailroom's own: `immediate`, `digest` (one at the start of the day) or `both`. */
    deliveryPreference: text('delivery_preference')
      .$type<DeliveryPreference>()
      .notNull()
      .default('immediate'),
    /** Slack's status, from the directory: a vacation or sick status means away. */
    slackStatusText: text('slack_status_text'),
    slackStatusEmoji: text('slack_status_emoji'),
    slackStatusExpiresAt: instant('slack_status_expires_at'),
    /** When the person last opened Mailroom's Home tab: only recent visitors get it republished. */
    homeOpenedAt: instant('home_opened_at'),
    isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
    isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
    /** A single- or multi-channel guest (Slack's is_restricted / is_ultra_restricted). */
    isGuest: integer('is_guest', { mode: 'boolean' }).notNull().default(false),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    /** The bot's DM channel with this person, learned from the first delivery. */
    dmChannelId: text('dm_channel_id'),
    slackUpdatedAt: instant('slack_updated_at'),
    updatedAt: instant('updated_at').notNull().default(now),
  },
  (t) => [index('members_name_idx').on(t.name)],
);

export const queueItems = sqliteTable(
  'queue_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').$type<QueueItemKind>().notNull(),
    state: text('state').$type<QueueState>().notNull().default('queued'),
    recipientId: text('recipient_id').notNull(),
    requesterId: text('requester_id'),
    teamId: text('team_id'),
    channelId: text('channel_id'),
    threadTs: text('thread_ts'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    deliverAfter: instant('deliver_after').notNull(),
    /** The earliest instant the feature asked for, before working hours and away were applied. */
    notBefore: instant('not_before'),
    dueBy: instant('due_by'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    claimToken: text('claim_token'),
    claimedAt: instant('claimed_at'),
    /** When a worker first claimed the item: recovery looks for a posted message from here on. */
    firstClaimedAt: instant('first_claimed_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    deliveredChannel: text('delivered_channel'),
    deliveredTs: text('delivered_ts'),
    deliveredAt: instant('delivered_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('queue_items_due_idx').on(t.state, t.deliverAfter),
    index('queue_items_recipient_idx').on(t.recipientId, t.state),
    index('queue_items_due_by_idx').on(t.state, t.dueBy),
  ],
);

/** Events already handled, by Slack's event_id, so a retried or duplicated event has no second effect. */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  eventType: text('event_type').notNull(),
  status: text('status').$type<'processing' | 'done'>().notNull(),
  receivedAt: instant('received_at').notNull(),
});

/**
 * Signatures of Slack requests already accepted, kept for the five minutes in which Slack's
 * signature stays valid, so a replayed request has no second effect, across restarts too.
 */
export const seenRequests = sqliteTable(
  'seen_requests',
  {
    signature: text('signature').primaryKey(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [index('seen_requests_received_idx').on(t.receivedAt)],
);

/**
 * The modals Mailroom opened, with the person they were opened for: a payload's view id is a
 * claim, and Mailroom updates only a modal it opened for the sender. Kept across restarts, so
 * that a modal open during one still works after it.
 */
export const openedViews = sqliteTable(
  'opened_views',
  {
    viewId: text('view_id').primaryKey(),
    userId: text('user_id').notNull(),
    openedAt: instant('opened_at').notNull(),
  },
  (t) => [index('opened_views_opened_idx').on(t.openedAt)],
);

/** Small facts the app keeps between runs, such as when the directory was last synced. */
export const appState = sqliteTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instant('updated_at').notNull().default(now),
});

/** Channels Mailroom has seen, with who is in them: the basis of search visibility. */
export const channels = sqliteTable('channels', {
  id: text('id').primaryKey(),
  name: text('name'),
  isPrivate: integer('is_private', { mode: 'boolean' }).notNull().default(false),
  isIm: integer('is_im', { mode: 'boolean' }).notNull().default(false),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
  membersSyncedAt: instant('members_synced_at'),
  updatedAt: instant('updated_at').notNull().default(now),
});

export const channelMembers = sqliteTable(
  'channel_members',
  {
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.memberId] }),
    index('channel_members_member_idx').on(t.memberId),
  ],
);

/** The knowledge base: imported docs, saved Slack messages, written docs, answered questions, decisions. */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    source: text('source').$type<DocumentSource>().notNull(),
    /** Where it came from, stable across re-imports (file path, channel+ts, question id). */
    sourceKey: text('source_key').unique(),
    contentHash: text('content_hash').notNull(),
    authorId: text('author_id'),
    url: text('url'),
    channelId: text('channel_id'),
    /**
     * `public`: anyone may find it; `channel`: only members of channelId may; `people`: only the
     * people listed in document_readers may.
     */
    visibility: text('visibility').$type<DocumentVisibility>().notNull().default('public'),
    /** For a decision: proposed, accepted, superseded or reversed. */
    status: text('status'),
    /** The document that replaces this one (a decision superseded by another): search shows it first. */
    supersededById: integer('superseded_by_id'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('documents_channel_idx').on(t.channelId)],
);

export type DocumentSource = 'import' | 'message' | 'written' | 'answer' | 'decision';
export type DocumentVisibility = 'public' | 'channel' | 'people';

/** Who may find a document of visibility `people` (a decision kept for its owners and consulted). */
export const documentReaders = sqliteTable(
  'document_readers',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.memberId] }),
    index('document_readers_member_idx').on(t.memberId),
  ],
);

/**
 * The raw Markdown file behind each imported document, by hash: a file whose bytes did not
 * change (and whose document still holds what it produced) is skipped without being parsed.
 */
export const importedFiles = sqliteTable('imported_files', {
  sourceKey: text('source_key').primaryKey(),
  fileHash: text('file_hash').notNull(),
  /** The document's contentHash right after this file was imported. */
  contentHash: text('content_hash').notNull(),
});

/** Other wordings people used for a document ("This answers it"), searched with it. */
export const documentAliases = sqliteTable(
  'document_aliases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    userId: text('user_id'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('document_aliases_doc_text_idx').on(t.documentId, t.text)],
);

/**
 * The search vocabulary: every word of the knowledge base (lower-case, unstemmed, Latin
 * accents folded; bigrams of CJK, Thai and Korean text; joined hyphenated words) with the
 * number of documents containing it (title, body or an alias). Kept by KnowledgeRepository
 * in the same transaction as the document; typo correction and query planning read it.
 */
export const searchWords = sqliteTable('search_words', {
  word: text('word').primaryKey(),
  documents: integer('documents').notNull(),
});

/** Who answers what: a topic keyword or a channel, mapped to people, set by admins. */
export const topicExperts = sqliteTable(
  'topic_experts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').$type<'keyword' | 'channel'>().notNull(),
    /** A lower-case keyword, or a channel id. */
    topic: text('topic').notNull(),
    memberId: text('member_id').notNull(),
    addedBy: text('added_by'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('topic_experts_unique_idx').on(t.kind, t.topic, t.memberId)],
);

/**
 * The team glossary, kept by admins: a term (an abbreviation, a bit of jargon) and what it
 * means; searches find either through the other. `termKey` is the term lower-cased with single
 * spaces, one entry per term.
 */
export const glossaryEntries = sqliteTable(
  'glossary_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    term: text('term').notNull(),
    termKey: text('term_key').notNull(),
    expansion: text('expansion').notNull(),
    addedBy: text('added_by'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('glossary_entries_term_key_idx').on(t.termKey)],
);

/**
 * A question asked with /ask, kept from the moment it is typed: `draft` (shown the docs),
 * `open` (with an expert), `answered` (by a person or by a document), `cancelled` (followed another).
 */
export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    askerId: text('asker_id').notNull(),
    text: text('text').notNull(),
    channelId: text('channel_id'),
    /** The thread it was asked in (an @mention, the "Ask Mailroom" shortcut): its answer goes there too. */
    threadTs: text('thread_ts'),
    /** How it was asked: `/ask`, an @mention, or the shortcut on someone's message. */
    askedVia: text('asked_via')
      .$type<'command' | 'mention' | 'shortcut'>()
      .notNull()
      .default('command'),
    /** The message that asked it (mention or shortcut): one question per message. */
    messageTs: text('message_ts'),
    /** Who used the shortcut, when it was not the asker. */
    requestedBy: text('requested_by'),
    state: text('state')
      .$type<'draft' | 'open' | 'answered' | 'cancelled'>()
      .notNull()
      .default('open'),
    /** The experts to try, in order, with why each was chosen. */
    route: text('route', { mode: 'json' })
      .$type<{ memberId: string; reason: string }[]>()
      .notNull(),
    routeIndex: integer('route_index').notNull().default(0),
    answerText: text('answer_text'),
    answeredBy: text('answered_by'),
    answeredAt: instant('answered_at'),
    documentId: integer('document_id').references(() => documents.id, { onDelete: 'set null' }),
    /** When no expert was left and the question was put to its channel, whose members may then answer. */
    askedInChannelAt: instant('asked_in_channel_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('questions_state_idx').on(t.state),
    index('questions_message_idx').on(t.channelId, t.messageTs),
  ],
);

/** People waiting for a question's answer: the asker and everyone who followed it. */
export const questionFollowers = sqliteTable(
  'question_followers',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    channelId: text('channel_id'),
    threadTs: text('thread_ts'),
    /** The follower's own question, cancelled when they followed this one: its wording becomes an alias of the answer. */
    draftQuestionId: integer('draft_question_id').references(() => questions.id, {
      onDelete: 'set null',
    }),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.userId] })],
);

/**
 * A decision logged with /decision: why, the options, what was chosen at what cost. It belongs
 * to the conversation it is posted in (channelId), or to nobody but its owners and the people
 * consulted (channelId null). Its text is also a knowledge-base document (documentId).
 */
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    why: text('why').notNull(),
    options: text('options', { mode: 'json' }).$type<DecisionOption[]>().notNull(),
    chosen: text('chosen').notNull(),
    tradeOff: text('trade_off').notNull().default(''),
    status: text('status').$type<DecisionStatus>().notNull(),
    loggedBy: text('logged_by').notNull(),
    channelId: text('channel_id'),
    /** The message in channelId that shows it, once posted. */
    messageTs: text('message_ts'),
    permalink: text('permalink'),
    /** Why it could not be posted (Slack's error, such as not_in_channel); null once posted. */
    postProblem: text('post_problem'),
    /** The message it was logged from ("Log a decision" on a message), and its thread's link. */
    contextChannelId: text('context_channel_id'),
    contextTs: text('context_ts'),
    contextPermalink: text('context_permalink'),
    contextText: text('context_text'),
    /** A local date, YYYY-MM-DD: the owners are asked then to confirm, revise or supersede it. */
    revisitOn: text('revisit_on'),
    /** The revisit date whose reminders were queued, so each date is asked about once. */
    revisitQueuedOn: text('revisit_queued_on'),
    supersedesId: integer('supersedes_id'),
    supersededById: integer('superseded_by_id'),
    documentId: integer('document_id').references(() => documents.id, { onDelete: 'set null' }),
    /** When it became accepted. */
    decidedAt: instant('decided_at'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('decisions_channel_idx').on(t.channelId, t.createdAt),
    index('decisions_revisit_idx').on(t.revisitOn),
  ],
);

/** Who owns a decision, and who was consulted. */
export const decisionPeople = sqliteTable(
  'decision_people',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    role: text('role').$type<'owner' | 'consulted'>().notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.role, t.memberId] }),
    index('decision_people_member_idx').on(t.memberId),
  ],
);

/** Follow-up tasks: each has an owner and maybe a due date; cancelled ones are kept. */
export const decisionFollowUps = sqliteTable(
  'decision_follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    ownerId: text('owner_id').notNull(),
    dueOn: text('due_on'),
    state: text('state').$type<'open' | 'done' | 'cancelled'>().notNull().default('open'),
    doneBy: text('done_by'),
    doneAt: instant('done_at'),
  },
  (t) => [index('decision_follow_ups_decision_idx').on(t.decisionId)],
);

/** Agree, Object (with a reason) and Comment: all of it stays part of the record. */
export const decisionInputs = sqliteTable(
  'decision_inputs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    kind: text('kind').$type<InputKind>().notNull(),
    text: text('text').notNull().default(''),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('decision_inputs_decision_idx').on(t.decisionId)],
);

/** Every change to a decision: who, when, what changed (nothing is overwritten silently). */
export const decisionRevisions = sqliteTable(
  'decision_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** logged, edited, accepted, superseded, reversed, confirmed, posted, follow_up_done. */
    change: text('change').notNull(),
    fields: text('fields', { mode: 'json' }).$type<FieldChange[]>().notNull(),
    note: text('note'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('decision_revisions_decision_idx').on(t.decisionId)],
);

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
