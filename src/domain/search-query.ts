/**
 * Turns what a person typed into a safe SQLite FTS5 MATCH expression.
 *
 * User text never reaches MATCH as syntax: it is cut into terms made only of letters, digits
 * and combining marks, and every term is written as an FTS5 string ("…"), inside which FTS5
 * sees no operators. So quotes, `*`, `-`, `:`, `^`, parentheses, column filters (`title:`)
 * and the words AND / OR / NOT / NEAR are either dropped as punctuation or searched as
 * plain words. Terms are joined with OR and ranked by bm25 in the store: the more query
 * terms a document has (and the rarer they are), the higher it ranks.
 */

/** Marks the start of a matched term in a snippet produced by the store. */
export const SNIPPET_START = '\u0002';
/** Marks the end of a matched term in a snippet produced by the store. */
export const SNIPPET_END = '\u0003';

/** At most this many distinct terms are searched; the rest of a long text is ignored. */
export const MAX_QUERY_TERMS = 24;
/** Longer terms are cut to this length and searched as a prefix. */
export const MAX_TERM_LENGTH = 64;
/** Only this much of the text is read: more cannot add terms once MAX_QUERY_TERMS is reached. */
const MAX_INPUT_CHARS = 20_000;

/**
 * A term: a letter or digit followed by letters, digits and combining marks. Everything else
 * (spaces, punctuation, symbols, emoji, FTS5 syntax) separates terms, as it does for the
 * index's unicode61 tokenizer.
 */
const TERM = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/**
 * Scripts written without spaces between words. The index keeps a whole run of such text as
 * one token, so these terms are searched as prefixes (東京 finds 東京オフィス).
 */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * Words that say little about what a question is about: a common English list (function
 * words, contraction pieces as the tokenizer splits them, e.g. "don't" → don, t) plus the
 * fillers of questions ("is it possible", "what is the best way", "I want to").
 * Used only when the text has other words; a text of nothing but these is searched as is.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren as at be because been before
  being below between both but by can cannot could couldn d did didn do does doesn doing don
  during each either else ever every few for from further had hadn has hasn have haven having he
  her here hers herself him himself his how i if in into is isn it its itself just ll m ma me
  mightn more most must mustn my myself need needn no nor not now o of on once one only or other our
  ours ourselves own re s same shan she should shouldn so some such t than that the their theirs
  them themselves then there these they this those through to too until upon us ve very was
  wasn we were weren what when where which while who whom whose why will with won would wouldn
  y you your yours yourself yourselves
  whats hows whos wheres whens whys im ive id dont doesnt didnt cant couldnt wont wouldnt isnt
  arent wasnt werent shouldnt
  anyone anybody someone somebody anything something possible way ways want wanted wants like
  would please help know thanks`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/**
 * The distinct terms searched for `text`, lower-cased, in order of first appearance,
 * without stopwords (unless nothing else is left), at most MAX_QUERY_TERMS of them.
 */
export function queryTerms(text: string): string[] {
  const normalized = text.slice(0, MAX_INPUT_CHARS).normalize('NFKC').toLowerCase();
  const content: string[] = [];
  const stop: string[] = [];
  const seen = new Set<string>();
  for (const match of normalized.matchAll(TERM)) {
    const term = cut(match[0]);
    if (seen.has(term)) continue;
    seen.add(term);
    if (!STOPWORDS.has(term)) {
      content.push(term);
      if (content.length >= MAX_QUERY_TERMS) break;
    } else if (stop.length < MAX_QUERY_TERMS) {
      stop.push(term);
    }
  }
  return content.length > 0 ? content : stop;
}

/** One term as an FTS5 expression: always a quoted string, a prefix query where noted above. */
export function termExpression(term: string): string {
  const quoted = `"${term.replaceAll('"', '""')}"`;
  const prefix = Array.from(term).length >= MAX_TERM_LENGTH || UNSPACED_SCRIPT.test(term);
  return prefix ? `${quoted}*` : quoted;
}

/** A safe FTS5 MATCH expression for any text (terms joined by OR), or null if nothing is searchable. */
export function buildMatchQuery(text: string): string | null {
  const terms = queryTerms(text);
  return terms.length === 0 ? null : terms.map(termExpression).join(' OR ');
}

/** Lengths are in code points, so a cut never splits a surrogate pair. */
function cut(term: string): string {
  return term.length <= MAX_TERM_LENGTH
    ? term
    : Array.from(term).slice(0, MAX_TERM_LENGTH).join('');
}

/** Where a searched alternative came from. */
export type TermOrigin = 'typed' | 'corrected' | 'joined' | 'glossary' | 'synonym';

/** One way of finding a concept in the index. */
export interface PlannedAlternative {
  /** The words it stands for, lower-case, separated by single spaces ("working from home"). */
  text: string;
  /** A safe FTS5 expression for it: a quoted term, a quoted phrase, or a quoted prefix. */
  expression: string;
  origin: TermOrigin;
  /** 1 for the asker's own words (or their correction); less for wordings Mailroom added. */
  weight: number;
}

/** One thing the asker said (a word, a hyphenated word, a glossary phrase), and its alternatives. */
export interface PlannedConcept {
  /** As it was typed, lower-case. */
  typed: string;
  /** Never empty; the first is the asker's own wording, or its correction when no document has it. */
  alternatives: PlannedAlternative[];
}

export interface QueryPlan {
  concepts: PlannedConcept[];
  /** The words searched, when they differ from what was typed (a typo corrected), else null. */
  searchedFor: string | null;
}

/**
 * What query planning may know about the knowledge base and the team's vocabulary. Every
 * method is optional in effect: a lexicon that knows nothing yields the plan of the words typed.
 */
export interface QueryLexicon {
  /** How many documents contain this lower-case, unstemmed word (0 when none). */
  documentFrequency(word: string): number;
  /** How many documents there are. */
  documentCount(): number;
  /** For a word no document contains: the most frequent indexed word close enough to be a typo of it. */
  correct(word: string): string | undefined;
  /** Other wordings for a word or phrase: the team glossary's first, then general synonyms. */
  expand(
    words: string,
  ): readonly { text: string; origin: 'glossary' | 'synonym'; weight: number }[];
}

/** A lexicon that knows nothing: plans are the words as typed. */
export const EMPTY_LEXICON: QueryLexicon = {
  documentFrequency: () => 0,
  documentCount: () => 0,
  correct: () => undefined,
  expand: () => [],
};

/** The concepts searched for `text`. */
export function planQuery(text: string, _lexicon: QueryLexicon = EMPTY_LEXICON): QueryPlan {
  return {
    concepts: queryTerms(text).map((term) => ({
      typed: term,
      alternatives: [{ text: term, expression: termExpression(term), origin: 'typed', weight: 1 }],
    })),
    searchedFor: null,
  };
}

/** Every alternative of every concept, joined by OR; null when there is nothing to search. */
export function planMatchExpression(plan: QueryPlan): string | null {
  const expressions = plan.concepts.flatMap((concept) =>
    concept.alternatives.map((alternative) => alternative.expression),
  );
  return expressions.length === 0 ? null : [...new Set(expressions)].join(' OR ');
}
