import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baselineTerms,
  POSTHOG_PAGES,
  type PosthogQuestion,
  pageName,
  pairedBootstrap,
  readPosthogQuestions,
  sectionsOf,
} from '../../bench/posthog.js';
import { importMarkdownFolder } from '../../src/core/services/knowledge.js';
import { openDatabase } from '../../src/core/store/db.js';
import { KnowledgeRepository } from '../../src/core/store/knowledge-repository.js';

const folder = join(POSTHOG_PAGES, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : [relative(POSTHOG_PAGES, join(dir, entry.name)).split('\\').join('/')],
  );
}

const files = filesUnder(POSTHOG_PAGES).sort();
const pages = new Set(files.map(pageName));
const questions = readPosthogQuestions();

describe('the PostHog handbook set', () => {
  it('has well-formed questions, each naming pages that exist in the snapshot', () => {
    expect(Array.isArray(questions)).toBe(true);
    for (const question of questions as unknown[]) {
      const q = question as PosthogQuestion;
      expect(Object.keys(q).every((key) => ['text', 'page', 'also'].includes(key))).toBe(true);
      expect(typeof q.text).toBe('string');
      expect(q.text.trim()).not.toBe('');
      expect(q.page === null || typeof q.page === 'string').toBe(true);
      if (q.page !== null) expect(pages, `no page ${q.page}`).toContain(q.page);
      if (q.also !== undefined) {
        expect(q.page, 'only an answered question lists other pages').not.toBeNull();
        expect(q.also.length).toBeGreaterThan(0);
        for (const other of q.also) {
          expect(pages, `no page ${other}`).toContain(other);
          expect(other).not.toBe(q.page);
        }
      }
    }
    const texts = questions.map((q) => q.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('has at least 100 answered questions spread over the sections, and 30 unanswered', () => {
    const answered = questions.filter((q) => q.page !== null);
    expect(answered.length).toBeGreaterThanOrEqual(100);
    expect(questions.length - answered.length).toBeGreaterThanOrEqual(30);
    const bySection = new Map<string, number>();
    for (const q of answered) {
      const section = (q.page as string).split('/')[0] as string;
      bySection.set(section, (bySection.get(section) ?? 0) + 1);
    }
    expect(bySection.size).toBeGreaterThanOrEqual(5);
    for (const count of bySection.values()) expect(count / answered.length).toBeLessThan(0.6);
  });

  it('says where every page came from, and carries the licence', () => {
    const listed = readFileSync(join(folder, 'files.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));
    expect(listed.map(([path]) => path).sort()).toEqual(files);
    for (const [, commit] of listed) expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const licence = readFileSync(join(folder, 'LICENSE'), 'utf8');
    expect(licence).toContain('Copyright (c) 2020-2024 PostHog Inc.');
    expect(licence).toContain('Permission is hereby granted, free of charge');
    expect(existsSync(join(folder, 'SOURCES.md'))).toBe(true);
  });

  it('imports every page, .mdx ones as prose without their imports and components', async () => {
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, POSTHOG_PAGES);
    expect(summary.skipped).toEqual([]);
    expect(summary.added.sort()).toEqual(files);
    const shares = knowledge.findBySourceKey('import:people/share-options.mdx');
    expect(shares?.title).toBe('Share options');
    expect(shares?.body).not.toContain('import {');
    expect(shares?.body).not.toContain('<PrivateLink');
    expect(shares?.body).toContain('You can use this handy calculator to find out');
    const weird = knowledge.findBySourceKey('import:company/do-more-weird.mdx');
    expect(weird?.body).not.toContain('ImageSlider');
    expect(weird?.body).toContain('![Bus ad]');
    const debugging = knowledge.findBySourceKey('import:engineering/debugging.mdx');
    expect(debugging?.body).toContain('--task <TASK_ID from earlier>');
    db.$client.close();
  });
});

describe('the baselines of the PostHog bench', () => {
  it('splits a page at ATX and setext headings, outside code, with each heading path', () => {
    const body = [
      'Intro.',
      '## Leave',
      'Take it.',
      '### Sick',
      'Rest.',
      '```',
      '# not a heading',
      '```',
      'Comms',
      '-----',
      'Write.',
    ].join('\n');
    expect(sectionsOf('Time off', body)).toEqual([
      { heading: 'Time off', text: 'Intro.' },
      { heading: 'Time off > Leave', text: 'Take it.' },
      { heading: 'Time off > Leave > Sick', text: 'Rest.\n```\n# not a heading\n```' },
      { heading: 'Time off > Comms', text: 'Write.' },
    ]);
  });

  it('drops stopwords from a question, unless nothing else is left', () => {
    expect(baselineTerms('How do I book PTO for the team?')).toEqual(['book', 'pto', 'team']);
    expect(baselineTerms('what is it')).toEqual(['what', 'is', 'it']);
  });

  it('gives the same paired bootstrap interval on every run, around the mean difference', () => {
    const a = [1, 0.5, 1, 0, 1, 0.33, 1, 1];
    const b = [0.5, 0.5, 0, 0, 1, 0.33, 0.5, 1];
    const first = pairedBootstrap(a, b, 2_000, 7);
    expect(pairedBootstrap(a, b, 2_000, 7)).toEqual(first);
    expect(first.low).toBeLessThanOrEqual(0.25);
    expect(first.high).toBeGreaterThanOrEqual(0.25);
    expect(pairedBootstrap(a, a, 500, 7)).toEqual({ low: 0, high: 0 });
  });
});
