import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OFFICE_SYNONYMS } from '../../../src/core/domain/search/abbreviations/office-synonyms.js';
import {
  OFFICE_SYNONYM_WEIGHT,
  officeAbbreviations,
  officeSynonyms,
  synonymGroupExpander,
} from '../../../src/core/domain/search/abbreviations.js';
import { planQuery } from '../../../src/core/domain/search/query.js';
import { composeLexicon } from '../../../src/core/services/knowledge.js';

const PAIRS = JSON.parse(
  readFileSync(
    new URL('../../../bench/data/office-paraphrases/pairs.json', import.meta.url),
    'utf8',
  ),
) as { asked: string; written: string }[];

const lexicon = composeLexicon({
  abbreviations: officeAbbreviations.expand,
  officeSynonyms,
});

describe('office synonyms', () => {
  it('makes every wording of a group stand for the others, both ways, below the words typed', () => {
    const expand = synonymGroupExpander([['boss', 'line manager', 'supervisor']], 0.7);
    expect(expand('Boss')).toEqual([
      { text: 'line manager', origin: 'synonym', weight: 0.7 },
      { text: 'supervisor', origin: 'synonym', weight: 0.7 },
    ]);
    expect(expand('line  manager').map((each) => each.text)).toEqual(['boss', 'supervisor']);
    expect(expand('manager')).toEqual([]);
    expect(OFFICE_SYNONYM_WEIGHT).toBeLessThan(1);
  });

  it('lists each wording once in a group, with no empty wording', () => {
    for (const group of OFFICE_SYNONYMS) {
      expect(group.length).toBeGreaterThan(1);
      expect(new Set(group).size).toBe(group.length);
      for (const wording of group) expect(wording.trim()).not.toBe('');
    }
  });

  it('gives a search for each written paraphrase the wording a handbook uses', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(50);
    const missing = PAIRS.filter(({ asked, written }) => {
      const searched = planQuery(asked, lexicon).concepts.flatMap((concept) =>
        concept.alternatives.map((each) => each.text),
      );
      return !searched.includes(written);
    });
    expect(missing).toEqual([]);
  });

  it('comes after the office abbreviations and before general synonyms', () => {
    const composed = composeLexicon({
      abbreviations: () => [{ text: 'paid time off', origin: 'abbreviation', weight: 0.75 }],
      officeSynonyms: () => [
        { text: 'annual leave', origin: 'synonym', weight: 0.75 },
        { text: 'paid time off', origin: 'synonym', weight: 0.75 },
      ],
      synonyms: () => [{ text: 'leave', origin: 'synonym', weight: 0.3 }],
    });
    expect(composed.expand('vacation').map((each) => `${each.origin}:${each.text}`)).toEqual([
      'abbreviation:paid time off',
      'synonym:annual leave',
      'synonym:leave',
    ]);
  });
});
