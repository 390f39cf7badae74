import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SNIPPET_END, SNIPPET_START } from '../../../src/core/domain/search/query.js';
import {
  MAX_QUERY_TERMS,
  MAX_TERM_LENGTH,
  queryTerms,
} from '../../../src/core/domain/search/terms.js';
import { buildMatchQuery, termExpression } from '../../../src/core/store/fts-query.js';

/** A real FTS5 table like the app's, to prove every expression is valid MATCH syntax. */
const sqlite = new Database(':memory:');
sqlite.exec(
  `CREATE VIRTUAL TABLE fts USING fts5(title, body, aliases, tokenize = 'porter unicode61 remove_diacritics 2')`,
);
const insert = sqlite.prepare('INSERT INTO fts (rowid, title, body, aliases) VALUES (?, ?, ?, ?)');
insert.run(1, 'What is C++?', 'C++ is a language; use rm -rf with care.', '');
insert.run(2, 'Привет, мир', 'Как удалить аккаунт?', '');
insert.run(3, 'كيف أحذف حسابي', 'مرحبا بالعالم', '');
insert.run(4, '東京オフィスのWi-Fi', '如何删除 帐户', '');
insert.run(5, 'Café menu', 'naïve résumé with title: and NEAR and NOT words', '');
const search = sqlite.prepare<[string], { rowid: number }>(
  'SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank',
);
afterAll(() => sqlite.close());

function matches(text: string): number[] {
  const expression = buildMatchQuery(text);
  return expression === null ? [] : search.all(expression).map((row) => row.rowid);
}

const HOSTILE: string[] = [
  '"what\'s C++?" -rm *',
  '"',
  '""',
  '"unterminated',
  '*',
  '***',
  'a*',
  '-',
  '- - -',
  ':',
  'title:',
  'title:secret',
  'body: aliases: rowid:',
  '{title body}: x',
  '^',
  '^start',
  'NEAR',
  'NEAR(a b, 5)',
  'NEAR/3',
  'AND',
  'OR',
  'NOT',
  'a AND b OR NOT c',
  'and or not near',
  '(',
  ')',
  ')))(((',
  '(a OR b',
  '+',
  'a + b',
  '\\',
  "'; DROP TABLE documents; --",
  '\u0000\u0001\u0002\u0003',
  '🚀🎉👍🏽',
  '👨‍👩‍👧‍👦 family',
  '🚀 deploy ✅',
  'Как удалить аккаунт?',
  'كيف أحذف حسابي',
  '如何删除我的帐户',
  '東京',
  'ｆｕｌｌ　ｗｉｄｔｈ',
  'e\u0301\u0301\u0301',
  '\u0301',
  'ﷺ',
  '\u200b\u200d\ufeff',
  '   ',
  '',
  '\n\t\r',
  'x'.repeat(10_000),
  'word '.repeat(2_000),
  Array.from({ length: 2_000 }, (_, i) => `term${i}`).join(' '),
  '"a" "b" "c" * - : ^ ( ) AND OR NOT NEAR',
  '\ud800 lone surrogate \udc00',
];

describe('buildMatchQuery', () => {
  it.each(
    HOSTILE.map((text) => [
      text.length > 40 ? `${text.slice(0, 40)}… (${text.length})` : text,
      text,
    ]),
  )('makes %j a valid FTS5 expression or null', (_label, text) => {
    let expression: string | null = null;
    expect(() => {
      expression = buildMatchQuery(text);
    }).not.toThrow();
    if (expression !== null) {
      expect(() => search.all(expression as string)).not.toThrow();
    }
  });

  it('returns null when nothing searchable remains', () => {
    for (const text of ['', '   ', '*', '"', ')))(((', '🚀🎉', '- : ^', '\u0000']) {
      expect(buildMatchQuery(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('quotes every term, so operators and column filters are only words', () => {
    expect(buildMatchQuery('title:secret AND body')).toBe('"title" OR "secret" OR "body"');
    expect(buildMatchQuery('NEAR(deploy rollback)')).toBe('"near" OR "deploy" OR "rollback"');
    expect(buildMatchQuery('-rm *')).toBe('"rm"');
  });

  it('still finds what the text is about', () => {
    expect(matches('"what\'s C++?" -rm *')[0]).toBe(1);
    expect(matches('Как удалить аккаунт?')).toEqual([2]);
    expect(matches('كيف أحذف حسابي')).toEqual([3]);
    expect(matches('東京')).toEqual([4]);
    expect(matches('cafe')).toEqual([5]);
    expect(matches('title: NEAR')).toEqual([5]);
    expect(matches(`${'filler '.repeat(1_500)} C++`)).toEqual([1]);
  });

  it('drops stopwords unless nothing else is left', () => {
    expect(queryTerms('How do I delete my account?')).toEqual(['delete', 'account']);
    expect(queryTerms('the who')).toEqual(['the', 'who']);
  });

  it('keeps at most MAX_QUERY_TERMS distinct terms, in order, and cuts long ones', () => {
    const terms = queryTerms(Array.from({ length: 100 }, (_, i) => `w${i} w${i}`).join(' '));
    expect(terms).toHaveLength(MAX_QUERY_TERMS);
    expect(terms[0]).toBe('w0');
    const [long] = queryTerms('y'.repeat(10_000));
    expect(long).toHaveLength(MAX_TERM_LENGTH);
    expect(termExpression(long as string)).toBe(`"${'y'.repeat(MAX_TERM_LENGTH)}"*`);
  });

  it('searches unspaced scripts as prefixes', () => {
    expect(termExpression('東京')).toBe('"東京"*');
    expect(termExpression('deploy')).toBe('"deploy"');
  });

  it('exports the snippet markers', () => {
    expect(SNIPPET_START).toBe('\u0002');
    expect(SNIPPET_END).toBe('\u0003');
  });
});
