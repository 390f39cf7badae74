import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { beforeEach, describe, expect, it } from 'vitest';
import { SNIPPET_START } from '../../../src/core/domain/search/query.js';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import {
  type Db,
  MIGRATIONS_FOLDER,
  openDatabase,
  registerSearchFunctions,
} from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import { SearchIndex } from '../../../src/core/store/search-index.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

/** Filler prose that no question below asks about. */
function filler(topic: string, sentences: number): string {
  const lines: string[] = [];
  for (let i = 0; i < sentences; i += 1) {
    lines.push(
      `The ${topic} team keeps notes number ${i + 1} in the shared folder and reviews them every quarter with everyone involved.`,
    );
  }
  return lines.join(' ');
}

/** A long handbook page: each section a heading and its text, padded with filler. */
function page(sections: [string, string][], topic = 'people'): string {
  return sections
    .map(([heading, text]) => `## ${heading}\n\n${text} ${filler(topic, 4)}\n`)
    .join('\n');
}

const TIME_OFF = page([
  ['Vacation', 'Everyone gets twenty five vacation days a year, booked in the calendar.'],
  [
    'Parental leave',
    'New parents take sixteen weeks of paid parental leave, starting any time in the first year after the birth or adoption.',
  ],
  ['Sick days', 'Tell your manager before ten when you are sick; no doctor note is needed.'],
]);

/** A page that has "parental", "leave" and "weeks" each in another section, never together. */
const SCATTERED = page(
  [
    [
      'Parental guidance',
      'Films for the offsite are chosen with parental guidance ratings in mind.',
    ],
    ['Travel', 'Book travel three weeks ahead through the travel desk.'],
    ['Offboarding', 'When you leave the company, return your laptop and badge.'],
  ],
  'events',
);

let db: Db;
let knowledge: KnowledgeRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  knowledge = new KnowledgeRepository(db);
});

/** Short pages on other subjects, so that words have the weight they would in a real knowledge base. */
function otherPages(): void {
  const subjects = [
    ['Printer', 'The printer is on floor 3; badge in to print.'],
    ['Expenses', 'Submit receipts within thirty days in the expenses tool.'],
    ['Laptops', 'Order a laptop through the IT portal; it ships in a week.'],
    ['Wifi', 'The guest network password is on the board by reception.'],
    ['Payroll', 'Salaries are paid on the last working day of the month.'],
    ['Security', 'Report a lost badge to security at once.'],
    ['Parking', 'Parking spaces are first come, first served.'],
    ['Lunch', 'Lunch is served at noon on Tuesdays and Thursdays.'],
  ];
  for (const [title, body] of subjects)
    add({ title: title as string, body: body as string, source: 'import' }, T0);
}

function add(input: Parameters<KnowledgeRepository['upsert']>[0], now: number) {
  return knowledge.upsert(input, now).document;
}

function sectionsOf(documentId: number): { heading: string; anchor: string | null }[] {
  return db.$client
    .prepare(
      'SELECT heading, anchor FROM document_sections WHERE document_id = ? ORDER BY position',
    )
    .all(documentId) as { heading: string; anchor: string | null }[];
}

function sectionRowsInIndex(): number {
  return (
    db.$client.prepare('SELECT count(*) AS n FROM document_sections_fts').get() as { n: number }
  ).n;
}

describe('the sections index', () => {
  it('indexes a long page by its headings, and a short page not at all', () => {
    const long = add({ title: 'Time off', body: TIME_OFF, source: 'import' }, T0);
    const short = add(
      { title: 'Printer', body: '## Where\n\nFloor 3.\n\n## How\n\nBadge in.', source: 'import' },
      T0,
    );
    expect(sectionsOf(long.id)).toEqual([
      { heading: 'Vacation', anchor: 'vacation' },
      { heading: 'Parental leave', anchor: 'parental-leave' },
      { heading: 'Sick days', anchor: 'sick-days' },
    ]);
    expect(sectionsOf(short.id)).toEqual([]);
    expect(sectionRowsInIndex()).toBe(3);
  });
});

