import type { Statement } from 'better-sqlite3';
import {
  ftsInverseDocumentFrequency,
  phraseBm25,
  weightedFrequency,
} from '../domain/search/bm25.js';
import { formWeight } from '../domain/search/forms.js';
import {
  type QueryPlan,
  SNIPPET_END,
  SNIPPET_START,
  type TermOrigin,
} from '../domain/search/query.js';
import { inverseDocumentFrequency } from '../domain/search/sureness.js';
import { phraseOf } from '../domain/search/text.js';
import { SEARCH_TUNING, type SearchTuning } from '../domain/search/tuning.js';
import { MARK_END, MARK_START, phraseMatch } from './fts-query.js';

/** How one document matched one concept of a query plan. */
export interface ConceptMatch {
  matched: boolean;
  /** Where the best alternative came from (null when none matched). */
  origin: TermOrigin | null;
  /** That alternative's weight: 1 for the words typed, less for added wordings; 0 when unmatched. */
  weight: number;
  /** Its bm25 in this document, times its weight. */
  score: number;
  /** It is in the document's title. */
  inTitle: boolean;
  /** It is in one of the document's aliases (wordings someone confirmed it answers). */
  inAliases: boolean;
  /** How much the concept says (inverse document frequency over the whole index; about 0 for words most documents have). */
  informativeness: number;
}

/**
 * Column weights for bm25 (title, body, aliases, and the index-only forms of title and body:
 * bigrams of unspaced scripts, joined hyphenated words): a word in the title counts 4 times a
 * word in the body, a word in an alias (a wording someone confirmed answers it) 6 times.
 */
export const RANK_WEIGHTS = { title: SEARCH_TUNING.titleWeight, body: 1, aliases: 6 } as const;
/**
 * The re-scoring of candidates: how many of bm25's best are re-scored, and how much more a
 * document scores when the concepts found in its title or aliases (the question it answers,
 * and other wordings of that question) carry all of the query's information.
 */
export const RESCORE = { candidates: 20, titleBonus: SEARCH_TUNING.titleBonus } as const;

/**
 * Column weights of the candidates' bm25 in the index's column order (title, body, aliases,
 * title_forms, body_forms): RANK_WEIGHTS with the title's from `tuning`, and no weight for
 * aliases when learned wordings are off.
 */
export function rankColumnWeights(tuning: SearchTuning = SEARCH_TUNING): readonly number[] {
  const aliases = tuning.learnedAliases ? RANK_WEIGHTS.aliases : 0;
  return [tuning.titleWeight, RANK_WEIGHTS.body, aliases, tuning.titleWeight, RANK_WEIGHTS.body];
}

/** The FTS5 rank function of the candidates (rankColumnWeights). */
export function rankFunction(tuning: SearchTuning = SEARCH_TUNING): string {
  return `bm25(${rankColumnWeights(tuning).join(', ')})`;
}

export const RANK = rankFunction();
/** Column weights of RANK, in the index's column order (title, body, aliases, title_forms, body_forms). */
export const RANK_COLUMN_WEIGHTS = rankColumnWeights();

/** Column weights of a concept's score: rankColumnWeights with the index-only columns at FTS5's default of 1. */
function conceptColumnWeights(tuning: SearchTuning): readonly number[] {
  const [title, body, aliases] = rankColumnWeights(tuning);
  return [title ?? 1, body ?? 1, aliases ?? 0, 1, 1];
}

/** A row an expression does not match. */
const NO_INSTANCES: readonly number[] = [0, 0, 0, 0, 0];

/** What one search counts: the index's size, each expression's documents, and per candidate its instances. */
export interface SearchCounts {
  /** Documents in the index. */
  rows: number;
  /** Tokens per row over all columns, on average. */
  averageTokens: number;
  /** Per expression (in plan order), the documents it matches over the whole index. */
  documents: Map<string, number>;
  /** Per expression, per counted row: its instances in each column (NO_INSTANCES when it does not match). */
  instances: Map<string, Map<number, readonly number[]>>;
  /** Per counted row, its tokens over all columns. */
  tokens: Map<number, number>;
  /**
   * Per expression, the words it searches for, to tell a match of their own forms from a
   * match through the stem alone (forms.ts); null for a prefix, which counts every match fully.
   */
  searched: Map<string, readonly string[] | null>;
  /** What the search adds to bm25, and by how much (domain/search/tuning.ts). */
  tuning: SearchTuning;
  /** Per expression, the documents whose title it matches (counted only when tuning.titleSpread is not 0). */
  titles: Map<string, number>;
}

