import { describe, expect, it } from 'vitest';
import {
  formWeight,
  inflectionBases,
  isInflectionOf,
  STEM_MATCH_WEIGHT,
} from '../../../src/core/domain/search/forms.js';

describe('the inflection rule', () => {
  it.each([
    ['policies', 'policy'],
    ['expenses', 'expense'],
    ['taxes', 'tax'],
    ['watches', 'watch'],
    ['laptops', 'laptop'],
    ["manager's", 'manager'],
    ["managers'", 'managers'],
    ['approved', 'approve'],
    ['walked', 'walk'],
    ['applied', 'apply'],
    ['planned', 'plan'],
    ['booking', 'book'],
    ['approving', 'approve'],
    ['planning', 'plan'],
    ['approved', 'approving'],
    ['policy', 'policy'],
  ])('reads %s as a form of %s, and the other way round', (written, searched) => {
    expect(isInflectionOf(written, searched)).toBe(true);
    expect(isInflectionOf(searched, written)).toBe(true);
  });

  it.each([
    ['police', 'policy'],
    ['generous', 'general'],
    ['universe', 'university'],
    ['organ', 'organization'],
    ['wed', 'wedding'],
    ['new', 'news'],
    ['good', 'goods'],
    ['even', 'evening'],
    ['car', 'cares'],
    ['class', 'clas'],
  ])('does not read %s as a form of %s', (written, searched) => {
    expect(isInflectionOf(written, searched)).toBe(false);
    expect(isInflectionOf(searched, written)).toBe(false);
  });

  it('leaves short bases and bases without a vowel alone', () => {
    expect(inflectionBases('bus')).toEqual(new Set(['bus']));
    expect(inflectionBases('sing')).toEqual(new Set(['sing']));
    expect(inflectionBases('string')).toEqual(new Set(['string']));
  });
});

describe('how much a match counts', () => {
  it('counts a match of the searched words or their inflections fully, else at the stem weight', () => {
    expect(formWeight(['policy'], ['policy'])).toBe(1);
    expect(formWeight(['policies'], ['policy'])).toBe(1);
    expect(formWeight(['police'], ['policy'])).toBe(STEM_MATCH_WEIGHT);
    expect(formWeight(['expense', 'policies'], ['expenses', 'policy'])).toBe(1);
    expect(formWeight(['expense', 'police'], ['expense', 'policy'])).toBe(STEM_MATCH_WEIGHT);
  });

  it('counts fully a match it cannot line up with the searched words', () => {
    expect(formWeight(['policy', 'policy'], ['policy'])).toBe(1);
    expect(formWeight([], ['policy'])).toBe(1);
  });

  it('weighs a stem-only match well below a full one', () => {
    expect(STEM_MATCH_WEIGHT).toBeGreaterThan(0);
    expect(STEM_MATCH_WEIGHT).toBeLessThan(1);
  });
});
