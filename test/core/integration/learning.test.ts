import { beforeEach, describe, expect, it } from 'vitest';
import {
  CONFIRMATION_HALF_LIFE_MS,
  confirmationBoosts,
  wordingKey,
} from '../../../src/core/domain/search/learning.js';
import { recordConfirmation, searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import type { SearchViewer } from '../../../src/core/store/search-index.js';

const T0 = Date.UTC(2026, 2, 2, 9);
const DAY = 24 * 60 * 60 * 1000;
const ANYONE: SearchViewer = { isGuest: false, visibleChannelIds: [] };
const QUESTION = 'When do I get a laptop refresh?';

let knowledge: KnowledgeRepository;
let refresh: number;
let hardware: number;
let secret: number;

beforeEach(() => {
  knowledge = new KnowledgeRepository(openDatabase(':memory:'));
  const add = (title: string, body: string, more: object = {}) =>
    knowledge.upsert({ title, body, source: 'written', ...more }, T0).document.id;
  refresh = add(
    'Laptop refresh',
    'A laptop refresh happens every three years. The laptop refresh list is kept by IT.',
  );
  hardware = add(
    'Laptop refresh for engineers',
    'Engineers receive a new machine every two years, with the model their team lead picks.',
  );
  secret = add(
    'Laptop refresh for leadership',
    'Leadership receives a new machine yearly, on a separate budget.',
    { visibility: 'channel', channelId: 'C0LEAD' },
  );
  add('Travel policy', 'Book flights through the portal.');
});

const search = (text: string, at: number, viewer: SearchViewer = ANYONE) =>
  searchKnowledge({ knowledge }, viewer, text, 5, { at });
const confirm = (documentId: number, memberId: string, at: number, text = QUESTION) =>
  recordConfirmation(knowledge, { text, documentId, memberId }, at);
const ids = (text: string, at: number, viewer?: SearchViewer) =>
  search(text, at, viewer).hits.map((hit) => hit.document.id);
const scoreOf = (documentId: number, at: number) =>
  search(QUESTION, at).hits.find((hit) => hit.document.id === documentId)?.score ?? 0;

describe('learning from "This answers it"', () => {
  it('lifts the page two people confirmed for the same wording above the one the words favour', () => {
    expect(ids(QUESTION, T0)[0]).toBe(refresh);
    const before = scoreOf(hardware, T0);
    confirm(hardware, 'U0ANA', T0);
    const one = scoreOf(hardware, T0);
    confirm(hardware, 'U0BEN', T0);
    const two = scoreOf(hardware, T0);
    expect(one).toBeGreaterThan(before);
    expect(two).toBeGreaterThan(one);
    expect(ids(QUESTION, T0)[0]).toBe(hardware);
    // The same wording, typed differently, is the same wording.
    expect(ids('laptop refresh: when do i get one', T0)[0]).toBe(hardware);
  });

  it('counts one person once per wording and document, however often they confirm', () => {
    confirm(hardware, 'U0ANA', T0);
    const once = scoreOf(hardware, T0);
    confirm(hardware, 'U0ANA', T0);
    confirm(hardware, 'U0ANA', T0 - DAY);
    expect(scoreOf(hardware, T0)).toBe(once);
    expect(knowledge.confirmations.forWording(wordingKey(QUESTION))).toEqual([
      { documentId: hardware, confirmedAt: T0 },
    ]);
  });

  it('counts an old confirmation for less than a new one', () => {
    const none = scoreOf(hardware, T0);
    confirm(hardware, 'U0ANA', T0 - 2 * CONFIRMATION_HALF_LIFE_MS);
    const old = scoreOf(hardware, T0);
    confirm(hardware, 'U0BEN', T0);
    knowledge.confirmations.forget('U0ANA');
    const fresh = scoreOf(hardware, T0);
    expect(old).toBeGreaterThan(none);
    expect(fresh).toBeGreaterThan(old);
  });

  it('leaves other wordings alone', () => {
    const before = ids('laptop budget', T0);
    confirm(hardware, 'U0ANA', T0);
    confirm(hardware, 'U0BEN', T0);
    expect(ids('laptop budget', T0)).toEqual(before);
  });

  it('never shows a confirmed private page to someone outside its channel', () => {
    for (const member of ['U0ANA', 'U0BEN', 'U0CAL', 'U0DEE']) confirm(secret, member, T0);
    expect(ids(QUESTION, T0)).not.toContain(secret);
    expect(ids('leadership laptop refresh', T0)).not.toContain(secret);
    const lead: SearchViewer = { isGuest: false, visibleChannelIds: ['C0LEAD'] };
    expect(ids(QUESTION, T0, lead)[0]).toBe(secret);
  });

  it('is not kept for an empty wording or a document that does not exist', () => {
    expect(confirm(hardware, 'U0ANA', T0, '?!')).toBe(false);
    expect(confirm(9999, 'U0ANA', T0)).toBe(false);
    expect(knowledge.confirmations.byMember('U0ANA')).toEqual([]);
  });

  it('goes with the document when it is removed', () => {
    confirm(hardware, 'U0ANA', T0);
    knowledge.remove(hardware);
    expect(knowledge.confirmations.byMember('U0ANA')).toEqual([]);
  });
});

describe('confirmation boosts', () => {
  it('grow with the people who confirmed, each less, and halve their evidence every half-life', () => {
    const boost = (times: number[]) =>
      confirmationBoosts(
        times.map((confirmedAt) => ({ documentId: 1, confirmedAt })),
        T0,
      ).get(1) ?? 1;
    const one = boost([T0]);
    const two = boost([T0, T0]);
    const four = boost([T0, T0, T0, T0]);
    expect(one).toBeCloseTo(1.5);
    expect(two).toBeGreaterThan(one);
    expect(four - two).toBeLessThan(2 * (two - one));
    expect(boost([T0 - CONFIRMATION_HALF_LIFE_MS, T0 - CONFIRMATION_HALF_LIFE_MS])).toBeCloseTo(
      one,
    );
    expect(boost([T0 + DAY])).toBeCloseTo(one);
  });

  it('key a wording by its searched words, in any order and case', () => {
    expect(wordingKey('How do I get a Laptop refresh?')).toBe(wordingKey('laptop REFRESH get'));
    expect(wordingKey('?!')).toBe('');
  });
});
