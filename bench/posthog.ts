/**
 * The PostHog handbook set (bench/data/posthog-handbook/SOURCES.md): pages of a real, public
 * company handbook, and questions written as employees type them in a team chat before any
 * search change was tuned on them (held out). Each question goes through Mailroom's search as
 * `/ask` runs it, and through two plain FTS5 bm25 baselines over the same page texts:
 * by page, and by section (pages split at their headings, a page ranked by its best section).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEPTH,
  figures,
  measurePageSet,
  num,
  pairedBootstrap,
  pct,
  RESAMPLES,
  SEED,
} from './page-set.js';
import type { BenchResult } from './run.js';

export {
  baselines,
  baselineTerms,
  cell,
  DEPTH,
  figures,
  num,
  type Page,
  pageName,
  pairedBootstrap,
  pct,
  type Ranked,
  rankOf,
  sectionsOf,
  VIEWER,
} from './page-set.js';

export const POSTHOG_PAGES = fileURLToPath(
  new URL('./data/posthog-handbook/pages', import.meta.url),
);
export const POSTHOG_QUESTIONS = fileURLToPath(
  new URL('./data/posthog-handbook/questions.json', import.meta.url),
);

export interface PosthogQuestion {
  text: string;
  /** The page that answers it (path under pages/ without extension), or null: none does. */
  page: string | null;
  /** Other pages that answer it as well. */
  also?: string[];
}

export function readPosthogQuestions(): PosthogQuestion[] {
  return JSON.parse(readFileSync(POSTHOG_QUESTIONS, 'utf8')) as PosthogQuestion[];
}

export async function run(
  set: { pages: string; questions: string } = {
    pages: POSTHOG_PAGES,
    questions: POSTHOG_QUESTIONS,
  },
): Promise<BenchResult> {
  const questionsBytes = readFileSync(set.questions);
  const sha256 = createHash('sha256').update(questionsBytes).digest('hex');
  const questions = JSON.parse(questionsBytes.toString('utf8')) as PosthogQuestion[];

  const {
    pages,
    sectionCount,
    mailroom,
    byPage,
    bySection,
    misses,
    answeredRight,
    answeredWrongPage,
    falseAnswers,
    unanswerable,
    sectionShown,
    sectionRightPage,
    answeredFromSection,
  } = await measurePageSet(
    set.pages,
    questions.map((question) => ({
      text: question.text,
      page: question.page,
      accepted: question.page === null ? [] : [question.page, ...(question.also ?? [])],
    })),
  );

  const answerable = mailroom.length;
  const m = figures(mailroom);
  const p = figures(byPage);
  const s = figures(bySection);
  const better = p.mrr >= s.mrr ? { name: 'by page', f: p } : { name: 'by section', f: s };
  const interval = pairedBootstrap(m.reciprocal, better.f.reciprocal);
  const workload = `${pages.length} pages (${sectionCount} sections), ${answerable} answerable + ${unanswerable} unanswerable questions`;
  const row = (figure: string, value: string, reference?: string) => ({
    figure,
    value,
    workload,
    ...(reference ? { reference } : {}),
  });
  const systems = [
    ['Mailroom (searchKnowledge, WordNet synonyms and dictionary as shipped)', m],
    ['FTS5 bm25 by page, stopwords dropped', p],
    ['FTS5 bm25 by section, page ranked by its best section, stopwords dropped', s],
  ] as const;
  return {
    title: 'PostHog handbook set (held out: questions written before any tuning, never tuned on)',
    rows: [
      row('questions.json sha256', sha256),
      ...systems.flatMap(([label, f]) => [
        row(
          `${label}: hit@1 / hit@3 / MRR@${DEPTH}`,
          `${pct(f.hitAt1)} / ${pct(f.hitAt3)} / ${num(f.mrr)}`,
          label.startsWith('Mailroom') ? 'target hit@1 ≥ 60 %, hit@3 ≥ 80 %' : undefined,
        ),
      ]),
      row(
        '/ask answered and right (of answerable)',
        `${answeredRight} of ${answerable} (${pct(answeredRight / answerable)})`,
        'target ≥ 30 of 100',
      ),
      row(
        '/ask answered with a wrong page (of answerable)',
        `${answeredWrongPage} of ${answerable}`,
        'target ≤ 2 of 100',
      ),
      row(
        '/ask false answers (unanswerable questions answered)',
        `${falseAnswers} of ${unanswerable}`,
        'target ≤ 1 of 30',
      ),
      row(
        'held-out bench/data/posthog-handbook: /ask answered right / wrong page / false (unanswerable answered)',
        `${answeredRight} of ${answerable} / ${answeredWrongPage} of ${answerable} / ${falseAnswers} of ${unanswerable}`,
        'target ≥ 30 of 100 / ≤ 2 of 100 / ≤ 1 of 30',
      ),
      row(
        'first hit shown by its matching section: on the right page / shown; answers given from a section',
        `${sectionShown === 0 ? 'n/a' : pct(sectionRightPage / sectionShown)} (${sectionRightPage} of ${sectionShown}); ${answeredFromSection}`,
        'a section always belongs to its hit’s page',
      ),
      row(
        `Mailroom MRR − the better baseline's (${better.name}), paired bootstrap 95 % interval`,
        `${num(m.mrr - better.f.mrr)} [${num(interval.low)}, ${num(interval.high)}]`,
        'target ≥ 0.05, interval above 0',
      ),
    ],
    notes: [
      `PostHog handbook: bench/data/posthog-handbook (pages of PostHog's public handbook, MIT, unmodified; questions written for Mailroom in a team chat's voice). A question is right when the first page is the one it names or one of its "also" pages. "Answered" = searchKnowledge says confident. Baselines: FTS5 (porter unicode61) over the page texts as imported, the question's words lower-cased, Mailroom's stopword list dropped, OR-joined, ranked by bm25; by section, pages are split at their headings (heading path + section text) and ranked by their best section. Bootstrap: ${RESAMPLES.toLocaleString('en')} resamples of the answerable questions, seed ${SEED}.`,
    ],
    sections: [
      [
        `Misses at position 1 on the PostHog set (${misses.length} of ${answerable}):`,
        '',
        '| question | expected page | page ranked first | position of the expected page | /ask sure |',
        '| --- | --- | --- | --- | --- |',
        ...misses,
      ].join('\n'),
    ],
  };
}
