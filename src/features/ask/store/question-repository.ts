import type Database from 'better-sqlite3';
import { and, asc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { similarityTerms } from '../../../core/domain/routing.js';
import { queryTerms } from '../../../core/domain/search/terms.js';
import type { Db } from '../../../core/store/db.js';
import { OpenQuestionIndex } from '../domain/open-question-index.js';
import { questionFollowers, questions } from './schema.js';

export type Question = typeof questions.$inferSelect;
export type QuestionState = Question['state'];
export type Follower = typeof questionFollowers.$inferSelect;

/** One index of open questions per database connection, whichever repository opened them. */
const openIndexes = new WeakMap<Database.Database, OpenQuestionIndex>();

/** What the duplicate check compares of a question's text. */
export const questionTermsOf = (text: string) => similarityTerms(queryTerms(text));

/** Questions asked with /ask, from the moment they are typed (so nothing is lost) to their answer. */
export class QuestionRepository {
  private readonly byId: ReturnType<typeof prepareById>;

  constructor(private readonly db: Db) {
    this.byId = prepareById(db);
  }

  create(
    input: {
      askerId: string;
      text: string;
      channelId: string | null;
      threadTs?: string | null;
      askedVia?: Question['askedVia'];
      messageTs?: string | null;
      requestedBy?: string | null;
    },
    now: number,
  ): Question {
    return this.db.transaction((tx) => {
      const question = tx
        .insert(questions)
        .values({ ...input, state: 'draft', route: [], createdAt: now, updatedAt: now })
        .returning()
        .get();
      tx.insert(questionFollowers)
        .values({
          questionId: question.id,
          userId: input.askerId,
          channelId: input.channelId,
          threadTs: input.threadTs ?? null,
          createdAt: now,
        })
        .run();
      return question;
    });
  }

  get(id: number): Question | undefined {
    return this.byId.get({ id });
  }

  /** The questions a person asked, oldest first. */
  askedBy(memberId: string): Question[] {
    return this.db
      .select()
      .from(questions)
      .where(eq(questions.askerId, memberId))
      .orderBy(asc(questions.id))
      .all();
  }

  /** The questions a person answered, oldest first. */
  answeredBy(memberId: string): Question[] {
    return this.db
      .select()
      .from(questions)
      .where(eq(questions.answeredBy, memberId))
      .orderBy(asc(questions.id))
      .all();
  }

  /** Puts `text` in place of the wording of every question a person asked; how many changed. */
  replaceTextsOf(askerId: string, text: string, now: number): number {
    const changed = this.db
      .update(questions)
      .set({ text, updatedAt: now })
      .where(eq(questions.askerId, askerId))
      .returning()
      .all();
    for (const question of changed) this.keepIndexed(question);
    return changed.length;
  }

  /** The question a Slack message asked (an @mention, the shortcut), if it asked one. */
  findByMessage(channelId: string, messageTs: string): Question | undefined {
    return this.db
      .select()
      .from(questions)
      .where(and(eq(questions.channelId, channelId), eq(questions.messageTs, messageTs)))
      .orderBy(asc(questions.id))
      .get();
  }

  /** Moves a question on only if it is still in one of the `from` states; undefined if not. */
  update(
    id: number,
    from: readonly QuestionState[],
    patch: Partial<Omit<Question, 'id' | 'createdAt'>> & { updatedAt: number },
  ): Question | undefined {
    const updated = this.db
      .update(questions)
      .set(patch)
      .where(and(eq(questions.id, id), inArray(questions.state, [...from])))
      .returning()
      .get();
    if (updated) this.keepIndexed(updated);
    return updated;
  }

  /**
   * Open questions sharing enough words with `terms` (see questionTermsOf) to reach
   * `minSimilarity`, oldest first: found through an index of open questions' words, read from
   * the database, so only questions open now are returned.
   */
  openSimilarTo(terms: ReadonlySet<string>, minSimilarity: number): Question[] {
    const index = this.openIndex();
    const ids = index.similarTo(terms, minSimilarity);
    const found: Question[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      found.push(
        ...this.db
          .select()
          .from(questions)
          .where(inArray(questions.id, ids.slice(i, i + 500)))
          .all(),
      );
    }
    // A question closed inside a transaction stayed in the index until now (see keepIndexed).
    if (!this.db.$client.inTransaction) {
      for (const question of found) if (question.state !== 'open') index.remove(question.id);
    }
    return found
      .filter((question) => question.state === 'open')
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  }

  /**
   * The index may hold more than the open questions, never less: a question is added when it
   * opens (even in a transaction that may yet roll back) and removed when it closes outside
   * any transaction; one closed inside a transaction is dropped when a look-up finds it closed.
   */
  private keepIndexed(question: Question): void {
    const index = openIndexes.get(this.db.$client);
    if (!index) return;
    if (question.state === 'open') index.add(question.id, questionTermsOf(question.text));
    else if (!this.db.$client.inTransaction) index.remove(question.id);
  }

  private openIndex(): OpenQuestionIndex {
    let index = openIndexes.get(this.db.$client);
    if (!index) {
      index = new OpenQuestionIndex();
      for (const question of this.open()) index.add(question.id, questionTermsOf(question.text));
      openIndexes.set(this.db.$client, index);
    }
    return index;
  }

  /** Questions waiting for a person, oldest first. */
  open(): Question[] {
    return this.db
      .select()
      .from(questions)
      .where(eq(questions.state, 'open'))
      .orderBy(asc(questions.createdAt))
      .all();
  }

  addFollower(
    questionId: number,
    follower: {
      userId: string;
      channelId: string | null;
      threadTs?: string | null;
      /** The follower's own question, which following this one replaced. */
      draftQuestionId?: number | null;
    },
    now: number,
  ): boolean {
    const row = this.db
      .insert(questionFollowers)
      .values({ questionId, ...follower, threadTs: follower.threadTs ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    return row !== undefined;
  }

  followers(questionId: number): Follower[] {
    return this.db
      .select()
      .from(questionFollowers)
      .where(eq(questionFollowers.questionId, questionId))
      .orderBy(asc(questionFollowers.createdAt))
      .all();
  }

  /** How the questions asked since `since` ended up, for team insights. */
  outcomesSince(since: number): {
    asked: number;
    byDocs: number;
    byPerson: number;
    open: number;
    /** Shown the docs and not taken further. */
    settledByDocs: number;
    /** answeredAt - createdAt of each question a person answered. */
    personAnswerMs: number[];
  } {
    const rows = this.db
      .select({
        state: questions.state,
        answeredBy: questions.answeredBy,
        createdAt: questions.createdAt,
        answeredAt: questions.answeredAt,
      })
      .from(questions)
      .where(
        and(
          gte(questions.createdAt, since),
          inArray(questions.state, ['draft', 'open', 'answered']),
        ),
      )
      .all();
    const outcome = { asked: rows.length, byDocs: 0, byPerson: 0, open: 0, settledByDocs: 0 };
    const personAnswerMs: number[] = [];
    for (const row of rows) {
      if (row.state === 'open') outcome.open += 1;
      else if (row.state === 'draft') outcome.settledByDocs += 1;
      else if (row.answeredBy === null) outcome.byDocs += 1;
      else {
        outcome.byPerson += 1;
        if (row.answeredAt !== null) personAnswerMs.push(row.answeredAt - row.createdAt);
      }
    }
    return { ...outcome, personAnswerMs };
  }

  /** The words of questions asked since `since` that went to a person: what the docs lack. */
  textsRoutedToPeopleSince(since: number): string[] {
    return this.db
      .select({ text: questions.text })
      .from(questions)
      .where(
        and(
          gte(questions.createdAt, since),
          or(
            eq(questions.state, 'open'),
            and(eq(questions.state, 'answered'), isNotNull(questions.answeredBy)),
          ),
        ),
      )
      .all()
      .map((row) => row.text);
  }
}

/** Prepared once: every /ask button looks its question up. */
function prepareById(db: Db) {
  return db
    .select()
    .from(questions)
    .where(eq(questions.id, sql.placeholder('id')))
    .prepare();
}
