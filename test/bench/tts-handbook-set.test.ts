import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LongPagesQuestion,
  type PageSection,
  pageSections,
  TTS_HANDBOOK,
  TTS_HANDBOOK_QUESTIONS,
} from '../../bench/long-pages.js';
import { pageName } from '../../bench/page-set.js';
import { importMarkdownFolder } from '../../src/core/services/knowledge.js';
import { type Db, openDatabase } from '../../src/core/store/db.js';
import { KnowledgeRepository } from '../../src/core/store/knowledge-repository.js';

const bytes = readFileSync(TTS_HANDBOOK_QUESTIONS);
const questions = JSON.parse(bytes.toString('utf8')) as LongPagesQuestion[];

let dir: string;
let db: Db;
let added: string[];
/** Each page's sections, from the page as the bench reads it: imported, then split. */
const sectionsByPage = new Map<string, PageSection[]>();
const bodies: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-tts-set-'));
  db = openDatabase(join(dir, 'set.db'));
  const knowledge = new KnowledgeRepository(db);
  added = (await importMarkdownFolder({ knowledge, clock: () => 0 }, TTS_HANDBOOK)).added;
  for (const file of added) {
    const document = knowledge.findBySourceKey(`import:${file}`);
    if (!document) throw new Error(`${file} was not imported`);
    sectionsByPage.set(pageName(file), pageSections(document.title, document.body));
    bodies.push(document.body);
  }
});

afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const headingsOf = (page: string) =>
  (sectionsByPage.get(page) ?? []).filter((s) => s.headed).map((s) => s.heading);

describe('the TTS handbook tuning set', () => {
  it('imports its 237 pages, under their folders, with no template tag left in the text', () => {
    expect(added.length).toBe(237);
    expect(sectionsByPage.has('travel-and-leave/leave')).toBe(true);
    expect(headingsOf('tools/tock')).toContain('Tocking for Out of Office time');
    expect([...sectionsByPage.values()].flat().length).toBeGreaterThan(1500);
    for (const body of bodies) {
      expect(body).not.toMatch(/\{%|%\}|\{\{/);
    }
  });

  it('names, for every answerable question, a page and a section the bench finds', () => {
    for (const q of questions) {
      if (q.page === null) {
        expect(q.section, q.text).toBeUndefined();
        continue;
      }
      expect(sectionsByPage.has(q.page), `${q.text}: no page ${q.page}`).toBe(true);
      expect(headingsOf(q.page), `${q.text}: no "${q.section}" on ${q.page}`).toContain(q.section);
      for (const other of q.also ?? [])
        expect(headingsOf(other.page), `${q.text}: also ${other.page}`).toContain(other.section);
    }
  });

  it('has at least 130 answerable and 40 unanswerable questions, a few long pastes, no repeats', () => {
    const answerable = questions.filter((q) => q.page !== null);
    expect(answerable.length).toBeGreaterThanOrEqual(130);
    expect(questions.length - answerable.length).toBeGreaterThanOrEqual(40);
    expect(new Set(answerable.map((q) => q.page)).size).toBeGreaterThanOrEqual(25);
    expect(questions.filter((q) => q.text.length >= 300).length).toBeGreaterThanOrEqual(3);
    const texts = questions.map((q) => q.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('is the set its SOURCES.md names, by sha256, as a tuning set under CC0', () => {
    const sources = readFileSync(join(TTS_HANDBOOK, '..', 'SOURCES.md'), 'utf8');
    expect(sources).toContain(createHash('sha256').update(bytes).digest('hex'));
    expect(sources).toContain('**This is a TUNING set, not held out.**');
    expect(sources).toContain('1e4955634d0369f17e5bbc0ebbf8f62e2a3dfe4b');
    expect(readFileSync(join(TTS_HANDBOOK, '..', 'LICENSE.md'), 'utf8')).toContain('CC0 1.0');
  });
});
