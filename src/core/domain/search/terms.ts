/**
 * The terms of a text: its distinct words, lower-cased, without stopwords, as a plain list
 * (for similarity between questions, for counting what people ask) and as what a search looks
 * for. Terms are made only of letters, digits and combining marks: punctuation, symbols and
 * any query syntax a person types separate terms and are never searched as syntax.
 */
import type { Phrase } from './text.js';

/**
 * At most this many distinct terms (concepts, in a plan) are searched: queryTerms keeps a
 * long text's first ones, planQuery its question and its most informative words.
 */
export const MAX_QUERY_TERMS = 24;
/** Longer terms are cut to this length and searched as a prefix. */
export const MAX_TERM_LENGTH = 64;
/** Only this much of the text is read: more cannot add terms once MAX_QUERY_TERMS is reached. */
export const MAX_INPUT_CHARS = 20_000;

/**
 * A term: a letter or digit followed by letters, digits and combining marks. Everything else
 * (spaces, punctuation, symbols, emoji, query syntax) separates terms, as it does for the
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
    const term = cutTerm(match[0]);
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

/**
 * One term as what a search looks for: a single word, searched as a prefix when it was cut
 * (MAX_TERM_LENGTH) or is of a script written without spaces.
 */
export function termPhrase(term: string): Phrase {
  const prefix = Array.from(term).length >= MAX_TERM_LENGTH || UNSPACED_SCRIPT.test(term);
  return { words: [term], prefix };
}

/** Lengths are in code points, so a cut never splits a surrogate pair. */
export function cutTerm(term: string): string {
  return term.length <= MAX_TERM_LENGTH
    ? term
    : Array.from(term).slice(0, MAX_TERM_LENGTH).join('');
}
