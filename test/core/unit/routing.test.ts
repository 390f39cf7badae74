import { describe, expect, it } from 'vitest';
import {
  questionSimilarity,
  type RoutingInput,
  routeQuestion,
  topicStrength,
} from '../../../src/core/domain/routing.js';
import { planQuery } from '../../../src/core/domain/search/query.js';
import type { Phrase } from '../../../src/core/domain/search/text.js';
import { phraseMatch } from '../../../src/core/store/fts-query.js';

/** Topics found in the question word for word, for the route's order. */
const wordMatch = (question: string) => (topic: string) =>
  topic
    .toLowerCase()
    .split(' ')
    .every((word) => question.toLowerCase().includes(word))
    ? 1
    : 0;

const base: RoutingInput = {
  askerId: 'UASK',
  keywordExperts: [],
  topicStrength: wordMatch('How do refunds work for annual billing?'),
  channelExperts: [],
  relatedDocuments: [],
  canReceive: (id) => id !== 'UBOT',
};

describe('topicStrength', () => {
  const wordsOf = (phrase: Phrase) => phrase.words.join(' ');
  const plan = (concepts: [string, number][][]) => ({
    concepts: concepts.map((alternatives) => ({
      typed: alternatives[0]?.[0] ?? '',
      alternatives: alternatives.map(([word, weight]) => ({
        text: word,
        phrase: { words: [word], prefix: false },
        origin: 'typed' as const,
        weight,
      })),
    })),
  });

  it('is the weakest of the topic’s words, each through its best wording', () => {
    const weights: Record<string, number> = { code: 1, review: 0.8, critique: 1 };
    const strength = topicStrength(
      plan([
        [['code', 1]],
        [
          ['review', 1],
          ['critique', 0.5],
        ],
      ]),
      (phrase) => weights[wordsOf(phrase)] ?? 0,
    );
    expect(strength).toBe(0.8);
  });

  it('is 0 when a word of the topic is missing, or only a synonym meets a synonym', () => {
    expect(
      topicStrength(plan([[['code', 1]], [['review', 1]]]), (e) => (wordsOf(e) === 'code' ? 1 : 0)),
    ).toBe(0);
    expect(topicStrength(plan([[['trip', 0.5]]]), () => 0.5)).toBe(0);
    expect(topicStrength(plan([]), () => 1)).toBe(0);
  });

  it('reads a planned topic: one concept per word, or a phrase the lexicon knows', () => {
    expect(
      topicStrength(planQuery('time off'), (e) =>
        phraseMatch(e) === '"time"' || phraseMatch(e) === '"off"' ? 1 : 0,
      ),
    ).toBe(1);
  });
});

describe('routeQuestion', () => {
  it('asks the strongest topic match first, then the others in the order they were set', () => {
    const strengths: Record<string, number> = { billing: 0.5, refunds: 1, plans: 1 };
    const route = routeQuestion({
      ...base,
      keywordExperts: [
        { topic: 'billing', memberId: 'UBILL' },
        { topic: 'refunds', memberId: 'UREFUND' },
        { topic: 'plans', memberId: 'UPLAN' },
        { topic: 'deploys', memberId: 'UNOPE' },
      ],
      topicStrength: (topic) => strengths[topic] ?? 0,
    });
    expect(route.map((step) => step.memberId)).toEqual(['UREFUND', 'UPLAN', 'UBILL']);
  });

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
