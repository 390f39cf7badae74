import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant } from '../../../core/store/schema.js';
import type { Stage, StageContent, StageState } from '../domain/plan.js';
import type { TaskState } from '../domain/who.js';

/**
 * A plan started with /plan: its owner, the channel it belongs to and is shown in (one
 * message, kept current), and a target date. Its stages are in plan_stages.
 */
export const plans = sqliteTable(
  'plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    ownerId: text('owner_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** YYYY-MM-DD. */
    targetDate: text('target_date').notNull(),
    /** The plan's message in its channel, once posted. */
    messageTs: text('message_ts'),
    permalink: text('permalink'),
    /** Why its message could not be posted (Slack's error); null once posted. */
    postProblem: text('post_problem'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('plans_owner_idx').on(t.ownerId, t.createdAt),
    index('plans_channel_idx').on(t.channelId),
  ],
);

/**
 * A stage of a plan (why, what, how): its state, its reviewers, and its own message in the
 * channel, whose thread holds its revisions, reviews and concerns. Its id is what the core's
 * reviews name (kind plan_stage).
 */
export const planStages = sqliteTable(
  'plan_stages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    stage: text('stage').$type<Stage>().notNull(),
    state: text('state').$type<StageState>().notNull(),
    reviewerIds: text('reviewer_ids', { mode: 'json' }).$type<string[]>().notNull(),
    /** What the form starts from before a first revision (a goal taken from a message). */
    draft: text('draft', { mode: 'json' }).$type<Record<string, string>>(),
    /** Its latest revision's number; 0 before the first. */
    revision: integer('revision').notNull().default(0),
    messageTs: text('message_ts'),
    permalink: text('permalink'),
    /** Reviewers who said it still holds since it became to re-check. */
    confirmedIds: text('confirmed_ids', { mode: 'json' }).$type<string[]>().notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('plan_stages_plan_stage_idx').on(t.planId, t.stage)],
);

/** Every version of a stage its owner submitted: nothing is overwritten. */
export const planRevisions = sqliteTable(
  'plan_revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stageId: integer('stage_id')
      .notNull()
      .references(() => planStages.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    content: text('content', { mode: 'json' }).$type<StageContent>().notNull(),
    authorId: text('author_id').notNull(),
    createdAt: instant('created_at').notNull(),
    /** For an accepted how: the decision its chosen option was logged as (the decisions' id). */
    decisionId: integer('decision_id'),
  },
  (t) => [uniqueIndex('plan_revisions_stage_number_idx').on(t.stageId, t.number)],
);

/**
 * The tasks of a plan's accepted how, one row per task of its outline (`position` counts from
 * 0), kept in step when a revised how is accepted. The who stage gives each an owner: proposed
 * by the plan's owner, then accepted by them.
 */
export const planTasks = sqliteTable(
  'plan_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    /** The in-scope item of the accepted what it serves, counted from 1. */
    scopeItem: integer('scope_item').notNull(),
    estimate: text('estimate').notNull(),
    /** YYYY-MM-DD. */
    due: text('due').notNull(),
    ownerId: text('owner_id'),
    state: text('state').$type<TaskState>().notNull(),
    /** Why its proposed owner declined it, when they gave a reason. */
    declineReason: text('decline_reason'),
    /** While it is blocked: what blocks it, as its owner wrote it, and who can unblock it. */
    blockReason: text('block_reason'),
    unblockerId: text('unblocker_id'),
    /**
     * The due date (YYYY-MM-DD) its owner was last reminded of as overdue: once per date, so a
     * task whose due date moves later can be reminded again for the new one.
     */
    overdueRemindedFor: text('overdue_reminded_for'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('plan_tasks_plan_position_idx').on(t.planId, t.position),
    index('plan_tasks_owner_idx').on(t.ownerId, t.state),
  ],
);

/**
 * The plan's canvas in Slack, Mailroom's mirror of it: the channel's canvas tab where the
 * workspace allows it, else a standalone canvas shared with the channel. `markdown` is what the
 * canvas was last given, so a change is edited in once, at most one edit every 10 seconds.
 */
