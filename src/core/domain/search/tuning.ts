/**
 * What search adds to plain bm25, as one set of switches and weights: how much a title and a
 * heading count, how a long page is ranked from its sections, how the question is read (typo
 * correction, office abbreviations, office synonyms, WordNet synonyms, the frame of a
 * question), what confirmed wordings add, and how much a match through the stem alone counts.
 * SEARCH_TUNING holds the values search runs with; a benchmark may turn each addition off
 * alone (ABLATIONS) to see what it is worth. Pure data: the store and the query planner read it.
 */
export interface SearchTuning {
  /** bm25 weight of a page's title column (its body counts 1). */
  titleWeight: number;
  /** How much more a page scores when the concepts in its title or aliases carry all of the question's information. */
  titleBonus: number;
  /**
   * How much less a word counts toward the title bonus the more pages have it in their title:
   * its share is divided by (those pages)^titleSpread, so a word many titles share ("leave",
   * "guide") does not lift one of them over the others; 0 counts every title word alike.
   */
  titleSpread: number;
  /** bm25 weight of a section's heading path (its text counts 1). */
  headingWeight: number;
  /** A section's bonus for the concepts its heading path or the page's title hold. */
  headingBonus: number;
  /** Long pages are ranked by their best section as well as by their own text. */
  sections: boolean;
  /** How much of its own score a long page keeps when none of what it matched is in one section. */
  focusFloor: number;
  /** How much of the page's own score is added to its best section's. */
  pageShare: number;
  /** How much of its score a section keeps when it holds one informative word of a question that has several. */
  oneWord: number;
  /** The least length, in tokens, a section is weighed for. */
  minSectionTokens: number;
  /** A word no page has is corrected to a near word that some have. */
  typoCorrection: boolean;
  /** Common office abbreviations (PTO, WFH) are searched with what they stand for. */
  abbreviations: boolean;
  /** Words offices use for the same thing are searched as well. */
  officeSynonyms: boolean;
  /** General English synonyms (WordNet) are searched as well. */
  wordnetSynonyms: boolean;
  /** The weight of a general synonym's match, of a match of the words typed. */
  wordnetWeight: number;
  /**
   * General synonyms are searched only for words in at most this share of the documents (0:
   * only for words no document has; 1: for every word). A word the pages use is most often
   * meant as they use it, and its synonyms bring in pages on other things.
   */
  wordnetMaxShare: number;
  /** Wordings people confirmed a page answers count: its aliases, and the boost of "This answers it". */
  learnedAliases: boolean;
  /** The frame of a question ("how do I", "what's the policy on") is left out of what is searched. */
  scaffolding: boolean;
  /** How much a match through the stem alone counts of a match of the word typed or its inflections. */
  stemWeight: number;
}

/** The values search runs with. */
export const SEARCH_TUNING: Readonly<SearchTuning> = Object.freeze({
  titleWeight: 4,
  titleBonus: 3,
  titleSpread: 0,
  headingWeight: 2,
  headingBonus: 1,
  sections: true,
  focusFloor: 0.5,
  pageShare: 0.3,
  oneWord: 0.3,
  minSectionTokens: 60,
  typoCorrection: true,
  abbreviations: true,
  officeSynonyms: true,
  wordnetSynonyms: true,
  wordnetWeight: 0.5,
  wordnetMaxShare: 0.1,
  learnedAliases: true,
  scaffolding: true,
  stemWeight: 0.35,
});

/** SEARCH_TUNING with some values replaced. */
export function searchTuning(changes: Partial<SearchTuning> = {}): SearchTuning {
  return { ...SEARCH_TUNING, ...changes };
}

/** One addition turned off alone: its name and the values that leave plain bm25 in its place. */
export interface Ablation {
  name: string;
  off: Partial<SearchTuning>;
}

/** Each addition of SEARCH_TUNING, and what turning it off means. */
export const ABLATIONS: readonly Ablation[] = [
  {
    name: 'title and heading weights',
    off: { titleWeight: 1, titleBonus: 0, headingWeight: 1, headingBonus: 0 },
  },
  { name: 'page ranked by its sections', off: { sections: false } },
  { name: 'scattered-words discount of a page', off: { focusFloor: 1 } },
  { name: "the page's own share", off: { pageShare: 0 } },
  { name: 'one-word section factor', off: { oneWord: 1 } },
  { name: 'minimum section length', off: { minSectionTokens: 0 } },
  { name: 'typo correction', off: { typoCorrection: false } },
  { name: 'office abbreviations', off: { abbreviations: false } },
  { name: 'office synonyms', off: { officeSynonyms: false } },
  { name: 'WordNet synonyms', off: { wordnetSynonyms: false } },
  { name: 'WordNet kept to words few pages have', off: { wordnetMaxShare: 1 } },
  { name: 'learned aliases', off: { learnedAliases: false } },
  { name: 'scaffolding removal', off: { scaffolding: false } },
  { name: 'stem weight', off: { stemWeight: 1 } },
];
