import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { QueryLexicon } from '../domain/search/lexicon.js';
import {
  bigramsOf,
  foldWord,
  hasBigramScript,
  normalizeText,
  vocabularyWords,
} from '../domain/search/text.js';
import { TypoIndex } from '../domain/search/typo-index.js';
import type { Db } from './db.js';
import { phraseExpression } from './fts-query.js';

/** Beyond this many documents, a stem's count is not needed exactly: it is a common word. */
const STEM_COUNT_LIMIT = 5_000;
/** A typo's correction is chosen among at most this many near words (one count each). */
const TYPO_CANDIDATES = 4;
/** At most this many of the question's other words are what a correction must fit. */
const MAX_CONTEXT_WORDS = 8;
/** Another misspelt word of the question stands for this many of its near words. */
const CONTEXT_NEAR_WORDS = 2;
/**
 * Documents having a near word with the question's other words are counted up to this many:
 * enough to tell a word that fits from one that does not, and the count stops early.
 */
const TOGETHER_LIMIT = 50;

/** The vocabulary counts of one document: its title, body and aliases. */
export function documentWords(
  title: string,
  body: string,
  aliases: readonly string[],
): Set<string> {
  return vocabularyWords([title, body, ...aliases].join('\n'));
}

/** Bigrams of CJK, Thai and Korean text are counted but never typo corrections. */
function correctable(word: string): boolean {
  return !hasBigramScript(word);
}

/**
 * The knowledge base's vocabulary (the search_words table): what query planning asks of the
 * documents (QueryLexicon's documentFrequency, documentCount and correct; `expand` is the
 * glossary's and the synonyms'). One per connection, shared by every DocumentsRepository on
 * it, so the typo index follows every upsert. The typo index is built from the table the
 * first time a word needs correcting (or on warm()), not at start-up, and again after
 * another connection (say, `npm run import` while the app runs) has written to the database.
 */
export class SearchVocabulary implements Omit<QueryLexicon, 'expand'> {
  private static readonly byConnection = new WeakMap<Database.Database, SearchVocabulary>();

  static of(db: Db): SearchVocabulary {
    let vocabulary = SearchVocabulary.byConnection.get(db.$client);
    if (!vocabulary) {
      vocabulary = new SearchVocabulary(db.$client);
      SearchVocabulary.byConnection.set(db.$client, vocabulary);
    }
    return vocabulary;
  }

  private typos: TypoIndex | undefined;
  /** SQLite's data_version when the typo index was built: it changes when another connection commits. */
  private builtAt = 0;
  /** A build in slices under way (warmInBackground): its index and the last word read so far. */
  private building: { typos: TypoIndex; through: string; done: Promise<void> } | undefined;
  private readonly statements = new Map<string, Statement>();
  /** Rebuild only once words were added (see rebuildOnNewWordsOnly), and the newest word's rowid then. */
  private newWordsOnly = false;
  private builtThroughRowid = 0;

  private constructor(private readonly sqlite: Database.Database) {}

  /**
   * How many documents contain the word (lower-case, unstemmed). A word of a bigram script
   * counts as its rarest bigram (an upper bound). When no document has the exact word, the
   * documents its stem matches are counted instead (up to STEM_COUNT_LIMIT), so an
   * inflection ("accounts" where documents say "account") is not taken for a typo.
   */
  documentFrequency(word: string): number {
    const key = foldWord(normalizeText(word));
    if (key === '') return 0;
    let frequency: number;
    if (hasBigramScript(key)) {
      const tokens = bigramsOf(key);
      const pairs = tokens.length === 1 ? tokens : tokens.slice(0, -1);
      frequency = Math.min(...pairs.map((pair) => this.storedCount(pair)));
    } else {
      frequency = this.storedCount(key);
    }
    return frequency > 0 ? frequency : this.stemCount(word);
  }

  documentCount(): number {
    return (this.statement('count', 'SELECT count(*) AS n FROM documents').get() as { n: number })
      .n;
  }

