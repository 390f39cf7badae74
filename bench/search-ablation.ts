/**
 * What each of search's additions to bm25 is worth on the tuning sets of long pages: every set
 * is asked as `/ask` asks it with the search as shipped (SEARCH_TUNING), then once with each
 * addition turned off alone (ABLATIONS in domain/search/tuning.ts), and the figures are printed
 * per set and for the sets' union against the shipped search's. `npm run bench -- search-ablation`.
 * TUNING sets only: the held-out sets are never run here.
 */
import { ABLATIONS, type SearchTuning } from '../src/core/domain/search/tuning.js';
import {
  type LongPagesRun,
  type LongPagesSet,
  measureLongPagesTunings,
  TUNING_SETS,
  unionOf,
} from './long-pages.js';
import { cell, figures, num, pct } from './page-set.js';
import type { BenchResult } from './run.js';

/** One variant of the search: its name and what it changes in SEARCH_TUNING. */
export interface Variant {
  name: string;
  tuning: Partial<SearchTuning>;
}

/** The shipped search, then each addition off alone. */
export const VARIANTS: readonly Variant[] = [
  { name: 'as shipped', tuning: {} },
  ...ABLATIONS.map((ablation) => ({ name: `without ${ablation.name}`, tuning: ablation.off })),
];

/** Per set (and the union, last), one run per variant in VARIANTS' order. */
export async function measureVariants(
  sets: readonly LongPagesSet[],
  variants: readonly Variant[],
): Promise<{ name: string; runs: LongPagesRun[] }[]> {
  const measured: { name: string; runs: LongPagesRun[] }[] = [];
  for (const set of sets) {
    process.stderr.write(`  ${set.name}…\n`);
    measured.push({
      name: set.name,
      runs: await measureLongPagesTunings(
        set,
        variants.map((variant) => variant.tuning),
      ),
    });
  }
  if (measured.length > 1) {
    measured.push({
      name: 'union',
      runs: variants.map((_, v) => unionOf(measured.map((set) => set.runs[v] as LongPagesRun))),
    });
  }
  return measured;
}

/** One set's table: a row per variant, its MRR's change from the first variant's. */
export function variantTable(
  name: string,
  runs: readonly LongPagesRun[],
  variants: readonly Variant[],
): string {
  const first = runs[0] as LongPagesRun;
  const reference = figures(first.mailroom).mrr;
  const answerable = first.mailroom.length;
  const bySection = figures(first.bySection).mrr;
  return [
    `${name}: ${answerable} answerable, ${first.unanswerable} unanswerable; FTS5 bm25 by section MRR ${num(bySection)}`,
    '',
    '| variant | hit@1 | MRR | Δ MRR | right | wrong page | false |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...runs.map((run, v) => {
      const f = figures(run.mailroom);
      const delta = f.mrr - reference;
      return `| ${cell((variants[v] as Variant).name)} | ${pct(f.hitAt1)} | ${num(f.mrr)} | ${v === 0 ? '' : `${delta >= 0 ? '+' : ''}${num(delta)}`} | ${run.answeredRight} | ${run.answeredWrongPage} | ${run.falseAnswers} of ${run.unanswerable} |`;
    }),
  ].join('\n');
}

export async function run(): Promise<BenchResult> {
  const sets = TUNING_SETS;
  const measured = await measureVariants(sets, VARIANTS);
  return {
    title: 'Search ablation on the long-pages TUNING sets: each addition off alone',
    rows: measured.map(({ name, runs }) => {
      const shipped = runs[0] as LongPagesRun;
      return {
        figure: `${name}: Mailroom as shipped, MRR / right / wrong page / false`,
        value: `${num(figures(shipped.mailroom).mrr)} / ${shipped.answeredRight} / ${shipped.answeredWrongPage} / ${shipped.falseAnswers}`,
        workload: `${shipped.mailroom.length} answerable + ${shipped.unanswerable} unanswerable questions`,
      };
    }),
    notes: [
      `Ablation: sets ${sets.map((set) => set.name).join(', ')} (all TUNING sets; the union pools their questions, each asked in its own set's index). Each row turns one addition of domain/search/tuning.ts off alone (ABLATIONS: the values that leave plain bm25 in its place); Δ MRR is against the search as shipped on the same set.`,
    ],
    sections: measured.map(({ name, runs }) => variantTable(name, runs, VARIANTS)),
  };
}
