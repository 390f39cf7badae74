import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_LEXICON, type QueryLexicon } from '../../../src/core/domain/search/lexicon.js';
import {
  type PlannedAlternative,
  planQuery,
  type QueryPlan,
} from '../../../src/core/domain/search/query.js';
import { MAX_QUERY_TERMS } from '../../../src/core/domain/search/terms.js';
import { indexForms, vocabularyWords } from '../../../src/core/domain/search/text.js';
import { TypoIndex } from '../../../src/core/domain/search/typo-index.js';
import { phraseMatch, planMatchExpression } from '../../../src/core/store/fts-query.js';

/** An alternative with its phrase as the store writes it for FTS5. */
const written = ({ phrase, ...alternative }: PlannedAlternative) => ({
  ...alternative,
  expression: phraseMatch(phrase),
});

type Expansion = ReturnType<QueryLexicon['expand']>[number];

/** A lexicon over a few documents, as the store's is over the knowledge base. */
function lexiconOf(
  documents: readonly string[],
  expansions: Record<string, Expansion[]> = {},
): QueryLexicon & { expanded: string[] } {
  const frequencies = new Map<string, number>();
  const typos = new TypoIndex();
  for (const document of documents) {
    for (const word of vocabularyWords(document)) {
      frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
      typos.add(word, 1);
    }
  }
  const expanded: string[] = [];
  return {
    expanded,
    documentFrequency: (word) => frequencies.get(word) ?? 0,
    documentCount: () => documents.length,
    correct: (word) => typos.correct(word),
    expand: (words) => {
      expanded.push(words);
      return expansions[words] ?? [];
    },
  };
}

/** Each concept as "typed: alternative texts (origin)". */
function summary(plan: QueryPlan): string[] {
  return plan.concepts.map(
    (concept) =>
      `${concept.typed}: ${concept.alternatives.map((a) => `${a.text} (${a.origin})`).join(', ')}`,
  );
}

/** An FTS5 table like the knowledge base's: raw columns and the index-only forms. */
const sqlite = new Database(':memory:');
sqlite.exec(
  `CREATE VIRTUAL TABLE fts USING fts5(body, forms, tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'")`,
);
const insert = sqlite.prepare('INSERT INTO fts (rowid, body, forms) VALUES (?, ?, ?)');
const search = sqlite.prepare<[string], { rowid: number }>(
  'SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank',
);
afterAll(() => sqlite.close());

const HANDBOOK = [
  'How to receive the invoice from a supplier and send it to finance.',
  'On-site visits need a sign-off from your manager before you travel.',
  'Our onsite gym is open every day.',
  'Expense reports are due on the 25th of every month.',
  'Working from home: tell your team in the channel the day before.',
  'The laptop refresh happens every three years.',
  'Send an e-mail to the helpdesk to reset the VPN token.',
];
HANDBOOK.forEach((text, i) => {
  insert.run(i + 1, text, indexForms(text));
});

function found(plan: QueryPlan): number[] {
  const expression = planMatchExpression(plan);
  return expression === null ? [] : search.all(expression).map((row) => row.rowid);
}

describe('planQuery: typos', () => {
  const lexicon = lexiconOf(HANDBOOK);

  it('corrects every misspelt word and says what it searched for', () => {
    const plan = planQuery('recieve teh invoce', lexicon);
    expect(summary(plan)).toEqual(['recieve: receive (corrected)', 'invoce: invoice (corrected)']);
    expect(plan.searchedFor).toBe('receive the invoice');
    expect(found(plan)[0]).toBe(1);
  });

  it('keeps the rest of the question as typed in what it searched for', () => {
    const plan = planQuery('How do I recieve an invoce?', lexicon);
    expect(plan.searchedFor).toBe('How do I receive an invoice');
  });

  it('corrects nothing the index has, nor numbers, short words or stopwords', () => {
    const plan = planQuery('laptop 25th 2026 xq whom', lexicon);
    expect(plan.searchedFor).toBeNull();
    expect(plan.concepts.map((c) => c.alternatives[0]?.origin)).toEqual([
      'typed',
      'typed',
      'typed',
      'typed',
    ]);
  });

  it('leaves words alone when the lexicon knows nothing', () => {
    const plan = planQuery('recieve teh invoce');
    expect(plan.searchedFor).toBeNull();
    expect(summary(plan)).toEqual([
      'recieve: recieve (typed)',
      'teh: teh (typed)',
      'invoce: invoce (typed)',
    ]);
  });

  it('keeps a word no document has and nothing corrects as typed', () => {
    const plan = planQuery('zyxwvut invoice', lexicon);
    expect(summary(plan)).toEqual(['zyxwvut: zyxwvut (typed)', 'invoice: invoice (typed)']);
    expect(plan.searchedFor).toBeNull();
  });
});

