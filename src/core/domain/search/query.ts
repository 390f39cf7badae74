import { officeAbbreviations } from './abbreviations.js';
import { analyze, distinct, isStopword, type Token, type TokenKind } from './analysis.js';
import { frameTokens } from './frames.js';
import { EMPTY_LEXICON, Lookup, type QueryLexicon } from './lexicon.js';
import { MAX_QUERY_TERMS, STOPWORDS, termPhrase } from './terms.js';
import { SEARCH_TUNING, type SearchTuning } from './tuning.js';

export { queryTerms } from './terms.js';

import { hyphenParts, type Phrase, phraseOf } from './text.js';

/**
 * Plans a search from what a person typed: the concepts of the question (words, hyphenated
 * words, glossary phrases), each with its alternatives (a typo's correction, the joined form,
 * the glossary's and the synonyms' wordings) and their weights. The store turns a plan into
 * its own query syntax (store/fts-query.ts) and ranks by it.
 */

/** Marks the start of a matched term in a snippet produced by the store. */
export const SNIPPET_START = '\u0002';
/** Marks the end of a matched term in a snippet produced by the store. */
export const SNIPPET_END = '\u0003';

/** Where a searched alternative came from. */
export type TermOrigin = 'typed' | 'corrected' | 'joined' | 'glossary' | 'abbreviation' | 'synonym';

/** One way of finding a concept in the index. */
export interface PlannedAlternative {
  /** The words it stands for, lower-case, separated by single spaces ("working from home"). */
  text: string;
  /** What the index is searched for: a word, words in a row, or a prefix. */
  phrase: Phrase;
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

/** At most this many alternatives are searched for one concept. */
export const MAX_ALTERNATIVES = 8;

/**
 * Outside its question, a long message's words in more than about half the documents are
 * left out: ln(2) is the informativeness of a word in half of them.
 */
const MIN_INFORMATIVENESS = Math.log(2);

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
  /** The text piece its last word came from, for "Searched for …". */
  piece: number;
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
  const phrase = kind === 'word' ? termPhrase(text) : phraseOf(text);
  return phrase === null ? null : { text, phrase, origin, weight };
}

