import type { Statement } from 'better-sqlite3';
import { inArray } from 'drizzle-orm';
import type { Viewer } from '../domain/authorization.js';
import { planQuery, type QueryPlan, SNIPPET_START } from '../domain/search/query.js';
import { openingText, passageScore } from '../domain/search/sections.js';
import { type SearchTuning, searchTuning } from '../domain/search/tuning.js';
import type { Db } from './db.js';
import type { KnowledgeDocument } from './documents-repository.js';
import { MARK_END, MARK_START, planMatchExpression } from './fts-query.js';
import { type DocumentSource, documents } from './schema.js';
import {
  type ConceptMatch,
  RESCORE,
  rankColumnWeights,
  rankFunction,
  type SearchCounts,
  SearchScorer,
} from './search-scores.js';
import {
  SectionIndex,
  type SectionMatch,
  VISIBLE_DOCUMENT,
  type VisibilityParams,
} from './section-index.js';

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
  /** When the search is made: how old the confirmations of its wording are (see boosts). */
  at?: number;
  /** Per document, a factor its score is multiplied by if the search finds it (learning.ts). */
  boosts?: ReadonlyMap<number, number>;
  /** What the search adds to bm25, where it differs from SEARCH_TUNING (a benchmark's ablations). */
  tuning?: Partial<SearchTuning>;
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
  /** For a page indexed by section, the section that matched best; null for a short page (its own passage). */
  section?: HitSection | null;
}

/** The section of a long page that a hit was found by. */
export interface HitSection {
  /** Its heading path ("Time off > Parental leave"); empty for the text before the first heading. */
  heading: string;
  /** The GitHub-style anchor of its heading (a link is the page's URL, '#', this), or null. */
  anchor: string | null;
  /** The start of its text, cut after a sentence (about OPENING_CHARS characters at most). */
  opening: string;
  /** How the section matched each concept (a concept in the page's title counts as in every section). */
  concepts: ConceptMatch[];
  /** The fewest consecutive tokens of its text holding the informative concepts found only there (0 for none). */
  window: number;
}

const SNIPPET_TOKENS = 30;
/** How long a section's opening may be. */
export const OPENING_CHARS = 500;
const MAX_LIMIT = 1000;
/**
 * Ranking on the informative expressions first: an expression in more than `commonShare` of
 * the documents is left out of FTS5's ranking, which picks the best `pool` by the others;
 * the common ones' bm25 is then added to those from their counts.
 */
export const PRUNE = { commonShare: 0.2, pool: 100 } as const;

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
 * Search over the knowledge base: the `documents_fts` FTS5 table, which triggers keep in sync
 * with `documents` and `document_aliases` (see migration 0002). FTS5 ranks the visible matches
 * to pick candidates; SearchScorer re-scores them per concept of the query plan.
 */
export class SearchIndex {
  private readonly statements = new Map<string, Statement>();
  private readonly scorer = new SearchScorer(
    (name, source) => this.statement(name, source),
    () => this.indexVersion(),
  );
  private readonly sections = new SectionIndex((name, source) => this.statement(name, source));

  /**
   * `informativeFirst: false` ranks every match by every expression, as a reference for the
   * ranking on informative expressions first (PRUNE), which is the default. `sections: false`
   * ranks pages by their own text only, as a reference for ranking by the best section.
   */
  constructor(
    private readonly db: Db,
    private readonly options: { informativeFirst?: boolean; sections?: boolean } = {},
  ) {}

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
   *
   * Long pages are also indexed by section (section-index.ts): the pages whose sections rank
   * best join the candidates, each candidate's best section is scored per concept the same
   * way, and a long page scores as passageScore says (domain/search/sections.ts); its hit
   * carries that section, whose snippet replaces the page's. Results stay one per page.
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
    const tuning = searchTuning(options.tuning);
    const counts = this.scorer.searchCounts(plan, tuning);
    const source = options.source ?? null;
    const pages = this.candidates(plan, counts, viewer, limitOfCandidates, source);
    // Long pages are also found by their best sections (extra rows, not extra documents).
    const bySection = this.options.sections !== false && tuning.sections && this.sections.present();
    const ids = bySection
      ? [
          ...new Set([
            ...pages,
            ...this.sections.rankPages(
              this.informativeMatch(counts, limitOfCandidates) ?? match,
              visibilityParams(viewer, source),
              limitOfCandidates,
              tuning,
            ),
          ]),
        ]
      : pages;
    if (ids.length === 0) return [];
    const scored = this.scorer.scoreConcepts(plan, ids, counts);
    const pageScores = new Map(ids.map((id) => [id, scored(id)]));
    const best = bySection
      ? this.sections.bestSections(
          plan,
          match,
          ids,
          counts,
          (id) => pageScores.get(id)?.concepts ?? [],
        )
      : new Map<number, SectionMatch>();
    const boosts = tuning.learnedAliases ? options.boosts : undefined;
    const order = ids
      .map((id) => {
        const page = pageScores.get(id) ?? { score: 0, concepts: [] };
        const section = best.get(id);
        return {
          id,
          score:
            (section ? passageScore(page, section, tuning) : page.score) * (boosts?.get(id) ?? 1),
          concepts: page.concepts,
          section,
        };
      })
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

