import { beforeEach, describe, expect, it } from 'vitest';
import { STEM_MATCH_WEIGHT } from '../../../src/core/domain/search/forms.js';
import { planQuery } from '../../../src/core/domain/search/query.js';
import { PASSAGE } from '../../../src/core/domain/search/sections.js';
import { SEARCH_TUNING, searchTuning } from '../../../src/core/domain/search/tuning.js';
import { lexiconOf, searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import { RANK, RANK_WEIGHTS, RESCORE } from '../../../src/core/store/search-scores.js';
import { SECTION_SCORE } from '../../../src/core/store/section-index.js';
import { WORDNET_DEFAULTS } from '../../../src/core/store/wordnet-synonyms.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

function filler(topic: string, sentences: number): string {
  return Array.from(
    { length: sentences },
    (_, i) =>
      `The ${topic} team files note ${i + 1} in the shared binder and reviews it each quarter.`,
  ).join(' ');
}

const LEAVE = [
  `## Annual leave\n\nEveryone gets 25 days of paid holiday a year. ${filler('people', 8)}`,
  `## Sick days\n\nTell your lead before 9 when you are ill. ${filler('people', 8)}`,
  `## Parental leave\n\nParents take 20 weeks on full pay. ${filler('people', 8)}`,
].join('\n\n');

const TRAVEL = [
  `## Booking\n\nBook trains through the travel desk. ${filler('travel', 8)}`,
  `## Expenses\n\nClaim hotel and meals within a month, receipts attached. ${filler('travel', 8)}`,
].join('\n\n');

let knowledge: KnowledgeRepository;

beforeEach(() => {
  knowledge = new KnowledgeRepository(openDatabase(':memory:'));
  const pages: [string, string][] = [
    ['Time off', LEAVE],
    ['Travel policy', TRAVEL],
    [
      'Working from home',
      'Working from home is fine two days a week; agree the days with your lead.',
    ],
    ['Printer', 'The printer is on floor 3; badge in to print.'],
    ['Police visits', 'If the police visit, reception calls the office manager.'],
  ];
  for (const [title, body] of pages) knowledge.upsert({ title, body, source: 'import' }, T0);
});

const QUESTIONS = [
  'how many days of pto do i get',
  'wfh rules',
  'what is the policy on hotel receipts',
  'parental leave pay',
  'who do I ask about being sick',
  'holliday days',
  'policy',
];

/** What a search returns, as plain data to compare: pages, scores, sections. */
function ranking(text: string, tuning?: Parameters<typeof searchTuning>[0]) {
  const result = searchKnowledge({ knowledge }, ANYONE, text, 5, tuning ? { tuning } : {});
  return {
    confident: result.confident,
    searchedFor: result.searchedFor,
    hits: result.hits.map((hit) => ({
      id: hit.document.id,
      score: hit.score,
      section: hit.section?.heading ?? null,
    })),
  };
}

describe('the search tuning', () => {
  it('holds the values search runs with, each where the search code read it before', () => {
    expect(RANK).toBe('bm25(4, 1, 6, 4, 1)');
    expect(RANK_WEIGHTS).toEqual({ title: 4, body: 1, aliases: 6 });
    expect(RESCORE).toEqual({ candidates: 20, titleBonus: 3 });
    expect(SECTION_SCORE).toEqual({ weights: [2, 1, 1, 1], headingBonus: 1, minTokens: 60 });
    expect(PASSAGE).toEqual({ focusFloor: 0.5, oneWord: 0.3, pageShare: 0.3 });
    expect(STEM_MATCH_WEIGHT).toBe(0.35);
    expect(SEARCH_TUNING.wordnetWeight).toBe(WORDNET_DEFAULTS.weight);
    expect(SEARCH_TUNING.titleSpread).toBe(0);
    expect(SEARCH_TUNING.wordnetMaxShare).toBe(0.1);
    expect(searchTuning()).toEqual(SEARCH_TUNING);
  });

  it('ranks exactly as the search without tuning when given the defaults', () => {
    for (const text of QUESTIONS) {
      const plain = ranking(text);
      expect(plain.hits.length).toBeGreaterThan(0);
      expect(ranking(text, {})).toEqual(plain);
      expect(ranking(text, { ...SEARCH_TUNING })).toEqual(plain);
    }
  });

  it('reads the question without its frame, abbreviations or corrections when those are off', () => {
    expect(ranking('holliday days').searchedFor).toContain('holiday');
    expect(ranking('holliday days', { typoCorrection: false }).searchedFor).toBeNull();
    expect(ranking('wfh rules').hits[0]?.id).toBe(3);
    expect(ranking('wfh rules', { abbreviations: false }).hits.map((hit) => hit.id)).not.toContain(
      3,
    );
    const framed = planQuery('what is the policy on hotel receipts', undefined, {
      scaffolding: false,
    });
    expect(framed.concepts.map((concept) => concept.typed)).toContain('policy');
    expect(
      planQuery('what is the policy on hotel receipts').concepts.map((concept) => concept.typed),
    ).not.toContain('policy');
  });

  it('ranks long pages by their own text alone without sections', () => {
    expect(ranking('parental leave pay').hits[0]?.section).toBe('Parental leave');
    expect(ranking('parental leave pay', { sections: false }).hits[0]?.section).toBeNull();
  });

  it('counts a word many titles share for less of the title bonus when titleSpread is set', () => {
    for (const title of ['Leave for parents', 'Sick leave', 'Leave for jury service']) {
      knowledge.upsert(
        { title, body: `What ${title.toLowerCase()} covers.`, source: 'import' },
        T0,
      );
    }
    const score = (text: string, title: string, tuning: Parameters<typeof searchTuning>[0]) =>
      searchKnowledge({ knowledge }, ANYONE, text, 10, { tuning }).hits.find(
        (hit) => hit.document.title === title,
      )?.score ?? 0;
    expect(score('leave', 'Sick leave', { titleSpread: 1 })).toBeLessThan(
      score('leave', 'Sick leave', {}),
    );
    expect(score('printer', 'Printer', { titleSpread: 1 })).toBeCloseTo(
      score('printer', 'Printer', {}),
    );
  });

  it('weighs a general synonym as wordnetWeight says', () => {
    knowledge.upsert(
      {
        title: 'Lounge',
        body: 'The couch in the lounge gets a cleaning each week.',
        source: 'import',
      },
      T0,
    );
    const lexicon = {
      synonyms: (words: string) =>
        words === 'sofa' ? [{ text: 'couch', origin: 'synonym' as const, weight: 0.5 }] : [],
    };
    const synonymScore = (tuning: Parameters<typeof searchTuning>[0]) =>
      searchKnowledge({ knowledge, lexicon }, ANYONE, 'sofa cleaning', 5, {
        tuning,
      }).hits.find((hit) => hit.document.title === 'Lounge')?.score ?? 0;
    const shipped = synonymScore({ wordnetMaxShare: 1 });
    const lighter = synonymScore({ wordnetMaxShare: 1, wordnetWeight: 0.25 });
    const none = synonymScore({ wordnetSynonyms: false });
    expect(none).toBeGreaterThan(0);
    expect(lighter).toBeGreaterThan(none);
    expect(shipped).toBeGreaterThan(lighter);
  });

  it('searches general synonyms only for words at most a tenth of the pages have', () => {
    knowledge.upsert(
      {
        title: 'Lounge',
        body: 'The couch in the lounge gets a cleaning each week.',
        source: 'import',
      },
      T0,
    );
    knowledge.upsert(
      { title: 'Furniture', body: 'Order a sofa or a desk through facilities.', source: 'import' },
      T0,
    );
    const lexicon = {
      synonyms: (words: string) =>
        words === 'sofa' || words === 'settee'
          ? [{ text: 'couch', origin: 'synonym' as const, weight: 0.5 }]
          : [],
    };
    const searched = (text: string, tuning: Parameters<typeof searchTuning>[0] = {}) => {
      const chosen = searchTuning(tuning);
      return planQuery(text, lexiconOf({ knowledge, lexicon }, chosen), chosen).concepts.flatMap(
        (concept) => concept.alternatives.map((each) => each.text),
      );
    };
    expect(searched('sofa cleaning')).toEqual(['sofa', 'cleaning']);
    expect(searched('sofa cleaning', { wordnetMaxShare: 1 })).toEqual([
      'sofa',
      'couch',
      'cleaning',
    ]);
    expect(searched('settee cleaning')).toEqual(['settee', 'couch', 'cleaning']);
  });
});