/**
 * Scores search candidates from FTS5's own counts (each expression's documents, its instances
 * per column in each candidate, the rows' sizes), the way bm25 would, without asking FTS5 to
 * rank again: per expression for the common ones of a query, per concept for the candidates.
 */
export class SearchScorer {
  private readonly frequencies: ExpressionFrequencies;

  /**
   * `statement` prepares a query once, by name; `indexVersion` says which state of the index
   * a search reads (see ExpressionFrequencies).
   */
  constructor(
    private readonly statement: (name: string, source: string) => Statement,
    indexVersion: () => string | null,
  ) {
    this.frequencies = new ExpressionFrequencies(
      (expression) =>
        (
          this.statement(
            'documentFrequency',
            'SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH @match',
          ).get({ match: expression }) as { n: number }
        ).n,
      indexVersion,
    );
  }

  /** Counts `expressions`' instances per column in each of `ids`, and their rows' sizes, where not counted yet. */
  loadCounts(counts: SearchCounts, expressions: readonly string[], ids: readonly number[]): void {
    const sizes = ids.filter((id) => !counts.tokens.has(id));
    if (sizes.length > 0) {
      const rows = this.statement(
        'rowSizes',
        `SELECT id, sz FROM documents_fts_docsize WHERE id IN (SELECT value FROM json_each(@ids))`,
      ).all({ ids: JSON.stringify(sizes) }) as { id: number; sz: Buffer }[];
      for (const row of rows) counts.tokens.set(row.id, sumOfVarints(row.sz));
    }
    const marks = this.statement(
      'instances',
      `SELECT rowid AS id, ${[0, 1, 2, 3, 4]
        .map(
          (column) =>
            `highlight(documents_fts, ${column}, ${MARK_START}, ${MARK_END}) AS c${column}`,
        )
        .join(', ')}
       FROM documents_fts
       WHERE documents_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))`,
    );
    for (const expression of expressions) {
      let perRow = counts.instances.get(expression);
      if (!perRow) {
        perRow = new Map();
        counts.instances.set(expression, perRow);
      }
      const missing = ids.filter((id) => !perRow?.has(id));
      if (missing.length === 0) continue;
      for (const id of missing) perRow.set(id, NO_INSTANCES);
      // An expression no document has (many added wordings) needs no look-up.
      if (counts.documents.get(expression) === 0) continue;
      const rows = marks.all({ match: expression, ids: JSON.stringify(missing) }) as Record<
        string,
        string | number | null
      >[];
      const searched = counts.searched.get(expression) ?? null;
      // The same few written forms come back in every row: each is weighed once.
      const weights = new Map<string, number>();
      for (const row of rows) {
        perRow.set(
          row.id as number,
          [row.c0, row.c1, row.c2, row.c3, row.c4].map((text, column) =>
            // The index-only columns hold forms made for the index, never a stem of another word.
            column < FORM_COLUMNS
              ? weighMarks(text, searched, weights, counts.tuning.stemWeight)
              : countMarks(text),
          ),
        );
      }
    }
  }

  /** An expression's bm25 in one counted row, with these column weights. */
  expressionScore(
    counts: SearchCounts,
    expression: string,
    id: number,
    weights: readonly number[],
  ): number {
    const instances = counts.instances.get(expression)?.get(id) ?? NO_INSTANCES;
    const frequency = weightedFrequency(instances, weights);
    if (frequency === 0) return 0;
    return phraseBm25(
      ftsInverseDocumentFrequency(counts.documents.get(expression) ?? 0, counts.rows),
      frequency,
      counts.tokens.get(id) ?? 0,
      counts.averageTokens,
    );
  }