describe('planQuery: hyphens', () => {
  const lexicon = lexiconOf(HANDBOOK);

  it('makes a hyphenated word one concept: the phrase and the joined word', () => {
    const plan = planQuery('on-site visits', lexicon);
    expect(summary(plan)).toEqual([
      'on-site: on site (typed), onsite (joined)',
      'visits: visits (typed)',
    ]);
    expect(plan.concepts[0]?.alternatives.map((a) => written(a).expression)).toEqual([
      '"on site"',
      '"onsite"',
    ]);
  });

  it('finds on-site, on site and onsite from each spelling', () => {
    expect(found(planQuery('on-site', lexicon))).toEqual(expect.arrayContaining([2, 3]));
    expect(found(planQuery('onsite', lexicon))).toEqual(expect.arrayContaining([2, 3]));
    expect(found(planQuery('email helpdesk', lexicon))[0]).toBe(7);
    expect(found(planQuery('signoff', lexicon))).toEqual([2]);
    expect(found(planQuery('sign-off', lexicon))).toEqual([2]);
  });

  it('does not treat numbers with hyphens as hyphenated words', () => {
    expect(summary(planQuery('covid-19', EMPTY_LEXICON))).toEqual([
      'covid: covid (typed)',
      '19: 19 (typed)',
    ]);
  });
});

