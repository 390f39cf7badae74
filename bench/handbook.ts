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
  /** Counts, of answerable questions: answered right, answered with a wrong page; of unanswerable: answered. */
  counts: { answeredRight: number; answeredWrongPage: number; falseAnswers: number };
  /** Questions whose first hit was shown by its matching section, and of those how many were on the right page. */
  sectionShown: number;
  sectionRightPage: number;
  /** Answers given from a section of a long page. */
  answeredFromSection: number;
}

export function scoreHandbook(index: HandbookIndex, lexicon?: LexiconParts): HandbookFigures {
  const questions = JSON.parse(readFileSync(QUESTIONS, 'utf8')) as {
    text: string;
    page: string | null;
  }[];
  const figures = { hitAt1: 0, hitAt3: 0, answeredRight: 0, answeredWrongPage: 0, falseAnswers: 0 };
  let sectionShown = 0;
  let sectionRightPage = 0;
  let answeredFromSection = 0;
  let answerable = 0;
  for (const question of questions) {
    const { hits, confident } = searchKnowledge(
      { knowledge: index.knowledge, ...(lexicon ? { lexicon } : {}) },
      VIEWER,
      question.text,
      3,
    );
    const pages = hits.map((hit) => index.pageOf.get(hit.document.id));
    if (confident && hits[0]?.section) answeredFromSection += 1;
    if (question.page !== null && hits[0]?.section) {
      sectionShown += 1;
      // The section shown belongs to the hit's own page: it is right exactly when the page is.
      if (pages[0] === question.page) sectionRightPage += 1;
    }
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
    counts: {
      answeredRight: figures.answeredRight,
      answeredWrongPage: figures.answeredWrongPage,
      falseAnswers: figures.falseAnswers,
    },
    sectionShown,
    sectionRightPage,
    answeredFromSection,
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
      {
        figure:
          'held-out bench/data/handbook: /ask answered right / wrong page / false (unanswerable answered)',
        value: `${f.counts.answeredRight} of ${f.answerable} / ${f.counts.answeredWrongPage} of ${f.answerable} / ${f.counts.falseAnswers} of ${f.unanswerable}`,
        reference: 'target right ≥ 50 %, false ≤ 1',
        workload: workload(label),
      },
      {
        figure:
          'first hit shown by its matching section: on the right page / shown; answers given from a section',
        value: `${f.sectionShown === 0 ? 'n/a' : pct(f.sectionRightPage / f.sectionShown)} (${f.sectionRightPage} of ${f.sectionShown}); ${f.answeredFromSection}`,
        reference: 'a section always belongs to its hit’s page',
        workload: workload(label),
      },
    ]),
    notes: [
      'Handbook: bench/data/handbook (an invented company handbook, questions in a team chat\'s everyday voice). "Answered" = searchKnowledge says confident.',
    ],
  };
}
