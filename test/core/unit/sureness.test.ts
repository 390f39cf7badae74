import { describe, expect, it } from 'vitest';
import {
  hasEvidence,
  inverseDocumentFrequency,
  isSure,
  SECTION_SURENESS,
  SURENESS,
  type SurenessConcept,
  type SurenessHit,
  weightedCoverage,
} from '../../../src/core/domain/search/sureness.js';

const RARE = inverseDocumentFrequency(3, 10_000);
const COMMON = inverseDocumentFrequency(6_000, 10_000);

function concept(informativeness: number, matched: boolean, weight = 1): SurenessConcept {
  return { informativeness, matched, weight: matched ? weight : 0 };
}

function hit(topic: string, score: number, concepts: SurenessConcept[]): SurenessHit {
  return { topic, replaces: new Set(), score, concepts };
}

describe('inverseDocumentFrequency', () => {
  it('weighs a word most documents have at about nothing, and a rare word much more', () => {
    expect(inverseDocumentFrequency(9_900, 10_000)).toBeLessThan(0.02);
    expect(RARE).toBeGreaterThan(COMMON * 10);
    expect(inverseDocumentFrequency(0, 10_000)).toBeGreaterThan(RARE);
    expect(inverseDocumentFrequency(1, 0)).toBe(0);
  });
});

describe('weightedCoverage', () => {
  it('counts each concept by its informativeness, not one per word', () => {
    // "new team work vpn": only vpn is rare; a hit with the three common words lacks the point.
    const common = [COMMON, COMMON, COMMON].map((i) => concept(i, true));
    expect(weightedCoverage([...common, concept(RARE, false)])).toBeLessThan(0.25);
    expect(
      weightedCoverage([...common.map((c) => ({ ...c, matched: false })), concept(RARE, true)]),
    ).toBeGreaterThan(0.75);
  });

  it('counts a concept found only through a synonym by the synonym’s weight', () => {
    expect(weightedCoverage([concept(2, true, 0.5), concept(2, true)])).toBeCloseTo(0.75);
  });

  it('is 0 when nothing is informative', () => {
    expect(weightedCoverage([concept(0, true)])).toBe(0);
  });
});

describe('isSure', () => {
  it('answers when the top hit carries the question and clearly beats another topic', () => {
    const top = hit('vpn access', 10, [concept(RARE, true), concept(RARE, true)]);
    const rival = hit('lunch menu', 2, [concept(RARE, true), concept(RARE, false)]);
    expect(isSure([top, rival])).toBe(true);
  });

  it('never answers from a single rare word of a question with several', () => {
    const top = hit('expense claims', 30, [
      concept(RARE * 2, true),
      concept(RARE, false),
      concept(RARE, false),
    ]);
    expect(isSure([top, hit('other', 1, [concept(RARE, false)])])).toBe(false);
  });

  it('answers a one-word question from that word', () => {
    const top = hit('vpn', 10, [concept(RARE, true)]);
    expect(isSure([top, hit('lunch', 2, [concept(RARE, true)])])).toBe(true);
  });

  it('does not let common words make up coverage', () => {
    // Three of five words found, but only the common ones ("new team work", not the point).
    const concepts = [
      concept(COMMON, true),
      concept(COMMON, true),
      concept(COMMON, true),
      concept(RARE, false),
      concept(RARE, false),
    ];
    expect(weightedCoverage(concepts)).toBeLessThan(0.1);
    expect(isSure([hit('a', 10, concepts), hit('b', 1, concepts)])).toBe(false);
  });

  it('is not sure when another topic scores about as high', () => {
    const concepts = [concept(RARE, true), concept(RARE, true)];
    expect(isSure([hit('a', 10, concepts), hit('b', 9.5, concepts)])).toBe(false);
  });

  it('does not count hits of the same topic, or of a topic the top hit replaced, as rivals', () => {
    const concepts = [concept(RARE, true), concept(RARE, true)];
    const top = {
      ...hit('ship on thursdays', 10, concepts),
      replaces: new Set(['ship on fridays']),
    };
    expect(
      isSure([top, hit('ship on thursdays', 10, concepts), hit('ship on fridays', 9, concepts)]),
    ).toBe(true);
  });

  it('needs more coverage when there is no other topic to compare with', () => {
    const thresholds = { ...SURENESS, coverage: 0.6, aloneCoverage: 0.75, scoreRatio: 1.5 };
    const twoThirds = [concept(RARE, true), concept(RARE, true), concept(RARE, false)];
    const top = hit('a', 10, twoThirds);
    expect(isSure([top], thresholds)).toBe(false);
    expect(isSure([top, hit('b', 1, twoThirds)], thresholds)).toBe(true);
  });

  it('is never sure of nothing', () => {
    expect(isSure([])).toBe(false);
    expect(isSure([hit('a', 0, [concept(RARE, true)])])).toBe(false);
  });
});

