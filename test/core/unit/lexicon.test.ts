import { describe, expect, it } from 'vitest';
import { composeLexicon } from '../../../src/core/services/knowledge.js';

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

  it('never corrects a word the dictionary knows', () => {
    const lexicon = composeLexicon({
      vocabulary: {
        documentFrequency: () => 0,
        documentCount: () => 10,
        correct: (word) => (word === 'prorate' ? 'promote' : 'receive'),
      },
      dictionary: (word) => word === 'prorate',
    });
    expect(lexicon.correct('prorate')).toBeUndefined();
    expect(lexicon.correct('recieve')).toBe('receive');
  });
});
