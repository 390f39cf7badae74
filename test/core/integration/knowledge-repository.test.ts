import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentVerdict } from '../../../src/core/domain/authorization.js';
import {
  planQuery,
  type QueryPlan,
  SNIPPET_END,
  SNIPPET_START,
} from '../../../src/core/domain/search/query.js';
import { termPhrase } from '../../../src/core/domain/search/terms.js';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import {
  type Db,
  MIGRATIONS_FOLDER,
  openDatabase,
  registerSearchFunctions,
} from '../../../src/core/store/db.js';
import { hashContent } from '../../../src/core/store/documents-repository.js';
import { phraseMatch } from '../../../src/core/store/fts-query.js';
import {
  type DocumentInput,
  KnowledgeRepository,
  type SearchViewer,
} from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let db: Db;
let knowledge: KnowledgeRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  knowledge = new KnowledgeRepository(db);
});

function add(title: string, body: string, extra: Partial<DocumentInput> = {}) {
  return knowledge.upsert({ title, body, source: 'written', ...extra }, T0).document;
}

function ftsRows(): { rowid: number; title: string; body: string; aliases: string }[] {
  return db.$client
    .prepare('SELECT rowid, title, body, aliases FROM documents_fts ORDER BY rowid')
    .all() as { rowid: number; title: string; body: string; aliases: string }[];
}

function titles(text: string, viewer: SearchViewer = ANYONE) {
  return knowledge.search(text, viewer, 10).map((hit) => hit.document.title);
}

describe('KnowledgeRepository.upsert', () => {
  it('adds a document and computes its content hash', () => {
    const { document, status } = knowledge.upsert(
      { title: ' VPN setup ', body: 'Install the client.\n', source: 'import', sourceKey: 'k1' },
      T0,
    );
    expect(status).toBe('added');
    expect(document).toMatchObject({
      title: 'VPN setup',
      body: 'Install the client.',
      source: 'import',
      sourceKey: 'k1',
      visibility: 'public',
      createdAt: T0,
      updatedAt: T0,
    });
    expect(document.contentHash).toBe(hashContent('VPN setup', 'Install the client.'));
    expect(knowledge.get(document.id)).toEqual(document);
    expect(knowledge.count()).toBe(1);
  });

  it('updates by sourceKey instead of duplicating, and reports unchanged content', () => {
    const input: DocumentInput = {
      title: 'VPN',
      body: 'Old steps',
      source: 'import',
      sourceKey: 'import:vpn.md',
    };
    const first = knowledge.upsert(input, T0);
    const again = knowledge.upsert(input, T0 + 1);
    expect(again.status).toBe('unchanged');
    expect(again.document.updatedAt).toBe(T0);
    const changed = knowledge.upsert({ ...input, body: 'New steps' }, T0 + 2);
    expect(changed.status).toBe('updated');
    expect(changed.document.id).toBe(first.document.id);
    expect(changed.document).toMatchObject({ body: 'New steps', createdAt: T0, updatedAt: T0 + 2 });
    expect(knowledge.count()).toBe(1);
    expect(titles('old')).toEqual([]);
    expect(titles('new steps')).toEqual(['VPN']);
  });

  it('treats a visibility change as an update', () => {
    const input: DocumentInput = { title: 'Plan', body: 'x', source: 'message', sourceKey: 's' };
    knowledge.upsert(input, T0);
    const moved = knowledge.upsert({ ...input, visibility: 'channel', channelId: 'C1' }, T0 + 1);
    expect(moved.status).toBe('updated');
    expect(moved.document).toMatchObject({ visibility: 'channel', channelId: 'C1' });
  });

  it('adds a new document each time when there is no sourceKey', () => {
    add('Same', 'text');
    add('Same', 'text');
    expect(knowledge.count()).toBe(2);
  });

  it('rejects a missing title and a channel document without a channel', () => {
    expect(() => add('   ', 'body')).toThrow(/title/);
    expect(() => add('T', 'b', { visibility: 'channel' })).toThrow(/channelId/);
  });
});

