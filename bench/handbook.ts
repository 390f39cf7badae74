/**
 * The held-out handbook set (bench/data/handbook/SOURCES.md): an invented company handbook and
 * everyday questions, some of which it does not answer. Written before any tuning and never
 * tuned on. Each question goes through searchKnowledge with the lexicon the app uses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  importMarkdownFolder,
  type LexiconParts,
  searchKnowledge,
} from '../src/core/services/knowledge.js';
import { type Db, openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import type { BenchResult } from './run.js';
import { appLexicon } from './search-quality.js';

export const HANDBOOK_PAGES = fileURLToPath(new URL('./data/handbook/pages', import.meta.url));
const QUESTIONS = new URL('./data/handbook/questions.json', import.meta.url);
const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;

export interface HandbookIndex {
  db: Db;
  knowledge: KnowledgeRepository;
  /** Page name (file name without .md) of each document id. */
  pageOf: Map<number, string>;
  close(): void;
}

/** The handbook pages imported as the app imports a folder. */
export async function buildHandbookIndex(): Promise<HandbookIndex> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-handbook-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const knowledge = new KnowledgeRepository(db);
  const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, HANDBOOK_PAGES);
  const pageOf = new Map<number, string>();
  for (const file of summary.added) {
    const document = knowledge.findBySourceKey(`import:${file}`);
    if (document) pageOf.set(document.id, file.replace(/\.md$/, ''));
  }
  return {
    db,
    knowledge,
    pageOf,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface HandbookFigures {
  hitAt1: number;
  hitAt3: number;
  answeredRight: number;
  answeredWrongPage: number;
  falseAnswers: number;
  answerable: number;
  unanswerable: number;
}

export function scoreHandbook(index: HandbookIndex, lexicon?: LexiconParts): HandbookFigures {
  const questions = JSON.parse(readFileSync(QUESTIONS, 'utf8')) as {
    text: string;
    page: string | null;
  }[];
  const figures = { hitAt1: 0, hitAt3: 0, answeredRight: 0, answeredWrongPage: 0, falseAnswers: 0 };
  let answerable = 0;
  for (const question of questions) {
    const { hits, confident } = searchKnowledge(
      { knowledge: index.knowledge, ...(lexicon ? { lexicon } : {}) },
      VIEWER,
      question.text,
      3,
    );
    const pages = hits.map((hit) => index.pageOf.get(hit.document.id));
    if (question.page === null) {
      if (confident) figures.falseAnswers += 1;
      continue;
    }
    answerable += 1;
    if (pages[0] === question.page) figures.hitAt1 += 1;
    if (pages.includes(question.page)) figures.hitAt3 += 1;
    if (confident && pages[0] === question.page) figures.answeredRight += 1;
    if (confident && pages[0] !== question.page) figures.answeredWrongPage += 1;
  }
  const unanswerable = questions.length - answerable;
  return {
    hitAt1: figures.hitAt1 / answerable,
    hitAt3: figures.hitAt3 / answerable,
    answeredRight: figures.answeredRight / answerable,
    answeredWrongPage: figures.answeredWrongPage / answerable,
    falseAnswers: figures.falseAnswers / unanswerable,
    answerable,
    unanswerable,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export async function run(): Promise<BenchResult> {
  const index = await buildHandbookIndex();
  const plain = scoreHandbook(index);
  const withSynonyms = scoreHandbook(index, appLexicon());
  index.close();
  const workload = (label: string) =>
    `${index.pageOf.size} pages, ${plain.answerable} answerable + ${plain.unanswerable} unanswerable questions; ${label}`;
  const rows = [
    ['no synonyms', plain],
    ['WordNet synonyms and dictionary (as shipped)', withSynonyms],
  ] as const;
  return {
    title: 'Handbook set (held out: written before tuning, never tuned on)',
    rows: rows.flatMap(([label, f]) => [
      {
        figure: 'hit@1 / hit@3',
        value: `${pct(f.hitAt1)} / ${pct(f.hitAt3)}`,
        workload: workload(label),
      },
      {
        figure: 'answered and right / answered with a wrong page',
        value: `${pct(f.answeredRight)} / ${pct(f.answeredWrongPage)}`,
        reference: 'of answerable questions',
        workload: workload(label),
      },
      {
        figure: 'false answers (unanswerable questions answered)',
        value: pct(f.falseAnswers),
        reference: 'target ≤ 5 %',
        workload: workload(label),
      },
    ]),
    notes: [
      'Handbook: bench/data/handbook (an invented company handbook, questions in a team chat\'s everyday voice). "Answered" = searchKnowledge says confident.',
    ],
  };
}