  /**
   * What a search counts once: the index's size, and each expression's documents over the
   * whole index (one count each; the rest is per candidate).
   */
  searchCounts(plan: QueryPlan, tuning: SearchTuning = SEARCH_TUNING): SearchCounts {
    const counting = this.frequencies.reading();
    const documents = new Map<string, number>();
    const titles = new Map<string, number>();
    const searched = new Map<string, readonly string[] | null>();
    for (const concept of plan.concepts) {
      for (const alternative of concept.alternatives) {
        const expression = phraseMatch(alternative.phrase);
        if (documents.has(expression)) continue;
        const frequency = counting(expression);
        documents.set(expression, frequency);
        if (tuning.titleSpread !== 0 && frequency > 0) {
          titles.set(expression, counting(`title : ${expression}`));
        }
        searched.set(expression, alternative.phrase.prefix ? null : alternative.phrase.words);
      }
    }
    const rows = (
      this.statement('rows', 'SELECT count(*) AS n FROM documents').get() as { n: number }
    ).n;
    const totals = this.statement(
      'totals',
      'SELECT block FROM documents_fts_data WHERE id = 1',
    ).get() as { block: Buffer } | undefined;
    const sizes = totals ? varints(totals.block) : [];
    const indexed = sizes[0] ?? 0;
    const tokens = sizes.slice(1).reduce((sum, size) => sum + size, 0);
    return {
      rows,
      averageTokens: indexed > 0 ? tokens / indexed : 1,
      documents,
      instances: new Map(),
      tokens: new Map(),
      searched,
      tuning,
      titles,
    };
  }

  /**
   * Scores `ids` concept by concept: each alternative's bm25 in each candidate (over all
   * columns, and whether its title or aliases have it), and each concept's informativeness
   * from its most frequent alternative's documents over the whole index.
   */
  scoreConcepts(
    plan: QueryPlan,
    ids: readonly number[],
    counts: SearchCounts,
  ): (id: number) => ConceptScores {
    this.loadCounts(counts, [...counts.documents.keys()], ids);
    const informativeness = plan.concepts.map((concept) =>
      inverseDocumentFrequency(
        Math.max(
          ...concept.alternatives.map((a) => counts.documents.get(phraseMatch(a.phrase)) ?? 0),
        ),
        counts.rows,
      ),
    );
    const weights = conceptColumnWeights(counts.tuning);
    const learned = counts.tuning.learnedAliases;
    return (id) =>
      scoreByConcept(plan, informativeness, counts.tuning.titleBonus, (expression) => {
        const instances = counts.instances.get(expression)?.get(id);
        if (!instances || instances === NO_INSTANCES) return null;
        // Without learned wordings, a match in the aliases alone is no match.
        if (!learned && !instances.some((count, column) => column !== 2 && count > 0)) return null;
        return {
          score: this.expressionScore(counts, expression, id, weights),
          inTitle: (instances[0] ?? 0) > 0,
          inAliases: learned && (instances[2] ?? 0) > 0,
          titleShare: Math.max(1, counts.titles.get(expression) ?? 1) ** -counts.tuning.titleSpread,
        };
      });
  }
}

/** How many expressions' document counts a scorer remembers between searches. */
export const REMEMBERED_FREQUENCIES = 4_096;

/**
 * Each expression's documents over the whole index, counted by FTS5 (`count`) and remembered
 * between searches while the index stays as it was: `version` names the index's state (it
 * changes with every write), or is null when it cannot say (inside a transaction, which may
 * yet be rolled back), and then nothing is remembered or reused. At most `capacity`
 * expressions are kept, the one used longest ago forgotten first.
 */
export class ExpressionFrequencies {
  private readonly counts = new Map<string, number>();
  private countedAt: string | null = null;

  constructor(
    private readonly count: (expression: string) => number,
    private readonly version: () => string | null,
    readonly capacity = REMEMBERED_FREQUENCIES,
  ) {}

  /** How many expressions are remembered. */
  get size(): number {
    return this.counts.size;
  }

  /**
   * A counter for one search: the index's state is read once, and the counts remembered
   * are forgotten when it changed since they were counted.
   */
  reading(): (expression: string) => number {
    const version = this.version();
    if (version === null) return this.count;
    if (version !== this.countedAt) {
      this.counts.clear();
      this.countedAt = version;
    }
    return (expression) => {
      const known = this.counts.get(expression);
      if (known !== undefined) {
        // Most recently used last: the first key is the one to forget.
        this.counts.delete(expression);
        this.counts.set(expression, known);
        return known;
      }
      const counted = this.count(expression);
      this.counts.set(expression, counted);
      if (this.counts.size > this.capacity) {
        const oldest = this.counts.keys().next();
        if (!oldest.done) this.counts.delete(oldest.value);
      }
      return counted;
    };
  }
}

/** How one expression matched one row (a page, a section): its bm25 there, and where it is. */
export interface ExpressionMatch {
  /** Its bm25 in the row, before the weight of the wording. */
  score: number;
  /** It is in the row's title (a section: its heading path or the page's title). */
  inTitle: boolean;
  /** It is in the row's aliases. */
  inAliases: boolean;
  /** How much of its information counts toward the title bonus when it is in the title only (1 when absent). */
  titleShare?: number;
}