describe('FTS index', () => {
  it('follows inserts, updates, deletes and aliases through triggers', () => {
    const doc = add('Expense reports', 'Submit receipts by Friday.');
    expect(ftsRows()).toEqual([
      { rowid: doc.id, title: 'Expense reports', body: 'Submit receipts by Friday.', aliases: '' },
    ]);

    knowledge.upsert(
      {
        title: 'Expense claims',
        body: 'Submit receipts by Monday.',
        source: 'written',
        sourceKey: 'e',
      },
      T0,
    );
    const keyed = knowledge.findBySourceKey('e');
    expect(keyed).toBeDefined();
    knowledge.upsert(
      {
        title: 'Expense claims',
        body: 'Receipts go to finance.',
        source: 'written',
        sourceKey: 'e',
      },
      T0 + 1,
    );
    expect(titles('monday')).toEqual([]);
    expect(titles('finance')).toEqual(['Expense claims']);

    expect(knowledge.addAlias(doc.id, 'how do I get reimbursed', 'U1', T0)).toBe(true);
    expect(ftsRows().find((row) => row.rowid === doc.id)?.aliases).toBe('how do i get reimbursed');
    expect(titles('reimbursed')).toEqual(['Expense reports']);

    expect(knowledge.remove(doc.id)).toBe(true);
    expect(knowledge.remove(doc.id)).toBe(false);
    expect(ftsRows().map((row) => row.rowid)).toEqual([keyed?.id]);
    expect(titles('reimbursed')).toEqual([]);
    expect(titles('receipts')).toEqual(['Expense claims']);
  });

  it('drops an alias from the index when the alias row goes', () => {
    const doc = add('Parking', 'Level 2 is for visitors.');
    knowledge.addAlias(doc.id, 'where can guests leave the car', 'U1', T0);
    db.$client.prepare('DELETE FROM document_aliases WHERE document_id = ?').run(doc.id);
    expect(titles('guests car')).toEqual([]);
  });
});

describe('migration 0002', () => {
  it('indexes documents and aliases stored before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-fts-migration-'));
    try {
      // The migrations folder as it was before the FTS migration.
      const before = join(dir, 'migrations');
      cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
      const journalPath = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
        entries: { tag: string }[];
      };
      const index = journal.entries.findIndex((entry) => entry.tag === '0002_knowledge_fts');
      expect(index).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, index);
      writeFileSync(journalPath, JSON.stringify(journal));

      const sqlite = new Database(join(dir, 'old.db'));
      registerSearchFunctions(sqlite);
      migrate(drizzle(sqlite), { migrationsFolder: before });
      sqlite
        .prepare(
          `INSERT INTO documents (id, title, body, source, content_hash, created_at, updated_at)
           VALUES (7, 'Printer', 'The printer is on floor 3.', 'written', 'h', 0, 0)`,
        )
        .run();
      sqlite
        .prepare(
          `INSERT INTO document_aliases (document_id, text, created_at) VALUES (7, 'where can i print', 0)`,
        )
        .run();
      migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
      const migrated = new KnowledgeRepository(drizzle(sqlite) as unknown as Db);
      expect(migrated.search('floor', ANYONE).map((hit) => hit.document.id)).toEqual([7]);
      const [byAlias] = migrated.search('print', ANYONE);
      expect(byAlias?.matchedAlias).toBe(true);
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KnowledgeRepository.addAlias', () => {
  it('is idempotent on the normalized text and false for unknown documents', () => {
    const doc = add('Parking', 'Level 2.');
    expect(knowledge.addAlias(doc.id, 'Where do I park?', 'U1', T0)).toBe(true);
    expect(knowledge.addAlias(doc.id, '  where do i   PARK? ', 'U2', T0 + 1)).toBe(false);
    expect(knowledge.addAlias(doc.id, '   ', 'U2', T0 + 1)).toBe(false);
    expect(knowledge.addAlias(9_999, 'anything', 'U2', T0 + 1)).toBe(false);
    expect(knowledge.aliasesOf(doc.id)).toEqual(['where do i park?']);
  });

  it('makes a re-worded question find the document first', () => {
    const target = add(
      'Reimbursement policy',
      'Submit receipts in the finance portal within 30 days.',
    );
    add(
      'Travel booking',
      'Book flights through the travel desk. Ask your manager to approve the trip.',
    );
    add('Manager handbook', 'How to approve requests from your reports.');
    const question = 'who pays me back for the flight I booked';
    expect(titles(question)[0]).not.toBe('Reimbursement policy');

    knowledge.addAlias(target.id, 'who pays me back for travel costs', 'U1', T0);
    const [top] = knowledge.search(question, ANYONE);
    expect(top?.document.id).toBe(target.id);
    expect(top?.matchedAlias).toBe(true);
  });
});

