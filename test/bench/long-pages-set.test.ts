import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedSections,
  LONG_PAGES,
  type LongPagesQuestion,
  type PageSection,
  pageSections,
  readLongPagesQuestions,
  sectionOfSnippet,
} from '../../bench/long-pages.js';
import { pageName } from '../../bench/posthog.js';
import { SNIPPET_END, SNIPPET_START } from '../../src/core/domain/search/query.js';
import { importMarkdownFolder, parseMarkdown } from '../../src/core/services/knowledge.js';
import { type Db, openDatabase } from '../../src/core/store/db.js';
import { KnowledgeRepository } from '../../src/core/store/knowledge-repository.js';

const files = readdirSync(LONG_PAGES).sort();
const questions = readLongPagesQuestions();

/** Each page's sections, from the page as the import parses it. */
const sectionsByPage = new Map<string, PageSection[]>(
  files.map((file) => {
    const parsed = parseMarkdown(readFileSync(join(LONG_PAGES, file), 'utf8'), file);
    if (!parsed) throw new Error(`${file} has no text`);
    return [pageName(file), pageSections(parsed.title, parsed.body)];
  }),
);

function headingsOf(page: string): string[] {
  return (sectionsByPage.get(page) ?? []).filter((s) => s.headed).map((s) => s.heading);
}