describe('hasEvidence', () => {
  it('shows a page that matches a word as typed, corrected or from the glossary', () => {
    expect(hasEvidence([concept(RARE, true), concept(RARE, false)])).toBe(true);
    expect(hasEvidence([concept(RARE, false), concept(COMMON, true, 0.8)])).toBe(true);
  });

  it('does not show a page found only through general synonyms, or through nothing', () => {
    expect(hasEvidence([concept(RARE, true, 0.5), concept(RARE, false)])).toBe(false);
    expect(hasEvidence([concept(RARE, false)])).toBe(false);
    expect(hasEvidence([])).toBe(false);
  });
});

describe('isSure for a long page, inside its best section', () => {
  const question = [concept(RARE, true), concept(RARE, true), concept(COMMON, true)];
  function longPage(
    topic: string,
    score: number,
    sectionConcepts: SurenessConcept[],
    window: number,
  ): SurenessHit {
    return { ...hit(topic, score, question), section: { concepts: sectionConcepts, window } };
  }

  /** A question of three words that say something, all in the section. */
  const informative = [concept(RARE, true), concept(RARE, true), concept(RARE * 0.6, true)];

  it('answers when one section holds the question close together, with a smaller margin than pages', () => {
    const top = longPage('Time off', 1.8, informative, 8);
    const rival = hit('Benefits', 1, [
      concept(RARE, true),
      concept(RARE, false),
      concept(COMMON, true),
    ]);
    expect(1.8).toBeLessThan(SURENESS.scoreRatio);
    expect(isSure([top, rival])).toBe(true);
  });

  it('does not answer when the question’s words are scattered over the section', () => {
    const top = longPage('Time off', 3, question, SECTION_SURENESS.window + 1);
    expect(isSure([top, hit('Benefits', 1, question)])).toBe(false);
  });

  it('answers when the words are within 30 tokens of each other, not 45', () => {
    expect(SECTION_SURENESS.window).toBe(30);
    const rival = hit('Benefits', 1, question);
    expect(isSure([longPage('Time off', 3, informative, 30), rival])).toBe(true);
    expect(isSure([longPage('Time off', 3, informative, 45), rival])).toBe(false);
  });

  it('answers from a section holding three of seven equally telling words, not three of nine', () => {
    expect(SECTION_SURENESS.coverage).toBe(0.4);
    const words = (unmatched: number) => [
      ...[1, 2, 3].map(() => concept(RARE, true)),
      ...Array.from({ length: unmatched }, () => concept(RARE, false)),
    ];
    const sure = (unmatched: number) =>
      isSure([
        {
          ...hit('Time off', 3, words(unmatched)),
          section: { concepts: words(unmatched), window: 5 },
        },
        hit('Benefits', 1, words(unmatched)),
      ]);
    expect(sure(4)).toBe(true);
    expect(sure(6)).toBe(false);
  });

  it('does not answer when the page has the words but no one section has most of them', () => {
    const scattered = [concept(RARE, true), concept(RARE, false), concept(COMMON, true)];
    const top = longPage('Time off', 5, scattered, 3);
    expect(isSure([top, hit('Benefits', 1, question)])).toBe(false);
  });

  it('does not answer when a page on another topic scores nearly as well', () => {
    const top = longPage('Time off', 1.5, question, 5);
    expect(isSure([top, hit('Benefits', 1, question)])).toBe(false);
  });

  it('does not answer from one informative word, even one the section has', () => {
    const single = [concept(RARE, true), concept(RARE * 0.3, false)];
    const top = { ...hit('Time off', 5, single), section: { concepts: single, window: 0 } };
    expect(isSure([top, hit('Benefits', 1, single)])).toBe(false);
  });

  it('does not count a page on the same topic as a rival', () => {
    const top = longPage('Time off', 1.1, informative, 5);
    expect(isSure([top, hit('Time off', 1, question)])).toBe(true);
  });

  it('does not answer when the section holds only two of three words that say something', () => {
    const twoOfThree = [concept(RARE, true), concept(RARE, true), concept(COMMON, true)];
    expect(SECTION_SURENESS.informativeMatches).toBe(3);
    const top = longPage('Time off', 5, twoOfThree, 4);
    expect(isSure([top, hit('Benefits', 1, twoOfThree)])).toBe(false);
    const two = [concept(RARE, true), concept(RARE, true)];
    const short = { ...hit('Time off', 5, two), section: { concepts: two, window: 4 } };
    expect(isSure([short, hit('Benefits', 1, two)])).toBe(true);
  });
});