describe('KnowledgeRepository.search', () => {
  it('ranks a title match above a body match', () => {
    add('Lunch menu', 'The kitchen posts the VPN password never. Soup on Mondays.');
    add('VPN', 'Ask IT for access.');
    expect(titles('vpn')).toEqual(['VPN', 'Lunch menu']);
    const [top, second] = knowledge.search('vpn', ANYONE);
    expect(top?.score).toBeGreaterThan(second?.score ?? Number.POSITIVE_INFINITY);
  });

  it('returns snippets with markers, coverage and scores', () => {
    add('Deploying', 'To deploy the app, run the release pipeline and watch the dashboard.');
    const [hit] = knowledge.search('how to deploy with the pipeline? kubernetes', ANYONE);
    expect(hit?.snippet).toContain(`${SNIPPET_START}deploy${SNIPPET_END}`);
    expect(hit?.snippet).toContain(`${SNIPPET_START}pipeline${SNIPPET_END}`);
    expect(hit?.coverage).toBeCloseTo(2 / 3);
    expect(hit?.matchedAlias).toBe(false);
    expect(hit?.score).toBeGreaterThan(0);
  });

  it('snippets the title when only the title matches', () => {
    add('Holiday calendar', 'Public days off are listed per country.');
    const [hit] = knowledge.search('holiday', ANYONE);
    expect(hit?.snippet).toBe(`${SNIPPET_START}Holiday${SNIPPET_END} calendar`);
  });

  it('breaks ties by the older (lower) id and honours limit', () => {
    const ids = [
      add('Same title', 'alpha'),
      add('Same title', 'alpha'),
      add('Same title', 'alpha'),
    ].map((d) => d.id);
    expect(knowledge.search('alpha', ANYONE).map((h) => h.document.id)).toEqual(ids);
    expect(knowledge.search('alpha', ANYONE, 2).map((h) => h.document.id)).toEqual(ids.slice(0, 2));
    expect(knowledge.search('alpha', ANYONE, 0)).toEqual([]);
  });

  it('shows a channel document only to viewers who see that channel, and leaks none of it', () => {
    add('Launch FAQ', 'The launch date is public: spring.');
    add('Launch secrets', 'Codename pineapple; the launch price is 42 dollars.', {
      visibility: 'channel',
      channelId: 'CPRIVATE',
    });
    const outsider = { isGuest: false, visibleChannelIds: ['CGENERAL'] };
    const member = { isGuest: false, visibleChannelIds: ['CGENERAL', 'CPRIVATE'] };

    for (const query of ['launch', 'pineapple', 'launch price codename', 'secrets']) {
      const hits = knowledge.search(query, outsider, 10);
      const text = JSON.stringify(hits);
      expect(text).not.toMatch(/pineapple|secrets|42 dollars|CPRIVATE/i);
      expect(
        searchKnowledge({ knowledge }, outsider, query).hits.map((h) => h.document.title),
      ).not.toContain('Launch secrets');
    }
    expect(titles('pineapple', outsider)).toEqual([]);
    expect(titles('pineapple', member)).toEqual(['Launch secrets']);
    expect(titles('launch', member)).toHaveLength(2);
  });

  it('filters search exactly as documentVerdict says, for members and guests alike', () => {
    const docs = [
      add('Zebra handbook', 'zebra', { source: 'import' }),
      add('Zebra in general', 'zebra', { source: 'message', channelId: 'CGEN' }),
      add('Zebra for guests', 'zebra', { source: 'message', channelId: 'CGUEST' }),
      add('Zebra secret', 'zebra', { visibility: 'channel', channelId: 'CPRIV' }),
      add('Zebra other secret', 'zebra', { visibility: 'channel', channelId: 'COTHER' }),
    ];
    const viewers = [
      { userId: 'U1', isGuest: false, visibleChannelIds: [] },
      { userId: 'U2', isGuest: false, visibleChannelIds: ['CGEN', 'CPRIV'] },
      { userId: 'U3', isGuest: true, visibleChannelIds: [] },
      { userId: 'U4', isGuest: true, visibleChannelIds: ['CGUEST'] },
      { userId: 'U5', isGuest: true, visibleChannelIds: ['CGUEST', 'CPRIV'] },
    ];
    for (const viewer of viewers) {
      const expected = docs
        .filter((doc) => documentVerdict(viewer, doc, 'see').allowed)
        .map((doc) => doc.title)
        .sort();
      expect([...titles('zebra', viewer)].sort(), viewer.userId).toEqual(expected);
    }
    expect(titles('zebra', viewers[3])).toEqual(['Zebra for guests']);
  });

  it('applies the limit after the visibility filter', () => {
    for (let i = 0; i < 5; i += 1) {
      add(`Hidden budget ${i}`, 'budget', { visibility: 'channel', channelId: 'CFIN' });
    }
    add('Public budget', 'budget overview');
    expect(titles('budget').slice(0, 1)).toEqual(['Public budget']);
    expect(knowledge.search('budget', ANYONE, 1).map((h) => h.document.title)).toEqual([
      'Public budget',
    ]);
  });

  it('finds what hostile input is about', () => {
    add('C++ style guide', 'We compile C++ with clang and format it with clang-format.');
    add('Removing files', 'Never run rm -rf on shared drives.');
    add('Python tips', 'Use virtual environments.');
    expect(titles(`"what's C++?" -rm *`)[0]).toBe('C++ style guide');
    expect(titles('title:python AND (NOT venv)')[0]).toBe('Python tips');
    expect(titles('NEAR(clang format, 2) ^')[0]).toBe('C++ style guide');
    for (const text of ['*', '"', ')))', 'AND OR NOT', '🚀', '', '\u0002']) {
      expect(() => knowledge.search(text, ANYONE)).not.toThrow();
    }
  });

  it('handles a 10,000-character question', () => {
    add('Kubernetes rollback', 'Use kubectl rollout undo to roll back a deployment.');
    const pasted =
      `kubernetes rollback please ${'and the logs say nothing useful here '.repeat(300)}`.slice(
        0,
        10_000,
      );
    expect(pasted).toHaveLength(10_000);
    expect(titles(pasted)[0]).toBe('Kubernetes rollback');
    expect(() => knowledge.search('z'.repeat(10_000), ANYONE)).not.toThrow();
  });

  it('finds non-Latin text', () => {
    add('Отпуск', 'Заявление на отпуск подаётся через портал.');
    add('الإجازة', 'قدّم طلب الإجازة عبر البوابة');
    add('東京オフィス', '東京オフィスのWi-Fiパスワードは受付にあります。');
    add('Café', 'Le café est au deuxième étage.');
    expect(titles('отпуск')).toEqual(['Отпуск']);
    expect(titles('طلب الإجازة')[0]).toBe('الإجازة');
    expect(titles('東京')[0]).toBe('東京オフィス');
    expect(titles('cafe deuxieme')[0]).toBe('Café');
  });
});

