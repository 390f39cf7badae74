import type { Statement } from 'better-sqlite3';
import {
  ftsInverseDocumentFrequency,
  phraseBm25,
  weightedFrequency,
} from '../domain/search/bm25.js';
import { type QueryPlan, SNIPPET_START } from '../domain/search/query.js';
import { markedPositions, smallestWindow } from '../domain/search/sections.js';
import { SURENESS } from '../domain/search/sureness.js';
import { SEARCH_TUNING, type SearchTuning } from '../domain/search/tuning.js';
import { MARK_END, MARK_START } from './fts-query.js';
import type { DocumentSource } from './schema.js';
import {
  type ConceptMatch,
  RANK_WEIGHTS,
  type SearchCounts,
  scoreByConcept,
  varints,
} from './search-scores.js';

/**
 * Who may see a document `d`, in SQL: documentVerdict's rule (domain/authorization.ts), with
 * the viewer's conversations as @channels, @guest 1 for a guest, @user for named readers.
 * Pages and their sections are tested by this same clause.
 */
export const VISIBLE_DOCUMENT = `(
        (d.visibility = 'public' AND @guest = 0)
        OR d.channel_id IN (SELECT value FROM json_each(@channels))
        OR (d.visibility = 'people' AND EXISTS (
          SELECT 1 FROM document_readers r WHERE r.document_id = d.id AND r.member_id = @user
        ))
      )
      AND (@source IS NULL OR d.source = @source)`;

/** The parameters VISIBLE_DOCUMENT reads. */
export interface VisibilityParams {
  channels: string;
  guest: 0 | 1;
  user: string | null;
  source: DocumentSource | null;
}

/** Column weights of a section's bm25 (heading path, text, and their index-only forms): the heading path counts as a title does. */
function sectionRank(tuning: SearchTuning): string {
  return `bm25(${tuning.titleWeight}, ${RANK_WEIGHTS.body}, ${tuning.titleWeight}, ${RANK_WEIGHTS.body})`;
}
/**
 * How a section's concepts are counted per column (heading path, text, their index-only forms),
 * and the bonus for the concepts its heading path or the page's title hold. Both are lower than
 * a page's (RANK_WEIGHTS.title, RESCORE.titleBonus): a heading path repeats the page's title in
 * every section and names a section in two or three words, so a heading word alone should not
 * outweigh a section whose text holds the whole question. `minTokens` is the least length a
 * section is weighed for: bm25 rewards a short text for each word it holds, and a section of a
 * dozen words would otherwise win on one common word of the question.
 */
export const SECTION_SCORE = {
  weights: [SEARCH_TUNING.headingWeight, RANK_WEIGHTS.body, 1, 1],
  headingBonus: SEARCH_TUNING.headingBonus,
  minTokens: SEARCH_TUNING.minSectionTokens,
} as const;
const NO_INSTANCES: readonly number[] = [0, 0, 0, 0];
/** How many sections are ranked to find the pages whose sections match best, per page wanted. */
const SECTIONS_PER_PAGE = 4;
const SNIPPET_TOKENS = 30;

/** The section of a page that best matches a search. */
export interface SectionMatch {
  sectionId: number;
  documentId: number;
  /** Its heading path ("Time off > Parental leave"); empty for the text before the first heading. */
  heading: string;
  /** The GitHub-style anchor of its heading, or null. */
  anchor: string | null;
  /** Its bm25 per concept, as the page's (see SearchScorer.scoreConcepts), over the section alone. */
  score: number;
  /**
   * Per concept of the plan: how the section matched it. A concept the page's title or aliases
   * hold counts as matched in every section (the title is every section's context).
   */
  concepts: ConceptMatch[];
  /**
   * The fewest consecutive tokens of the section's text holding every informative concept it
   * matched only in its text (not in its heading path or the page's title); 0 when none.
   */
  window: number;
}

/** The pages' counts (see SearchCounts), with each expression's instances and positions per section. */
interface SectionCounts {
  rows: number;
  averageTokens: number;
  documents: ReadonlyMap<string, number>;
  instances: Map<string, Map<number, readonly number[]>>;
  positions: Map<string, Map<number, number[]>>;
  tokens: Map<number, number>;
  tuning: SearchTuning;
}

/**
 * Search over the sections of long pages (`document_sections_fts`, kept by the triggers of
 * migration 0017): which visible pages have the best matching sections, and for a set of pages
 * each one's best section, scored per concept of a query plan the way pages are.
 */
export class SectionIndex {
  constructor(private readonly statement: (name: string, source: string) => Statement) {}

  /** Whether any page is indexed by section (when none, searches skip sections altogether). */
  present(): boolean {
    return (
      this.statement('sectionsPresent', 'SELECT 1 AS one FROM document_sections LIMIT 1').get() !==
      undefined
    );
  }

