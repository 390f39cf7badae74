import { isCorrectable, type Token } from './analysis.js';
import { hyphenParts } from './text.js';

/**
 * What query planning may know about the knowledge base and the team's vocabulary. Every
 * method is optional in effect: a lexicon that knows nothing yields the plan of the words typed.
 */
export interface QueryLexicon {
  /** How many documents contain this lower-case, unstemmed word (0 when none). */
  documentFrequency(word: string): number;
  /** How many documents there are. */
  documentCount(): number;
  /**
   * For a word no document contains: the indexed word close enough to be a typo of it that
   * fits the question's other words (`context`) best, else the most frequent one.
   */
  correct(word: string, context?: readonly string[]): string | undefined;
  /**
   * Other wordings for a word or phrase: the team glossary's first, then office
   * abbreviations', then general synonyms.
   */
  expand(
    words: string,
  ): readonly { text: string; origin: 'glossary' | 'abbreviation' | 'synonym'; weight: number }[];
}

/** One other wording for a word or phrase, as a lexicon's `expand` gives it. */
export type Expansion = ReturnType<QueryLexicon['expand']>[number];

/** A lexicon that knows nothing: plans are the words as typed. */
export const EMPTY_LEXICON: QueryLexicon = {
  documentFrequency: () => 0,
  documentCount: () => 0,
  correct: () => undefined,
  expand: () => [],
};

/**
 * Looks words up once per plan: how many documents contain them, and their corrections.
 */
export class Lookup {
  private readonly frequencies = new Map<string, number>();
  private readonly corrections = new Map<string, string | undefined>();
  private readonly expansions = new Map<string, ReturnType<QueryLexicon['expand']>>();
  readonly documents: number;

  constructor(private readonly lexicon: QueryLexicon) {
    this.documents = lexicon.documentCount();
  }

  frequency(token: Token): number {
    if (token.kind === 'hyphenated') {
      const joined = this.frequencyOf(hyphenParts(token.word).join(''));
      const parts = hyphenParts(token.word).map((part) => this.frequencyOf(part));
      return Math.max(joined, Math.min(...parts));
    }
    return this.frequencyOf(token.word);
  }

  frequencyOf(word: string): number {
    let frequency = this.frequencies.get(word);
    if (frequency === undefined) {
      frequency = this.lexicon.documentFrequency(word);
      this.frequencies.set(word, frequency);
    }
    return frequency;
  }

  /** Other wordings for a word or phrase (the glossary's, the synonyms'), asked once. */
  expand(words: string): ReturnType<QueryLexicon['expand']> {
    let found = this.expansions.get(words);
    if (found === undefined) {
      found = this.lexicon.expand(words);
      this.expansions.set(words, found);
    }
    return found;
  }

  /**
   * The correction of a word no document contains, when the lexicon knows the documents,
   * chosen to fit the question's other words (`context`) where it can. A word the glossary
   * or the synonyms know (WFH) is a word, not a typo.
   */
  correction(token: Token, context: readonly string[] = []): string | undefined {
    if (this.documents === 0 || !isCorrectable(token)) return undefined;
    const key = [token.word, ...context].join(' ');
    if (this.corrections.has(key)) return this.corrections.get(key);
    const correction =
      this.frequency(token) === 0 && this.expand(token.word).length === 0
        ? this.lexicon.correct(token.word, context)?.toLowerCase()
        : undefined;
    const useful = correction !== undefined && correction !== token.word ? correction : undefined;
    this.corrections.set(key, useful);
    return useful;
  }

  /** How informative a word is (rarer is more), or null for a word no document has and no correction. */
  informativeness(token: Token): number | null {
    const correction = this.correction(token);
    const frequency =
      correction !== undefined ? this.frequencyOf(correction) : this.frequency(token);
    if (frequency <= 0) return null;
    return Math.log((this.documents + 1) / frequency);
  }
}