describe('documents kept for named people, sources and replacements', () => {
  it('shows a `people` document only to its readers, exactly as documentVerdict says', () => {
    const docs = [
      add('Quokka handbook', 'quokka'),
      add('Quokka decision', 'quokka', { visibility: 'people', readerIds: ['U1', 'U2'] }),
      add('Quokka secret', 'quokka', { visibility: 'channel', channelId: 'CPRIV' }),
    ];
    const viewers = [
      { userId: 'U1', isGuest: false, visibleChannelIds: [] },
      { userId: 'U2', isGuest: true, visibleChannelIds: [] },
      { userId: 'U3', isGuest: false, visibleChannelIds: ['CPRIV'] },
      { isGuest: false, visibleChannelIds: ['CPRIV'] },
    ];
    for (const viewer of viewers) {
      const expected = docs
        .filter(
          (doc) =>
            documentVerdict(
              { userId: viewer.userId ?? '', ...viewer },
              { ...doc, readerIds: knowledge.readersOf(doc.id) },
              'see',
            ).allowed,
        )
        .map((doc) => doc.title)
        .sort();
      expect([...titles('quokka', viewer)].sort(), viewer.userId).toEqual(expected);
    }
    expect(titles('quokka', viewers[1])).toEqual(['Quokka decision']);
  });

  it('updates readers with the document, and counts a change of readers as a change', () => {
    const first = knowledge.upsert(
      {
        title: 'Kept',
        body: 'for the owners',
        source: 'decision',
        sourceKey: 'decision:1',
        visibility: 'people',
        readerIds: ['U2', 'U1'],
      },
      T0,
    );
    expect(knowledge.readersOf(first.document.id)).toEqual(['U1', 'U2']);
    const same = knowledge.upsert(
      {
        title: 'Kept',
        body: 'for the owners',
        source: 'decision',
        sourceKey: 'decision:1',
        visibility: 'people',
        readerIds: ['U1', 'U2'],
      },
      T0 + 1,
    );
    expect(same.status).toBe('unchanged');
    const changed = knowledge.upsert(
      {
        title: 'Kept',
        body: 'for the owners',
        source: 'decision',
        sourceKey: 'decision:1',
        visibility: 'people',
        readerIds: ['U1'],
      },
      T0 + 2,
    );
    expect(changed.status).toBe('updated');
    expect(knowledge.readersOf(first.document.id)).toEqual(['U1']);
    knowledge.upsert(
      { title: 'Kept', body: 'for the owners', source: 'decision', sourceKey: 'decision:1' },
      T0 + 3,
    );
    expect(knowledge.readersOf(first.document.id)).toEqual([]);
    expect(() =>
      add('Kept', 'x', { visibility: 'people', readerIds: ['U1'], channelId: 'CPRIV' }),
    ).toThrow('A document kept for named people belongs to no channel.');
  });

  it('searches one source when asked', () => {
    add('Walrus guide', 'walrus', { source: 'import' });
    add('Walrus decision', 'walrus', { source: 'decision' });
    expect(
      knowledge.search('walrus', ANYONE, 5, { source: 'decision' }).map((h) => h.document.title),
    ).toEqual(['Walrus decision']);
  });

  it('puts the document that replaced another right before it, along a chain', () => {
    const decision = (key: string, title: string, body: string, supersededById?: number) =>
      add(title, body, {
        source: 'decision',
        sourceKey: key,
        supersededById: supersededById ?? null,
      });
    const newest = decision('d3', 'Use Postgres 16 for billing', 'billing database');
    const older = decision(
      'd2',
      'Use Postgres 14 for billing',
      'billing database billing postgres',
      newest.id,
    );
    const oldest = decision(
      'd1',
      'Use MySQL for billing',
      'billing database billing database mysql',
      older.id,
    );
    const unrelated = add('Billing FAQ', 'billing');
    const plain = knowledge.search('billing database mysql', ANYONE, 10).map((h) => h.document.id);
    expect(plain.indexOf(newest.id)).toBeLessThan(plain.indexOf(older.id));
    expect(plain.indexOf(older.id)).toBeLessThan(plain.indexOf(oldest.id));
    // Found without the one that replaced it, a superseded document keeps its rank.
    expect(knowledge.search('mysql', ANYONE, 10).map((h) => h.document.id)).toEqual([oldest.id]);
    expect(plain).toContain(unrelated.id);
  });

  it('does not count a document the top hit replaced as a rival topic', () => {
    const current = add('Ship on Thursdays', 'The weekly release train leaves on thursday.', {
      source: 'decision',
      sourceKey: 'd2',
    });
    add('Ship on Fridays', 'The weekly release train leaves on thursday, then friday.', {
      source: 'decision',
      sourceKey: 'd1',
      supersededById: current.id,
    });
    const result = searchKnowledge({ knowledge }, ANYONE, 'weekly release train thursday');
    expect(result.hits.map((h) => h.document.title)).toEqual([
      'Ship on Thursdays',
      'Ship on Fridays',
    ]);
    expect(result.confident).toBe(true);
  });
});

