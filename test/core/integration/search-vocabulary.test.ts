import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueryLexicon } from '../../../src/core/domain/search/lexicon.js';
import { planQuery } from '../../../src/core/domain/search/query.js';
import {
  type Db,
  MIGRATIONS_FOLDER,
  openDatabase,
  openReadDatabase,
  registerSearchFunctions,
} from '../../../src/core/store/db.js';
import { planMatchExpression } from '../../../src/core/store/fts-query.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import { documentWords } from '../../../src/core/store/search-vocabulary.js';

const T0 = Date.UTC(2026, 0, 5, 9);

let db: Db;
let knowledge: KnowledgeRepository;
let lexicon: QueryLexicon;

beforeEach(() => {
  db = openDatabase(':memory:');
  knowledge = new KnowledgeRepository(db);
  lexicon = knowledge.vocabulary.lexicon();
});

function add(title: string, body: string, sourceKey?: string) {
  return knowledge.upsert({ title, body, source: 'written', sourceKey }, T0).document;
}

/** The stored vocabulary, word → documents. */
function stored(): Map<string, number> {
  const rows = db.$client.prepare('SELECT word, documents FROM search_words').all() as {
    word: string;
    documents: number;
  }[];
  return new Map(rows.map((row) => [row.word, row.documents]));
}

