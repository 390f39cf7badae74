import { cutTerm, MAX_INPUT_CHARS, STOPWORDS } from './terms.js';
import { hasBigramScript, segmentWords, splitByScript } from './text.js';

/**
 * How typed text is read for a query plan: its words, hyphenated words and the words of runs
 * of scripts written without spaces, in order, with the sentence each is in and which
 * sentence asks the question.
 */

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
/** Typos are corrected only in words of at least this many letters. */
const MIN_CORRECTED_LETTERS = 3;

export type TokenKind = 'word' | 'hyphenated' | 'bigram';

export interface Token {
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

export function analyze(text: string): Analysis {
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
          for (const segment of segmentWords(piece)) push(cutTerm(segment), 'bigram');
        } else {
          push(cutTerm(piece), 'word');
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

export function isStopword(token: Token): boolean {
  return token.kind === 'word' && STOPWORDS.has(token.word);
}

/** Whether a word no document contains may be a typo worth correcting. */
export function isCorrectable(token: Token): boolean {
  return (
    token.kind === 'word' &&
    !STOPWORDS.has(token.word) &&
    LETTERS_ONLY.test(token.word) &&
    Array.from(token.word).length >= MIN_CORRECTED_LETTERS
  );
}

/** The first token of each distinct word, in order. */
export function distinct(tokens: readonly Token[]): Token[] {
  const seen = new Set<string>();
  return tokens.filter((token) => {
    if (seen.has(token.word)) return false;
    seen.add(token.word);
    return true;
  });
}
