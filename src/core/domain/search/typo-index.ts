/**
 * Typo correction against a vocabulary, with a symmetric-delete index: every word is filed
 * under the strings left by deleting up to two of its characters, and a typed word is
 * looked up under its own deletions. Two words within edit distance d always share such a
 * string, so candidates are found with a few map look-ups instead of a scan of the
 * vocabulary; each candidate is then checked with the real distance (Damerau, optimal
 * string alignment: a swap of two neighbours counts as one edit, so "teh" is one edit from
 * "the").
 *
 * Rules: a word of fewer than MIN_TYPO_LETTERS letters is never corrected; distance 1 is
 * allowed from 3 letters, distance 2 from 6. The best candidate is the one in most documents,
 * then the closest, then the first alphabetically; query planning may choose among the best
 * few by how well each fits the rest of the question (see SearchVocabulary.correct).
 *
 * Lengths are counted in code points, so non-Latin words work the same way.
 */

/** Shorter words are never corrected. */
export const MIN_TYPO_LETTERS = 3;
/** Words at least this long may be two edits away from their correction. */
export const TWO_EDIT_LETTERS = 6;
/** Longer words are left out of the index (and never corrected): they are ids, not typos. */
export const MAX_TYPO_LETTERS = 32;
/**
 * Deletions are filed for the first PREFIX_LETTERS letters of a word only (as SymSpell does):
 * memory per word stays bounded for long words, and candidates are still checked on the whole
 * word. A word within the allowed distance shares a deletion of its prefix with the typed one.
 */
const PREFIX_LETTERS = 6;

/** The edit distance allowed for a typed word of this many letters (0: never corrected). */
export function allowedDistance(letters: number): number {
  if (letters < MIN_TYPO_LETTERS || letters > MAX_TYPO_LETTERS) return 0;
  return letters >= TWO_EDIT_LETTERS ? 2 : 1;
}

/** Words made of letters (and marks) only: numbers, codes and mixed tokens are never corrected. */
const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;

export class TypoIndex {
  /** Document frequency of every indexed word. */
  private readonly counts = new Map<string, number>();
  /**
   * The hash of a deletion variant → the words it comes from (a string for one, an array for
   * more). Hashing keeps memory low; a collision only adds a candidate that the distance
   * check then rejects.
   */
  private readonly variants = new Map<number, string | string[]>();

  /** How many distinct words are indexed. */
  get size(): number {
    return this.counts.size;
  }

  /** Adds `count` documents to a word (a new word is indexed; counts at or below 0 remove it). */
  add(word: string, count: number): void {
    if (!LETTERS_ONLY.test(word)) return;
    const letters = codePoints(word);
    if (letters.length > MAX_TYPO_LETTERS) return;
    const total = (this.counts.get(word) ?? 0) + count;
    if (total <= 0) {
      this.remove(word);
      return;
    }
    const isNew = !this.counts.has(word);
    this.counts.set(word, total);
    if (!isNew) return;
    for (const variant of deletionHashes(letters, indexDepth(letters.length))) {
      const filed = this.variants.get(variant);
      if (filed === undefined) this.variants.set(variant, word);
      else if (typeof filed === 'string') this.variants.set(variant, [filed, word]);
      else filed.push(word);
    }
  }

  /** Forgets a word entirely. */
  remove(word: string): void {
    if (!this.counts.delete(word)) return;
    const letters = codePoints(word);
    for (const variant of deletionHashes(letters, indexDepth(letters.length))) {
      const filed = this.variants.get(variant);
      if (filed === word) this.variants.delete(variant);
      else if (Array.isArray(filed)) {
        const rest = filed.filter((each) => each !== word);
        if (rest.length === 0) this.variants.delete(variant);
        else this.variants.set(variant, rest.length === 1 ? (rest[0] as string) : rest);
      }
    }
  }

  /** The number of documents recorded for a word (0 when it is not indexed). */
  count(word: string): number {
    return this.counts.get(word) ?? 0;
  }

  /**
   * The best indexed word close enough to be a typo of `word`, or undefined: when the word is
   * itself indexed, too short, not made of letters, or nothing is close enough.
   */
  correct(word: string): string | undefined {
    return this.candidates(word, 1)[0];
  }

  /**
   * The indexed words close enough to be a typo of `word`, best first (in most documents,
   * then the closest, then alphabetically), at most `limit`; none when the word is itself
   * indexed, too short or not made of letters.
   */
  candidates(word: string, limit: number): string[] {
    if (this.counts.has(word) || !LETTERS_ONLY.test(word) || limit < 1) return [];
    const letters = Array.from(word);
    const maxDistance = allowedDistance(letters.length);
    if (maxDistance === 0) return [];
    const found: { word: string; count: number; distance: number }[] = [];
    const checked = new Set<string>();
    for (const variant of deletionHashes(codePoints(word), maxDistance)) {
      const filed = this.variants.get(variant);
      if (filed === undefined) continue;
      for (const candidate of typeof filed === 'string' ? [filed] : filed) {
        if (checked.has(candidate)) continue;
        checked.add(candidate);
        const distance = editDistance(letters, Array.from(candidate), maxDistance);
        if (distance > maxDistance) continue;
        found.push({ word: candidate, count: this.counts.get(candidate) ?? 0, distance });
      }
    }
    return found
      .sort(
        (a, b) =>
          b.count - a.count ||
          a.distance - b.distance ||
          (a.word < b.word ? -1 : a.word > b.word ? 1 : 0),
      )
      .slice(0, limit)
      .map((each) => each.word);
  }
}

/**
 * How many deletions of an indexed word are filed: enough to meet every typed word it may be
 * the correction of (two for words that a six-letter word can reach in two edits).
 */
function indexDepth(letters: number): number {
  return letters >= TWO_EDIT_LETTERS - 2 ? 2 : 1;
}

function codePoints(word: string): number[] {
  return Array.from(word, (letter) => letter.codePointAt(0) as number);
}

/**
 * The hashes of the word's prefix and of every string made by deleting up to `depth` of its
 * letters (never all of them). FNV-1a over code points, skipping the deleted positions.
 */
function deletionHashes(word: readonly number[], depth: number): Set<number> {
  const letters = word.slice(0, PREFIX_LETTERS);
  const n = letters.length;
  const hash = (skipA: number, skipB: number): number => {
    let h = 0x811c9dc5;
    for (let k = 0; k < n; k += 1) {
      if (k === skipA || k === skipB) continue;
      h = Math.imul(h ^ (letters[k] as number), 0x01000193);
    }
    return h >>> 0;
  };
  const hashes = new Set<number>([hash(-1, -1)]);
  if (depth >= 1 && n > 1) for (let i = 0; i < n; i += 1) hashes.add(hash(i, -1));
  if (depth >= 2 && n > 2) {
    for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) hashes.add(hash(i, j));
  }
  return hashes;
}

/**
 * Optimal string alignment distance between two code-point arrays; stops early (returning
 * limit + 1) once every alignment is further than `limit`.
 */
export function editDistance(a: readonly string[], b: readonly string[], limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = value;
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}
