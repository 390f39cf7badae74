/**
 * The search vocabulary at 100,000 documents (the corpus of search-latency.ts): how long the
 * typo index takes to build from the search_words table and how much memory it holds, how
 * fast a correction and a query plan are, and what keeping the vocabulary costs an upsert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planQuery } from '../src/core/domain/search/query.js';
import { TypoIndex } from '../src/core/domain/search/typo-index.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import type { BenchResult } from './run.js';
import { Corpus } from './search-latency.js';

const DOCUMENTS = 100_000;
const TYPOS = 2_000;

function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A typo of a word: two neighbouring letters swapped, or one dropped (seeded by position). */
function misspell(word: string, i: number): string {
  const at = 1 + (i % Math.max(1, word.length - 2));
  return i % 2 === 0
    ? `${word.slice(0, at)}${word[at + 1] ?? ''}${word[at] ?? ''}${word.slice(at + 2)}`
    : `${word.slice(0, at)}${word.slice(at + 1)}`;
}

const ms = (x: number): string => `${x.toFixed(3)} ms`;

/** mulberry32, seeded. */
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

/**
 * A vocabulary ten times the generated corpus's, as a real knowledge base of this size may
 * have (names, jargon, misspellings in the docs): 200,000 made-up words of 3-16 letters
 * (letters skewed as in English), counts falling as 1 / rank.
 */
function largeVocabulary(): { build: number; heap: number; correct: number } {
  const rand = random(42);
  const letters = 'etaoinshrdlcumwfgypbvkjxqz';
  const words = new Set<string>();
  while (words.size < 200_000) {
    const length = 3 + Math.floor(rand() * rand() * 14);
    let word = '';
    for (let i = 0; i < length; i += 1) word += letters[Math.floor(rand() * rand() * 26)];
    words.add(word);
  }
  const list = [...words];
  const before = heapMiB();
  const started = performance.now();
  const index = new TypoIndex();
  list.forEach((word, i) => {
    index.add(word, 1 + Math.floor(1_000 / (i + 1)));
  });
  const build = performance.now() - started;
  const heap = heapMiB() - before;
  const correctStarted = performance.now();
  for (let i = 0; i < TYPOS; i += 1) index.correct(misspell(list[i * 50] as string, i));
  const correct = (performance.now() - correctStarted) / TYPOS;
  return { build, heap, correct };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-typos-'));
  try {
    const corpus = new Corpus();
    const path = join(dir, 'bench.db');
    const db = openDatabase(path);
    const knowledge = new KnowledgeRepository(db);
    const buildStarted = performance.now();
    db.$client.transaction(() => {
      for (let i = 0; i < DOCUMENTS; i += 1) knowledge.upsert(corpus.document(i), i);
    })();
    const upsertMs = performance.now() - buildStarted;
    db.$client.close();

    // A fresh connection, as after a restart: nothing is in memory yet.
    const reopenStarted = performance.now();
    const reopened = openDatabase(path);
    const fresh = new KnowledgeRepository(reopened);
    const reopenMs = performance.now() - reopenStarted;
    const words = (
      reopened.$client.prepare('SELECT count(*) AS n FROM search_words').get() as { n: number }
    ).n;
    const heapBefore = heapMiB();
    const warmStarted = performance.now();
    fresh.vocabulary.warm();
    const warmMs = performance.now() - warmStarted;
    const heapAfter = heapMiB();

    const common = reopened.$client
      .prepare(
        `SELECT word FROM search_words
         WHERE length(word) >= 4 AND word NOT GLOB '*[0-9]*'
         ORDER BY documents DESC LIMIT ${TYPOS}`,
      )
      .all() as { word: string }[];
    const typos = common.map((row, i) => misspell(row.word, i));
    const correctTimes: number[] = [];
    let corrected = 0;
    typos.forEach((typo, i) => {
      const started = performance.now();
      const correction = fresh.vocabulary.correct(typo);
      correctTimes.push(performance.now() - started);
      if (correction === common[i]?.word) corrected += 1;
    });
    correctTimes.sort((a, b) => a - b);

    const lexicon = fresh.vocabulary.lexicon();
    const planTimes: number[] = [];
    for (const query of [...corpus.queries, ...typos.slice(0, 200)]) {
      const started = performance.now();
      planQuery(query, lexicon);
      planTimes.push(performance.now() - started);
    }
    planTimes.sort((a, b) => a - b);
    reopened.$client.close();

    const large = largeVocabulary();
    const workload = `${DOCUMENTS.toLocaleString('en-US')} generated docs (search-latency corpus), ${words.toLocaleString('en-US')} distinct words`;
    return {
      title: 'Search vocabulary and typo index at 100,000 documents',
      rows: [
        {
          figure: 'typo index build (lazy, at the first typo or warm())',
          value: `${warmMs.toFixed(0)} ms`,
          workload,
        },
        {
          figure: 'typo index memory (heap growth)',
          value: `${(heapAfter - heapBefore).toFixed(0)} MiB`,
          workload,
        },
        {
          figure: 'typo index at 200,000 words: build / heap / correct() mean',
          value: `${large.build.toFixed(0)} ms / ${large.heap.toFixed(0)} MiB / ${ms(large.correct)}`,
          workload: '200,000 made-up words of 3-16 letters, TypoIndex alone',
        },
        {
          figure: 'database open with migrations (no typo index yet)',
          value: `${reopenMs.toFixed(0)} ms`,
          reference: 'ready < 1.5 s',
          workload,
        },
        {
          figure: 'correct(), median / p95',
          value: `${ms(percentile(correctTimes, 0.5))} / ${ms(percentile(correctTimes, 0.95))}`,
          workload: `${TYPOS} typos (swapped or dropped letter) of the most common words`,
        },
        {
          figure: 'typos corrected back to their word',
          value: `${((corrected / TYPOS) * 100).toFixed(1)} %`,
          workload: `${TYPOS} typos; a miss is a more frequent word as close`,
        },
        {
          figure: 'planQuery with the vocabulary, median / p95',
          value: `${ms(percentile(planTimes, 0.5))} / ${ms(percentile(planTimes, 0.95))}`,
          workload: `${corpus.queries.length} search-latency queries + 200 typos, no glossary or synonyms`,
        },
        {
          figure: 'bulk upsert with the vocabulary kept (one transaction)',
          value: `${Math.round((DOCUMENTS / upsertMs) * 1000).toLocaleString('en-US')} docs/s`,
          workload: `${DOCUMENTS.toLocaleString('en-US')} KnowledgeRepository.upsert calls`,
        },
      ],
      notes: [
        'Typo index: heap measured around its build (exact with node --expose-gc). It is built from search_words on first use or by warmInBackground() in slices after start-up, so start-up never waits for it.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
