/**
 * When the best search hit counts as the answer to a question ("sure"), so that /ask may answer
 * from the documents instead of asking a person. Pure: it sees hits as plain evidence.
 */

/** What the rule needs to know about one hit. */
export interface SurenessHit {
  /** Hits with the same topic (one question answered in several documents) do not compete. */
  topic: string;
  /** Topics of documents this one replaced (along a chain): not competition either. */
  replaces: ReadonlySet<string>;
  /** Relevance, higher is better; comparable within one search only. */
  score: number;
  /** Per concept of the question, in order: whether and how it matched. */
  concepts: readonly SurenessConcept[];
  /** For a long page indexed by section: the evidence inside its best section (else absent or null). */
  section?: SurenessSection | null;
}

/** What one section of a long page holds of a question. */
export interface SurenessSection {
  /** Per concept: whether the section (its heading path, its text, or the page's title) has it. */
  concepts: readonly SurenessConcept[];
  /** The fewest consecutive tokens of its text holding the informative concepts found there (0 for none). */
  window: number;
}

export interface SurenessConcept {
  matched: boolean;
  /** 1 for the words typed, less for an added wording (synonym, glossary). */
  weight: number;
  /** How much the concept says about a document: inverse document frequency, ≥ 0. */
  informativeness: number;
}

/** Thresholds, fitted on StackFAQ rephrasings 1-5 (bench/search-quality.ts). */
export interface SurenessThresholds {
  /** The top hit carries at least this share of the question's information… */
  coverage: number;
  /** …and scores at least this many times the best hit on another topic. */
  scoreRatio: number;
  /** With no hit on another topic, it must carry this share instead. */
  aloneCoverage: number;
  /**
   * A concept less informative than this share of the question's most informative one counts
   * as a common word, not as evidence of its own.
   */
  minInformativeness: number;
}

export const SURENESS: SurenessThresholds = {
  coverage: 0.35,
  scoreRatio: 2.1,
  aloneCoverage: 0.75,
  minInformativeness: 0.4,
};

/**
 * Thresholds of the rule for long pages (isSure, for a top hit with a section), fitted on
 * bench/data/long-pages (npm run bench -- search-long-pages) and checked on StackFAQ and the
 * probes; never on the held-out PostHog and handbook sets.
 */
export interface SectionThresholds {
  /** The best section carries at least this share of the question's information… */
  coverage: number;
  /** …its informative words found in its text are within this many consecutive tokens… */
  window: number;
  /** …and the page scores at least this many times the best page on another topic. */
  scoreRatio: number;
  /** With no page on another topic, its section must carry this share instead. */
  aloneCoverage: number;
  /**
   * The section matches at least this many informative concepts (fewer only when the question
   * has fewer words that say anything): one rare word in a long page is not an answer.
   */
  informativeMatches: number;
}

/**
 * Fitted on the three tuning sets of long pages, each held to the bound on its own:
 * bench/data/long-pages (179 answerable, 34 unanswerable questions), long-pages-2 (299, 40),
 * both written for Mailroom, and tts-handbook (174, 40), a real handbook. On a grid of coverage
 * 0.35-0.7, window 20 tokens to unbounded, score ratio 1.0-2.0 and one to three informative
 * matches, these give the most right answers with at most one false answer in 30 unanswerable
 * questions and at most two wrong pages in 100 answerable ones on every set: 28 right, 0 wrong
 * page, 0 false on the first; 47, 2 and 1 on the second; 22, 1 and 1 on the real one. The
 * window is what the real pages asked for: at 60 tokens the real handbook had two false answers
 * in 40. Coverage is the middle of the span (0.35-0.45) that gives the same answers. Three
 * informative matches (every word that says something, when the question has fewer) keeps
 * false answers down: the questions no page answers shared one or two rare words with a
 * section. aloneCoverage is not fitted (no question there had no rival): it asks more than
 * `coverage`, as SURENESS does for short pages.
 */
export const SECTION_SURENESS: SectionThresholds = {
  coverage: 0.4,
  window: 30,
  scoreRatio: 1.3,
  aloneCoverage: 0.85,
  informativeMatches: 3,
};

/**
 * Inverse document frequency of a word found in `frequency` of `total` documents, in the
 * always-positive form ln(1 + (N − n + ½) / (n + ½)): a word in every document of a large
 * index weighs about nothing, a rare one several times more than a common one.
 */
