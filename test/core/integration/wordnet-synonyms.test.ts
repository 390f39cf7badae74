import { describe, expect, it } from 'vitest';
import { wordnetKnows, wordnetSynonyms } from '../../../src/core/store/wordnet-synonyms.js';

describe('wordnetSynonyms', () => {
  const synonyms = wordnetSynonyms();

  it('gives the common senses’ other words, weighted below the words typed', () => {
    const found = synonyms('vacation');
    expect(found.map((e) => e.text)).toContain('holiday');
    expect(found.every((e) => e.origin === 'synonym' && e.weight === 0.5)).toBe(true);
  });

  it('finds the dictionary form of an inflected word', () => {
    expect(synonyms('salaries').map((e) => e.text)).toContain('wage');
  });

  it('gives at most a few, and none for phrases, unknown words or the word itself', () => {
    expect(synonyms('remove').length).toBeLessThanOrEqual(3);
    expect(synonyms('holiday').map((e) => e.text)).not.toContain('holiday');
    expect(synonyms('working from home')).toEqual([]);
    expect(synonyms('kubernetesx')).toEqual([]);
  });

  it('follows its options', () => {
    const one = wordnetSynonyms({ limit: 1, weight: 0.3 })('salary');
    expect(one).toHaveLength(1);
    expect(one[0]?.weight).toBe(0.3);
  });
});

describe('wordnetKnows', () => {
  it('knows English words in any sense and common inflection, not typos or jargon', () => {
    for (const word of ['prorate', 'invoice', 'laptops', 'expensed', 'cancelled']) {
      expect(wordnetKnows(word), word).toBe(true);
    }
    for (const word of ['recieve', 'teh', 'invoce', 'wfh', 'k8s', '']) {
      expect(wordnetKnows(word), word).toBe(false);
    }
  });
});
