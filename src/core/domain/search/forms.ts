import { SEARCH_TUNING } from './tuning.js';

/**
 * Exact forms over stems. The index stems words (porter), so "policy" also finds "police" and
 * "university" finds "universe". A match whose words as written are the searched words, or
 * plain English inflections of them, counts fully; a match only through the stem counts
 * STEM_MATCH_WEIGHT of that.
 *
 * The inflection rule: two words are forms of one word when they are the same, or when
 * taking off one ending from either (or both) leaves the same base of at least MIN_BASE letters:
 * - possessive: -'s, -s' (the index's tokenizer already splits these);
 * - plural and third person: -s (not after s: "class"), -es after s, x, z, ch, sh ("taxes"),
 *   -ies for -y ("policies");
 * - past: -ed ("walked"), -d after e ("approved"), -ied for -y ("applied"), -ed after a
 *   doubled consonant ("planned");
 * - -ing ("booking"), -ing for -e ("approving"), -ing after a doubled consonant ("planning").
 * A doubled consonant is undone only when the base keeps at least MIN_DOUBLED_BASE letters:
 * the short ones ("wedding", "setting", "betting") are most often words of their own. A few
 * words that look inflected and are not ("news") keep their ending.
 */

/** A match only through the stem counts this much of a match of the word's own forms (SEARCH_TUNING.stemWeight). */
export const STEM_MATCH_WEIGHT = SEARCH_TUNING.stemWeight;

/** A base left by taking an ending off is at least this long. */
const MIN_BASE = 3;
/** A base left by undoing a doubled consonant is at least this long ("plan" from "planning"). */
const MIN_DOUBLED_BASE = 4;

/** Words that end like an inflection and are not one. */
const NOT_INFLECTED: ReadonlySet<string> = new Set([
  'news',
  'goods',
  'series',
  'species',
  'lens',
  'always',
  'perhaps',
  'evening',
]);

const SIBILANT = /(s|x|z|ch|sh)$/;
const VOWEL = /[aeiou]/;

/** The bases a word may be an inflection of, the word itself among them. */
export function inflectionBases(word: string): Set<string> {
  const bases = new Set<string>([word]);
  if (NOT_INFLECTED.has(word)) return bases;
  const add = (base: string, min = MIN_BASE): void => {
    // A base has a vowel before its last letter ("str" + e from "string" is no base).
    if (Array.from(base).length >= min && VOWEL.test(base.slice(0, -1))) bases.add(base);
  };
  const undoubled = (stem: string): void => {
    const last = stem.at(-1);
    if (last !== undefined && stem.at(-2) === last && !/[aeiouslz]/.test(last)) {
      add(stem.slice(0, -1), MIN_DOUBLED_BASE);
    }
  };
  if (word.endsWith("'s") || word.endsWith('’s')) add(word.slice(0, -2));
  if (word.endsWith("s'") || word.endsWith('s’')) add(word.slice(0, -1));
  if (word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  else if (word.endsWith('es') && SIBILANT.test(word.slice(0, -2))) add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('ies')) add(word.slice(0, -1));
  if (word.endsWith('ied')) add(`${word.slice(0, -3)}y`);
  else if (word.endsWith('ed')) {
    const stem = word.slice(0, -2);
    add(stem);
    add(`${stem}e`);
    undoubled(stem);
  }
  if (word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    undoubled(stem);
  }
  return bases;
}

/** Whether two lower-case words are forms of one word by the inflection rule. */
export function isInflectionOf(written: string, searched: string): boolean {
  if (written === searched) return true;
  const ofWritten = inflectionBases(written);
  for (const base of inflectionBases(searched)) if (ofWritten.has(base)) return true;
  return false;
}

/**
 * How much one match counts: 1 when each word as written (`written`, in order) is a form of
 * the searched word in its place, `stemWeight` when one is not. A match whose words cannot be
 * lined up with the searched ones counts fully.
 */
export function formWeight(
  written: readonly string[],
  searched: readonly string[],
  stemWeight = STEM_MATCH_WEIGHT,
): number {
  if (written.length !== searched.length) return 1;
  for (let i = 0; i < written.length; i += 1) {
    if (!isInflectionOf(written[i] as string, searched[i] as string)) return stemWeight;
  }
  return 1;
}
