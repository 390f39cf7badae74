/**
 * Runs every benchmark and prints one Markdown report: `npm run bench`.
 * Benchmarks are not tests: nothing here runs under `npm test`.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';

export interface BenchRow {
  figure: string;
  value: string;
  /** A published or target number to read the value against. */
  reference?: string;
  workload: string;
}

export interface BenchResult {
  title: string;
  rows: BenchRow[];
  notes: string[];
  /** Markdown printed as it is after the notes (a table for the docs). */
  sections?: string[];
}

interface Benchmark {
  name: string;
  run: () => Promise<BenchResult>;
}

const BENCHMARKS: Benchmark[] = [
  { name: 'search-quality', run: async () => (await import('./search-quality.js')).run() },
  { name: 'search-handbook', run: async () => (await import('./handbook.js')).run() },
  { name: 'search-posthog', run: async () => (await import('./posthog.js')).run() },
  { name: 'search-long-pages', run: async () => (await import('./long-pages.js')).run() },
  { name: 'search-ablation', run: async () => (await import('./search-ablation.js')).run() },
  {
    name: 'search-tts',
    run: async () => {
      const { runSet, TTS_HANDBOOK_SET } = await import('./long-pages.js');
      return runSet(TTS_HANDBOOK_SET);
    },
  },
  { name: 'search-tuning', run: async () => (await import('./long-pages.js')).runTuning() },
  { name: 'search-probes', run: async () => (await import('./search-probes.js')).run() },
  { name: 'search-latency', run: async () => (await import('./search-latency.js')).run() },
  { name: 'search-dump', run: async () => (await import('./search-dump.js')).run() },
  { name: 'typo-index', run: async () => (await import('./typo-index.js')).run() },
  {
    name: 'script-segmentation',
    run: async () => (await import('./script-segmentation.js')).run(),
  },
  { name: 'delivery-wave', run: async () => (await import('./delivery-wave.js')).run() },
  { name: 'standup-prompts', run: async () => (await import('./standup-prompts.js')).run() },
  { name: 'meeting-slots', run: async () => (await import('./meeting-slots.js')).run() },
  { name: 'routing', run: async () => (await import('./routing.js')).run() },
  { name: 'hot-queries', run: async () => (await import('./hot-queries.js')).run() },
  { name: 'load', run: async () => (await import('./load.js')).run() },
  { name: 'backup', run: async () => (await import('./backup.js')).run() },
  { name: 'sizing', run: async () => (await import('./sizing.js')).run() },
  { name: 'plan-stages', run: async () => (await import('./plan-stages.js')).run() },
];

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function machine(): string {
  const cpu = cpus();
  const sqlite = new Database(':memory:');
  const version = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  sqlite.close();
  return [
    `CPU ${cpu[0]?.model.trim() ?? 'unknown'}`,
    `${cpu.length} cores`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `SQLite ${version}`,
    `${platform()} ${release()}`,
  ].join(', ');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.name));
  const lines: string[] = ['# Mailroom benchmarks', '', `Machine: ${machine()}`, ''];
  lines.push('| figure | value | reference | workload |', '| --- | --- | --- | --- |');
  const notes: string[] = [];
  const sections: string[] = [];
  for (const benchmark of selected) {
    process.stderr.write(`running ${benchmark.name}…\n`);
    const started = performance.now();
    const result = await benchmark.run();
    process.stderr.write(
      `${benchmark.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    lines.push(`| **${cell(result.title)}** | | | |`);
    for (const row of result.rows) {
      lines.push(
        `| ${cell(row.figure)} | ${cell(row.value)} | ${cell(row.reference ?? '')} | ${cell(row.workload)} |`,
      );
    }
    notes.push(...result.notes);
    if (result.sections) sections.push('', ...result.sections);
  }
  lines.push('', ...notes.map((note) => `- ${note}`), ...sections);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
