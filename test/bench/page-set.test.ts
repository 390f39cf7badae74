import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSet as runLongPages, runTuning } from '../../bench/long-pages.js';
import { run as runPosthog } from '../../bench/posthog.js';

const fixture = (path: string) =>
  fileURLToPath(new URL(`./fixtures/page-set/${path}`, import.meta.url));

/**
 * The figures both page-set benches give on a tiny fixture (three pages of an invented bakery,
 * nine questions). Pinned when each bench had its own loop, the shared runner gave the same row
 * for row; they move only with the search itself (ranking, sureness), and are re-pinned then.
 */
const figures = JSON.parse(readFileSync(fixture('figures.json'), 'utf8')) as {
  posthog: unknown;
  longPages: unknown;
};

describe('the page-set benches on a tiny fixture', () => {
  it('gives the PostHog bench figures unchanged', async () => {
    const result = await runPosthog({
      pages: fixture('pages'),
      questions: fixture('questions-pages.json'),
    });
    expect(result).toEqual(figures.posthog);
  });

  it('gives the long-pages bench figures for one set unchanged', async () => {
    const result = await runLongPages({
      pages: fixture('pages'),
      questions: fixture('questions.json'),
    });
    expect(result).toEqual(figures.longPages);
  });

  it('puts every tuning set and their union in one table', async () => {
    const set = {
      pages: fixture('pages'),
      questions: fixture('questions.json'),
      title: 'Bakery',
      about: 'Bakery.',
    };
    const result = await runTuning([
      { ...set, name: 'bakery' },
      { ...set, name: 'bakery-again' },
    ]);
    expect(result.title).toContain('TUNING');
    const table = (result.sections?.[0] ?? '').split('\n');
    expect(table.filter((line) => line.startsWith('| bakery |'))).toEqual([
      '| bakery | 7 + 2 | 85.7 % | 100.0 % | 0.929 | 1.000 | 2 of 7 | 0 of 7 | 0 of 2 |',
    ]);
    expect(table.filter((line) => line.startsWith('| all tuning sets |'))).toEqual([
      '| all tuning sets | 14 + 4 | 85.7 % | 100.0 % | 0.929 | 1.000 | 4 of 14 | 0 of 14 | 0 of 4 |',
    ]);
    expect(result.rows.filter((row) => row.figure.endsWith('sha256'))).toHaveLength(2);
  });
});
