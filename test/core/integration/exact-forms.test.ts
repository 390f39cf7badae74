import { beforeEach, describe, expect, it } from 'vitest';
import { STEM_MATCH_WEIGHT } from '../../../src/core/domain/search/forms.js';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let knowledge: KnowledgeRepository;

beforeEach(() => {
  knowledge = new KnowledgeRepository(openDatabase(':memory:'));
});

const add = (title: string, body: string) =>
  knowledge.upsert({ title, body, source: 'written' }, T0).document.id;
const hits = (text: string) => searchKnowledge({ knowledge }, ANYONE, text, 5).hits;
const titles = (text: string) => hits(text).map((hit) => hit.document.title);

describe('search prefers the words as typed over words that only share their stem', () => {
  it('ranks a page with "general" above one that says "generous" more often', () => {
    add(
      'Gifts for clients',
      'Be generous with clients: a generous gift is fine, a lavish one is not.',
    );
    add('Meetings', 'The general meeting is on the first Friday of the month.');
    expect(titles('general')).toEqual(['Meetings', 'Gifts for clients']);
  });

  it('ranks a page about the university above one about the universe', () => {
    add('Space club', 'The universe club meets at lunch to talk about the universe and stars.');
    add('Learning budget', 'Courses at a university are covered by the learning budget.');
    expect(titles('university courses')[0]).toBe('Learning budget');
    expect(titles('university')).toEqual(['Learning budget', 'Space club']);
  });

  it('lets a page with only "police" lose to a page with "policy"', () => {
    add(
      'Parking',
      'If the police call about your car, tell reception. The police station is near.',
    );
    add('Travel', 'Our travel policy covers trains and flights.');
    expect(titles('policy')[0]).toBe('Travel');
  });

  it('counts a stem-only match less than the same match of the word itself', () => {
    const stemOnly = add('Team news', 'A wed couple on the team gets a gift card.');
    const exact = add('Team news', 'A wedding couple on the team gets a gift card.');
    const found = hits('wedding team gift');
    const score = (id: number) => found.find((hit) => hit.document.id === id)?.score ?? 0;
    expect(found[0]?.document.id).toBe(exact);
    expect(score(stemOnly)).toBeGreaterThan(0);
    expect(score(stemOnly)).toBeLessThan(score(exact));
    expect(STEM_MATCH_WEIGHT).toBeLessThan(1);
  });

  it('still counts plurals, -ed and -ing forms fully', () => {
    const plural = add('Expense policies', 'All expense policies live in the finance handbook.');
    const singular = add('Expense policy', 'All expense policy lives in the finance handbook.');
    const found = hits('expense policy');
    const score = (id: number) => found.find((hit) => hit.document.id === id)?.score ?? 0;
    expect(score(plural)).toBeCloseTo(score(singular), 10);

    const approved = add('Purchases', 'Finance approved purchases.');
    const approving = add('Purchases', 'Finance approving purchases.');
    add('Purchases', 'Finance approve purchases.');
    const again = hits('approve finance');
    const scoreOf = (id: number) => again.find((hit) => hit.document.id === id)?.concepts[0];
    expect(scoreOf(approved)?.score).toBeGreaterThan(0);
    expect(scoreOf(approving)?.score).toBeGreaterThan(0);
    expect(scoreOf(approved)?.score).toBeCloseTo(scoreOf(approving)?.score ?? 0, 10);
  });
});
