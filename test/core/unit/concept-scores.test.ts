import { describe, expect, it } from 'vitest';
import type { QueryPlan } from '../../../src/core/domain/search/query.js';
import { type ExpressionMatch, scoreByConcept } from '../../../src/core/store/search-scores.js';

/** A plan of concepts, each a list of [words, weight] alternatives. */
function plan(...concepts: [string, number][][]): QueryPlan {
  return {
    searchedFor: null,
    concepts: concepts.map((alternatives) => ({
      typed: alternatives[0]?.[0] ?? '',
      alternatives: alternatives.map(([text, weight]) => ({
        text,
        phrase: { words: text.split(' '), prefix: false },
        origin: weight === 1 ? ('typed' as const) : ('synonym' as const),
        weight,
      })),
    })),
  };
}

const found = (score: number, inTitle = false): ExpressionMatch => ({
  score,
  inTitle,
  inAliases: false,
});

describe('scoring a page or a section per concept', () => {
  it('counts each concept once, through its best alternative times its weight', () => {
    const scores: Record<string, ExpressionMatch> = {
      '"leave"': found(2),
      '"holiday"': found(3),
      '"carry"': found(1),
    };
    const result = scoreByConcept(
      plan(
        [
          ['leave', 1],
          ['holiday', 0.5],
        ],
        [['carry', 1]],
        [['payroll', 1]],
      ),
      [1, 1, 1],
      3,
      (expression) => scores[expression] ?? null,
    );
    expect(result.score).toBe(3);
    expect(result.concepts.map((concept) => concept.matched)).toEqual([true, true, false]);
    expect(result.expressions).toEqual(['"leave"', '"carry"', null]);
  });

  it('adds the title bonus for the share of the information found in the title', () => {
    const result = scoreByConcept(plan([['leave', 1]], [['carry', 1]]), [3, 1], 2, (expression) =>
      expression === '"leave"' ? found(1, true) : found(1),
    );
    // 2 of bm25, three quarters of the information in the title: 2 + 2 × 0.75 × 2.
    expect(result.score).toBe(5);
    expect(result.concepts[0]?.inTitle).toBe(true);
  });

  it('lets a settle step replace a concept’s match once its alternatives are weighed', () => {
    const result = scoreByConcept(
      plan([['leave', 1]]),
      [1],
      0,
      () => null,
      (_, best) => ({ ...best, matched: true, weight: 1, score: 4, inTitle: true }),
    );
    expect(result.score).toBe(4);
    expect(result.concepts[0]?.matched).toBe(true);
    expect(result.expressions).toEqual([null]);
  });
});