describe('KnowledgeRepository.searchPlan', () => {
  function planOf(...concepts: { typed: string; also?: string[]; weight?: number }[]): QueryPlan {
    return {
      searchedFor: null,
      concepts: concepts.map(({ typed, also = [], weight = 0.5 }) => ({
        typed,
        alternatives: [
          { text: typed, phrase: termPhrase(typed), origin: 'typed' as const, weight: 1 },
          ...also.map((text) => ({
            text,
            phrase: termPhrase(text),
            origin: 'synonym' as const,
            weight,
          })),
        ],
      })),
    };
  }

  it('counts a document found through a synonym below one with the words typed', () => {
    const withSynonym = add('Sign-off for purchases', 'Purchases need a sign off.');
    const typed = add('Approval for purchases', 'Purchases need approval.');
    const hits = knowledge.searchPlan(planOf({ typed: 'approval', also: ['sign off'] }), ANYONE);
    expect(hits.map((h) => h.document.id)).toEqual([typed.id, withSynonym.id]);
    expect(hits[1]?.concepts[0]).toMatchObject({ matched: true, origin: 'synonym', weight: 0.5 });
    expect(hits[0]?.concepts[0]).toMatchObject({ matched: true, origin: 'typed', weight: 1 });
  });

  it('counts a concept once, through its best alternative, however many wordings match', () => {
    const many = add('Vacation', 'Holiday, leave, time off, vacation: all the same here.');
    const two = add('Vacation and expenses', 'Vacation days and expense claims.');
    const plan = planOf(
      { typed: 'vacation', also: ['holiday', 'leave', 'time off'], weight: 0.9 },
      { typed: 'expense' },
    );
    const hits = knowledge.searchPlan(plan, ANYONE);
    expect(hits[0]?.document.id).toBe(two.id);
    expect(hits.find((h) => h.document.id === many.id)?.concepts.map((c) => c.matched)).toEqual([
      true,
      false,
    ]);
    expect(hits[0]?.coverage).toBe(1);
  });

  it('tells how informative each concept is and whether it is in the title', () => {
    for (let i = 0; i < 8; i += 1) add(`Team page ${i}`, 'Our team works here.');
    add('VPN', 'The team connects through the VPN.');
    const [top] = knowledge.searchPlan(planOf({ typed: 'team' }, { typed: 'vpn' }), ANYONE);
    expect(top?.document.title).toBe('VPN');
    const [team, vpn] = top?.concepts ?? [];
    expect(vpn?.inTitle).toBe(true);
    expect(team?.inTitle).toBe(false);
    expect(vpn?.informativeness ?? 0).toBeGreaterThan((team?.informativeness ?? 0) * 5);
  });

  it('search(text) is the plan of the words typed', () => {
    add('Deploying', 'Run the release pipeline.');
    expect(knowledge.search('release pipeline', ANYONE)).toEqual(
      knowledge.searchPlan(planQuery('release pipeline'), ANYONE),
    );
  });
});

