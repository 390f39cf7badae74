import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import type { SearchHit } from '../../../src/core/store/search-index.js';
import { ExpressionFrequencies } from '../../../src/core/store/search-scores.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const VIEWER = { isGuest: false, visibleChannelIds: [] };

describe('ExpressionFrequencies', () => {
  function counter(version: { now: string | null }) {
    const asked: string[] = [];
    const frequencies = new ExpressionFrequencies(
      (expression) => {
        asked.push(expression);
        return expression.length;
      },
      () => version.now,
      3,
    );
    return { frequencies, asked };
  }

  it('counts each expression once while the index stays as it was', () => {
    const { frequencies, asked } = counter({ now: '1:0' });
    const first = frequencies.reading();
    expect([first('"a"'), first('"bb"'), first('"a"')]).toEqual([3, 4, 3]);
    const second = frequencies.reading();
    expect([second('"bb"'), second('"a"')]).toEqual([4, 3]);
    expect(asked).toEqual(['"a"', '"bb"']);
  });

  it('keeps at most its capacity, forgetting the one used longest ago', () => {
    const { frequencies, asked } = counter({ now: '1:0' });
    const count = frequencies.reading();
    for (const expression of ['"a"', '"b"', '"c"']) count(expression);
    count('"a"');
    count('"d"');
    expect(frequencies.size).toBe(3);
    asked.length = 0;
    for (const expression of ['"a"', '"c"', '"d"']) count(expression);
    expect(asked).toEqual([]);
    count('"b"');
    expect(asked).toEqual(['"b"']);
    expect(frequencies.size).toBe(3);
  });

  it('counts again once the index changed, and remembers nothing when its state is unknown', () => {
    const version: { now: string | null } = { now: '1:0' };
    const { frequencies, asked } = counter(version);
    frequencies.reading()('"a"');
    version.now = '1:1';
    frequencies.reading()('"a"');
    version.now = null;
    const unknown = frequencies.reading();
    unknown('"a"');
    unknown('"a"');
    expect(asked).toEqual(['"a"', '"a"', '"a"', '"a"']);
  });
});

describe('searches with remembered document counts', () => {
  let dir: string;
  let db: Db;
  let knowledge: KnowledgeRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-frequencies-'));
    db = openDatabase(join(dir, 'kb.db'));
    knowledge = new KnowledgeRepository(db);
    for (let i = 0; i < 12; i += 1) {
      add(
        knowledge,
        `Laptop guide ${i}`,
        i % 3 === 0 ? 'Order a laptop from IT.' : 'Expenses go to finance.',
      );
    }
  });

  afterEach(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function add(repository: KnowledgeRepository, title: string, body: string): void {
    repository.upsert({ title, body, source: 'written' }, T0);
  }

  /** What a search shows, to compare two searches. */
  const shown = (hits: readonly SearchHit[]) =>
    hits.map((hit) => ({
      id: hit.document.id,
      score: hit.score,
      concepts: hit.concepts,
      snippet: hit.snippet,
    }));

  /** The same search by a repository that has remembered nothing. */
  const fresh = (query: string) => shown(new KnowledgeRepository(db).search(query, VIEWER, 10));

  it('finds what a repository that remembered nothing finds, after this connection writes', () => {
    const before = shown(knowledge.search('order laptop', VIEWER, 10));
    expect(before).toEqual(fresh('order laptop'));
    add(knowledge, 'Laptop orders', 'Order a laptop: order it in the portal, laptop in a week.');
    const after = shown(knowledge.search('order laptop', VIEWER, 10));
    expect(after).not.toEqual(before);
    expect(after).toEqual(fresh('order laptop'));
  });

  it('finds what a repository that remembered nothing finds, after another connection writes', () => {
    const before = shown(knowledge.search('expenses finance', VIEWER, 10));
    const other = openDatabase(join(dir, 'kb.db'));
    try {
      add(new KnowledgeRepository(other), 'Finance', 'Expenses, expenses: finance pays them.');
    } finally {
      other.$client.close();
    }
    const after = shown(knowledge.search('expenses finance', VIEWER, 10));
    expect(after).not.toEqual(before);
    expect(after).toEqual(fresh('expenses finance'));
  });

  it('remembers nothing from inside a transaction that is rolled back', () => {
    const before = shown(knowledge.search('order laptop', VIEWER, 10));
    const rolledBack = new Error('rolled back');
    expect(() =>
      db.$client.transaction(() => {
        add(knowledge, 'Laptop orders', 'Order a laptop: order it in the portal.');
        expect(shown(knowledge.search('order laptop', VIEWER, 10))).not.toEqual(before);
        throw rolledBack;
      })(),
    ).toThrow(rolledBack);
    expect(shown(knowledge.search('order laptop', VIEWER, 10))).toEqual(before);
  });
});