function draftOf(token: Token, correction: string | undefined): Draft {
  if (correction !== undefined) {
    return {
      typed: token.word,
      position: token.position,
      piece: token.piece,
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
      piece: token.piece,
      keys: [token.word, parts.join(' ')],
      alternatives: found,
    };
  }
  return {
    typed: token.word,
    position: token.position,
    piece: token.piece,
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
 * lexicon knows a close word, with the glossary's, the office abbreviations' and the
 * synonyms' wordings as further alternatives. The frame of a question (frames.ts) and words
 * said in passing (FYI) are left out unless they are all there is (and `scaffolding` is on). A
 * long message is searched by its question sentence and its most informative words. At most
 * MAX_QUERY_TERMS concepts.
 */
export function planQuery(
  text: string,
  lexicon: QueryLexicon = EMPTY_LEXICON,
  { scaffolding }: Pick<SearchTuning, 'scaffolding'> = SEARCH_TUNING,
): QueryPlan {
  const { tokens, pieces, questionSentence } = analyze(text);
  const lookup = new Lookup(lexicon);
  const unique = distinct(tokens);
  // The scaffolding of the question ("how do I", "what's the policy on") says nothing of what
  // it is about; when it is all there is, the question is searched as it would be without this.
  const framing = scaffolding ? frameTokens(tokens) : new Set<Token>();
  for (const token of scaffolding ? tokens : []) {
    if (token.kind === 'word' && officeAbbreviations.isNoise(token.word)) {
      const defined = lookup.expand(token.word).some((each) => each.origin === 'glossary');
      if (!defined) framing.add(token);
    }
  }
  const meaningful = distinct(tokens.filter((token) => !framing.has(token))).filter(
    (token) => !isStopword(token),
  );
  const content = meaningful.length > 0 ? meaningful : unique.filter((token) => !isStopword(token));
  const unframed = meaningful.length > 0 ? tokens.filter((token) => !framing.has(token)) : tokens;
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
  const question = unframed.filter((token) => token.sentence === questionSentence);
  const selected = long
    ? selectInformative(content, new Set(question.map((token) => token.word)), lookup)
    : content;

  // A misspelt word is corrected to the near word that fits the rest of the question best:
  // its other informative words (in at most half the documents), misspelt ones included.
  const informative = selected.filter(
    (token) => token.kind === 'word' && lookup.frequency(token) <= lookup.documents / 2,
  );
  const corrections = new Map<string, string>();
  for (const token of selected) {
    const context = informative
      .filter((other) => other.word !== token.word)
      .map((other) => other.word);
    const correction = lookup.correction(token, context);
    if (correction !== undefined) corrections.set(token.word, correction);
  }

  // Phrases are looked for in what is searched: the whole text, or a long one's question.
  const span = long ? question : unframed;
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
      piece: (phrase.tokens[phrase.tokens.length - 1] as Token).piece,
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

  const planned = (drafts.length > 0 ? drafts : correctedToStopwords)
    .filter((draft) => draft.alternatives.length > 0)
    .sort((a, b) => a.position - b.position)
    .slice(0, MAX_QUERY_TERMS)
    .map((draft) => ({ draft, alternatives: uniqueAlternatives(draft.alternatives) }));
  const concepts = planned.map(({ draft, alternatives }) => ({ typed: draft.typed, alternatives }));

  // What the glossary or the office abbreviations read a word as is said after it.
  const explained = new Map<number, string>();
  for (const { draft, alternatives } of planned) {
    const meanings = alternatives
      .filter((each) => each.origin === 'glossary' || each.origin === 'abbreviation')
      .map((each) => each.text);
    if (meanings.length > 0) explained.set(draft.piece, `(${meanings.join(', ')})`);
  }

  let searchedFor: string | null = null;
  if (corrections.size > 0 || explained.size > 0) {
    searchedFor = long
      ? selectedText(selected, corrections, explained)
      : searchedText(pieces, tokens, corrections, explained);
  }
  return { concepts, searchedFor };
}

/** A long message's searched words, corrected, each followed by what it was read as. */
function selectedText(
  selected: readonly Token[],
  corrections: ReadonlyMap<string, string>,
  explained: ReadonlyMap<number, string>,
): string {
  return selected
    .map((token) => {
      const word = corrections.get(token.word) ?? token.word;
      const meaning = explained.get(token.piece);
      return meaning === undefined ? word : `${word} ${meaning}`;
    })
    .join(' ');
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

/** The first alternative of each phrase, at most MAX_ALTERNATIVES. */
function uniqueAlternatives(alternatives: readonly PlannedAlternative[]): PlannedAlternative[] {
  const seen = new Set<string>();
  return alternatives
    .filter((each) => {
      const key = phraseKey(each.phrase);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_ALTERNATIVES);
}

/**
 * The text as typed, with each corrected word replaced by its correction, and what the glossary
 * or the office abbreviations read a word or phrase as after it ("pto (paid time off)").
 */
function searchedText(
  pieces: readonly string[],
  tokens: readonly Token[],
  corrections: ReadonlyMap<string, string>,
  explained: ReadonlyMap<number, string>,
): string {
  const replaced = [...pieces];
  for (const token of tokens) {
    const correction = corrections.get(token.word);
    if (correction !== undefined && token.kind === 'word') {
      const piece = pieces[token.piece] ?? '';
      if (piece.toLowerCase() === token.word) replaced[token.piece] = correction;
    }
  }
  for (const [piece, meaning] of explained) {
    if (replaced[piece] !== undefined) replaced[piece] = `${replaced[piece]} ${meaning}`;
  }
  return replaced.join(' ');
}

/** Two phrases of the same words, both prefixes or neither, search for the same thing. */
function phraseKey(phrase: Phrase): string {
  return `${phrase.prefix ? 'prefix' : 'words'}:${phrase.words.join(' ')}`;
}