describe('the long-pages tuning set', () => {
  it('has 16 to 20 Markdown pages of 4,000 to 12,000 characters with 6 to 15 headed sections', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
    expect(files.length).toBeLessThanOrEqual(20);
    for (const file of files) {
      expect(file, 'only Markdown pages').toMatch(/\.md$/);
      const length = readFileSync(join(LONG_PAGES, file), 'utf8').length;
      expect(length, file).toBeGreaterThanOrEqual(4000);
      expect(length, file).toBeLessThanOrEqual(12_000);
      const headed = headingsOf(pageName(file));
      expect(headed.length, file).toBeGreaterThanOrEqual(6);
      expect(headed.length, file).toBeLessThanOrEqual(15);
    }
  });

  it('has well-formed questions, each naming a page and a heading that exist on it', () => {
    for (const question of questions as unknown[]) {
      const q = question as LongPagesQuestion;
      expect(Object.keys(q).every((key) => ['text', 'page', 'section', 'also'].includes(key))).toBe(
        true,
      );
      expect(typeof q.text).toBe('string');
      expect(q.text.trim()).not.toBe('');
      if (q.page === null) {
        expect(q.section, `${q.text}: an unanswerable question names no section`).toBeUndefined();
        expect(q.also, `${q.text}: an unanswerable question names no others`).toBeUndefined();
        continue;
      }
      expect([...sectionsByPage.keys()], `no page ${q.page}`).toContain(q.page);
      expect(headingsOf(q.page), `${q.text}: no heading "${q.section}" on ${q.page}`).toContain(
        q.section,
      );
      for (const other of q.also ?? []) {
        expect(
          headingsOf(other.page),
          `${q.text}: no "${other.section}" on ${other.page}`,
        ).toContain(other.section);
        expect(other.page === q.page && other.section === q.section).toBe(false);
      }
    }
    const texts = questions.map((q) => q.text.toLowerCase());
    expect(new Set(texts).size, 'no question twice').toBe(texts.length);
  });

  it('has at least 90 answerable and 30 unanswerable questions, some long pastes', () => {
    const answerable = questions.filter((q) => q.page !== null);
    expect(answerable.length).toBeGreaterThanOrEqual(90);
    expect(questions.length - answerable.length).toBeGreaterThanOrEqual(30);
    const long = questions.filter((q) => q.text.split(/\s+/).length >= 40);
    expect(long.length).toBeGreaterThanOrEqual(3);
  });

  it('never copies a section heading into a question', () => {
    const headings = [...sectionsByPage.keys()]
      .flatMap(headingsOf)
      .map((heading) =>
        heading
          .replace(/[^\p{L}\p{N}' ]/gu, '')
          .trim()
          .toLowerCase(),
      )
      .filter((heading) => heading.split(' ').length >= 3);
    const copies = questions.flatMap((question) =>
      headings
        .filter((heading) => question.text.toLowerCase().includes(heading))
        .map((heading) => `${question.text} ⟵ ${heading}`),
    );
    expect(copies).toEqual([]);
  });

  it('has the heading shapes passages must handle', () => {
    const all = files.map((file) => readFileSync(join(LONG_PAGES, file), 'utf8'));
    expect(
      all.some((text) => /\n[^\n#]+\n-{3,}\n/.test(text)),
      'a setext heading',
    ).toBe(true);
    expect(all.some((text) => /\n#{2,3} .*\p{Extended_Pictographic}/u.test(text))).toBe(true);
    expect(
      all.some((text) => /\n```[^\n]*\n# [^\n]*\n/.test(text)),
      'a # line inside a code fence',
    ).toBe(true);
    const repeated = [...sectionsByPage.values()].some((sections) => {
      const own = sections.filter((s) => s.headed).map((s) => s.heading);
      return new Set(own).size < own.length;
    });
    expect(repeated, 'a heading repeated inside a page').toBe(true);
    const onCall = headingsOf('on-call');
    expect(onCall.some((heading) => heading.startsWith('page the secondary'))).toBe(false);
  });

  describe('imported with the product import', () => {
    let dir: string;
    let db: Db;
    let knowledge: KnowledgeRepository;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'mailroom-long-pages-test-'));
      db = openDatabase(join(dir, 'test.db'));
      knowledge = new KnowledgeRepository(db);
    });
    afterAll(() => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports every page, titled from its front matter', async () => {
      const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, LONG_PAGES);
      expect(summary.skipped).toEqual([]);
      expect([...summary.added].sort()).toEqual(files);
      for (const file of files) {
        const document = knowledge.findBySourceKey(`import:${file}`);
        const front = /^---\ntitle: (.+)\n---\n/.exec(readFileSync(join(LONG_PAGES, file), 'utf8'));
        expect(front?.[1], `${file} has a title in front matter`).toBeDefined();
        expect(document?.title).toBe(front?.[1]);
        expect(document?.body.startsWith('---')).toBe(false);
      }
    });
  });
});

describe('placing a snippet in a section', () => {
  const body = [
    'Intro words about leave.',
    '',
    '## Booking',
    '',
    'Add the days in Bamboo and tell your manager.',
    '',
    '### Examples',
    '',
    'A week in June, booked in March.',
    '',
    'Carrying over',
    '-------------',
    '',
    'Up to five days carry over into next year.',
    '',
    '```sh',
    '# not a heading: carry the days',
    '```',
  ].join('\n');
  const sections = pageSections('Time off', body);
  const mark = (word: string) => `${SNIPPET_START}${word}${SNIPPET_END}`;

  it('splits at ATX and setext headings but not at a # line in a code fence', () => {
    expect(sections.map((s) => s.path)).toEqual([
      'Time off',
      'Time off > Booking',
      'Time off > Booking > Examples',
      'Time off > Carrying over',
    ]);
    expect(sections.map((s) => s.trail)).toEqual([
      [],
      ['Booking'],
      ['Booking', 'Examples'],
      ['Carrying over'],
    ]);
  });

  it('places a snippet by its first matched word, even when it starts in the section before', () => {
    const snippet = `…booked in March. Carrying over Up to five ${mark('days')} ${mark('carry')} over…`;
    expect(sectionOfSnippet(sections, snippet)).toEqual({ section: sections[3], exact: true });
    const inBooking = `Add the ${mark('days')} in Bamboo`;
    expect(sectionOfSnippet(sections, inBooking)?.section.heading).toBe('Booking');
    const intro = `Intro words about ${mark('leave')}.`;
    expect(sectionOfSnippet(sections, intro)?.section.headed).toBe(false);
  });

  it('falls back to the section sharing most words, and places nothing without a match', () => {
    const reordered = `${mark('June')} week booked March`;
    expect(sectionOfSnippet(sections, reordered)).toEqual({ section: sections[2], exact: false });
    expect(sectionOfSnippet(sections, `${mark('payroll')} deadline`)).toBeNull();
    expect(sectionOfSnippet(sections, '…')).toBeNull();
  });

  it('accepts the named section and the other sections a question names on that page', () => {
    const question: LongPagesQuestion = {
      text: 'can i carry days over',
      page: 'time-off',
      section: 'Carrying over',
      also: [
        { page: 'time-off', section: 'Booking' },
        { page: 'holidays', section: 'Swapping' },
      ],
    };
    expect([...acceptedSections(question, 'time-off')]).toEqual(['Carrying over', 'Booking']);
    expect([...acceptedSections(question, 'holidays')]).toEqual(['Swapping']);
    expect(acceptedSections(question, 'travel').size).toBe(0);
  });
});
