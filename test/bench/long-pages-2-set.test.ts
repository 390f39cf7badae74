import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LONG_PAGES_2,
  LONG_PAGES_2_QUESTIONS,
  type LongPagesQuestion,
  type PageSection,
  pageSections,
} from '../../bench/long-pages.js';
import { pageName } from '../../bench/posthog.js';
import { parseMarkdown } from '../../src/core/services/knowledge.js';

const files = readdirSync(LONG_PAGES_2).sort();
const bytes = readFileSync(LONG_PAGES_2_QUESTIONS);
const questions = JSON.parse(bytes.toString('utf8')) as LongPagesQuestion[];
const sectionsByPage = new Map<string, PageSection[]>(
  files.map((file) => {
    const parsed = parseMarkdown(readFileSync(join(LONG_PAGES_2, file), 'utf8'), file);
    if (!parsed) throw new Error(`${file} has no text`);
    return [pageName(file), pageSections(parsed.title, parsed.body)];
  }),
);
const headingsOf = (page: string) =>
  (sectionsByPage.get(page) ?? []).filter((s) => s.headed).map((s) => s.heading);

describe('the second long-pages tuning set', () => {
  it('has about 25 pages: some short, two very long, and short sections of generic words', () => {
    expect(files.length).toBeGreaterThanOrEqual(24);
    const lengths = files.map((file) => readFileSync(join(LONG_PAGES_2, file), 'utf8').length);
    expect(lengths.filter((n) => n >= 400 && n <= 1200).length).toBeGreaterThanOrEqual(3);
    expect(lengths.filter((n) => n >= 15_000).length).toBe(2);
    expect(lengths.filter((n) => n >= 3000).length).toBeGreaterThanOrEqual(10);
    expect(headingsOf('shifts-and-rotas')).toContain('Weekends');
    expect(headingsOf('drivers-handbook')).toContain('Calls');
  });

  it('has well-formed questions naming a page and a heading on it, and unanswerable ones', () => {
    for (const q of questions) {
      if (q.page === null) {
        expect(q.section).toBeUndefined();
        continue;
      }
      expect(headingsOf(q.page), `${q.text}: no "${q.section}" on ${q.page}`).toContain(q.section);
      for (const other of q.also ?? []) expect(headingsOf(other.page)).toContain(other.section);
    }
    const answerable = questions.filter((q) => q.page !== null).length;
    expect(answerable).toBeGreaterThanOrEqual(200);
    expect(questions.length - answerable).toBeGreaterThanOrEqual(40);
    expect(questions.filter((q) => q.text.split(/\s+/).length >= 40).length).toBeGreaterThanOrEqual(
      3,
    );
    const texts = questions.map((q) => q.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('is the set its README names, by sha256', () => {
    const readme = readFileSync(join(LONG_PAGES_2, '..', 'README.md'), 'utf8');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(readme).toContain(sha);
    expect(readme).toContain('TUNING set, not held out');
  });
});