/** A row scored per concept (see scoreByConcept), with the expression each concept matched by. */
export interface ConceptScores {
  score: number;
  concepts: ConceptMatch[];
  /** Per concept, the expression of the alternative it matched by; null when none did. */
  expressions: (string | null)[];
}

/**
 * One row (a page, or a section of a long page) scored per concept of a plan, as pages and
 * sections both are: each concept counts once, through its best alternative (that
 * alternative's bm25 in the row, `matchOf`, times its weight), and the sum gains `titleBonus`
 * times the share of the question's information (`informativeness`, per concept) found in the
 * row's title or aliases. `settle` may replace a concept's match once its alternatives are
 * weighed (a section takes the page's title as its own).
 */
export function scoreByConcept(
  plan: QueryPlan,
  informativeness: readonly number[],
  titleBonus: number,
  matchOf: (expression: string) => ExpressionMatch | null,
  settle?: (concept: number, best: ConceptMatch) => ConceptMatch,
): ConceptScores {
  let score = 0;
  let titleWeight = 0;
  let informative = 0;
  const expressions: (string | null)[] = [];
  const concepts = plan.concepts.map((concept, c): ConceptMatch => {
    const idf = informativeness[c] ?? 0;
    informative += idf;
    let best: ConceptMatch = {
      matched: false,
      origin: null,
      weight: 0,
      score: 0,
      inTitle: false,
      inAliases: false,
      informativeness: idf,
    };
    let by: string | null = null;
    let share = 1;
    for (const alternative of concept.alternatives) {
      const expression = phraseMatch(alternative.phrase);
      const found = matchOf(expression);
      if (!found) continue;
      const weighted = found.score * alternative.weight;
      if (!best.matched || weighted > best.score) {
        best = {
          matched: true,
          origin: alternative.origin,
          weight: alternative.weight,
          score: weighted,
          inTitle: found.inTitle,
          inAliases: found.inAliases,
          informativeness: idf,
        };
        by = expression;
        share = found.titleShare ?? 1;
      }
    }
    if (settle) best = settle(c, best);
    expressions.push(by);
    score += best.score;
    if (best.inAliases) titleWeight += best.weight * idf;
    else if (best.inTitle) titleWeight += best.weight * idf * share;
    return best;
  });
  const titleShare = informative > 0 ? titleWeight / informative : 0;
  return { score: score + titleBonus * titleShare * score, concepts, expressions };
}

/** SQLite's variable-length integers, one after another (as FTS5 stores row and column sizes). */
export function varints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    let read = 0;
    for (;;) {
      const byte = bytes[i] ?? 0;
      i += 1;
      read += 1;
      if (read === 9) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0 || i >= bytes.length) break;
    }
    values.push(value);
  }
  return values;
}

function sumOfVarints(bytes: Uint8Array): number {
  return varints(bytes).reduce((sum, value) => sum + value, 0);
}

/** The columns of the text as written (title, body, aliases); the others are index-only forms. */
const FORM_COLUMNS = 3;

/**
 * The matches highlight() marked in a column (each between SNIPPET_START and SNIPPET_END),
 * each counted by how its words are written (forms.ts): 1 for the searched words or their
 * inflections, `stemWeight` for a match through the stem alone.
 */
function weighMarks(
  text: string | number | null | undefined,
  searched: readonly string[] | null,
  weights: Map<string, number>,
  stemWeight: number,
): number {
  if (typeof text !== 'string') return 0;
  if (searched === null) return countMarks(text);
  let found = 0;
  for (let at = text.indexOf(SNIPPET_START); at >= 0; at = text.indexOf(SNIPPET_START, at + 1)) {
    const end = text.indexOf(SNIPPET_END, at + 1);
    const marked = text.slice(at + 1, end < 0 ? undefined : end);
    let weight = weights.get(marked);
    if (weight === undefined) {
      weight = formWeight(phraseOf(marked)?.words ?? [], searched, stemWeight);
      weights.set(marked, weight);
    }
    found += weight;
  }
  return found;
}

/** How many matches highlight() marked in a column (each marked with SNIPPET_START). */
function countMarks(text: string | number | null | undefined): number {
  if (typeof text !== 'string') return 0;
  let found = 0;
  for (let at = text.indexOf(SNIPPET_START); at >= 0; at = text.indexOf(SNIPPET_START, at + 1)) {
    found += 1;
  }
  return found;
}
