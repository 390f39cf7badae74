import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Viewer } from '../domain/authorization.js';
import {
  ftsInverseDocumentFrequency,
  phraseBm25,
  weightedFrequency,
} from '../domain/search/bm25.js';
import {
  planMatchExpression,
  planQuery,
  type QueryPlan,
  SNIPPET_END,
  SNIPPET_START,
  type TermOrigin,
} from '../domain/search/query.js';
import { inverseDocumentFrequency } from '../domain/search/sureness.js';
import type { Db } from './db.js';
import {
  type DocumentSource,
  type DocumentVisibility,
  documentAliases,
  documentReaders,
  documents,
} from './schema.js';
import { documentWords, SearchVocabulary } from './search-vocabulary.js';

/** A stored knowledge-base document, as a plain object. */
export type KnowledgeDocument = typeof documents.$inferSelect;

export interface DocumentInput {
  title: string;
  body: string;
  source: DocumentSource;
  /** Stable origin (file path, channel+ts, question id): a second upsert with it updates the same document. */
  sourceKey?: string | null;
  authorId?: string | null;
  url?: string | null;
  channelId?: string | null;
  /**
   * Defaults to `public`. `channel` needs a channelId: only that channel's members find it.
   * `people` needs readerIds: only they find it.
   */
  visibility?: DocumentVisibility;
  readerIds?: readonly string[];
  /** For a decision: its status. */
  status?: string | null;
  /** The document that replaces this one; search puts that one first. */
  supersededById?: number | null;
}

export type UpsertStatus = 'added' | 'updated' | 'unchanged';

/**
 * Who is searching: the conversations they are in, and whether they are a guest (who sees only
 * documents from those conversations). See documentVerdict in domain/authorization.ts.
 */
export type SearchViewer = Pick<Viewer, 'isGuest' | 'visibleChannelIds'> & {
  /** Who they are, for documents kept for named people; without it they find none of those. */
  userId?: string;
};

export interface SearchOptions {
  /** Only documents of this source (decisions, say). */
  source?: DocumentSource;
}

export interface SearchHit {
  document: KnowledgeDocument;
  /** bm25 relevance, higher is better. Comparable within one search only. */
  score: number;
  /** About 30 tokens of the body (or of the title when only it matched), matches between SNIPPET_START and SNIPPET_END. */
  snippet: string;
  /** Share (0..1) of the distinct query terms the document contains, aliases included. */
  coverage: number;
  /** Some query term matched one of the document's feedback aliases. */
  matchedAlias: boolean;
  /** How the document matched each concept of the query plan, in the plan's order. */
  concepts: ConceptMatch[];
}

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
export const RANK_WEIGHTS = { title: 4, body: 1, aliases: 6 } as const;
const RANK = `bm25(${RANK_WEIGHTS.title}, ${RANK_WEIGHTS.body}, ${RANK_WEIGHTS.aliases}, ${RANK_WEIGHTS.title}, ${RANK_WEIGHTS.body})`;
const SNIPPET_TOKENS = 30;
/** The snippet markers as SQL expressions, e.g. char(2). */
const MARK_START = `char(${SNIPPET_START.codePointAt(0)})`;
const MARK_END = `char(${SNIPPET_END.codePointAt(0)})`;
const MAX_LIMIT = 1000;
const MAX_ALIAS_CHARS = 500;
/**
 * The re-scoring of candidates: how many of bm25's best are re-scored, and how much more a
 * document scores when the concepts found in its title or aliases (the question it answers,
 * and other wordings of that question) carry all of the query's information.
 */
export const RESCORE = { candidates: 20, titleBonus: 3 } as const;

/**
 * Ranking on the informative expressions first: an expression in more than `commonShare` of
 * the documents is left out of FTS5's ranking, which picks the best `pool` by the others;
 * the common ones' bm25 is then added to those from their counts.
 */
export const PRUNE = { commonShare: 0.2, pool: 100 } as const;