describe('planQuery: long messages', () => {
  const filler = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  const documents = [
    ...Array.from({ length: 30 }, (_, i) => `${filler} team page ${i}`),
    'The parking garage code changes monthly.',
    'Expense reimbursement is paid with the salary.',
  ];
  const lexicon = lexiconOf(documents);

  it('keeps the question sentence and the most informative words, not the first ones', () => {
    const message = `Hi all, ${filler} sorry for the long message. Also about the garage. Does anyone know when reimbursement is paid?`;
    const plan = planQuery(message, lexicon);
    const typed = plan.concepts.map((concept) => concept.typed);
    expect(typed.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    expect(typed).toEqual(expect.arrayContaining(['reimbursement', 'paid', 'garage']));
    // the question's words come first in importance, then the rarest of the rest
    expect(typed).not.toContain('word0');
  });

  it('drops words no document has unless they correct to one', () => {
    const message = `${filler} qqqzzz garrage? reimbursment`;
    const plan = planQuery(message, lexicon);
    const typed = plan.concepts.map((concept) => concept.typed);
    expect(typed).not.toContain('qqqzzz');
    expect(typed).toContain('reimbursment');
    expect(plan.concepts.find((c) => c.typed === 'reimbursment')?.alternatives[0]?.text).toBe(
      'reimbursement',
    );
  });

  it('takes the last question when there are several', () => {
    const message = `What is the garage code? ${filler} How is reimbursement paid?`;
    const plan = planQuery(message, lexiconOf(documents));
    expect(plan.concepts.map((c) => c.typed)).toEqual(
      expect.arrayContaining(['reimbursement', 'paid']),
    );
  });

  it('stays bounded on huge input', () => {
    const huge = Array.from({ length: 5_000 }, (_, i) => `term${i}`).join(' ');
    expect(planQuery(huge, lexicon).concepts.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
    expect(planQuery(huge).concepts.length).toBe(MAX_QUERY_TERMS);
  });
});

describe('planQuery: glossary and synonyms', () => {
  it('adds expansions as weighted alternatives, and phrases become FTS phrases', () => {
    const lexicon = lexiconOf(HANDBOOK, {
      wfh: [
        { text: 'Working from home', origin: 'glossary', weight: 0.9 },
        { text: 'remote', origin: 'synonym', weight: 0.5 },
      ],
    });
    const plan = planQuery('WFH rules', lexicon);
    expect(plan.concepts[0]?.alternatives.map(written)).toEqual([
      { text: 'wfh', expression: '"wfh"', origin: 'typed', weight: 1 },
      {
        text: 'working from home',
        expression: '"working from home"',
        origin: 'glossary',
        weight: 0.9,
      },
      { text: 'remote', expression: '"remote"', origin: 'synonym', weight: 0.5 },
    ]);
    expect(found(plan)[0]).toBe(5);
  });

  it('expands a phrase typed in a row into one concept', () => {
    const lexicon = lexiconOf(HANDBOOK, {
      'working from home': [{ text: 'wfh', origin: 'glossary', weight: 0.9 }],
    });
    const plan = planQuery('rules for working from home', lexicon);
    expect(summary(plan)).toEqual([
      'rules: rules (typed)',
      'working from home: working from home (typed), wfh (glossary)',
    ]);
    expect(lexicon.expanded).toContain('working from home');
  });

  it('does not correct a word the glossary or the synonyms know', () => {
    const documents = ['The mta relays mail.', 'Every meeting has notes.'];
    expect(planQuery('mtg', lexiconOf(documents)).searchedFor).toBe('mta');
    const plan = planQuery(
      'mtg',
      lexiconOf(documents, { mtg: [{ text: 'meeting', origin: 'glossary', weight: 0.9 }] }),
    );
    expect(plan.searchedFor).toBe('mtg (meeting)');
    expect(summary(plan)).toEqual(['mtg: mtg (typed), meeting (glossary)']);
  });

  it('expands the corrected word', () => {
    const lexicon = lexiconOf(HANDBOOK, {
      laptop: [{ text: 'notebook', origin: 'synonym', weight: 0.5 }],
    });
    const plan = planQuery('lpatop', lexicon);
    expect(summary(plan)).toEqual(['lpatop: laptop (corrected), notebook (synonym)']);
  });
});

describe('planQuery: scripts', () => {
  it('cuts runs of CJK and Thai into words searched as bigram phrases', () => {
    const plan = planQuery('会議室の予約', EMPTY_LEXICON);
    expect(summary(plan)).toEqual(['会議室: 会議室 (typed)', '予約: 予約 (typed)']);
    expect(plan.concepts[0]?.alternatives.map(written)[0]?.expression).toBe('"会議 議室"');
  });

  it('takes Korean particles off', () => {
    expect(planQuery('회의는', EMPTY_LEXICON).concepts[0]?.typed).toBe('회의');
  });

  it('makes every plan a valid FTS5 expression', () => {
    for (const text of [
      '"on-site" -rm * NEAR(a b)',
      'e-mail-',
      '-on-site-',
      '東京オフィスのwi-fi',
      'ｗｉ－ｆｉ',
      '"',
      '会"議',
      'state-of-the-art',
    ]) {
      const expression = planMatchExpression(planQuery(text, lexiconOf(HANDBOOK)));
      if (expression !== null) expect(() => search.all(expression), text).not.toThrow();
    }
  });
});

describe('planQuery corrects a typo to fit the rest of the question', () => {
  /** A lexicon whose near words of "bage" are page (more frequent) and badge. */
  function fitting(): QueryLexicon & { contexts: string[][] } {
    const contexts: string[][] = [];
    const known = new Map([
      ['page', 9],
      ['badge', 2],
      ['entrance', 2],
      ['wiki', 5],
      ['parking', 1],
      ['lost', 3],
    ]);
    return {
      contexts,
      documentFrequency: (word) => known.get(word) ?? 0,
      documentCount: () => 20,
      correct: (word, context = []) => {
        contexts.push([...context]);
        if (word !== 'bage') return undefined;
        return context.includes('entrance') ? 'badge' : 'page';
      },
      expand: () => [],
    };
  }

  it('gives the lexicon the question’s other informative words, misspelt ones included', () => {
    const lexicon = fitting();
    const plan = planQuery('lost my bage at the entrance', lexicon);
    expect(lexicon.contexts).toEqual([['lost', 'entrance']]);
    expect(plan.concepts.map((concept) => concept.alternatives[0]?.text)).toEqual([
      'lost',
      'badge',
      'entrance',
    ]);
    expect(plan.searchedFor).toBe('lost my badge at the entrance');
  });

  it('keeps the most frequent near word when the others say nothing about it', () => {
    const lexicon = fitting();
    expect(planQuery('bage parking', lexicon).searchedFor).toBe('page parking');
    expect(planQuery('bage', lexicon).searchedFor).toBe('page');
  });
});
