import { beforeEach, describe, expect, it } from 'vitest';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { GlossaryRepository } from '../../../src/core/store/glossary-repository.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let knowledge: KnowledgeRepository;
let glossary: GlossaryRepository;

beforeEach(() => {
  const db = openDatabase(':memory:');
  knowledge = new KnowledgeRepository(db);
  glossary = new GlossaryRepository(db);
  const add = (title: string, body: string) =>
    knowledge.upsert({ title, body, source: 'written' }, T0);
  add(
    'Travel policy',
    'Book flights through the portal. Trains are fine for trips under four hours.',
  );
  add('Expense policy', 'Submit receipts within thirty days. Meals on trips are covered.');
  add('Team process', 'Each squad plans on Mondays and demos on Fridays.');
  add('Dogs at the office', 'Dogs are welcome on Fridays if they are calm and on a lead.');
  add('Paid time off', 'Everyone gets 25 days of paid time off a year, booked in the HR tool.');
  add('Carry-over', 'Up to five days of PTO carry over into the next year.');
  add('Purchase requests', 'Any purchase request above 500 EUR needs approval from finance.');
  add('Pull requests', 'Every pull request needs one approval from a reviewer before merging.');
});

const search = (text: string) => searchKnowledge({ knowledge, glossary }, ANYONE, text, 5);
const titles = (text: string) => search(text).hits.map((hit) => hit.document.title);

describe('searchKnowledge reads the question as people type it', () => {
  it('does not let the frame of a question win a page on its title', () => {
    expect(titles("what's the policy on dogs?")).toEqual(['Dogs at the office']);
    expect(titles('hey team, what is the process for bringing dogs')).toEqual([
      'Dogs at the office',
    ]);
  });

  it('finds a page written out in full from its abbreviation, and says what it searched for', () => {
    const result = search('how many pto days do I get');
    expect(result.hits[0]?.document.title).toBe('Paid time off');
    expect(result.searchedFor).toContain('pto (paid time off');
  });

  it('finds a page written with the abbreviation from the words in full', () => {
    expect(titles('can paid time off carry over?')[0]).toBe('Carry-over');
  });

  it('finds both meanings of an ambiguous abbreviation, until the team says which it means', () => {
    expect(titles('pr approval').slice(0, 2).sort()).toEqual([
      'Pull requests',
      'Purchase requests',
    ]);
    glossary.add({ term: 'PR', expansion: 'purchase request', addedBy: 'U0ADMIN' }, T0);
    const result = search('pr approval');
    expect(result.hits[0]?.document.title).toBe('Purchase requests');
    expect(result.searchedFor).toBe('pr (purchase request) approval');
  });
});