  /**
   * The visible pages whose sections best match `match` (bm25 over heading path and text),
   * best first by their best section, at most `limit` pages.
   */
  rankPages(
    match: string,
    visibility: VisibilityParams,
    limit: number,
    tuning: SearchTuning = SEARCH_TUNING,
  ): number[] {
    const rows = this.statement(
      'sectionsRanked',
      `SELECT s.document_id AS id
       FROM document_sections_fts
       JOIN document_sections s ON s.id = document_sections_fts.rowid
       JOIN documents d ON d.id = s.document_id
       WHERE document_sections_fts MATCH @match
         AND document_sections_fts.rank MATCH @rank
         AND ${VISIBLE_DOCUMENT}
       ORDER BY document_sections_fts.rank, document_sections_fts.rowid
       LIMIT @limit`,
    ).all({
      match,
      rank: sectionRank(tuning),
      ...visibility,
      limit: limit * SECTIONS_PER_PAGE,
    }) as {
      id: number;
    }[];
    const pages: number[] = [];
    for (const { id } of rows) {
      if (!pages.includes(id)) pages.push(id);
      if (pages.length >= limit) break;
    }
    return pages;
  }

  /**
   * Each page's best section among `documentIds` (pages without sections have none): its
   * sections that match the plan are scored per concept, with the page's own concepts
   * (`pageConcepts`) saying which the title or aliases hold.
   */
  bestSections(
    plan: QueryPlan,
    match: string,
    documentIds: readonly number[],
    pageCounts: SearchCounts,
    pageConcepts: (documentId: number) => readonly ConceptMatch[],
  ): Map<number, SectionMatch> {
    const best = new Map<number, SectionMatch>();
    if (documentIds.length === 0) return best;
    const sections = this.statement(
      'sectionsOfPages',
      `SELECT s.id AS id, s.document_id AS documentId, s.heading AS heading, s.anchor AS anchor
       FROM document_sections_fts
       JOIN document_sections s ON s.id = document_sections_fts.rowid
       WHERE document_sections_fts MATCH @match
         AND s.document_id IN (SELECT value FROM json_each(@ids))
       ORDER BY s.document_id, s.position`,
    ).all({ match, ids: JSON.stringify(documentIds) }) as {
      id: number;
      documentId: number;
      heading: string;
      anchor: string | null;
    }[];
    if (sections.length === 0) return best;
    const counts = this.counts(
      pageCounts,
      sections.map((section) => section.id),
    );
    for (const section of sections) {
      const scored = this.scoreSection(plan, counts, section.id, pageConcepts(section.documentId));
      const current = best.get(section.documentId);
      if (current && current.score >= scored.score) continue;
      best.set(section.documentId, {
        sectionId: section.id,
        documentId: section.documentId,
        heading: section.heading,
        anchor: section.anchor,
        ...scored,
      });
    }
    return best;
  }

  /** The sections' snippets (about 30 tokens of the text, matches marked) and texts. */
  describe(
    match: string,
    sectionIds: readonly number[],
  ): Map<number, { snippet: string; text: string }> {
    const described = new Map<number, { snippet: string; text: string }>();
    if (sectionIds.length === 0) return described;
    const ids = JSON.stringify(sectionIds);
    const texts = new Map(
      (
        this.statement(
          'sectionTexts',
          `SELECT s.id AS id, substr(d.body, s.start + 1, s.length) AS text
           FROM document_sections s JOIN documents d ON d.id = s.document_id
           WHERE s.id IN (SELECT value FROM json_each(@ids))`,
        ).all({ ids }) as { id: number; text: string }[]
      ).map((row) => [row.id, row.text]),
    );
    const snippets = new Map(
      (
        this.statement(
          'sectionSnippets',
          `SELECT rowid AS id,
             snippet(document_sections_fts, 1, ${MARK_START}, ${MARK_END}, '…', ${SNIPPET_TOKENS}) AS snippet
           FROM document_sections_fts
           WHERE document_sections_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))`,
        ).all({ match, ids }) as { id: number; snippet: string | null }[]
      ).map((row) => [row.id, row.snippet ?? '']),
    );
    for (const id of sectionIds) {
      described.set(id, { snippet: snippets.get(id) ?? '', text: texts.get(id) ?? '' });
    }
    return described;
  }

