import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OFFICE_ABBREVIATIONS } from '../../../src/core/domain/search/abbreviations/office-abbreviations.js';
import { officeAbbreviations } from '../../../src/core/domain/search/abbreviations.js';
import { glossaryExpander } from '../../../src/core/domain/search/glossary.js';
import { planQuery, type QueryPlan } from '../../../src/core/domain/search/query.js';
import { composeLexicon } from '../../../src/core/services/knowledge.js';

const words = (plan: QueryPlan): string[] => plan.concepts.map((concept) => concept.typed);

const alternatives = (plan: QueryPlan, typed: string): string[] =>
  plan.concepts
    .find((concept) => concept.typed === typed)
    ?.alternatives.map((each) => `${each.text} (${each.origin})`) ?? [];

const withAbbreviations = composeLexicon({ abbreviations: officeAbbreviations.expand });

describe('planQuery: the scaffolding of a question', () => {
  it.each([
    ["what's the policy on pets in the office?", ['pets', 'office']],
    ['What is the process for expense reports', ['expense', 'reports']],
    ['how do I book travel', ['book', 'travel']],
    ['how can I get a parking permit?', ['get', 'parking', 'permit']],
    ['can I bring my dog', ['bring', 'dog']],
    ['am I allowed to expense lunch?', ['expense', 'lunch']],
    ['who do I ask about payroll', ['payroll']],
    ['is there a gym discount', ['gym', 'discount']],
    ['where can I find the brand guidelines', ['brand', 'guidelines']],
    ['does anyone know the wifi password', ['wifi', 'password']],
    ['quick q: printer on floor 3?', ['printer', 'floor', '3']],
    ['hey team, parking at the new office?', ['parking', 'new', 'office']],
  ])('reads %j as %j', (text, expected) => {
    expect(words(planQuery(text))).toEqual(expected);
  });

  it('keeps the meaning words a frame does not take: "policy" alone is what is asked', () => {
    expect(words(planQuery('what is the travel policy?'))).toEqual(['travel', 'policy']);
    expect(words(planQuery('what is the policy?'))).toEqual(['policy']);
    expect(words(planQuery('who approves the hiring process'))).toEqual([
      'approves',
      'hiring',
      'process',
    ]);
  });

  it('keeps a framing word where it is meant, the second time it is typed', () => {
    expect(words(planQuery('hey team, which team owns billing?'))).toEqual([
      'team',
      'owns',
      'billing',
    ]);
  });

  it('searches a question that is all frame as it did before', () => {
    expect(words(planQuery('how do I?'))).toEqual(['how', 'do', 'i']);
    expect(words(planQuery("what's the policy on?"))).toEqual(['policy']);
    expect(words(planQuery('hey team'))).toEqual(['hey', 'team']);
  });

  it('does not search words said in passing (FYI), unless the team glossary defines them', () => {
    expect(words(planQuery('fyi the pto policy changed', withAbbreviations))).toEqual([
      'pto',
      'policy',
      'changed',
    ]);
    const teamFyi = composeLexicon({
      glossary: glossaryExpander([{ term: 'FYI', expansion: 'for your information' }]).expand,
      abbreviations: officeAbbreviations.expand,
    });
    expect(words(planQuery('fyi newsletter', teamFyi))).toEqual(['fyi', 'newsletter']);
    const synonymFyi = composeLexicon({
      abbreviations: officeAbbreviations.expand,
      synonyms: (text) =>
        text === 'fyi' ? [{ text: 'for your information', origin: 'synonym', weight: 0.5 }] : [],
    });
    expect(words(planQuery('fyi newsletter', synonymFyi))).toEqual(['newsletter']);
  });
});

describe('planQuery: office abbreviations', () => {
  it('expands an abbreviation to its wordings, kept below the words typed, and says so', () => {
    const plan = planQuery('pto policy', withAbbreviations);
    expect(alternatives(plan, 'pto')).toEqual([
      'pto (typed)',
      'paid time off (abbreviation)',
      'time off (abbreviation)',
      'vacation (abbreviation)',
      'holiday (abbreviation)',
    ]);
    const weights = plan.concepts[0]?.alternatives.map((each) => each.weight);
    expect(weights?.[0]).toBe(1);
    expect(Math.max(...(weights?.slice(1) ?? []))).toBeLessThan(0.8);
    expect(plan.searchedFor).toBe('pto (paid time off, time off, vacation, holiday) policy');
  });

  it('finds the abbreviation from its wording: "paid time off" also searches "pto"', () => {
    const plan = planQuery('how much paid time off do I get', withAbbreviations);
    expect(alternatives(plan, 'paid time off')).toEqual([
      'paid time off (typed)',
      'pto (abbreviation)',
    ]);
    expect(
      alternatives(planQuery('working from home', withAbbreviations), 'working from home'),
    ).toContain('wfh (abbreviation)');
  });

  it('expands an ambiguous abbreviation to every meaning and never replaces it', () => {
    const plan = planQuery('who reviews my pr', withAbbreviations);
    expect(alternatives(plan, 'pr')).toEqual([
      'pr (typed)',
      'pull request (abbreviation)',
      'press release (abbreviation)',
    ]);
  });

  it('reads 1:1 as one term', () => {
    const plan = planQuery('1:1 template', withAbbreviations);
    expect(alternatives(plan, '1 1')).toEqual([
      '1 1 (typed)',
      'one on one (abbreviation)',
      'one to one (abbreviation)',
    ]);
  });

  it("lets the team glossary's meaning win over the list", () => {
    const lexicon = composeLexicon({
      glossary: glossaryExpander([{ term: 'PR', expansion: 'purchase request' }]).expand,
      abbreviations: officeAbbreviations.expand,
    });
    const plan = planQuery('pr approval', lexicon);
    expect(alternatives(plan, 'pr')).toEqual(['pr (typed)', 'purchase request (glossary)']);
    expect(plan.searchedFor).toBe('pr (purchase request) approval');
  });
});

describe('the office abbreviations list', () => {
  it('has between 60 and 120 entries, each term once, each with a meaning unless noise', () => {
    expect(OFFICE_ABBREVIATIONS.length).toBeGreaterThanOrEqual(60);
    expect(OFFICE_ABBREVIATIONS.length).toBeLessThanOrEqual(120);
    const terms = OFFICE_ABBREVIATIONS.map((entry) => entry.term.toLowerCase());
    expect(new Set(terms).size).toBe(terms.length);
    for (const entry of OFFICE_ABBREVIATIONS) {
      if (entry.noise) expect(entry.expansions).toEqual([]);
      else expect(entry.expansions.length, entry.term).toBeGreaterThan(0);
    }
  });

  it('says where it comes from and its licence', () => {
    const sources = new URL(
      '../../../src/core/domain/search/abbreviations/SOURCES.md',
      import.meta.url,
    );
    expect(existsSync(sources)).toBe(true);
    const text = readFileSync(sources, 'utf8');
    expect(text).toContain('written for Mailroom');
    expect(text).toContain('Licence');
  });
});
