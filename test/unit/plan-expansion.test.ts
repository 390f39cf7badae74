import { describe, expect, it } from 'vitest';
import { expandPlan } from '../../src/domain/plan-expansion.js';
import { planQuery } from '../../src/domain/search-query.js';
import { composeLexicon } from '../../src/services/knowledge.js';

describe('expandPlan', () => {
  it('adds other wordings to each concept, below the words typed, each once', () => {
    const plan = expandPlan(planQuery('approval needed'), (words) =>
      words === 'approval'
        ? [
            { text: 'Sign Off', origin: 'glossary', weight: 0.8 },
            { text: 'approval', origin: 'synonym', weight: 0.5 },
            { text: 'blessing', origin: 'synonym', weight: 2 },
          ]
        : [],
    );
    expect(plan.concepts[0]?.alternatives).toEqual([
      { text: 'approval', expression: '"approval"', origin: 'typed', weight: 1 },
      { text: 'sign off', expression: '"sign off"', origin: 'glossary', weight: 0.8 },
      { text: 'blessing', expression: '"blessing"', origin: 'synonym', weight: 1 },
    ]);
    expect(plan.concepts[1]?.alternatives).toHaveLength(1);
  });

  it('leaves stopwords and concepts the planner already expanded as they are', () => {
    const expand = () => [{ text: 'x', origin: 'synonym' as const, weight: 0.5 }];
    expect(expandPlan(planQuery('the'), expand).concepts[0]?.alternatives).toHaveLength(1);
    const once = expandPlan(planQuery('vpn'), expand);
    expect(expandPlan(once, expand)).toEqual(once);
  });
});

describe('composeLexicon', () => {
  it('works with no parts at all', () => {
    const lexicon = composeLexicon({});
    expect(lexicon.expand('wfh')).toEqual([]);
    expect(lexicon.documentCount()).toBe(0);
    expect(lexicon.correct('teh')).toBeUndefined();
  });

  it('puts glossary entries before synonyms, each wording once, and asks the vocabulary', () => {
    const lexicon = composeLexicon({
      vocabulary: {
        documentFrequency: (word) => (word === 'home' ? 3 : 0),
        documentCount: () => 10,
        correct: (word) => (word === 'hoem' ? 'home' : undefined),
      },
      glossary: () => [{ text: 'working from home', origin: 'glossary', weight: 0.9 }],
      synonyms: () => [
        { text: 'working from home', origin: 'synonym', weight: 0.5 },
        { text: 'telework', origin: 'synonym', weight: 0.5 },
        { text: 'wfh', origin: 'synonym', weight: 0.5 },
      ],
    });
    expect(lexicon.expand('wfh').map((e) => `${e.origin}:${e.text}`)).toEqual([
      'glossary:working from home',
      'synonym:telework',
    ]);
    expect(lexicon.documentFrequency('home')).toBe(3);
    expect(lexicon.documentCount()).toBe(10);
    expect(lexicon.correct('hoem')).toBe('home');
  });
});
