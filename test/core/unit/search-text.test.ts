import { describe, expect, it } from 'vitest';
import {
  bigramsOf,
  foldWord,
  indexForms,
  segmentWords,
  vocabularyWords,
} from '../../../src/core/domain/search/text.js';
import { phraseExpression } from '../../../src/core/store/fts-query.js';

describe('search text', () => {
  it('indexes runs of bigram scripts as bigrams, every character starting a token', () => {
    expect(bigramsOf('会議室')).toEqual(['会議', '議室', '室']);
    expect(bigramsOf('駅')).toEqual(['駅']);
    // Thai vowel and tone marks stay with their letter
    expect(bigramsOf('พรุ่ง')).toEqual(['พรุ่', 'รุ่ง', 'ง']);
  });

  it('puts bigrams and joined hyphenated words in the index-only forms', () => {
    expect(indexForms('明日の会議 and an on-site Sign-Off')).toBe(
      '明日 日の の会 会議 議 onsite signoff',
    );
    expect(indexForms('plain words only')).toBe('');
  });

  it('searches a word of a bigram script as the phrase of its bigrams, one character as a prefix', () => {
    expect(phraseExpression('会議室')).toBe('"会議 議室"');
    expect(phraseExpression('駅')).toBe('"駅"*');
    expect(phraseExpression('working from home')).toBe('"working from home"');
    expect(phraseExpression('Café')).toBe('"cafe"');
    expect(phraseExpression('"quoted"')).toBe('"quoted"');
    expect(phraseExpression('  ')).toBeNull();
  });

  it('counts folded words, bigrams and joined forms in the vocabulary', () => {
    expect([...vocabularyWords('Café on-site 会議')].sort()).toEqual(
      ['cafe', 'on', 'site', 'onsite', '会議', '議'].sort(),
    );
    expect(foldWord('naïve')).toBe('naive');
    expect(foldWord('привет')).toBe('привет');
  });

  it('cuts typed runs into words, dropping particles and re-joining one-character suffixes', () => {
    expect(segmentWords('会議室の予約')).toEqual(['会議室', '予約']);
    expect(segmentWords('재택근무는')).toEqual(['재택근무']);
    expect(segmentWords('ประชุม')).toEqual(['ประชุม']);
  });
});