describe('the sections index kept in step', () => {
  it('rebuilds a page’s sections when its body changes, and drops them when it is removed', () => {
    const input = { title: 'Time off', body: TIME_OFF, source: 'import' as const, sourceKey: 'k' };
    const first = add(input, T0);
    const changed = TIME_OFF.replace('## Sick days', '## Sick leave');
    add({ ...input, body: changed }, T0 + 1);
    expect(sectionsOf(first.id).map((section) => section.heading)).toEqual([
      'Vacation',
      'Parental leave',
      'Sick leave',
    ]);
    expect(sectionRowsInIndex()).toBe(3);
    expect(knowledge.search('sick leave', ANYONE)[0]?.section?.heading).toBe('Sick leave');

    add({ ...input, body: 'Ask your manager.' }, T0 + 2);
    expect(sectionsOf(first.id)).toEqual([]);
    expect(sectionRowsInIndex()).toBe(0);

    add({ ...input, body: TIME_OFF }, T0 + 3);
    expect(knowledge.remove(first.id)).toBe(true);
    expect(sectionsOf(first.id)).toEqual([]);
    expect(sectionRowsInIndex()).toBe(0);
  });

  it('writes nothing to the sections when the same page is imported again', () => {
    const input = { title: 'Time off', body: TIME_OFF, source: 'import' as const, sourceKey: 'k' };
    const first = add(input, T0);
    const before = db.$client.prepare('SELECT id FROM document_sections ORDER BY id').all();
    expect(knowledge.upsert(input, T0 + 1).status).toBe('unchanged');
    // A change of metadata (its URL) or of the title alone keeps the sections as they are.
    expect(knowledge.upsert({ ...input, url: 'https://h.example/time-off' }, T0 + 2).status).toBe(
      'updated',
    );
    expect(knowledge.upsert({ ...input, title: 'Leave' }, T0 + 3).status).toBe('updated');
    expect(db.$client.prepare('SELECT id FROM document_sections ORDER BY id').all()).toEqual(
      before,
    );
    expect(sectionsOf(first.id)).toHaveLength(3);
  });

  it('builds the sections of pages stored before the sections index existed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-sections-'));
    try {
      const before = join(dir, 'migrations');
      cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
      const journalPath = join(before, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
        entries: { tag: string }[];
      };
      const index = journal.entries.findIndex((entry) => entry.tag === '0017_passages');
      expect(index).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, index);
      writeFileSync(journalPath, JSON.stringify(journal));

      const sqlite = new Database(join(dir, 'old.db'));
      registerSearchFunctions(sqlite);
      migrate(drizzle(sqlite), { migrationsFolder: before });
      sqlite
        .prepare(
          `INSERT INTO documents (id, title, body, source, content_hash, created_at, updated_at)
           VALUES (7, 'Time off', ?, 'import', 'h', 0, 0)`,
        )
        .run(TIME_OFF);
      migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
      const migrated = new KnowledgeRepository(drizzle(sqlite) as unknown as Db);
      const [hit] = migrated.search('how many weeks of parental leave', ANYONE);
      expect(hit?.document.id).toBe(7);
      expect(hit?.section?.heading).toBe('Parental leave');
      expect(hit?.section?.anchor).toBe('parental-leave');
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('search by section', () => {
  it('ranks a page by its best section over a page with the words scattered', () => {
    otherPages();
    const scattered = add({ title: 'Company events', body: SCATTERED, source: 'import' }, T0);
    const timeOff = add({ title: 'Time off', body: TIME_OFF, source: 'import' }, T0);
    const byPage = new SearchIndex(db, { sections: false });
    const question = 'how many weeks of parental leave';
    const hits = knowledge.search(question, ANYONE);
    expect(hits.slice(0, 2).map((hit) => hit.document.id)).toEqual([timeOff.id, scattered.id]);
    expect(hits[0]?.section?.heading).toBe('Parental leave');
    expect(hits[0]?.snippet).toContain(`${SNIPPET_START}weeks`);
    expect(hits[0]?.section?.opening).toMatch(/^New parents take sixteen weeks/);
    // Ranked by page alone, the scattered page is much closer: its words count wherever they are.
    const scoreOf = (list: { document: { id: number }; score: number }[], id: number) =>
      list.find((hit) => hit.document.id === id)?.score ?? 0;
    const pagesOnly = byPage.search(question, ANYONE);
    expect(scoreOf(hits, timeOff.id) / scoreOf(hits, scattered.id)).toBeGreaterThan(
      scoreOf(pagesOnly, timeOff.id) / scoreOf(pagesOnly, scattered.id),
    );
    // Results stay one per page, however many sections matched.
    expect(new Set(hits.map((hit) => hit.document.id)).size).toBe(hits.length);
  });

  it('lets a guest find a page’s sections only where the guest may see the page', () => {
    add({ title: 'Time off', body: TIME_OFF, source: 'import', visibility: 'public' }, T0);
    const own = add(
      {
        title: 'Team time off',
        body: TIME_OFF.replace('sixteen weeks', 'eighteen weeks'),
        source: 'import',
        visibility: 'channel',
        channelId: 'C1',
      },
      T0,
    );
    const kept = add(
      {
        title: 'Leave for the board',
        body: TIME_OFF,
        source: 'import',
        visibility: 'people',
        readerIds: ['U9'],
      },
      T0,
    );
    const guest = { isGuest: true, visibleChannelIds: ['C1'], userId: 'UG' };
    const hits = knowledge.search('parental leave weeks', guest, 10);
    expect(hits.map((hit) => hit.document.id)).toEqual([own.id]);
    expect(hits[0]?.section?.heading).toBe('Parental leave');
    const reader = knowledge.search('parental leave weeks', { ...ANYONE, userId: 'U9' }, 10);
    expect(reader.map((hit) => hit.document.id)).toContain(kept.id);
    expect(
      knowledge.search('parental leave weeks', ANYONE, 10).map((h) => h.document.id),
    ).not.toContain(kept.id);
  });

  it('keeps a superseded page right after the page that replaced it', () => {
    const old = add(
      { title: 'Leave policy 2024', body: TIME_OFF, source: 'import', sourceKey: 'old' },
      T0,
    );
    const current = add(
      {
        title: 'Leave policy 2025',
        body: TIME_OFF.replace('sixteen weeks', 'twenty weeks'),
        source: 'import',
      },
      T0 + 1,
    );
    knowledge.upsert(
      {
        title: 'Leave policy 2024',
        body: TIME_OFF,
        source: 'import',
        sourceKey: 'old',
        supersededById: current.id,
      },
      T0 + 2,
    );
    const other = add({ title: 'Company events', body: SCATTERED, source: 'import' }, T0);
    const ids = knowledge.search('parental leave weeks', ANYONE).map((hit) => hit.document.id);
    expect(ids.indexOf(old.id)).toBe(ids.indexOf(current.id) + 1);
    expect(ids).toContain(other.id);
  });

  it('filters by source and counts only visible pages against the limit', () => {
    add({ title: 'Time off', body: TIME_OFF, source: 'import' }, T0);
    add({ title: 'Decision on leave', body: TIME_OFF, source: 'decision' }, T0);
    add({ title: 'Company events', body: SCATTERED, source: 'import' }, T0);
    const decisions = knowledge.search('parental leave', ANYONE, 5, { source: 'decision' });
    expect(decisions.map((hit) => hit.document.title)).toEqual(['Decision on leave']);
    expect(knowledge.search('parental leave weeks', ANYONE, 1)).toHaveLength(1);
  });
});

describe('answering from a section', () => {
  it('is sure when one section of a long page holds the question', () => {
    otherPages();
    add({ title: 'Time off', body: TIME_OFF, source: 'import' }, T0);
    add({ title: 'Company events', body: SCATTERED, source: 'import' }, T0);
    const result = searchKnowledge(
      { knowledge },
      ANYONE,
      'how many weeks of parental leave do new parents get',
    );
    expect(result.hits[0]?.document.title).toBe('Time off');
    expect(result.confident).toBe(true);
  });

  it('is not sure when the question’s words are scattered over a long page', () => {
    otherPages();
    add({ title: 'Company events', body: SCATTERED, source: 'import' }, T0);
    add({ title: 'Printer', body: 'The printer is on floor 3.', source: 'import' }, T0);
    const result = searchKnowledge({ knowledge }, ANYONE, 'guidance on travel when you leave');
    expect(result.hits[0]?.document.title).toBe('Company events');
    expect(result.confident).toBe(false);
  });
});

describe('how rare a word is among sections', () => {
  it('lets a word every section repeats not pick the section, however rare it is among pages', () => {
    const subjects = ['Printer', 'Expenses', 'Laptops', 'Wifi', 'Payroll', 'Parking'];
    for (const title of subjects)
      add(
        { title, body: `${title} questions go to the desk; travel plans too.`, source: 'import' },
        T0,
      );
    const body = page([
      [
        'History',
        'Quillfield was founded by three friends. Quillfield grew fast, and Quillfield still keeps its first office.',
      ],
      ['Values', 'Quillfield people write things down. At Quillfield we ask before we assume.'],
      ['Trips', 'Book travel through the desk a week ahead; Quillfield pays for it.'],
      ['Offices', 'Quillfield has offices in two cities, and Quillfield desks can be booked.'],
    ]);
    const handbook = add({ title: 'Handbook', body, source: 'import' }, T0);
    const [hit] = knowledge.search('quillfield travel', ANYONE);
    expect(hit?.document.id).toBe(handbook.id);
    expect(hit?.section?.heading).toBe('Trips');
  });
});
