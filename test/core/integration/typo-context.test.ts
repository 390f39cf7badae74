import { beforeEach, describe, expect, it } from 'vitest';
import type { QueryLexicon } from '../../../src/core/domain/search/lexicon.js';
import { planQuery } from '../../../src/core/domain/search/query.js';
import { TypoIndex } from '../../../src/core/domain/search/typo-index.js';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let knowledge: KnowledgeRepository;
let lexicon: QueryLexicon;

beforeEach(() => {
  knowledge = new KnowledgeRepository(openDatabase(':memory:'));
  lexicon = knowledge.vocabulary.lexicon();
  const add = (title: string, body: string) =>
    knowledge.upsert({ title, body, source: 'written' }, T0);
  // "page" is in more documents than "badge": a correction by frequency alone picks it.
  add('Wiki pages', 'Every team keeps a page in the wiki. Link the page from the channel topic.');
  add('Writing docs', 'A good page starts with who it is for. Keep each page short.');
  add('Release notes', 'The release page lists what changed; the status page shows incidents.');
  add('Onboarding', 'Your first page to read is the handbook page.');
  add('Office access', 'Show your badge at the entrance. A lost badge is replaced at reception.');
  add('Parking', 'The car park is behind the building; spaces are first come, first served.');
});

const plan = (text: string) => planQuery(text, lexicon);
const corrected = (text: string) =>
  plan(text).concepts.map((concept) => concept.alternatives[0]?.text);

describe('a typo is corrected to the near word that fits the rest of the question', () => {
  it('picks the less frequent near word that the other words are found with', () => {
    expect(lexicon.correct('bage')).toBe('page');
    expect(corrected('bage entrance')).toEqual(['badge', 'entrance']);
    expect(plan('lost my bage at the entrance').searchedFor).toBe('lost my badge at the entrance');
    const result = searchKnowledge({ knowledge }, ANYONE, 'lost bage at the entrance', 3);
    expect(result.hits[0]?.document.title).toBe('Office access');
    expect(result.searchedFor).toBe('lost badge at the entrance');
  });

  it('fits two misspelt words to each other', () => {
    expect(lexicon.correct('entrence')).toBe('entrance');
    expect(corrected('bage entrence')).toEqual(['badge', 'entrance']);
    expect(plan('bage entrence').searchedFor).toBe('badge entrance');
  });

  it('falls back to the most frequent near word when no near word is found with the others', () => {
    expect(corrected('bage parking')).toEqual(['page', 'parking']);
    expect(corrected('bage')).toEqual(['page']);
  });
});

describe('near words of a typo', () => {
  it('are listed most frequent first, then alphabetically among equals, at most the limit', () => {
    const index = new TypoIndex();
    index.add('page', 5);
    index.add('badge', 1);
    index.add('base', 1);
    index.add('bag', 1);
    expect(index.candidates('bage', 10)).toEqual(['page', 'badge', 'bag', 'base']);
    expect(index.candidates('bage', 2)).toEqual(['page', 'badge']);
    expect(index.correct('bage')).toBe('page');
    expect(index.candidates('page', 3)).toEqual([]);
  });
});