    const described = this.sections.describe(
      match,
      order.flatMap((row) => (row.section ? [row.section.sectionId] : [])),
    );

    const hits: SearchHit[] = [];
    for (const { id, score, concepts, section } of order) {
      const document = documentsById.get(id);
      if (!document) continue;
      const marks = marked.get(id);
      const found = concepts.filter((concept) => concept.matched).length;
      const text = section ? described.get(section.sectionId) : undefined;
      hits.push({
        document,
        score,
        snippet: text?.snippet || (marks ? pickSnippet(marks) : ''),
        coverage: plan.concepts.length === 0 ? 0 : found / plan.concepts.length,
        matchedAlias: marks?.matchedAlias === 1,
        concepts,
        section: section
          ? {
              heading: section.heading,
              anchor: section.anchor,
              opening: openingText(text?.text ?? '', OPENING_CHARS),
              concepts: section.concepts,
              window: section.window,
            }
          : null,
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
    const common = this.commonExpressions(counts, limit);
    if (common.length > 0 && common.length < expressions.length) {
      const rare = expressions.filter((expression) => !common.includes(expression));
      const pool = this.rank(rare.join(' OR '), viewer, PRUNE.pool, source, counts.tuning);
      if (pool.length >= limit) {
        const ids = pool.map((row) => row.id);
        this.scorer.loadCounts(counts, common, ids);
        const weights = rankColumnWeights(counts.tuning);
        return pool
          .map((row) => {
            let score = -row.rank;
            for (const expression of common) {
              score += this.scorer.expressionScore(counts, expression, row.id, weights);
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
    return this.rank(match, viewer, limit, source, counts.tuning).map((row) => row.id);
  }
  /**
   * The common expressions (see PRUNE) that informative-first ranking leaves out, when it
   * applies: only a few candidates wanted, and the default ranking.
   */
  private commonExpressions(counts: SearchCounts, limit: number): string[] {
    if (limit > RESCORE.candidates || this.options.informativeFirst === false) return [];
    return [...counts.documents.keys()].filter(
      (expression) => (counts.documents.get(expression) ?? 0) > counts.rows * PRUNE.commonShare,
    );
  }

  /** The informative expressions alone joined with OR, when some are common and some not; else null. */
  private informativeMatch(counts: SearchCounts, limit: number): string | null {
    const expressions = [...counts.documents.keys()];
    const common = this.commonExpressions(counts, limit);
    if (common.length === 0 || common.length === expressions.length) return null;
    return expressions.filter((expression) => !common.includes(expression)).join(' OR ');
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
    tuning: SearchTuning,
  ): RankedRow[] {
    const params = {
      match,
      rank: rankFunction(tuning),
      ...visibilityParams(viewer, source),
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

  /**
   * The state of the index this connection reads: SQLite's data_version changes when another
   * connection commits, total_changes() when this one writes. Null inside a transaction, whose
   * writes may yet be rolled back.
   */
  private indexVersion(): string | null {
    if (this.db.$client.inTransaction) return null;
    const { version, changes } = this.statement(
      'indexVersion',
      'SELECT data_version AS version, total_changes() AS changes FROM pragma_data_version',
    ).get() as { version: number; changes: number };
    return `${version}:${changes}`;
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
      AND ${VISIBLE_DOCUMENT}
    ORDER BY ${orderBy}
    LIMIT @limit`;
}

function visibilityParams(viewer: SearchViewer, source: DocumentSource | null): VisibilityParams {
  return {
    channels: JSON.stringify(viewer.visibleChannelIds),
    guest: viewer.isGuest ? 1 : 0,
    user: viewer.userId ?? null,
    source,
  };
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
/** The body snippet, unless only the title matched (then the title, highlighted). */
function pickSnippet(row: MarkedRow): string {
  const body = row.bodySnippet ?? '';
  const title = row.titleSnippet ?? '';
  if (body.includes(SNIPPET_START) || !title.includes(SNIPPET_START)) return body || title;
  return title;
}