export const planCanvases = sqliteTable('plan_canvases', {
  planId: integer('plan_id')
    .primaryKey()
    .references(() => plans.id, { onDelete: 'cascade' }),
  /**
   * pending: to create; creating: a create call was made (a retry after a crash makes it
   * again); live: it exists and is kept in step; unavailable: the workspace refused canvases.
   */
  state: text('state').$type<'pending' | 'creating' | 'live' | 'unavailable'>().notNull(),
  /** channel: the channel's canvas tab; standalone: shared with the channel. */
  kind: text('kind').$type<'channel' | 'standalone'>(),
  canvasId: text('canvas_id'),
  /** A standalone canvas was shared with the channel (canvases.access.set). */
  shared: integer('shared', { mode: 'boolean' }).notNull().default(false),
  markdown: text('markdown'),
  editedAt: instant('edited_at'),
  edits: integer('edits').notNull().default(0),
  /** Slack's refusal, when there is no canvas (its owner is told once, in a DM). */
  problem: text('problem'),
  /**
   * When a canvas refused for a scope the app lacked was tried again, once the scope was
   * granted: it is tried again once, never twice.
   */
  scopeRetriedAt: instant('scope_retried_at'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * An open question of a how, put to an expert: who it went to and why, and their answer once
 * given (its reply in the how's thread, its page in the knowledge base). One per question's
 * words per stage: a revision that keeps a question keeps its expert and answer.
 */
export const planQuestions = sqliteTable(
  'plan_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stageId: integer('stage_id')
      .notNull()
      .references(() => planStages.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    expertId: text('expert_id').notNull(),
    /** Why routing chose them, or that the owner picked them. */
    reason: text('reason').notNull(),
    state: text('state').$type<'asked' | 'answered'>().notNull(),
    answerText: text('answer_text'),
    answeredAt: instant('answered_at'),
    /** The answer's reply in the how's thread, once posted. */
    answerLink: text('answer_link'),
    documentId: integer('document_id'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('plan_questions_stage_text_idx').on(t.stageId, t.text)],
);

/**
 * The plan's tasks as a Slack List, Mailroom's mirror of them: made once the who has a first
 * owner, shared read only with the plan's channel, one item per task (plan_list_items).
 */
export const planLists = sqliteTable('plan_lists', {
  planId: integer('plan_id')
    .primaryKey()
    .references(() => plans.id, { onDelete: 'cascade' }),
  /**
   * creating: the create call is about to be made or was made (its id is kept the moment Slack
   * answers); live: it exists and is kept in step; unavailable: Slack refused it, or it was
   * deleted or its sharing refused.
   */
  state: text('state').$type<'creating' | 'live' | 'unavailable'>().notNull(),
  listId: text('list_id'),
  /** The id Slack gave each column, by its key (task, owner, due, state, plan, number). */
  columns: text('columns', { mode: 'json' }).$type<Record<string, string>>(),
  /** Shared, read only, with the plan's channel (slackLists.access.set). */
  shared: integer('shared', { mode: 'boolean' }).notNull().default(false),
  /** When the last round of edits began: at most one round every 10 seconds. */
  editedAt: instant('edited_at'),
  /** A round of edits begun and not finished (Slack's pace held part of it back). */
  roundOpen: integer('round_open', { mode: 'boolean' }).notNull().default(false),
  rounds: integer('rounds').notNull().default(0),
  /** Slack's refusal, when there is no List (its owner is told once, in a DM). */
  problem: text('problem'),
  /**
   * When a List refused for a scope the app lacked was tried again, once the scope was granted:
   * it is tried again once, never twice.
   */
  scopeRetriedAt: instant('scope_retried_at'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * One item of a plan's List per task. `taskId` names a plan_tasks row but outlives it: a task a
 * revised how removed keeps its row here until its item is deleted from the List.
 */
export const planListItems = sqliteTable(
  'plan_list_items',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    taskId: integer('task_id').notNull(),
    /** Null while its create call is made: a retry looks for it in the List first. */
    itemId: text('item_id'),
    /** What its cells were last given, so a change is sent once. */
    synced: text('synced'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('plan_list_items_task_idx').on(t.taskId),
    index('plan_list_items_plan_idx').on(t.planId),
  ],
);