  /**
   * Per section its tokens, and each expression's instances and positions in it. How rare an
   * expression is comes from the sections: a word every section of a long page repeats tells
   * its sections apart no better than a word in every page tells pages apart, however rare it
   * is among pages. How long a text is on average comes from the pages (`pages`), so a section
   * is weighed for its length as a page of its length would be.
   */
  private counts(pages: SearchCounts, ids: readonly number[]): SectionCounts {
    const counting = this.statement(
      'sectionFrequency',
      'SELECT count(*) AS n FROM document_sections_fts WHERE document_sections_fts MATCH @match',
    );
    const documents = new Map<string, number>();
    for (const [expression, frequency] of pages.documents) {
      // An expression no page has is in no section either.
      documents.set(
        expression,
        frequency === 0 ? 0 : (counting.get({ match: expression }) as { n: number }).n,
      );
    }
    const counts: SectionCounts = {
      rows: (
        this.statement('sectionRows', 'SELECT count(*) AS n FROM document_sections').get() as {
          n: number;
        }
      ).n,
      averageTokens: pages.averageTokens,
      documents,
      instances: new Map(),
      positions: new Map(),
      tokens: new Map(),
      tuning: pages.tuning,
    };
    const idList = JSON.stringify(ids);
    for (const row of this.statement(
      'sectionSizes',
      'SELECT id, sz FROM document_sections_fts_docsize WHERE id IN (SELECT value FROM json_each(@ids))',
    ).all({ ids: idList }) as { id: number; sz: Buffer }[]) {
      counts.tokens.set(
        row.id,
        varints(row.sz).reduce((sum, size) => sum + size, 0),
      );
    }
    const marks = this.statement(
      'sectionInstances',
      `SELECT rowid AS id, ${[0, 1, 2, 3]
        .map(
          (column) =>
            `highlight(document_sections_fts, ${column}, ${MARK_START}, '') AS c${column}`,
        )
        .join(', ')}
       FROM document_sections_fts
       WHERE document_sections_fts MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))`,
    );
    for (const [expression, frequency] of pages.documents) {
      const instances = new Map<number, readonly number[]>();
      const positions = new Map<number, number[]>();
      counts.instances.set(expression, instances);
      counts.positions.set(expression, positions);
      // An expression no page has needs no look-up.
      if (frequency === 0) continue;
      for (const row of marks.all({ match: expression, ids: idList }) as Record<
        string,
        string | number | null
      >[]) {
        const columns = [row.c0, row.c1, row.c2, row.c3].map((text) =>
          typeof text === 'string' ? text : '',
        );
        instances.set(
          row.id as number,
          columns.map((text) => text.split(SNIPPET_START).length - 1),
        );
        positions.set(row.id as number, markedPositions(columns[1] ?? '', SNIPPET_START));
      }
    }
    return counts;
  }

  /**
   * One section scored per concept: each concept's best alternative's bm25 in the section
   * (times its weight; a concept the page's title or aliases hold scores at least as on the
   * page), plus SECTION_SCORE's heading bonus for the concepts its heading path or the
   * page's title hold; and the window of its text that holds its other informative concepts.
   */
  private scoreSection(
    plan: QueryPlan,
    counts: SectionCounts,
    id: number,
    page: readonly ConceptMatch[],
  ): { score: number; concepts: ConceptMatch[]; window: number } {
    const mostInformative = Math.max(0, ...page.map((concept) => concept.informativeness));
    const floor = SURENESS.minInformativeness * mostInformative;
    const { tuning } = counts;
    const weights = [tuning.headingWeight, RANK_WEIGHTS.body, 1, 1];
    const scored = scoreByConcept(
      plan,
      plan.concepts.map((_, c) => page[c]?.informativeness ?? 0),
      tuning.headingBonus,
      (expression) => {
        const instances = counts.instances.get(expression)?.get(id);
        if (!instances || instances === NO_INSTANCES) return null;
        const frequency = weightedFrequency(instances, weights);
        if (frequency === 0) return null;
        return {
          score: phraseBm25(
            ftsInverseDocumentFrequency(counts.documents.get(expression) ?? 0, counts.rows),
            frequency,
            Math.max(counts.tokens.get(id) ?? 0, tuning.minSectionTokens),
            counts.averageTokens,
          ),
          inTitle: (instances[0] ?? 0) > 0 || (instances[2] ?? 0) > 0,
          inAliases: false,
        };
      },
      (c, best) => {
        const onPage = page[c];
        const pageWide = onPage?.matched === true && (onPage.inTitle || onPage.inAliases);
        if (pageWide && (!best.matched || onPage.weight >= best.weight)) {
          return { ...onPage, score: Math.max(best.score, onPage.score) };
        }
        return best;
      },
    );
    const lists: number[][] = [];
    scored.concepts.forEach((best, c) => {
      const idf = best.informativeness;
      if (best.inTitle || best.inAliases || !best.matched || !(idf > 0) || idf < floor) return;
      const expression = scored.expressions[c];
      lists.push(expression ? (counts.positions.get(expression)?.get(id) ?? []) : []);
    });
    return { score: scored.score, concepts: scored.concepts, window: smallestWindow(lists) ?? 0 };
  }
}
