import { describe, expect, it } from 'vitest';
import {
  allowedDistance,
  editDistance,
  TypoIndex,
} from '../../../src/core/domain/search/typo-index.js';

function indexOf(words: Record<string, number>): TypoIndex {
  const index = new TypoIndex();
  for (const [word, count] of Object.entries(words)) index.add(word, count);
  return index;
}

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance([...'teh'], [...'the'])).toBe(1);
    expect(editDistance([...'recieve'], [...'receive'])).toBe(1);
    expect(editDistance([...'invoce'], [...'invoice'])).toBe(1);
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    expect(editDistance([...'same'], [...'same'])).toBe(0);
  });

  it('stops past the limit', () => {
    expect(editDistance([...'abcdefgh'], [...'zzzzzzzz'], 2)).toBe(3);
  });
});

describe('TypoIndex.correct', () => {
  const index = indexOf({
    the: 900,
    tea: 3,
    ten: 12,
    receive: 40,
    invoice: 25,
    invoices: 8,
    reimbursement: 6,
    expense: 30,
    expanse: 1,
    laptop: 15,
    on: 500,
  });

  it('corrects transpositions, missing and extra letters', () => {
    expect(index.correct('teh')).toBe('the');
    expect(index.correct('recieve')).toBe('receive');
    expect(index.correct('invoce')).toBe('invoice');
    expect(index.correct('laptopp')).toBe('laptop');
    expect(index.correct('reimbursment')).toBe('reimbursement');
  });

  it('leaves indexed words, short words, numbers and codes alone', () => {
    expect(index.correct('the')).toBeUndefined();
    expect(index.correct('tea')).toBeUndefined();
    expect(index.correct('oj')).toBeUndefined();
    expect(index.correct('o')).toBeUndefined();
    expect(index.correct('2024')).toBeUndefined();
    expect(index.correct('th3')).toBeUndefined();
  });

  it('allows two edits only from six letters on', () => {
    expect(allowedDistance(2)).toBe(0);
    expect(allowedDistance(3)).toBe(1);
    expect(allowedDistance(5)).toBe(1);
    expect(allowedDistance(6)).toBe(2);
    // "lpatop" is two edits from "laptop" and has six letters: corrected.
    expect(index.correct('lpatpo')).toBe('laptop');
    // "xpnse" is two edits from "expense" but has five letters: not corrected.
    expect(index.correct('xpnse')).toBeUndefined();
    // three edits away: never.
    expect(index.correct('rcvieee')).toBeUndefined();
  });

  it('prefers the candidate in most documents, then the closest, then alphabetical', () => {
    // "expanse" is one edit from "expance", "expense" one edit too: more documents win.
    expect(index.correct('expance')).toBe('expense');
    // "tex" is one edit from "ten" (12) and "tea" (3), and from "the"? no: two.
    expect(index.correct('tex')).toBe('ten');
    const ties = indexOf({ abcdefg: 5, abcdxyg: 5, bacdefh: 5 });
    // one edit beats two at equal counts
    expect(ties.correct('abcdefh')).toBe('abcdefg');
    const alphabetical = indexOf({ cart: 2, card: 2 });
    expect(alphabetical.correct('carx')).toBe('card');
  });

  it('corrects words in other scripts, counting code points', () => {
    const other = indexOf({ привет: 4, аккаунт: 9, σπίτι: 3, 会議室: 2 });
    expect(other.correct('пирвет')).toBe('привет');
    expect(other.correct('акаунт')).toBe('аккаунт');
    expect(other.correct('σπίτη')).toBe('σπίτι');
    expect(other.correct('会議所')).toBe('会議室');
  });

  it('follows additions and removals', () => {
    const live = indexOf({ deploy: 2 });
    expect(live.correct('dploy')).toBe('deploy');
    live.add('deploy', -2);
    expect(live.count('deploy')).toBe(0);
    expect(live.correct('dploy')).toBeUndefined();
    live.add('deploy', 1);
    live.add('dplay', 3);
    expect(live.correct('dploy')).toBe('dplay');
    live.remove('dplay');
    expect(live.correct('dploy')).toBe('deploy');
    expect(live.size).toBe(1);
  });
});

describe('TypoIndex against a scan of the whole vocabulary', () => {
  /** mulberry32, seeded. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('finds the same correction as comparing the word with every indexed word', () => {
    const rand = random(7);
    const letters = 'abcdeilnorst';
    const word = (length: number): string =>
      Array.from({ length }, () => letters[Math.floor(rand() * letters.length)]).join('');
    const vocabulary = new Map<string, number>();
    while (vocabulary.size < 1_500) {
      vocabulary.set(word(3 + Math.floor(rand() * 10)), 1 + Math.floor(rand() * 50));
    }
    const index = indexOf(Object.fromEntries(vocabulary));
    const words = [...vocabulary.keys()];
    for (let i = 0; i < 400; i += 1) {
      // a random edit or two of a known word, or a random word
      let typed = words[Math.floor(rand() * words.length)] as string;
      for (let edits = 1 + Math.floor(rand() * 2); edits > 0; edits -= 1) {
        const at = Math.floor(rand() * typed.length);
        const change = Math.floor(rand() * 4);
        const letter = letters[Math.floor(rand() * letters.length)];
        if (change === 0) typed = typed.slice(0, at) + typed.slice(at + 1);
        else if (change === 1) typed = typed.slice(0, at) + letter + typed.slice(at);
        else if (change === 2) typed = typed.slice(0, at) + letter + typed.slice(at + 1);
        else typed = typed.slice(0, at) + (typed[at + 1] ?? '') + typed[at] + typed.slice(at + 2);
      }
      if (vocabulary.has(typed)) continue;
      const allowed = allowedDistance(typed.length);
      let expected: { word: string; count: number; distance: number } | undefined;
      for (const [candidate, count] of vocabulary) {
        const distance = editDistance([...typed], [...candidate]);
        if (allowed === 0 || distance > allowed) continue;
        if (
          !expected ||
          count > expected.count ||
          (count === expected.count && distance < expected.distance) ||
          (count === expected.count && distance === expected.distance && candidate < expected.word)
        ) {
          expected = { word: candidate, count, distance };
        }
      }
      expect(index.correct(typed), typed).toBe(expected?.word);
    }
  });
});
