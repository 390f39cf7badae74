import { describe, expect, it } from 'vitest';
import {
  questionSimilarity,
  type RoutingInput,
  routeQuestion,
  topicMatches,
  wordsOf,
} from '../../src/domain/routing.js';

const base: RoutingInput = {
  askerId: 'UASK',
  question: 'How do refunds work for annual billing?',
  keywordExperts: [],
  channelExperts: [],
  relatedDocuments: [],
  canReceive: (id) => id !== 'UBOT',
};

describe('topicMatches', () => {
  it.each([
    ['billing', true],
    ['refund', true],
    ['Refunds', true],
    ['annual billing', true],
    ['release process', false],
    ['', false],
  ])('%j in the question → %s', (topic, expected) => {
    expect(topicMatches(topic, wordsOf(base.question))).toBe(expected);
  });

  it('works in other scripts', () => {
    expect(topicMatches('отпуск', wordsOf('Как оформить отпуск?'))).toBe(true);
  });
});

describe('routeQuestion', () => {
  it('prefers topic owners, then channel owners, then authors, then the channel creator', () => {
    const route = routeQuestion({
      ...base,
      keywordExperts: [
        { topic: 'billing', memberId: 'UPRIYA' },
        { topic: 'deploys', memberId: 'UNOPE' },
      ],
      channelExperts: [{ memberId: 'USAM' }],
      channelName: 'payments',
      relatedDocuments: [
        { title: 'Refund policy', authorId: 'UWRITER', source: 'import' },
        { title: 'How do refunds work?', authorId: 'UANSWER', source: 'answer' },
      ],
      channelCreatorId: 'UCREATOR',
    });
    expect(route).toEqual([
      { memberId: 'UPRIYA', reason: 'owns the topic “billing”' },
      { memberId: 'USAM', reason: 'answers questions in #payments' },
      { memberId: 'UWRITER', reason: 'wrote: “Refund policy”' },
      { memberId: 'UANSWER', reason: 'answered a similar question: “How do refunds work?”' },
      { memberId: 'UCREATOR', reason: 'created #payments' },
    ]);
  });

  it('never routes to the asker, to someone who cannot receive, or to the same person twice', () => {
    const route = routeQuestion({
      ...base,
      keywordExperts: [
        { topic: 'billing', memberId: 'UASK' },
        { topic: 'refunds', memberId: 'UBOT' },
        { topic: 'billing', memberId: 'UPRIYA' },
      ],
      relatedDocuments: [{ title: 'Refunds', authorId: 'UPRIYA', source: 'import' }],
      channelCreatorId: 'UASK',
    });
    expect(route).toEqual([{ memberId: 'UPRIYA', reason: 'owns the topic “billing”' }]);
  });

  it('returns an empty route when nobody fits', () => {
    expect(routeQuestion(base)).toEqual([]);
  });
});

describe('questionSimilarity', () => {
  it.each([
    [['refund', 'work'], ['refunds', 'work'], 1],
    [['refund', 'work'], ['refund', 'work', 'annual', 'plan'], 0.5],
    [['vpn', 'setup'], ['refund', 'policy'], 0],
    [[], ['refund'], 0],
  ])('%j ~ %j = %d', (a, b, expected) => {
    expect(questionSimilarity(a, b)).toBeCloseTo(expected);
  });
});
