import { beforeEach, describe, expect, it } from 'vitest';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let knowledge: KnowledgeRepository;

beforeEach(() => {
  knowledge = new KnowledgeRepository(openDatabase(':memory:'));
  const add = (title: string, body: string) =>
    knowledge.upsert({ title, body, source: 'written' }, T0);
  add('Approvals', 'Your line manager approves purchases under 500 EUR before you order.');
  add('Purchases', 'Order office supplies through the portal; finance pays the invoice.');
  add('Annual leave', 'Everyone has 25 days of annual leave a year, booked in the HR tool.');
  add('Office hours', 'The office opens at eight and closes at seven on weekdays.');
});

const search = (text: string) => searchKnowledge({ knowledge }, ANYONE, text, 5);
const withoutThem = (text: string) =>
  searchKnowledge({ knowledge, lexicon: { officeSynonyms: () => [] } }, ANYONE, text, 5);

describe('searchKnowledge with the office synonyms', () => {
  it("finds the page in the handbook's wording from the word people use", () => {
    expect(search('does my boss approve purchases')).toMatchObject({
      hits: [{ document: { title: 'Approvals' } }, { document: { title: 'Purchases' } }],
    });
    expect(search('how many vacation days a year').hits[0]?.document.title).toBe('Annual leave');
  });

  it('is what finds a page that has none of the words asked', () => {
    expect(withoutThem('my boss').hits).toEqual([]);
    expect(search('my boss').hits.map((hit) => hit.document.title)).toEqual(['Approvals']);
    expect(withoutThem('vacation').hits).toEqual([]);
    expect(search('vacation').hits.map((hit) => hit.document.title)).toEqual(['Annual leave']);
  });

  it('shows nothing for a question whose words no page has in any wording', () => {
    expect(search('is there a gym discount').hits).toEqual([]);
  });
});
