import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { documents, instant } from '../../../core/store/schema.js';
import type { DecisionOption, DecisionStatus } from '../domain/decision.js';
import type { InputKind } from '../domain/input.js';
import type { FieldChange } from '../domain/revisions.js';

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
    /** Why the chosen option was chosen. */
    chosenBecause: text('chosen_because').notNull().default(''),
    /** The trade-off accepted, as decisions logged before consequences were kept name it. */
    tradeOff: text('trade_off').notNull().default(''),
    /** The forces and concerns the choice had to answer (MADR's decision drivers). */
    drivers: text('drivers', { mode: 'json' }).$type<string[]>().notNull().default([]),
    goodConsequences: text('good_consequences', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default([]),
    badConsequences: text('bad_consequences', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default([]),
    /** How compliance with the decision will be checked. */
    confirmation: text('confirmation').notNull().default(''),
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
    /**
     * Its number in the export, fixed the first time it is exported: public decisions are
     * numbered in one sequence (0001), private ones in their own (P-0001), so the public files
     * show no gap where a private decision is.
     */
    publicNumber: integer('public_number'),
    privateNumber: integer('private_number'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('decisions_channel_idx').on(t.channelId, t.createdAt),
    index('decisions_revisit_idx').on(t.revisitOn),
    uniqueIndex('decisions_public_number_idx').on(t.publicNumber),
    uniqueIndex('decisions_private_number_idx').on(t.privateNumber),
  ],
);

/** Who owns a decision, who was consulted, and who is informed of its outcome. */
export const decisionPeople = sqliteTable(
  'decision_people',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    role: text('role').$type<'owner' | 'consulted' | 'informed'>().notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.role, t.memberId] }),
    index('decision_people_member_idx').on(t.memberId),
  ],
);

/** A decision's tags: single lower-case words, to filter lists and searches by. */
export const decisionTags = sqliteTable(
  'decision_tags',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.tag] }), index('decision_tags_tag_idx').on(t.tag)],
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