  /**
   * The correction of `word`, a word no document has: of the TYPO_CANDIDATES most frequent
   * indexed words within the typo rules, the one found in most documents together with the
   * question's other words (`context`: each as typed, or, for another word no document has,
   * its own near words), one count per candidate; the most frequent when none of them is
   * found with those words, or without a context. Undefined while warmInBackground is still
   * building the typo index.
   */
  correct(word: string, context: readonly string[] = []): string | undefined {
    const candidates = this.nearWords(word, TYPO_CANDIDATES);
    const first = candidates[0];
    if (candidates.length < 2) return first;
    const others = this.contextExpression(word, context);
    if (others === null) return first;
    let best = first;
    let bestTogether = 0;
    for (const candidate of candidates) {
      const expression = phraseExpression(candidate);
      if (expression === null) continue;
      const together = this.countMatches(`${expression} AND (${others})`, TOGETHER_LIMIT);
      if (together > bestTogether) {
        best = candidate;
        bestTogether = together;
      }
    }
    return best;
  }

  /**
   * The indexed words within the typo rules of `word`, most frequent first, at most `limit`;
   * none for a word of a bigram script or while the typo index is being built.
   */
  private nearWords(word: string, limit: number): string[] {
    const key = foldWord(normalizeText(word));
    if (key === '' || hasBigramScript(key)) return [];
    const typos = this.typoIndex();
    if (!typos) return [];
    // A word can linger in memory after a rolled-back transaction: check it against the table.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const found = typos.candidates(key, limit);
      const stale = found.filter((candidate) => this.storedCount(candidate) === 0);
      if (stale.length === 0) return found;
      for (const candidate of stale) typos.remove(candidate);
    }
    return [];
  }

  /**
   * The question's other words as one FTS5 expression (any of them): each word documents
   * have, and for each word none has, its most frequent near words. Null when nothing is left.
   */
  private contextExpression(word: string, context: readonly string[]): string | null {
    const key = foldWord(normalizeText(word));
    const words = new Set<string>();
    for (const other of context.slice(0, MAX_CONTEXT_WORDS)) {
      const folded = foldWord(normalizeText(other));
      if (folded === '' || folded === key || hasBigramScript(folded)) continue;
      if (this.storedCount(folded) > 0) words.add(folded);
      else for (const near of this.nearWords(folded, CONTEXT_NEAR_WORDS)) words.add(near);
    }
    const expressions = [...words]
      .map((each) => phraseExpression(each))
      .filter((each): each is string => each !== null);
    return expressions.length === 0 ? null : expressions.join(' OR ');
  }

  /**
   * The lexicon query planning takes (planQuery(text, lexicon)): this vocabulary, with other
   * wordings from `expand` (the team glossary's first, then general synonyms).
   */
  lexicon(expand: QueryLexicon['expand'] = () => []): QueryLexicon {
    return {
      documentFrequency: (word) => this.documentFrequency(word),
      documentCount: () => this.documentCount(),
      correct: (word, context) => this.correct(word, context),
      expand,
    };
  }

  /**
   * For a connection that only reads while another one writes all the time (a search worker):
   * every commit elsewhere changes data_version, but the typo index needs rebuilding only when
   * words were added, which adds rows to search_words. A count changing alone is left for the
   * next rebuild; a word removed is checked against the table when it is offered.
   */
  rebuildOnNewWordsOnly(): void {
    this.newWordsOnly = true;
  }

  /** Builds the typo index now rather than at the first typo. */
  warm(): void {
    if (!this.typos && !this.building) this.typos = this.buildNow();
  }

  /**
   * Builds the typo index in slices of `slice` words, yielding to the event loop between
   * them, so a large vocabulary (seconds of work at a few hundred thousand words) never holds
   * up requests. Meant to be started once the app is ready; until it ends, typos are not
   * corrected. Also how the index is rebuilt after another connection wrote.
   */
  warmInBackground(slice = 5_000): Promise<void> {
    if (this.building) return this.building.done;
    const typos = new TypoIndex();
    const version = this.dataVersion();
    const newestRowid = this.newestWordRowid();
    const building = { typos, through: '', done: Promise.resolve() };
    this.building = building;
    const page = this.statement(
      'page',
      'SELECT word, documents FROM search_words WHERE word > ? ORDER BY word LIMIT ?',
    );
    building.done = (async () => {
      try {
        for (;;) {
          const rows = page.all(building.through, slice) as { word: string; documents: number }[];
          for (const { word, documents } of rows) if (correctable(word)) typos.add(word, documents);
          const last = rows[rows.length - 1];
          if (!last || rows.length < slice) break;
          building.through = last.word;
          await new Promise((resolve) => setImmediate(resolve));
        }
        this.typos = typos;
        this.builtAt = version;
        this.builtThroughRowid = newestRowid;
      } finally {
        this.building = undefined;
      }
    })();
    return building.done;
  }

  /**
   * Records a document's change of words: one less document for each of `removed`, one
   * more for each of `added`. Called by DocumentsRepository inside its transaction.
   */
  change(removed: ReadonlySet<string>, added: ReadonlySet<string>): void {
    if (removed.size > 0) {
      const list = JSON.stringify([...removed]);
      this.statement(
        'decrement',
        `UPDATE search_words SET documents = documents - 1
         WHERE word IN (SELECT value FROM json_each(?))`,
      ).run(list);
      this.statement(
        'prune',
        `DELETE FROM search_words
         WHERE documents <= 0 AND word IN (SELECT value FROM json_each(?))`,
      ).run(list);
    }
    if (added.size > 0) {
      this.statement(
        'increment',
        `INSERT INTO search_words (word, documents)
         SELECT value, 1 FROM json_each(?) WHERE true
         ON CONFLICT (word) DO UPDATE SET documents = documents + 1`,
      ).run(JSON.stringify([...added]));
    }
    const building = this.building;
    for (const typos of [this.typos, building?.typos]) {
      if (!typos) continue;
      // A build in slices has not read the words after `through` yet: it will read them as changed.
      const read = (word: string): boolean => typos !== building?.typos || word <= building.through;
      for (const word of removed) if (correctable(word) && read(word)) typos.add(word, -1);
      for (const word of added) if (correctable(word) && read(word)) typos.add(word, 1);
    }
  }

  /**
   * The typo index: built now on first use, unless a build in slices is under way (then
   * none yet). After another connection wrote (an import run from the command line), the
   * index is rebuilt in slices while the current one goes on serving.
   */
  private typoIndex(): TypoIndex | undefined {
    if (this.typos) {
      if (this.isStale() && !this.building) void this.warmInBackground();
      return this.typos;
    }
    if (this.building) return undefined;
    this.typos = this.buildNow();
    return this.typos;
  }

  private isStale(): boolean {
    const version = this.dataVersion();
    if (version === this.builtAt) return false;
    if (!this.newWordsOnly || this.newestWordRowid() !== this.builtThroughRowid) return true;
    this.builtAt = version;
    return false;
  }

  private newestWordRowid(): number {
    return (
      this.statement('newest', 'SELECT coalesce(max(rowid), 0) AS id FROM search_words').get() as {
        id: number;
      }
    ).id;
  }

  private buildNow(): TypoIndex {
    this.builtAt = this.dataVersion();
    this.builtThroughRowid = this.newestWordRowid();
    const typos = new TypoIndex();
    const rows = this.statement('all', 'SELECT word, documents FROM search_words').all() as {
      word: string;
      documents: number;
    }[];
    for (const { word, documents } of rows) if (correctable(word)) typos.add(word, documents);
    return typos;
  }

  private dataVersion(): number {
    return this.sqlite.pragma('data_version', { simple: true }) as number;
  }

  private storedCount(word: string): number {
    const row = this.statement('word', 'SELECT documents FROM search_words WHERE word = ?').get(
      word,
    ) as { documents: number } | undefined;
    return row?.documents ?? 0;
  }

  private stemCount(word: string): number {
    const expression = phraseExpression(word);
    return expression === null ? 0 : this.countMatches(expression);
  }

  /** The documents an FTS5 expression matches, up to `limit`. */
  private countMatches(expression: string, limit = STEM_COUNT_LIMIT): number {
    return (
      this.statement(
        'countMatches',
        `SELECT count(*) AS n FROM (
           SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?
         )`,
      ).get(expression, limit) as { n: number }
    ).n;
  }

  private statement(name: string, source: string): Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.sqlite.prepare(source);
      this.statements.set(name, statement);
    }
    return statement;
  }
}