export function inverseDocumentFrequency(frequency: number, total: number): number {
  if (total <= 0) return 0;
  const n = Math.min(Math.max(frequency, 0), total);
  return Math.log(1 + (total - n + 0.5) / (n + 0.5));
}

/**
 * Share (0..1) of the question's information that a hit carries: each concept counts by its
 * informativeness, times the weight of the wording that matched it (a synonym counts less).
 */
export function weightedCoverage(concepts: readonly SurenessConcept[]): number {
  let total = 0;
  let found = 0;
  for (const concept of concepts) {
    total += concept.informativeness;
    if (concept.matched) found += concept.informativeness * concept.weight;
  }
  return total > 0 ? found / total : 0;
}

/** How many informative concepts a hit matched, and how many the question has. */
export function informativeCounts(
  concepts: readonly SurenessConcept[],
  share: number,
): { matched: number; asked: number } {
  const floor = share * Math.max(0, ...concepts.map((concept) => concept.informativeness));
  let matched = 0;
  let asked = 0;
  for (const concept of concepts) {
    if (!(concept.informativeness > 0) || concept.informativeness < floor) continue;
    asked += 1;
    if (concept.matched) matched += 1;
  }
  return { matched, asked };
}

/**
 * The top hit is the answer when it carries most of the question's information (coverage
 * weighted by informativeness), matches more than one informative concept of a question that
 * has several (never an answer from a single rare word), and clearly outscores the best hit on
 * another topic. Scores are compared as a ratio because bm25 values shift with the size of
 * the knowledge base; with no other topic to compare with, a higher coverage is needed.
 */
export function isSure(
  hits: readonly SurenessHit[],
  thresholds: SurenessThresholds = SURENESS,
  sectionThresholds: SectionThresholds = SECTION_SURENESS,
): boolean {
  const top = hits[0];
  if (!top || !(top.score > 0)) return false;
  if (top.section) return isSureOfSection(top, top.section, hits, thresholds, sectionThresholds);
  const { matched, asked } = informativeCounts(top.concepts, thresholds.minInformativeness);
  if (matched === 0 || (asked >= 2 && matched < 2)) return false;
  const coverage = weightedCoverage(top.concepts);
  const rival = hits.find((hit) => hit.topic !== top.topic && !top.replaces.has(hit.topic));
  if (!rival) return coverage >= thresholds.aloneCoverage;
  return coverage >= thresholds.coverage && top.score >= rival.score * thresholds.scoreRatio;
}

/**
 * A long page is the answer when one section holds it: the section (with its heading path and
 * the page's title) carries most of the question's information, matches more than one
 * informative concept of a question that has several, holds the words it found in its text
 * close together (a question whose words are scattered over the page is not answered), and the
 * page clearly outscores the best page on another topic. Long pages on one subject overlap, so
 * the margin asked is smaller than for short pages; the evidence inside the section is stricter.
 */
function isSureOfSection(
  top: SurenessHit,
  section: SurenessSection,
  hits: readonly SurenessHit[],
  thresholds: SurenessThresholds,
  sectionThresholds: SectionThresholds,
): boolean {
  const { matched, asked } = informativeCounts(section.concepts, thresholds.minInformativeness);
  if (matched === 0 || (asked >= 2 && matched < 2)) return false;
  const saying = section.concepts.filter((concept) => concept.informativeness > 0).length;
  if (matched < Math.min(sectionThresholds.informativeMatches, saying)) return false;
  if (section.window > sectionThresholds.window) return false;
  const coverage = weightedCoverage(section.concepts);
  const rival = hits.find((hit) => hit.topic !== top.topic && !top.replaces.has(hit.topic));
  if (!rival) return coverage >= sectionThresholds.aloneCoverage;
  return (
    coverage >= sectionThresholds.coverage &&
    top.score >= rival.score * sectionThresholds.scoreRatio
  );
}

/** The least weight of a wording that counts as evidence: the words typed and the team's glossary, not general synonyms. */
export const EVIDENCE_WEIGHT = 0.75;

/**
 * Whether a hit is worth showing at all: it matches at least one concept of the question
 * through the asker's own words (or their correction, or the team glossary). A page found only
 * through a general synonym ("refunds" → "return" in a page about laptops) is not evidence.
 */
export function hasEvidence(concepts: readonly SurenessConcept[]): boolean {
  return concepts.some((concept) => concept.matched && concept.weight >= EVIDENCE_WEIGHT);
}