/** The vocabulary counted from scratch from every document and its aliases. */
function recounted(): Map<string, number> {
  const counts = new Map<string, number>();
  const docs = db.$client.prepare('SELECT id, title, body FROM documents').all() as {
    id: number;
    title: string;
    body: string;
  }[];
  for (const doc of docs) {
    for (const word of documentWords(doc.title, doc.body, knowledge.aliasesOf(doc.id))) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** Ids of the documents a plan's expression matches, best first. */
function found(text: string): number[] {
  const expression = planMatchExpression(planQuery(text, lexicon));
  if (expression === null) return [];
  return (
    db.$client
      .prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank')
      .all(expression) as { rowid: number }[]
  ).map((row) => row.rowid);
}

describe('the search vocabulary', () => {
  it('counts the documents of every word through add, update, alias and remove', () => {
    const vpn = add('VPN setup', 'Install the client, then sign in.', 'vpn');
    add('Expenses', 'Send the invoice to finance. The client pays in 30 days.');
    expect(stored()).toEqual(recounted());
    expect(stored().get('client')).toBe(2);

    knowledge.upsert(
      { title: 'VPN setup', body: 'Install the app on-site.', source: 'written', sourceKey: 'vpn' },
      T0 + 1,
    );
    expect(stored()).toEqual(recounted());
    expect(stored().get('client')).toBe(1);
    expect(stored().get('onsite')).toBe(1);

    expect(knowledge.addAlias(vpn.id, 'How do I connect from home?', 'U1', T0)).toBe(true);
    expect(knowledge.addAlias(vpn.id, 'how do I connect from home?', 'U2', T0)).toBe(false);
    expect(stored()).toEqual(recounted());
    expect(stored().get('connect')).toBe(1);

    expect(knowledge.remove(vpn.id)).toBe(true);
    expect(knowledge.remove(vpn.id)).toBe(false);
    expect(stored()).toEqual(recounted());
    expect(stored().has('connect')).toBe(false);
  });

  it('counts an unchanged re-upsert once', () => {
    add('Parking', 'Level 2.', 'p');
    add('Parking', 'Level 2.', 'p');
    expect(stored().get('parking')).toBe(1);
  });

  it('corrects against the live vocabulary, kept current after the index is built', () => {
    add('Invoices', 'How to receive the invoice from a supplier.');
    expect(knowledge.vocabulary.correct('recieve')).toBe('receive');
    expect(knowledge.vocabulary.correct('kubernetse')).toBeUndefined();
    const added = add('Clusters', 'Our kubernetes cluster runs in two regions.');
    expect(knowledge.vocabulary.correct('kubernetse')).toBe('kubernetes');
    knowledge.remove(added.id);
    expect(knowledge.vocabulary.correct('kubernetse')).toBeUndefined();
  });

  it('rebuilds the typo index after another connection wrote, as an import run beside the app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-vocabulary-'));
    try {
      const path = join(dir, 'mailroom.db');
      const app = new KnowledgeRepository(openDatabase(path));
      app.upsert({ title: 'Invoices', body: 'Receive the invoice.', source: 'written' }, T0);
      expect(app.vocabulary.correct('kubernetse')).toBeUndefined();
      const importer = new KnowledgeRepository(openDatabase(path));
      importer.upsert({ title: 'Clusters', body: 'Our kubernetes cluster.', source: 'import' }, T0);
      expect(app.vocabulary.correct('kubernetse')).toBe('kubernetes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a reading connection (a search thread), rebuilds the typo index only once words were added', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-vocabulary-'));
    try {
      const path = join(dir, 'mailroom.db');
      const app = new KnowledgeRepository(openDatabase(path));
      app.upsert({ title: 'Invoices', body: 'Receive the invoice.', source: 'written' }, T0);
      const reader = new KnowledgeRepository(openReadDatabase(path));
      reader.vocabulary.rebuildOnNewWordsOnly();
      reader.vocabulary.warm();
      const rebuilds = vi.spyOn(reader.vocabulary, 'warmInBackground');
      // The app writes all the time (questions, queue items, counts of known words): no rebuild.
      app.upsert({ title: 'Invoice', body: 'Receive invoices.', source: 'written' }, T0);
      expect(reader.vocabulary.correct('invoise')).toBe('invoice');
      expect(rebuilds).not.toHaveBeenCalled();
      app.upsert({ title: 'Clusters', body: 'Our kubernetes cluster.', source: 'written' }, T0);
      expect(reader.vocabulary.correct('kubernetse')).toBe('kubernetes');
      expect(rebuilds).toHaveBeenCalledTimes(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the typo index in slices, counting what changes meanwhile once', async () => {
    // Read in word order, one word a slice: "aaa" first, "dplay" after the additions below.
    add('Aaa', 'deploy');
    add('Aaa', 'deploy');
    add('Aaa', 'dplay');
    const warming = knowledge.vocabulary.warmInBackground(1);
    expect(knowledge.vocabulary.correct('dploy')).toBeUndefined();
    const more = [add('Aaa', 'dplay'), add('Aaa', 'dplay')];
    await warming;
    expect(knowledge.vocabulary.correct('dploy')).toBe('dplay');
    for (const doc of more) knowledge.remove(doc.id);
    expect(knowledge.vocabulary.correct('dploy')).toBe('deploy');
  });

  it('shares one vocabulary between repositories on the same connection', () => {
    const other = new KnowledgeRepository(db);
    expect(other.vocabulary).toBe(knowledge.vocabulary);
  });

  it('counts documents by stem when the exact word is missing, so inflections are no typos', () => {
    add('Accounts', 'Delete an account from the admin page.');
    expect(knowledge.vocabulary.documentFrequency('account')).toBe(1);
    expect(knowledge.vocabulary.documentFrequency('deleting')).toBe(1);
    expect(knowledge.vocabulary.documentFrequency('zzzz')).toBe(0);
    expect(knowledge.vocabulary.documentCount()).toBe(1);
    expect(planQuery('deleting accounts', lexicon).searchedFor).toBeNull();
  });

  it('plans "recieve teh invoce" as "receive the invoice" and finds the page', () => {
    const page = add('Invoices', 'How to receive the invoice from a supplier.');
    add('Holidays', 'Tell the team before you take leave.');
    const plan = planQuery('recieve teh invoce', lexicon);
    expect(plan.searchedFor).toBe('receive the invoice');
    expect(found('recieve teh invoce')[0]).toBe(page.id);
  });

  it('lends its expand to the lexicon: a glossary wording is searched too', () => {
    const page = add('Remote work', 'Working from home: tell your team the day before.');
    const withGlossary = knowledge.vocabulary.lexicon((words) =>
      words === 'wfh' ? [{ text: 'working from home', origin: 'glossary', weight: 0.9 }] : [],
    );
    const plan = planQuery('WFH', withGlossary);
    expect(plan.concepts[0]?.alternatives.map((a) => a.origin)).toEqual(['typed', 'glossary']);
    const expression = planMatchExpression(plan) as string;
    const rows = db.$client
      .prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?')
      .all(expression) as { rowid: number }[];
    expect(rows.map((row) => row.rowid)).toEqual([page.id]);
  });

  it('finds on-site, on site and onsite from each spelling', () => {
    const hyphen = add('Visits', 'On-site visits need a sign-off.');
    const joined = add('Gym', 'The onsite gym opens at 7.');
    expect(found('onsite')).toEqual(expect.arrayContaining([hyphen.id, joined.id]));
    expect(found('on-site')).toEqual(expect.arrayContaining([hyphen.id, joined.id]));
    expect(found('signoff')).toEqual([hyphen.id]);
    expect(knowledge.vocabulary.documentFrequency('onsite')).toBe(2);
  });
});

describe('words in the middle of a sentence, in every script', () => {
  it.each([
    ['Japanese', '経費の精算', '経費精算の締め切りは毎月二十五日です。', '締め切り'],
    ['Chinese', '会议', '我们下周一在上海办公室开会。', '办公室'],
    ['Korean', '회의', '내일 회의는 10시에 시작합니다.', '회의'],
    ['Thai', 'การประชุม', 'พรุ่งนี้ประชุมเริ่มสิบโมง', 'ประชุม'],
  ])(
    '%s: a document is found by one word from the middle of its sentence',
    (_script, title, body, word) => {
      add('Unrelated', 'Nothing to see here.');
      const doc = add(title, body);
      expect(found(word)).toEqual([doc.id]);
    },
  );

  it('keeps titles and snippets as written', () => {
    const doc = add('会議', '明日の会議は十時に始まります。');
    const row = db.$client
      .prepare(
        `SELECT title, body, snippet(documents_fts, 1, '[', ']', '…', 10) AS snippet
         FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?`,
      )
      .get(planMatchExpression(planQuery('会議')), doc.id) as {
      title: string;
      body: string;
      snippet: string;
    };
    expect(row.title).toBe('会議');
    expect(row.body).toBe('明日の会議は十時に始まります。');
    expect(row.snippet).not.toMatch(/会議 議/);
  });
});

describe('the search_vocabulary migration', () => {
  it('rebuilds the index and counts the words of documents stored before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-vocabulary-'));
    try {
      const before = join(dir, 'migrations');
      cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
      const journalPath = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
        entries: { tag: string }[];
      };
      const index = journal.entries.findIndex((entry) => entry.tag.endsWith('_search_vocabulary'));
      expect(index).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, index);
      writeFileSync(journalPath, JSON.stringify(journal));

      const sqlite = new Database(join(dir, 'old.db'));
      registerSearchFunctions(sqlite);
      migrate(drizzle(sqlite), { migrationsFolder: before });
      sqlite
        .prepare(
          `INSERT INTO documents (id, title, body, source, content_hash, created_at, updated_at)
           VALUES (7, '会議室', 'The on-site printer is on floor 3.', 'written', 'h', 0, 0)`,
        )
        .run();
      sqlite
        .prepare(
          `INSERT INTO document_aliases (document_id, text, created_at) VALUES (7, 'where can i print', 0)`,
        )
        .run();
      migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
      const words = new Map(
        (
          sqlite.prepare('SELECT word, documents FROM search_words').all() as {
            word: string;
            documents: number;
          }[]
        ).map((row) => [row.word, row.documents]),
      );
      expect(words).toEqual(
        new Map(
          [
            ...documentWords('会議室', 'The on-site printer is on floor 3.', ['where can i print']),
          ].map((word) => [word, 1]),
        ),
      );
      const match = (expression: string) =>
        sqlite
          .prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?')
          .all(expression);
      expect(match('"onsite"')).toEqual([{ rowid: 7 }]);
      expect(match('"会議"')).toEqual([{ rowid: 7 }]);
      expect(match('"print"')).toEqual([{ rowid: 7 }]);
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
