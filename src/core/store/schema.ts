/**
 * The core's tables. Each capability keeps its own tables in its `store/schema.ts`, which may
 * refer to these; drizzle.config.ts reads them all, so migrations cover every table.
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import type { AuditAction } from '../domain/audit.js';
import type { DeliveryPreference } from '../domain/member.js';
import type { QueueItemKind, QueueState } from '../domain/queue.js';
import type {
  ConcernState,
  ReviewClosedWhy,
  ReviewerState,
  ReviewState,
} from '../domain/review.js';
import {
  DEFAULT_WORK_WINDOWS,
  type WorkingHours,
  type WorkWindow,
} from '../domain/working-hours.js';
import type { AwayPeriod } from '../domain/working-time.js';

/** Instants are UTC epoch milliseconds everywhere. */
export const instant = (name: string) => integer(name);
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
export const processedEvents = sqliteTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    eventType: text('event_type').notNull(),
    status: text('status').$type<'processing' | 'done'>().notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  // Retention deletes by age every minute; without it, each pass reads the whole table.
  (t) => [index('processed_events_received_idx').on(t.receivedAt)],
);

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

/** The knowledge base: imported docs, saved Slack messages, written docs, answered questions, decisions, plans. */
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

export type DocumentSource = 'import' | 'message' | 'written' | 'answer' | 'decision' | 'plan';
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
 * "This answers it" as a ranking signal: who confirmed which document answers a wording (the
 * question's searched words, normalised), and when they last did. One row per person, wording
 * and document; deleted with the document, and with the person's data when they are forgotten.
 */
export const answerConfirmations = sqliteTable(
  'answer_confirmations',
  {
    wording: text('wording').notNull(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    confirmedAt: instant('confirmed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.wording, t.documentId, t.memberId] }),
    index('answer_confirmations_member_idx').on(t.memberId),
  ],
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
 * The audit trail: who changed experts, the glossary or the team settings, and each run of the
 * member export and forget tools; when, and what it was before and after. `actor` is a Slack
 * user id, or `shell:<OS user>` for a command-line tool. Entries are only ever added.
 */
export const auditEntries = sqliteTable(
  'audit_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').$type<AuditAction>().notNull(),
    /** What the change is about: a topic, a glossary term, a member's id; null for the team settings. */
    subject: text('subject'),
    before: text('before', { mode: 'json' }).$type<unknown>(),
    after: text('after', { mode: 'json' }).$type<unknown>(),
  },
  (t) => [index('audit_entries_at_idx').on(t.at), index('audit_entries_subject_idx').on(t.subject)],
);

/**
 * Reviews of objects that capabilities own (a decision, a plan's stage), named by kind and id:
 * the core keeps the reviewers, their windows, the informed people and the concerns.
 */
export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    objectKind: text('object_kind').notNull(),
    objectId: integer('object_id').notNull(),
    ownerId: text('owner_id').notNull(),
    windowHours: integer('window_hours').notNull(),
    state: text('state').$type<ReviewState>().notNull().default('open'),
    startedAt: instant('started_at').notNull(),
    /** The last reviewer's window end that ends at all: the owner hears then who stayed silent. */
    windowEndsAt: instant('window_ends_at').notNull(),
    acceptedAt: instant('accepted_at'),
    /** Who had not answered when the owner accepted. */
    silentAtAcceptance: text('silent_at_acceptance', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    /** Closed without being accepted: when, and why (its object rejected, superseded, …). */
    closedAt: instant('closed_at'),
    closedWhy: text('closed_why').$type<ReviewClosedWhy>(),
  },
  (t) => [index('reviews_object_idx').on(t.objectKind, t.objectId)],
);

export const reviewReviewers = sqliteTable(
  'review_reviewers',
  {
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
    state: text('state').$type<ReviewerState>().notNull().default('pending'),
    windowStartsAt: instant('window_starts_at'),
    /** Null when their window never ends: away with no end date. */
    windowEndsAt: instant('window_ends_at'),
    remindAt: instant('remind_at'),
    awayWhy: text('away_why'),
    answeredAt: instant('answered_at'),
    /**
     * How their window was last laid out: from this instant, on these hours and away periods,
     * with `spentMs` of it already used. A change of their hours or away counts what was spent
     * on the old ones, and lays the rest on the new.
     */
    plannedFrom: instant('planned_from'),
    spentMs: integer('spent_ms').notNull().default(0),
    plannedHours: text('planned_hours', { mode: 'json' }).$type<WorkingHours>(),
    plannedAway: text('planned_away', { mode: 'json' }).$type<AwayPeriod[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.memberId] }),
    index('review_reviewers_member_idx').on(t.memberId),
  ],
);

/** People told of the review's outcome; they do not review. */
export const reviewInformed = sqliteTable(
  'review_informed',
  {
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    memberId: text('member_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.memberId] })],
);

/** Every concern raised in a review and how it ended: the record. */
export const reviewConcerns = sqliteTable(
  'review_concerns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id').notNull(),
    reason: text('reason').notNull(),
    state: text('state').$type<ConcernState>().notNull().default('open'),
    answer: text('answer'),
    answeredAt: instant('answered_at'),
    overrideReason: text('override_reason'),
    resolvedAt: instant('resolved_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('review_concerns_review_idx').on(t.reviewId)],
);

/**
 * An object whose last owner left the workspace, offered to the people who may take it over:
 * the first of them to accept becomes its owner. One offer per object and leaver.
 */
export const ownershipOffers = sqliteTable(
  'ownership_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    objectKind: text('object_kind').notNull(),
    objectId: integer('object_id').notNull(),
    leaverId: text('leaver_id').notNull(),
    candidateIds: text('candidate_ids', { mode: 'json' }).$type<string[]>().notNull(),
    takenBy: text('taken_by'),
    takenAt: instant('taken_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ownership_offers_object_leaver_idx').on(t.objectKind, t.objectId, t.leaverId),
    index('ownership_offers_leaver_idx').on(t.leaverId),
  ],
);