describe('KnowledgeRepository re-scoring from counts', () => {
  it('scores each alternative exactly as FTS5 bm25 does, in every column', () => {
    add('VPN setup', 'Install the VPN client, then sign in to the VPN.');
    add('On-site visits', 'Visitors sign in at the front desk; on-site parking is free.');
    add('会議室の予約', '会議室は予約してください。');
    const withAlias = add('Laptop refresh', 'Laptops are replaced every three years.');
    knowledge.addAlias(withAlias.id, 'new computer please', 'U1', T0);
    for (let i = 0; i < 6; i += 1) add(`Page ${i}`, `Sign in with your badge ${i}.`);
    const bm25 = db.$client.prepare(
      `SELECT rowid AS id, -bm25(documents_fts, 4, 1, 6) AS score FROM documents_fts
       WHERE documents_fts MATCH ?`,
    );
    for (const text of ['vpn sign', 'onsite parking', '会議室', 'new computer', 'sign in badge']) {
      const plan = planQuery(text);
      const hits = knowledge.searchPlan(plan, ANYONE, 10);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        plan.concepts.forEach((concept, c) => {
          const match = hit.concepts[c];
          if (!match?.matched) return;
          const alternative = concept.alternatives.find((a) => a.origin === match.origin);
          const rows = bm25.all(alternative && phraseMatch(alternative.phrase)) as {
            id: number;
            score: number;
          }[];
          expect(match.score).toBe(rows.find((row) => row.id === hit.document.id)?.score);
        });
      }
    }
  });

  it('finds the same hits ranking on informative words first as ranking every match', () => {
    const common = ['team', 'page', 'update', 'notes'];
    const rare = ['vpn', 'payroll', 'laptop', 'badge', 'parking'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 400; i += 1) {
      const words = [
        ...Array.from({ length: 3 + next(6) }, () => common[next(common.length)]),
        ...(next(4) === 0 ? [rare[next(rare.length)], rare[next(rare.length)]] : []),
        `filler${next(50)}`,
      ];
      add(`${common[next(common.length)]} ${words[words.length - 2]}`, words.join(' '));
    }
    const exhaustive = new KnowledgeRepository(db, { informativeFirst: false });
    for (const text of ['team vpn', 'payroll update notes', 'laptop badge team page', 'parking']) {
      for (const limit of [1, 5, 10]) {
        const ids = (repo: KnowledgeRepository) =>
          repo
            .searchPlan(planQuery(text), ANYONE, limit)
            .map((hit) => [hit.document.id, hit.score]);
        expect(ids(knowledge)).toEqual(ids(exhaustive));
      }
    }
  });
});
