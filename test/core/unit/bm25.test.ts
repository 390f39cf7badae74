import { describe, expect, it } from 'vitest';
import {
  ftsInverseDocumentFrequency,
  phraseBm25,
  weightedFrequency,
} from '../../../src/core/domain/search/bm25.js';

describe('bm25 as FTS5 computes it', () => {
  it('gives a phrase in half the rows or more the least idf FTS5 allows', () => {
    expect(ftsInverseDocumentFrequency(50, 100)).toBe(1e-6);
    expect(ftsInverseDocumentFrequency(90, 100)).toBe(1e-6);
    expect(ftsInverseDocumentFrequency(1, 100)).toBeCloseTo(Math.log(99.5 / 1.5), 12);
  });

  it('weighs each column, at 1 where no weight is given', () => {
    expect(weightedFrequency([1, 2, 0, 1, 3], [4, 1, 6])).toBe(4 + 2 + 1 + 3);
    expect(weightedFrequency([0, 0, 1, 0, 0], [4, 1, 6, 4, 1])).toBe(6);
  });

  it('grows with the frequency, falls with the row length, and stays under idf × (k1 + 1)', () => {
    const idf = ftsInverseDocumentFrequency(3, 1000);
    expect(phraseBm25(idf, 2, 10, 10)).toBeGreaterThan(phraseBm25(idf, 1, 10, 10));
    expect(phraseBm25(idf, 1, 40, 10)).toBeLessThan(phraseBm25(idf, 1, 10, 10));
    expect(phraseBm25(idf, 1_000, 1, 10)).toBeLessThan(idf * 2.2);
    expect(phraseBm25(idf, 0, 10, 10)).toBe(0);
  });
});
