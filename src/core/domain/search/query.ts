import {
  hasBigramScript,
  hyphenParts,
  phraseExpression,
  segmentWords,
  splitByScript,
} from './text.js';

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

/**
 * At most this many distinct terms (concepts, in a plan) are searched: queryTerms keeps a
 * long text's first ones, planQuery its question and its most informative words.
 */
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

/** One other wording for a word or phrase, as a lexicon's `expand` gives it. */
export type Expansion = ReturnType<QueryLexicon['expand']>[number];

/** A lexicon that knows nothing: plans are the words as typed. */
export const EMPTY_LEXICON: QueryLexicon = {
  documentFrequency: () => 0,
  documentCount: () => 0,
  correct: () => undefined,
  expand: () => [],
};

/** At most this many alternatives are searched for one concept. */
export const MAX_ALTERNATIVES = 8;

/** Words a question sentence starts with (when it does not end with a question mark). */
const QUESTION_STARTS: ReadonlySet<string> = new Set(
  `how what why where when who whom whose which can could is are was were does do did should
  shall will would may might any anyone has have`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/**
 * One piece of typed text: a hyphenated word, a word, a run of a bigram script, or the end
 * of a sentence. (Hyphenated words first, so on-site is one piece.)
 */
const PIECE =
  /(\p{L}[\p{L}\p{M}]*(?:[-\u2010\u2011]\p{L}[\p{L}\p{M}]*)+)|([\p{L}\p{N}][\p{L}\p{N}\p{M}]*)|([.!?\n\u3002\uff01\uff1f]+)/gu;
const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;
/**
 * Outside its question, a long message's words in more than about half the documents are
 * left out: ln(2) is the informativeness of a word in half of them.
 */
const MIN_INFORMATIVENESS = Math.log(2);
/** Typos are corrected only in words of at least this many letters. */
const MIN_CORRECTED_LETTERS = 3;

type TokenKind = 'word' | 'hyphenated' | 'bigram';

interface Token {
  /** Lower-case, as searched (a bigram-script word, a word, or a hyphenated word). */
  word: string;
  kind: TokenKind;
  sentence: number;
  /** Where it was typed (its order among the tokens). */
  position: number;
  /** The text piece it came from, for "Searched for …". */
  piece: number;
}

interface Analysis {
  tokens: Token[];
  /** The text pieces as typed, in order (words, hyphenated words, runs). */
  pieces: string[];
  /** The sentence the question is in: the last one that ends in "?" or starts like a question. */
  questionSentence: number | null;
}

function analyze(text: string): Analysis {
  const normalized = text.slice(0, MAX_INPUT_CHARS).normalize('NFKC');
  const tokens: Token[] = [];
  const pieces: string[] = [];
  const starts: string[] = [];
  const asked: boolean[] = [];
  let sentence = 0;
  const push = (word: string, kind: TokenKind): void => {
    if (starts[sentence] === undefined) starts[sentence] = word;
    tokens.push({ word, kind, sentence, position: tokens.length, piece: pieces.length - 1 });
  };
  for (const [, hyphenated, word, end] of normalized.matchAll(PIECE)) {
    if (end !== undefined) {
      if (/[?\uff1f]/u.test(end)) asked[sentence] = true;
      if (starts[sentence] !== undefined) sentence += 1;
      continue;
    }
    const typed = (hyphenated ?? word) as string;
    pieces.push(typed);
    const lower = typed.toLowerCase();
    if (hyphenated !== undefined && !hasBigramScript(lower)) {
      push(lower, 'hyphenated');
      continue;
    }
    for (const part of lower.split(/[-\u2010\u2011]/u)) {
      for (const piece of splitByScript(part)) {
        if (hasBigramScript(piece)) {
          for (const segment of segmentWords(piece)) push(cut(segment), 'bigram');
        } else {
          push(cut(piece), 'word');
        }
      }
    }
  }
  let questionSentence: number | null = null;
  for (let i = 0; i <= sentence; i += 1) {
    const first = starts[i];
    if (first !== undefined && (asked[i] || QUESTION_STARTS.has(first))) questionSentence = i;
  }
  return { tokens, pieces, questionSentence };
}

function isStopword(token: Token): boolean {
  return token.kind === 'word' && STOPWORDS.has(token.word);
}

/** Whether a word no document contains may be a typo worth correcting. */
function isCorrectable(token: Token): boolean {
  return (
    token.kind === 'word' &&
    !STOPWORDS.has(token.word) &&
    LETTERS_ONLY.test(token.word) &&
    Array.from(token.word).length >= MIN_CORRECTED_LETTERS
  );
}

/** The first token of each distinct word, in order. */
function distinct(tokens: readonly Token[]): Token[] {
  const seen = new Set<string>();
  return tokens.filter((token) => {
    if (seen.has(token.word)) return false;
    seen.add(token.word);
    return true;
  });
}

/**
 * Looks words up once per plan: how many documents contain them, and their corrections.
 */
class Lookup {
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
   * The correction of a word no document contains, when the lexicon knows the documents. A
   * word the glossary or the synonyms know (WFH) is a word, not a typo.
   */
  correction(token: Token): string | undefined {
    if (this.documents === 0 || !isCorrectable(token)) return undefined;
    if (this.corrections.has(token.word)) return this.corrections.get(token.word);
    const correction =
      this.frequency(token) === 0 && this.expand(token.word).length === 0
        ? this.lexicon.correct(token.word)?.toLowerCase()
        : undefined;
    const useful = correction !== undefined && correction !== token.word ? correction : undefined;
    this.corrections.set(token.word, useful);
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

/**
 * The words of a long message worth searching, at most MAX_QUERY_TERMS, in the order they
 * were typed: the informative words of its question sentence, then the most informative
 * others, then the question's remaining words. Informative: some document has the word (or
 * its correction) and at most about half of them do. Without a lexicon, the question's words
 * and then the first words are kept.
 */
function selectInformative(
  content: readonly Token[],
  questionWords: ReadonlySet<string>,
  lookup: Lookup,
): Token[] {
  const known = lookup.documents > 0;
  const scored = content.map((token) => ({
    token,
    score: known ? lookup.informativeness(token) : null,
  }));
  const best = (a: (typeof scored)[number], b: (typeof scored)[number]): number =>
    (b.score ?? -1) - (a.score ?? -1) || a.token.position - b.token.position;
  const informative = (entry: (typeof scored)[number]): boolean =>
    !known || (entry.score !== null && entry.score >= MIN_INFORMATIVENESS);
  const asked = (entry: (typeof scored)[number]): boolean => questionWords.has(entry.token.word);
  const tiers = [
    scored.filter((entry) => asked(entry) && informative(entry)),
    scored.filter((entry) => !asked(entry) && informative(entry)),
    scored.filter((entry) => asked(entry) && !informative(entry)),
  ];
  const chosen = new Set<Token>();
  for (const tier of tiers) {
    for (const { token } of tier.sort(best)) {
      if (chosen.size >= MAX_QUERY_TERMS) break;
      chosen.add(token);
    }
  }
  return content.filter((token) => chosen.has(token));
}

/** A concept being planned, before its expansions. */
interface Draft {
  typed: string;
  position: number;
  /** The words looked up in the glossary and synonyms for it. */
  keys: string[];
  alternatives: PlannedAlternative[];
}

function alternative(
  text: string,
  origin: TermOrigin,
  weight: number,
  kind: TokenKind | 'phrase' = 'phrase',
): PlannedAlternative | null {
  const expression = kind === 'word' ? termExpression(text) : phraseExpression(text);
  return expression === null ? null : { text, expression, origin, weight };
}

function draftOf(token: Token, correction: string | undefined): Draft {
  if (correction !== undefined) {
    return {
      typed: token.word,
      position: token.position,
      keys: [token.word, correction],
      alternatives: [alternative(correction, 'corrected', 1, 'word') as PlannedAlternative],
    };
  }
  if (token.kind === 'hyphenated') {
    const parts = hyphenParts(token.word);
    const found = [
      alternative(parts.join(' '), 'typed', 1),
      alternative(parts.join(''), 'joined', 1, 'word'),
    ].filter((each): each is PlannedAlternative => each !== null);
    return {
      typed: token.word,
      position: token.position,
      keys: [token.word, parts.join(' ')],
      alternatives: found,
    };
  }
  return {
    typed: token.word,
    position: token.position,
    keys: [token.word],
    alternatives: [alternative(token.word, 'typed', 1, token.kind) as PlannedAlternative],
  };
}

/** Lower-case words separated by single spaces. */
function tidy(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Two- and three-word phrases typed in a row that the glossary or the synonyms know
 * ("working from home"), longest first, left to right; each becomes one concept in place of
 * its words.
 */
function findPhrases(
  span: readonly Token[],
  corrections: ReadonlyMap<string, string>,
  lexicon: Lookup,
): {
  tokens: Token[];
  typed: string;
  text: string;
  expansions: ReturnType<QueryLexicon['expand']>;
}[] {
  const phrases: ReturnType<typeof findPhrases> = [];
  let i = 0;
  while (i < span.length) {
    let found: (typeof phrases)[number] | undefined;
    for (const size of [3, 2]) {
      const window = span.slice(i, i + size);
      if (window.length < size) continue;
      const first = window[0] as Token;
      if (
        window.some((token) => token.kind !== 'word' || token.sentence !== first.sentence) ||
        window.every(isStopword) ||
        window.some((token, k) => k > 0 && token.position !== first.position + k)
      ) {
        continue;
      }
      const typed = window.map((token) => token.word).join(' ');
      const text = window.map((token) => corrections.get(token.word) ?? token.word).join(' ');
      const expansions = lexicon.expand(text);
      if (expansions.length > 0) {
        found = { tokens: window, typed, text, expansions };
        break;
      }
    }
    if (found) {
      phrases.push(found);
      i += found.tokens.length;
    } else {
      i += 1;
    }
  }
  return phrases;
}

/**
 * The concepts searched for `text`: each word the asker typed that says something (a
 * hyphenated word is one concept: its phrase and its joined form; a run of Chinese,
 * Japanese, Korean or Thai is cut into words), corrected when no document has it and the
 * lexicon knows a close word, with the glossary's and the synonyms' wordings as further
 * alternatives. A long message is searched by its question sentence and its most
 * informative words. At most MAX_QUERY_TERMS concepts.
 */
export function planQuery(text: string, lexicon: QueryLexicon = EMPTY_LEXICON): QueryPlan {
  const { tokens, pieces, questionSentence } = analyze(text);
  const lookup = new Lookup(lexicon);
  const unique = distinct(tokens);
  const content = unique.filter((token) => !isStopword(token));
  if (content.length === 0) {
    return {
      concepts: unique.slice(0, MAX_QUERY_TERMS).map((token) => {
        const { typed, alternatives } = draftOf(token, undefined);
        return { typed, alternatives };
      }),
      searchedFor: null,
    };
  }
  const long = content.length > MAX_QUERY_TERMS;
  const question = tokens.filter((token) => token.sentence === questionSentence);
  const selected = long
    ? selectInformative(content, new Set(question.map((token) => token.word)), lookup)
    : content;

  const corrections = new Map<string, string>();
  for (const token of selected) {
    const correction = lookup.correction(token);
    if (correction !== undefined) corrections.set(token.word, correction);
  }

  // Phrases are looked for in what is searched: the whole text, or a long one's question.
  const span = long ? question : tokens;
  const phrases = findPhrases(span, corrections, lookup);
  const inPhrase = new Set(phrases.flatMap((phrase) => phrase.tokens.map((token) => token.word)));

  const drafts: Draft[] = [];
  const correctedToStopwords: Draft[] = [];
  for (const phrase of phrases) {
    const corrected = phrase.text !== phrase.typed;
    const own = alternative(phrase.text, corrected ? 'corrected' : 'typed', 1);
    if (own === null) continue;
    drafts.push({
      typed: phrase.typed,
      position: (phrase.tokens[0] as Token).position,
      keys: [],
      alternatives: [own, ...expansionAlternatives(phrase.expansions)],
    });
  }
  for (const token of selected) {
    if (inPhrase.has(token.word)) continue;
    const correction = corrections.get(token.word);
    const draft = draftOf(token, correction);
    // A word corrected to a stopword ("teh" → "the") is shown as searched but not searched.
    if (correction !== undefined && STOPWORDS.has(correction)) {
      correctedToStopwords.push(draft);
      continue;
    }
    const seen = new Set<string>();
    for (const key of draft.keys) {
      const wording = tidy(key);
      if (seen.has(wording)) continue;
      seen.add(wording);
      draft.alternatives.push(...expansionAlternatives(lookup.expand(wording)));
    }
    drafts.push(draft);
  }

  const concepts = (drafts.length > 0 ? drafts : correctedToStopwords)
    .filter((draft) => draft.alternatives.length > 0)
    .sort((a, b) => a.position - b.position)
    .slice(0, MAX_QUERY_TERMS)
    .map((draft) => ({ typed: draft.typed, alternatives: uniqueAlternatives(draft.alternatives) }));

  let searchedFor: string | null = null;
  if (corrections.size > 0) {
    searchedFor = long
      ? selected.map((token) => corrections.get(token.word) ?? token.word).join(' ')
      : searchedText(pieces, tokens, corrections);
  }
  return { concepts, searchedFor };
}

function expansionAlternatives(
  expansions: ReturnType<QueryLexicon['expand']>,
): PlannedAlternative[] {
  const found: PlannedAlternative[] = [];
  for (const expansion of expansions) {
    const each = alternative(tidy(expansion.text), expansion.origin, expansion.weight);
    if (each !== null) found.push(each);
  }
  return found;
}

/** The first alternative of each expression, at most MAX_ALTERNATIVES. */
function uniqueAlternatives(alternatives: readonly PlannedAlternative[]): PlannedAlternative[] {
  const seen = new Set<string>();
  return alternatives
    .filter((each) => {
      if (seen.has(each.expression)) return false;
      seen.add(each.expression);
      return true;
    })
    .slice(0, MAX_ALTERNATIVES);
}

/** The text as typed, with each corrected word replaced by its correction. */
function searchedText(
  pieces: readonly string[],
  tokens: readonly Token[],
  corrections: ReadonlyMap<string, string>,
): string {
  const replaced = [...pieces];
  for (const token of tokens) {
    const correction = corrections.get(token.word);
    if (correction !== undefined && token.kind === 'word') {
      const piece = pieces[token.piece] ?? '';
      if (piece.toLowerCase() === token.word) replaced[token.piece] = correction;
    }
  }
  return replaced.join(' ');
}

/** Every alternative of every concept, joined by OR; null when there is nothing to search. */
export function planMatchExpression(plan: QueryPlan): string | null {
  const expressions = plan.concepts.flatMap((concept) =>
    concept.alternatives.map((alternative) => alternative.expression),
  );
  return expressions.length === 0 ? null : [...new Set(expressions)].join(' OR ');
}
