/**
 * Search latency at 100,000 documents, import throughput and database size.
 *
 * The corpus is synthetic but shaped like a team knowledge base: each document is about
 * one of the 125 StackFAQ topics (title: the topic's question or a re-wording; body: 2-8
 * sentences, three in four from the topic's answers, one in four from anywhere), and about
 * one word in eight is swapped for a word drawn (Zipf-Mandelbrot, 1 / (rank + 50)) from the StackFAQ
 * vocabulary plus 20,000 made-up product and project names, so the vocabulary grows with the
 * corpus as a real one does. With only 125 topics, common words are far more common than in
 * a real knowledge base of this size, so this is a pessimistic workload. One document in ten is visible to one of 50 channels only. Everything is seeded,
 * so every run builds the same database.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importMarkdownFolder, searchKnowledge } from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { buildMatchQuery } from '../src/core/store/fts-query.js';
import { type DocumentInput, KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import type { BenchResult } from './run.js';
import { appLexicon, loadStackFaq } from './search-quality.js';

const DOCUMENTS = 100_000;
const RUNS = 5;
const IMPORT_FILES = 2_000;

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Corpus {
  private readonly rand = random(20_250_101);
  /** Per StackFAQ thread: its question and re-wordings, and the sentences of its answers. */
  private readonly topics: { titles: string[]; sentences: string[] }[];
  private readonly sentences: string[];
  private readonly vocabulary: string[];
  /** Cumulative Zipf-Mandelbrot weights, 1 / (rank + 50), over `vocabulary`. */
  private readonly cumulative: Float64Array;
  readonly queries: string[];

  constructor() {
    const threads = loadStackFaq();
    const sentencesOf = (texts: readonly string[]): string[] =>
      texts
        .flatMap((text) => text.split(/(?<=[.!?])\s+/))
        .filter((s) => {
          const words = s.split(' ').length;
          return words >= 3 && words <= 60;
        });
    this.topics = threads.map((t) => ({
      titles: [t.question, ...t.rephrasings].filter((title) => title !== ''),
      sentences: sentencesOf(t.answers),
    }));
    this.sentences = sentencesOf(threads.flatMap((t) => [t.question, ...t.answers]));
    const seen = new Set<string>();
    for (const text of this.sentences) {
      for (const word of text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? []) seen.add(word);
    }
    const syllables = 'ka lo mi ne ru sa to vi ze bo da fe gu hi jo pa qu ri su ta'.split(' ');
    const made: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const n = 2 + Math.floor(this.rand() * 3);
      let word = '';
      for (let j = 0; j < n; j += 1) word += syllables[Math.floor(this.rand() * syllables.length)];
      made.push(i % 3 === 0 ? `${word}${i}` : word);
    }
    this.vocabulary = [...seen, ...made];
    // Shuffle so real and made-up words mix along the frequency curve.
    for (let i = this.vocabulary.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.rand() * (i + 1));
      [this.vocabulary[i], this.vocabulary[j]] = [
        this.vocabulary[j] as string,
        this.vocabulary[i] as string,
      ];
    }
    this.cumulative = new Float64Array(this.vocabulary.length);
    let sum = 0;
    for (let i = 0; i < this.vocabulary.length; i += 1) {
      sum += 1 / (i + 50);
      this.cumulative[i] = sum;
    }
    this.queries = this.buildQueries(threads.flatMap((t) => t.rephrasings));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)] as T;
  }

  private word(): string {
    const total = this.cumulative[this.cumulative.length - 1] ?? 1;
    const target = this.rand() * total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return this.vocabulary[low] ?? 'word';
  }

  private vary(text: string, share: number): string {
    return text
      .split(' ')
      .map((w) => (this.rand() < share ? this.word() : w))
      .join(' ');
  }

  /** A document about one topic (three sentences in four from it), with words swapped. */
  document(i: number): DocumentInput {
    const topic = this.pick(this.topics);
    const title = this.vary(this.pick(topic.titles), 0.15);
    const count = 2 + Math.floor(this.rand() * 7);
    const body: string[] = [];
    for (let s = 0; s < count; s += 1) {
      const own = topic.sentences.length > 0 && this.rand() < 0.75;
      body.push(this.vary(this.pick(own ? topic.sentences : this.sentences), 0.12));
    }
    const restricted = this.rand() < 0.1;
    return {
      title,
      body: body.join(' '),
      source: 'import',
      sourceKey: `bench:${i}`,
      ...(restricted
        ? { visibility: 'channel' as const, channelId: `C${Math.floor(this.rand() * 50)}` }
        : {}),
    };
  }

  /** 300 varied queries: re-worded questions, short keyword queries, long pastes, hostile text. */
  private buildQueries(rephrasings: readonly string[]): string[] {
    const queries: string[] = [];
    for (let i = 0; i < 200; i += 1) queries.push(this.pick(rephrasings));
    for (let i = 0; i < 40; i += 1) queries.push(this.word());
    for (let i = 0; i < 30; i += 1) queries.push(`${this.word()} ${this.word()}`);
    for (let i = 0; i < 15; i += 1) {
      const parts: string[] = [];
      while (parts.join(' ').length < 2_000) parts.push(this.pick(this.sentences));
      queries.push(parts.join(' '));
    }
    const hostile = [
      '"what\'s C++?" -rm *',
      'title:gmail AND (filters OR labels) NOT spam',
      'NEAR(google docs, 5) ^export',
      '¿Cómo exporto mis contactos de Gmail?',
      'Как удалить аккаунт Facebook?',
      'كيف أحذف حساب فيسبوك',
      '如何删除我的 Facebook 帐户',
      '🚀🚀 deploy ✅',
      'x'.repeat(10_000),
      'the and of to a in',
      '***',
      ')))(((',
      'github markdown strikethrough',
      'delete facebook account',
      'gmail keyboard shortcuts',
    ];
    queries.push(...hostile);
    return queries;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;
const perSecond = (count: number, millis: number): string =>
  `${Math.round((count / millis) * 1000).toLocaleString('en-US')} docs/s`;

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-latency-'));
  try {
    const corpus = new Corpus();
    const path = join(dir, 'bench.db');
    const db = openDatabase(path);
    const knowledge = new KnowledgeRepository(db);

    const buildStarted = performance.now();
    db.$client.transaction(() => {
      for (let i = 0; i < DOCUMENTS; i += 1) knowledge.upsert(corpus.document(i), i);
    })();
    const buildMs = performance.now() - buildStarted;
    if (knowledge.count() !== DOCUMENTS) throw new Error('the corpus was not built');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMiB = statSync(path).size / 2 ** 20;

    // Documents with a channel, and viewers in 5 of the 50 channels.
    const viewer = { isGuest: false, visibleChannelIds: ['C1', 'C7', 'C12', 'C30', 'C44'] };
    const deps = { knowledge, lexicon: appLexicon() };
    // The baseline: one bare FTS5 OR-query of the typed terms, best 10 by bm25, nothing else.
    const bare = db.$client.prepare(
      'SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 10',
    );
    const bareSearch = (query: string): void => {
      const match = buildMatchQuery(query);
      if (match !== null) bare.all(match);
    };
    for (const query of corpus.queries.slice(0, 50)) {
      searchKnowledge(deps, viewer, query);
      bareSearch(query);
    }

    const medians: number[] = [];
    const p95s: number[] = [];
    const maxes: number[] = [];
    const bareMedians: number[] = [];
    const bareP95s: number[] = [];
    let hits = 0;
    for (let r = 0; r < RUNS; r += 1) {
      const times: number[] = [];
      const bareTimes: number[] = [];
      for (const query of corpus.queries) {
        let started = performance.now();
        const result = searchKnowledge(deps, viewer, query);
        times.push(performance.now() - started);
        hits += result.hits.length > 0 ? 1 : 0;
        started = performance.now();
        bareSearch(query);
        bareTimes.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      bareTimes.sort((a, b) => a - b);
      medians.push(percentile(times, 0.5));
      p95s.push(percentile(times, 0.95));
      maxes.push(times[times.length - 1] ?? 0);
      bareMedians.push(percentile(bareTimes, 0.5));
      bareP95s.push(percentile(bareTimes, 0.95));
    }
    const answered = hits / (RUNS * corpus.queries.length);
    // The same searches ranking every match by every expression: how often the top 5 differ.
    const exhaustive = {
      ...deps,
      knowledge: new KnowledgeRepository(db, { informativeFirst: false }),
    };
    let sameTop5 = 0;
    for (const query of corpus.queries) {
      const ids = (d: typeof deps) =>
        searchKnowledge(d, viewer, query)
          .hits.map((hit) => hit.document.id)
          .join(',');
      if (ids(deps) === ids(exhaustive)) sameTop5 += 1;
    }
    // Peak resident memory of this process so far: building the corpus plus every search.
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;

    db.$client.close();

    // Import through importMarkdownFolder, the path `npm run import` uses: one transaction per file.
    const folder = join(dir, 'docs');
    mkdirSync(folder);
    for (let i = 0; i < IMPORT_FILES; i += 1) {
      const doc = corpus.document(DOCUMENTS + i);
      mkdirSync(join(folder, `team-${i % 20}`), { recursive: true });
      writeFileSync(
        join(folder, `team-${i % 20}`, `page-${i}.md`),
        `# ${doc.title}\n\n${doc.body}\n`,
      );
    }
    const importTimes: number[] = [];
    const reimportTimes: number[] = [];
    for (let r = 0; r < 3; r += 1) {
      const importDb = openDatabase(join(dir, `import-${r}.db`));
      const importKnowledge = new KnowledgeRepository(importDb);
      let started = performance.now();
      const first = await importMarkdownFolder(
        { knowledge: importKnowledge, clock: () => 0 },
        folder,
      );
      importTimes.push(performance.now() - started);
      started = performance.now();
      const second = await importMarkdownFolder(
        { knowledge: importKnowledge, clock: () => 1 },
        folder,
      );
      reimportTimes.push(performance.now() - started);
      if (first.added.length !== IMPORT_FILES || second.skipped.length !== IMPORT_FILES) {
        throw new Error('the import benchmark did not import every file');
      }
      importDb.$client.close();
    }

    const workload = `${DOCUMENTS.toLocaleString('en-US')} docs, ${corpus.queries.length} varied queries × ${RUNS} runs, limit 5, viewer in 5 of 50 channels`;
    return {
      title: 'Search latency and import at 100,000 documents',
      rows: [
        {
          figure: 'searchKnowledge latency, median',
          value: ms(median(medians)),
          workload,
        },
        {
          figure: 'searchKnowledge latency, p95',
          value: ms(median(p95s)),
          reference: 'target < 60 ms',
          workload,
        },
        {
          figure: 'bare FTS5 OR-query, median / p95 (same run)',
          value: `${ms(median(bareMedians))} / ${ms(median(bareP95s))}`,
          reference: `searchKnowledge p95 = ${(median(p95s) / median(bareP95s)).toFixed(1)}× bare`,
          workload: `${workload}; typed terms only, best 10 by bm25, no visibility, snippets, re-scoring or synonyms`,
        },
        { figure: 'searchKnowledge latency, max', value: ms(median(maxes)), workload },
        {
          figure: 'same top 5 as ranking every match by every expression',
          value: `${((sameTop5 / corpus.queries.length) * 100).toFixed(1)} %`,
          reference: 'target ≥ 99 %',
          workload: `${DOCUMENTS.toLocaleString('en-US')} docs, ${corpus.queries.length} varied queries`,
        },
        {
          figure: 'queries with at least one hit',
          value: `${(answered * 100).toFixed(1)} %`,
          workload,
        },
        {
          figure: 'peak memory (RSS) of the process',
          value: `${peakRssMiB.toFixed(0)} MiB`,
          workload: `building ${DOCUMENTS.toLocaleString('en-US')} docs, then ${RUNS * corpus.queries.length} searches`,
        },
        {
          figure: 'database size',
          value: `${sizeMiB.toFixed(1)} MiB`,
          workload: `${DOCUMENTS.toLocaleString('en-US')} docs with FTS5 index, after checkpoint`,
        },
        {
          figure: 'bulk upsert (one transaction)',
          value: perSecond(DOCUMENTS, buildMs),
          workload: `${DOCUMENTS.toLocaleString('en-US')} KnowledgeRepository.upsert calls, FTS triggers included`,
        },
        {
          figure: 'importMarkdownFolder, new files',
          value: perSecond(IMPORT_FILES, median(importTimes)),
          workload: `${IMPORT_FILES.toLocaleString('en-US')} .md files in 20 folders, median of 3`,
        },
        {
          figure: 'importMarkdownFolder, all unchanged',
          value: perSecond(IMPORT_FILES, median(reimportTimes)),
          workload: `${IMPORT_FILES.toLocaleString('en-US')} .md files re-imported, median of 3`,
        },
      ],
      notes: [
        'Latency: median and p95 of each run over all queries, then the median over runs (after a warm-up). Each searchKnowledge call includes planning with WordNet synonyms and dictionary (as the app), bm25 candidates with the visibility filter, per-concept re-scoring with document frequencies, snippets and the sureness rule; the bare query runs right after it on the same query.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