/** Column weights of RANK, in the index's column order (title, body, aliases, title_forms, body_forms). */
const RANK_COLUMN_WEIGHTS = [
  RANK_WEIGHTS.title,
  RANK_WEIGHTS.body,
  RANK_WEIGHTS.aliases,
  RANK_WEIGHTS.title,
  RANK_WEIGHTS.body,
] as const;
/** Column weights of a concept's score: the index-only columns at FTS5's default of 1. */
const CONCEPT_COLUMN_WEIGHTS = [
  RANK_WEIGHTS.title,
  RANK_WEIGHTS.body,
  RANK_WEIGHTS.aliases,
  1,
  1,
] as const;

/** A row an expression does not match. */
const NO_INSTANCES: readonly number[] = [0, 0, 0, 0, 0];

/** What one search counts: the index's size, each expression's documents, and per candidate its instances. */
interface SearchCounts {
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
}

interface RankedRow {
  id: number;
  rank: number;
}

interface MarkedRow {
  id: number;
  bodySnippet: string | null;
  titleSnippet: string | null;
  matchedAlias: number;
}

/**
 * The knowledge base in SQLite. Text search runs on the `documents_fts` FTS5 table, which
 * triggers keep in sync with `documents` and `document_aliases` (see migration 0002).
 */
export class KnowledgeRepository {
  private readonly statements = new Map<string, Statement>();
  /** The words of the knowledge base, with their document counts: the lexicon's side of search. */
  readonly vocabulary: SearchVocabulary;

  private readonly bySourceKey: ReturnType<typeof prepareBySourceKey>;

  /**
   * `informativeFirst: false` ranks every match by every expression, as a reference for the
   * ranking on informative expressions first (PRUNE), which is the default.
   */
  constructor(
    private readonly db: Db,
    private readonly options: { informativeFirst?: boolean } = {},
  ) {
    this.vocabulary = SearchVocabulary.of(db);
    this.bySourceKey = prepareBySourceKey(db);
  }

