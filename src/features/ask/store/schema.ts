import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { documents, instant } from '../../../core/store/schema.js';

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
