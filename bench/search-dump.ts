/**
 * The search's results, written out in full, so a change meant to make search cheaper can be
 * shown to change no result: `npm run bench -- search-dump` writes, for every question of the
 * two long-pages sets, every StackFAQ re-wording, every probe and every latency query (on a
 * small synthetic corpus), the ranked documents with their scores, concepts, sections and
 * snippets, and the sure/unsure verdict, one JSON line per question. Run it before and after a
 * change and compare the files (or their sha256, printed). The file goes to $SEARCH_DUMP, else
 * to mailroom-search-dump.jsonl in the system's temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importMarkdownFolder,
  type KnowledgeSearchResult,
  searchKnowledge,
} from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import { LONG_PAGES_SETS } from './long-pages.js';
import type { BenchResult } from './run.js';
import { Corpus } from './search-latency.js';
import { appLexicon, buildFaqIndex, loadStackFaq } from './search-quality.js';

const DEPTH = 10;
const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;
const LATENCY_VIEWER = { isGuest: false, visibleChannelIds: ['C1', 'C7', 'C12', 'C30', 'C44'] };
const LATENCY_DOCUMENTS = 3_000;
const PROBES = new URL('./data/probes/probes.json', import.meta.url);

interface ProbeSet {
  documents: { key: string; title: string; body: string }[];
  probes: { kind: string; query: string; expect: string }[];
}

/** One question's line: everything a result shows and everything /ask decides from it. */
function line(set: string, query: string, result: KnowledgeSearchResult): string {
  return JSON.stringify({
    set,
    query,
    confident: result.confident,
    searchedFor: result.searchedFor,
    hits: result.hits.map((hit) => ({
      key: hit.document.sourceKey ?? `id:${hit.document.id}`,
      score: hit.score,
      coverage: hit.coverage,
      matchedAlias: hit.matchedAlias,
      concepts: hit.concepts,
      section: hit.section ?? null,
      snippet: hit.snippet,
    })),
  });
}

/** A fresh database in a temporary folder, removed by `close`. */
function scratch(): { knowledge: KnowledgeRepository; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-search-dump-'));
  const db = openDatabase(join(dir, 'dump.db'));
  return {
    knowledge: new KnowledgeRepository(db),
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<BenchResult> {
  const lexicon = appLexicon();
  const lines: string[] = [];
  const started = performance.now();
  let searches = 0;
  const ask = (
    set: string,
    knowledge: KnowledgeRepository,
    query: string,
    viewer: typeof LATENCY_VIEWER | typeof VIEWER = VIEWER,
  ) => {
    lines.push(line(set, query, searchKnowledge({ knowledge, lexicon }, viewer, query, DEPTH)));
    searches += 1;
  };

  for (const set of LONG_PAGES_SETS) {
    const { knowledge, close } = scratch();
    await importMarkdownFolder({ knowledge, clock: () => 0 }, set.pages);
    const questions = JSON.parse(readFileSync(set.questions, 'utf8')) as { text: string }[];
    for (const question of questions) ask(set.name, knowledge, question.text);
    if (set.name === 'long-pages') {
      // The probes' documents beside the long pages, which act as distractors.
      const probes = JSON.parse(readFileSync(PROBES, 'utf8')) as ProbeSet;
      for (const document of probes.documents) {
        knowledge.upsert(
          {
            title: document.title,
            body: document.body,
            source: 'written',
            sourceKey: `probe:${document.key}`,
          },
          0,
        );
      }
      for (const probe of probes.probes) ask('probes', knowledge, probe.query);
    }
    close();
  }

  const threads = loadStackFaq();
  const faq = await buildFaqIndex(threads);
  for (const thread of threads) {
    for (const text of thread.rephrasings) ask('stackfaq', faq.knowledge, text);
  }
  faq.close();

  const corpus = new Corpus();
  const latency = scratch();
  for (let i = 0; i < LATENCY_DOCUMENTS; i += 1) latency.knowledge.upsert(corpus.document(i), i);
  for (const query of corpus.queries) ask('latency', latency.knowledge, query, LATENCY_VIEWER);
  latency.close();

  const text = `${lines.join('\n')}\n`;
  const path = process.env.SEARCH_DUMP ?? join(tmpdir(), 'mailroom-search-dump.jsonl');
  writeFileSync(path, text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  return {
    title: 'Search results, written out to compare before and after a change',
    rows: [
      {
        figure: 'search results sha256',
        value: sha256,
        workload: `${searches} searches (long-pages, long-pages-2, probes, StackFAQ, latency queries on ${LATENCY_DOCUMENTS.toLocaleString('en-US')} docs), best ${DEPTH}, written to ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      },
    ],
    notes: [
      'Search dump: one JSON line per question (its ranked documents with scores, coverage, concepts, section and snippet, its sure/unsure verdict and the words searched); a change that should not change results must leave the file, and so its sha256, the same.',
    ],
  };
}