  /**
   * Adds the document, or updates the one with the same sourceKey. Nothing is written (and
   * the status is `unchanged`) when its title, body and metadata are all the same.
   */
  upsert(input: DocumentInput, now: number): { document: KnowledgeDocument; status: UpsertStatus } {
    const title = clean(input.title).trim();
    const body = clean(input.body).trim();
    if (title === '') throw new Error('A document needs a title.');
    const visibility = input.visibility ?? 'public';
    const channelId = input.channelId ?? null;
    if (visibility === 'channel' && !channelId) {
      throw new Error('A document visible to one channel needs its channelId.');
    }
    if (visibility === 'people' && channelId) {
      throw new Error('A document kept for named people belongs to no channel.');
    }
    const readerIds =
      visibility === 'people' ? [...new Set(input.readerIds ?? [])].sort() : ([] as string[]);
    const contentHash = hashContent(title, body);
    const metadata = {
      source: input.source,
      authorId: input.authorId ?? null,
      url: input.url ?? null,
      channelId,
      visibility,
      status: input.status ?? null,
      supersededById: input.supersededById ?? null,
    };
    const sourceKey = input.sourceKey ?? null;

    return this.inTransaction(() => {
      const existing = sourceKey === null ? undefined : this.findBySourceKey(sourceKey);
      if (!existing) {
        const document = this.db
          .insert(documents)
          .values({
            title,
            body,
            contentHash,
            sourceKey,
            ...metadata,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        if (readerIds.length > 0) this.setReaders(document.id, readerIds);
        this.vocabulary.change(new Set(), documentWords(title, body, []));
        return { document, status: 'added' as const };
      }
      const contentChanged = existing.contentHash !== contentHash;
      const readersChanged =
        (visibility === 'people' || existing.visibility === 'people') &&
        this.readersOf(existing.id).join('\n') !== readerIds.join('\n');
      const metadataChanged =
        readersChanged ||
        (Object.keys(metadata) as (keyof typeof metadata)[]).some(
          (key) => existing[key] !== metadata[key],
        );
      if (!contentChanged && !metadataChanged) {
        return { document: existing, status: 'unchanged' as const };
      }
      const document = this.db
        .update(documents)
        // Title and body are set only when they changed, so the FTS row is rebuilt only then.
        .set({
          ...(contentChanged ? { title, body, contentHash } : {}),
          ...metadata,
          updatedAt: now,
        })
        .where(eq(documents.id, existing.id))
        .returning()
        .get();
      if (readersChanged) this.setReaders(existing.id, readerIds);
      if (contentChanged) {
        const aliases = this.aliasesOf(existing.id);
        this.changeWords(
          documentWords(existing.title, existing.body, aliases),
          documentWords(title, body, aliases),
        );
      }
      return { document, status: 'updated' as const };
    });
  }

  /**
   * Runs `work` in an IMMEDIATE transaction, or within the caller's transaction when it
   * already holds one (so many upserts can be batched in one).
   */
  private inTransaction<T>(work: () => T): T {
    // Inside the caller's transaction that transaction is the unit of work: a savepoint per
    // document made FTS5 flush its pending index at every one (40 % of a batched import).
    if (this.db.$client.inTransaction) return work();
    return this.db.$client.transaction(work).immediate();
  }

  /** Who may find a document of visibility `people`, sorted. */
  readersOf(documentId: number): string[] {
    return this.db
      .select({ memberId: documentReaders.memberId })
      .from(documentReaders)
      .where(eq(documentReaders.documentId, documentId))
      .orderBy(asc(documentReaders.memberId))
      .all()
      .map((row) => row.memberId);
  }

  private setReaders(documentId: number, readerIds: readonly string[]): void {
    this.db.delete(documentReaders).where(eq(documentReaders.documentId, documentId)).run();
    for (const memberId of readerIds) {
      this.db.insert(documentReaders).values({ documentId, memberId }).run();
    }
  }

  get(id: number): KnowledgeDocument | undefined {
    return this.db.select().from(documents).where(eq(documents.id, id)).get();
  }

  findBySourceKey(sourceKey: string): KnowledgeDocument | undefined {
    return this.bySourceKey.get({ sourceKey });
  }

  count(): number {
    return this.db.select({ n: count() }).from(documents).get()?.n ?? 0;
  }

  /** Deletes the document with its aliases; false if there was none. */
  remove(id: number): boolean {
    return this.inTransaction(() => {
      const aliases = this.aliasesOf(id);
      const removed = this.db
        .delete(documents)
        .where(eq(documents.id, id))
        .returning({ title: documents.title, body: documents.body })
        .get();
      if (!removed) return false;
      this.vocabulary.change(documentWords(removed.title, removed.body, aliases), new Set());
      return true;
    });
  }

  /** Counts the words a document lost and gained. */
  private changeWords(before: ReadonlySet<string>, after: ReadonlySet<string>): void {
    this.vocabulary.change(
      new Set([...before].filter((word) => !after.has(word))),
      new Set([...after].filter((word) => !before.has(word))),
    );
  }

  /**
   * Records another wording for a document ("This answers it"), searched with it from now on.
   * The text is normalized (case, spacing); false when that wording is already recorded, is
   * empty, or the document does not exist.
   */
  addAlias(documentId: number, text: string, userId: string | null, now: number): boolean {
    const normalized = normalizeAlias(text);
    if (normalized === '') return false;
    return this.inTransaction(() => {
      const document = this.db
        .select({ id: documents.id, title: documents.title, body: documents.body })
        .from(documents)
        .where(eq(documents.id, documentId))
        .get();
      if (!document) return false;
      const aliases = this.aliasesOf(documentId);
      const inserted = this.db
        .insert(documentAliases)
        .values({ documentId, text: normalized, userId, createdAt: now })
        .onConflictDoNothing({ target: [documentAliases.documentId, documentAliases.text] })
        .returning({ id: documentAliases.id })
        .get();
      if (inserted === undefined) return false;
      this.changeWords(
        documentWords(document.title, document.body, aliases),
        documentWords(document.title, document.body, [...aliases, normalized]),
      );
      return true;
    });
  }

  aliasesOf(documentId: number): string[] {
    return this.db
      .select({ text: documentAliases.text })
      .from(documentAliases)
      .where(eq(documentAliases.documentId, documentId))
      .orderBy(asc(documentAliases.id))
      .all()
      .map((row) => row.text);
  }

  /**
   * The documents that best match `text` and that `viewer` may see, best first: the plan of
   * the words as typed (see searchPlan).
   */
  search(text: string, viewer: SearchViewer, limit = 5, options: SearchOptions = {}): SearchHit[] {
    return this.searchPlan(planQuery(text), viewer, limit, options);
  }

  /**
   * The documents that best match `plan` and that `viewer` may see, best first. FTS5 bm25
   * (with RANK_WEIGHTS) over every alternative picks a bounded set of candidates; each
   * candidate is then scored per concept: a concept counts once, through its best alternative,
   * that alternative's bm25 times its weight (so an added wording counts less than the words
   * typed), plus a bonus for the concepts found in the title or aliases (see RESCORE). Ties go to the
   * older document, the lower id. Visibility is part of the SQL, so documents the viewer may
   * not see are never read into a result, and `limit` counts visible documents only. A
   * superseded document found with the one that replaced it comes right after that one.
   */
  searchPlan(
    plan: QueryPlan,
    viewer: SearchViewer,
    limit = 5,
    options: SearchOptions = {},
  ): SearchHit[] {
    const match = planMatchExpression(plan);
    const max = Math.min(Math.floor(limit), MAX_LIMIT);
    if (match === null || !(max > 0)) return [];

    const limitOfCandidates = Math.min(MAX_LIMIT, Math.max(max, RESCORE.candidates));
    const counts = this.searchCounts(plan);
    const ids = this.candidates(plan, counts, viewer, limitOfCandidates, options.source ?? null);
    if (ids.length === 0) return [];
    const scored = this.scoreConcepts(plan, ids, counts);
    const order = ids
      .map((id) => ({ id, ...scored(id) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, max);

    // Only the visible documents just ranked are read from here on.
    const kept = order.map((row) => row.id);
    const idList = JSON.stringify(kept);
    const documentsById = new Map(
      this.db
        .select()
        .from(documents)
        .where(inArray(documents.id, kept))
        .all()
        .map((document) => [document.id, document]),
    );
    const marked = new Map(
      (
        this.statement(
          'marked',
          `SELECT
             rowid AS id,
             snippet(documents_fts, 1, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_TOKENS}) AS bodySnippet,
             snippet(documents_fts, 0, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_TOKENS}) AS titleSnippet,
             instr(highlight(documents_fts, 2, ${MARK_START}, ${MARK_END}), ${MARK_START}) > 0 AS matchedAlias
           FROM documents_fts
           WHERE documents_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))`,
        ).all({ match, ids: idList }) as MarkedRow[]
      ).map((row) => [row.id, row]),
    );

    const hits: SearchHit[] = [];
    for (const { id, score, concepts } of order) {
      const document = documentsById.get(id);
      if (!document) continue;
      const marks = marked.get(id);
      const found = concepts.filter((concept) => concept.matched).length;
      hits.push({
        document,
        score,
        snippet: marks ? pickSnippet(marks) : '',
        coverage: plan.concepts.length === 0 ? 0 : found / plan.concepts.length,
        matchedAlias: marks?.matchedAlias === 1,
        concepts,
      });
    }
    return currentFirst(hits);
  }

  /**
   * The candidates' ids, best first by bm25 over every alternative (with RANK_WEIGHTS): at
   * most `limit`. When only a few are wanted and some expressions are common ones (in more
   * than PRUNE.commonShare of the documents: their document lists are most of the work),
   * FTS5 ranks by the other, informative expressions alone, and the common ones are added
   * to the best PRUNE.pool of those from their own counts; the full query runs only when
   * that leaves too few candidates.
   */
  private candidates(
    plan: QueryPlan,
    counts: SearchCounts,
    viewer: SearchViewer,
    limit: number,
    source: DocumentSource | null,
  ): number[] {
    const expressions = [...counts.documents.keys()];
    const common =
      limit <= RESCORE.candidates && this.options.informativeFirst !== false
        ? expressions.filter(
            (expression) =>
              (counts.documents.get(expression) ?? 0) > counts.rows * PRUNE.commonShare,
          )
        : [];
    if (common.length > 0 && common.length < expressions.length) {
      const rare = expressions.filter((expression) => !common.includes(expression));
      const pool = this.rank(rare.join(' OR '), viewer, PRUNE.pool, source);
      if (pool.length >= limit) {
        const ids = pool.map((row) => row.id);
        this.loadCounts(counts, common, ids);
        return pool
          .map((row) => {
            let score = -row.rank;
            for (const expression of common) {
              score += this.expressionScore(counts, expression, row.id, RANK_COLUMN_WEIGHTS);
            }
            return { id: row.id, score };
          })
          .sort((a, b) => b.score - a.score || a.id - b.id)
          .slice(0, limit)
          .map((row) => row.id);
      }
    }
    const match = planMatchExpression(plan);
    if (match === null) return [];
    return this.rank(match, viewer, limit, source).map((row) => row.id);
  }

  /** Counts `expressions`' instances per column in each of `ids`, and their rows' sizes, where not counted yet. */
  private loadCounts(
    counts: SearchCounts,
    expressions: readonly string[],
    ids: readonly number[],
  ): void {
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
        .map((column) => `highlight(documents_fts, ${column}, ${MARK_START}, '') AS c${column}`)
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
      for (const row of rows) {
        perRow.set(
          row.id as number,
          [row.c0, row.c1, row.c2, row.c3, row.c4].map((text) => countMarks(text)),
        );
      }
    }
  }

  /** An expression's bm25 in one counted row, with these column weights. */
  private expressionScore(
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
  private searchCounts(plan: QueryPlan): SearchCounts {
    const counting = this.statement(
      'documentFrequency',
      'SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH @match',
    );
    const documents = new Map<string, number>();
    for (const concept of plan.concepts) {
      for (const { expression } of concept.alternatives) {
        if (documents.has(expression)) continue;
        documents.set(expression, (counting.get({ match: expression }) as { n: number }).n);
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
    };
  }

  /**
   * Scores `ids` concept by concept: each alternative's bm25 in each candidate (over all
   * columns, and whether its title or aliases have it), and each concept's informativeness
   * from its most frequent alternative's documents over the whole index.
   */
  private scoreConcepts(
    plan: QueryPlan,
    ids: readonly number[],
    counts: SearchCounts,
  ): (id: number) => { score: number; concepts: ConceptMatch[] } {
    this.loadCounts(counts, [...counts.documents.keys()], ids);
    const informativeness = plan.concepts.map((concept) =>
      inverseDocumentFrequency(
        Math.max(...concept.alternatives.map((a) => counts.documents.get(a.expression) ?? 0)),
        counts.rows,
      ),
    );
    return (id) => {
      let score = 0;
      let titleWeight = 0;
      let informative = 0;
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
        for (const alternative of concept.alternatives) {
          const instances = counts.instances.get(alternative.expression)?.get(id);
          if (!instances || instances === NO_INSTANCES) continue;
          const weighted =
            this.expressionScore(counts, alternative.expression, id, CONCEPT_COLUMN_WEIGHTS) *
            alternative.weight;
          if (!best.matched || weighted > best.score) {
            best = {
              matched: true,
              origin: alternative.origin,
              weight: alternative.weight,
              score: weighted,
              inTitle: (instances[0] ?? 0) > 0,
              inAliases: (instances[2] ?? 0) > 0,
              informativeness: idf,
            };
          }
        }
        score += best.score;
        if (best.inTitle || best.inAliases) titleWeight += best.weight * idf;
        return best;
      });
      const titleShare = informative > 0 ? titleWeight / informative : 0;
      return { score: score + RESCORE.titleBonus * titleShare * score, concepts };
    };
  }

  /**
   * The ids and bm25 ranks (lower is better) of the best `limit` visible matches, ordered by
   * rank, then id. FTS5 sorts by rank itself (`ORDER BY rank` is consumed by the virtual
   * table, the outer loop), so the join and visibility test run in rank order and stop at
   * LIMIT. Its order among equal ranks is unspecified, so ties inside the page are put in id
   * order here, and a tie across the page boundary (rare) is settled by the exact query.
   */
  private rank(
    match: string,
    viewer: SearchViewer,
    limit: number,
    source: DocumentSource | null,
  ): RankedRow[] {
    const params = {
      match,
      rank: RANK,
      channels: JSON.stringify(viewer.visibleChannelIds),
      guest: viewer.isGuest ? 1 : 0,
      user: viewer.userId ?? null,
      source,
      limit: limit + 1,
    };
    const rows = this.statement('ranked', rankedQuery('documents_fts.rank')).all(
      params,
    ) as RankedRow[];
    const last = rows[limit - 1];
    const next = rows[limit];
    if (last && next && next.rank === last.rank) {
      return this.statement(
        'rankedExact',
        rankedQuery('documents_fts.rank, documents_fts.rowid'),
      ).all({ ...params, limit }) as RankedRow[];
    }
    return rows.slice(0, limit).sort((a, b) => a.rank - b.rank || a.id - b.id);
  }

  /** Prepared once per repository. */
  private statement(name: string, source: string): Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.db.$client.prepare(source);
      this.statements.set(name, statement);
    }
    return statement;
  }
}

/**
 * Visible matches of @match, best first; visibility is tested in SQL, before any text is read.
 * It is documentVerdict's rule: a document from one of the viewer's conversations, a public
 * one when the viewer is not a guest, or one kept for named people that names the viewer.
 */
function rankedQuery(orderBy: string): string {
  return `SELECT documents_fts.rowid AS id, documents_fts.rank AS rank
    FROM documents_fts
    JOIN documents d ON d.id = documents_fts.rowid
    WHERE documents_fts MATCH @match
      AND documents_fts.rank MATCH @rank
      AND (
        (d.visibility = 'public' AND @guest = 0)
        OR d.channel_id IN (SELECT value FROM json_each(@channels))
        OR (d.visibility = 'people' AND EXISTS (
          SELECT 1 FROM document_readers r WHERE r.document_id = d.id AND r.member_id = @user
        ))
      )
      AND (@source IS NULL OR d.source = @source)
    ORDER BY ${orderBy}
    LIMIT @limit`;
}

/**
 * Each superseded hit moves to just after the hit that replaced it, when that one was found
 * too (along a chain of replacements, the newest comes first); everything else keeps its rank.
 */
function currentFirst(hits: SearchHit[]): SearchHit[] {
  const found = new Set(hits.map((hit) => hit.document.id));
  const waiting = new Map<number, SearchHit[]>();
  const ordered: SearchHit[] = [];
  const place = (hit: SearchHit): void => {
    ordered.push(hit);
    const followers = waiting.get(hit.document.id) ?? [];
    waiting.delete(hit.document.id);
    for (const follower of followers) place(follower);
  };
  for (const hit of hits) {
    const successor = hit.document.supersededById;
    const placed = ordered.some((each) => each.document.id === successor);
    if (successor !== null && found.has(successor) && !placed) {
      waiting.set(successor, [...(waiting.get(successor) ?? []), hit]);
    } else {
      place(hit);
    }
  }
  // Replacements never form a loop; should data say otherwise, nothing found is dropped.
  for (const followers of waiting.values()) ordered.push(...followers);
  return ordered;
}

/** sha256 of the title and body, as stored in documents.content_hash. */
export function hashContent(title: string, body: string): string {
  return createHash('sha256').update(title).update('\u0000').update(body).digest('hex');
}

/** The body snippet, unless only the title matched (then the title, highlighted). */
function pickSnippet(row: MarkedRow): string {
  const body = row.bodySnippet ?? '';
  const title = row.titleSnippet ?? '';
  if (body.includes(SNIPPET_START) || !title.includes(SNIPPET_START)) return body || title;
  return title;
}

/**
 * Control characters (other than tab and newlines) have no place in documents, and
 * \u0002/\u0003 would be mistaken for snippet markers.
 */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function normalizeAlias(text: string): string {
  const normalized = clean(text).normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return Array.from(normalized).slice(0, MAX_ALIAS_CHARS).join('').trim();
}

function prepareBySourceKey(db: Db) {
  return db
    .select()
    .from(documents)
    .where(eq(documents.sourceKey, sql.placeholder('sourceKey')))
    .prepare();
}

/** SQLite's variable-length integers, one after another (as FTS5 stores row and column sizes). */
function varints(bytes: Uint8Array): number[] {
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

/** How many matches highlight() marked in a column (each marked with SNIPPET_START). */
function countMarks(text: string | number | null | undefined): number {
  if (typeof text !== 'string') return 0;
  let found = 0;
  for (let at = text.indexOf(SNIPPET_START); at >= 0; at = text.indexOf(SNIPPET_START, at + 1)) {
    found += 1;
  }
  return found;
}
