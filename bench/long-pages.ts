/**
 * The tuning sets of pages and questions that name the page AND the section that answers them:
 * long-pages and long-pages-2 (bench/data/long-pages*: the handbooks of invented companies,
 * written for Mailroom as long pages on overlapping topics) and tts-handbook (a real public
 * handbook, bench/data/tts-handbook/SOURCES.md). TUNING sets: passages and section sureness
 * are tuned on them, so their figures are not held out. Each question goes through Mailroom's
 * search as `/ask` runs it, and through the two plain FTS5 bm25 baselines of the PostHog bench
 * (by page, by section); on top of the page figures it measures whether the first hit points
 * at the right section. One set's report (runSet: search-long-pages for one set, search-tts),
 * long-pages and long-pages-2 side by side (run: search-long-pages), and every tuning set in
 * one table (runTuning: search-tuning).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SNIPPET_END, SNIPPET_START } from '../src/core/domain/search/query.js';
import type { SearchTuning } from '../src/core/domain/search/tuning.js';
import {
  cell,
  DEPTH,
  figures,
  measurePageSetTunings,
  num,
  type PageSetMiss,
  type PageSetRun,
  pairedBootstrap,
  pct,
  sectionsOf,
} from './page-set.js';
import type { BenchResult, BenchRow } from './run.js';

export const LONG_PAGES = fileURLToPath(new URL('./data/long-pages/pages', import.meta.url));
export const LONG_PAGES_QUESTIONS = fileURLToPath(
  new URL('./data/long-pages/questions.json', import.meta.url),
);
export const LONG_PAGES_2 = fileURLToPath(new URL('./data/long-pages-2/pages', import.meta.url));
export const LONG_PAGES_2_QUESTIONS = fileURLToPath(
  new URL('./data/long-pages-2/questions.json', import.meta.url),
);

export const TTS_HANDBOOK = fileURLToPath(new URL('./data/tts-handbook/pages', import.meta.url));
export const TTS_HANDBOOK_QUESTIONS = fileURLToPath(
  new URL('./data/tts-handbook/questions.json', import.meta.url),
);

/** A set of long pages and its questions. */
export interface LongPagesSet {
  /** How the report names it ("long-pages"). */
  name: string;
  pages: string;
  questions: string;
  /** The report's title for the set alone, before "(TUNING set: …)". */
  title: string;
  /** What the set is, for the report's note. */
  about: string;
}

export const LONG_PAGES_SET: LongPagesSet = {
  name: 'long-pages',
  pages: LONG_PAGES,
  questions: LONG_PAGES_QUESTIONS,
  title: 'Long handbook pages',
  about:
    'Long pages: bench/data/long-pages (the handbook of an invented company, written for Mailroom; each question names its page and section).',
};

export const TTS_HANDBOOK_SET: LongPagesSet = {
  name: 'tts-handbook',
  pages: TTS_HANDBOOK,
  questions: TTS_HANDBOOK_QUESTIONS,
  title: 'The TTS handbook, a real public handbook',
  about:
    'The TTS handbook: bench/data/tts-handbook (the public handbook of the US Technology Transformation Services, 18F/handbook, its pages unmodified and their template tags rendered by the import; questions written for Mailroom, each naming its page and section).',
};

/** The two invented handbooks: the software company's and the logistics company's. */
export const LONG_PAGES_SETS: readonly LongPagesSet[] = [
  LONG_PAGES_SET,
  {
    name: 'long-pages-2',
    pages: LONG_PAGES_2,
    questions: LONG_PAGES_2_QUESTIONS,
    title: 'Long handbook pages of a second company',
    about:
      'Long pages 2: bench/data/long-pages-2 (the handbook of an invented logistics company, written for Mailroom; each question names its page and section).',
  },
];

/** Every tuning set of this shape: the two invented handbooks and the real one. */
export const TUNING_SETS: readonly LongPagesSet[] = [...LONG_PAGES_SETS, TTS_HANDBOOK_SET];

/** A page and the heading of one of its sections. */
export interface SectionRef {
  /** The page (file name under pages/ without extension). */
  page: string;
  /** The section's own heading as written, without its `#` marks or underline. */
  section: string;
}

export interface LongPagesQuestion {
  text: string;
  /** The page that answers it, or null: none does. */
  page: string | null;
  /** The heading of the section that answers it; present exactly when `page` is. */
  section?: string;
  /** Other sections, on this page or others, that answer it as well. */
  also?: SectionRef[];
}

/** One section of a page, as the snippet locator reads it. */
export interface PageSection {
  /** Its own heading (the page title for the text before the first heading). */
  heading: string;
  /** Its heading path: the page title, then each enclosing heading. */
  path: string;
  /** The headings of the path after the title, its own last (empty before the first heading). */
  trail: string[];
  /** Its text, without its heading line. */
  text: string;
  /** Whether its heading is a line of the page (false for the text before the first heading). */
  headed: boolean;
}

export function readLongPagesQuestions(): LongPagesQuestion[] {
  return JSON.parse(readFileSync(LONG_PAGES_QUESTIONS, 'utf8')) as LongPagesQuestion[];
}

/** A page's sections, split as the by-section baseline splits them. */
export function pageSections(title: string, body: string): PageSection[] {
  const prefix = `${title} > `;
  return sectionsOf(title, body).map(({ heading, text }) => {
    const headed = heading.startsWith(prefix);
    const trail = headed ? heading.slice(prefix.length).split(' > ') : [];
    return { heading: trail.at(-1) ?? title, path: heading, trail, text, headed };
  });
}

/** The words of a text as FTS5's unicode61 tokenizer splits them, lower-cased. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Where a snippet was found: the section, and whether its words were found in a row. */
export interface SnippetSection {
  section: PageSection;
  exact: boolean;
}

/**
 * The section a search snippet comes from. The snippet's unmarked words (match marks and
 * ellipses dropped) are looked up, in a row, in the page's words laid out section by section
 * (each section's heading words, then its text), and the section holding the snippet's first
 * matched word wins; a snippet spanning a heading is thereby placed where its match is. When
 * the words are not found in a row, the section holding most of them wins (exact: false).
 * Null when the snippet has no words or none of them is on the page (a title-only snippet).
 */
export function sectionOfSnippet(
  sections: readonly PageSection[],
  snippet: string,
): SnippetSection | null {
  const markAt = snippet.indexOf(SNIPPET_START);
  const strip = (text: string) => text.replaceAll(SNIPPET_START, '').replaceAll(SNIPPET_END, '');
  const words = wordsOf(strip(snippet));
  if (words.length === 0) return null;
  const anchor = markAt < 0 ? 0 : wordsOf(strip(snippet.slice(0, markAt))).length;

  const stream: string[] = [];
  const owner: number[] = [];
  sections.forEach((section, index) => {
    const own = [...(section.headed ? wordsOf(section.heading) : []), ...wordsOf(section.text)];
    for (const word of own) {
      stream.push(word);
      owner.push(index);
    }
  });
  for (let start = 0; start + words.length <= stream.length; start += 1) {
    let k = 0;
    while (k < words.length && stream[start + k] === words[k]) k += 1;
    if (k === words.length) {
      const at = owner[start + Math.min(anchor, words.length - 1)] as number;
      return { section: sections[at] as PageSection, exact: true };
    }
  }

  const wanted = new Set(words);
  let best: { index: number; count: number } | null = null;
  sections.forEach((section, index) => {
    const own = new Set([
      ...(section.headed ? wordsOf(section.heading) : []),
      ...wordsOf(section.text),
    ]);
    const count = [...wanted].filter((word) => own.has(word)).length;
    if (count > 0 && (best === null || count > best.count)) best = { index, count };
  });
  const found = best as { index: number; count: number } | null;
  return found === null ? null : { section: sections[found.index] as PageSection, exact: false };
}

/** The sections a question accepts on one page: its own, and its `also` ones there. */
export function acceptedSections(question: LongPagesQuestion, page: string): Set<string> {
  const refs: SectionRef[] = [
    ...(question.page !== null && question.section !== undefined
      ? [{ page: question.page, section: question.section }]
      : []),
    ...(question.also ?? []),
  ];
  return new Set(refs.filter((ref) => ref.page === page).map((ref) => ref.section));
}

/** One long-pages set measured: the shared runner's figures, and where the first hits' snippets are. */
export interface LongPagesRun extends PageSetRun {
  sha256: string;
  /** Answerable questions whose first page is right. */
  pageHits: number;
  /** Of those, the ones whose snippet is in a right section. */
  sectionHits: number;
  /** Snippets of right first pages placed in a section, and of them placed by words in a row. */
  located: number;
  locatedExactly: number;
  /** Answered (sure) and right, with the snippet in a right section. */
  answeredRightSection: number;
  /** One table row per right first page whose snippet is in another section. */
  sectionMisses: string[];
}

/** Asks a set's questions (measurePageSet), and places each right first page's snippet in a section. */
export async function measureLongPages(set: {
  pages: string;
  questions: string;
}): Promise<LongPagesRun> {
  const [run] = await measureLongPagesTunings(set, [{}]);
  return run as LongPagesRun;
}

/** measureLongPages once per tuning of the search, over one import of the pages. */
export async function measureLongPagesTunings(
  set: { pages: string; questions: string },
  tunings: readonly Partial<SearchTuning>[],
): Promise<LongPagesRun[]> {
  const questionsBytes = readFileSync(set.questions);
  const sha256 = createHash('sha256').update(questionsBytes).digest('hex');
  const questions = JSON.parse(questionsBytes.toString('utf8')) as LongPagesQuestion[];
  const tallies = tunings.map(() => ({
    sectionMisses: [] as string[],
    answeredRightSection: 0,
    sectionHits: 0,
    located: 0,
    locatedExactly: 0,
  }));
  const runs = await measurePageSetTunings(
    set.pages,
    questions.map((question) => ({
      ...question,
      accepted:
        question.page === null
          ? []
          : [question.page, ...(question.also ?? []).map((ref) => ref.page)],
    })),
    tunings,
    (t, { question, hits, confident, mine }, pages) => {
      const tally = tallies[t] as (typeof tallies)[number];
      if (mine.position !== 1) return;
      const top = hits[0];
      const page = mine.first as string;
      const shown = pages.get(page);
      const sections = shown ? pageSections(shown.title, shown.body) : [];
      const titleOnly =
        top !== undefined &&
        top.snippet.replaceAll(SNIPPET_START, '').replaceAll(SNIPPET_END, '') ===
          top.document.title;
      const found = top && !titleOnly ? sectionOfSnippet(sections, top.snippet) : null;
      if (found) tally.located += 1;
      if (found?.exact) tally.locatedExactly += 1;
      const wanted = acceptedSections(question, page);
      if (found?.section.trail.some((heading) => wanted.has(heading))) {
        tally.sectionHits += 1;
        if (confident) tally.answeredRightSection += 1;
      } else {
        tally.sectionMisses.push(
          `| ${cell(question.text)} | ${cell(`${page} > ${[...wanted].join(' / ')}`)} | ${cell(found ? found.section.path : '(not on the page)')} |`,
        );
      }
    },
  );
  return runs.map((run, t) => ({
    ...run,
    ...(tallies[t] as (typeof tallies)[number]),
    sha256,
    pageHits: run.mailroom.filter((r) => r.position === 1).length,
  }));
}

/** Several sets' runs as one: their questions pooled, each asked in its own set's index. */
export function unionOf(runs: readonly LongPagesRun[]): LongPagesRun {
  const sum = (pick: (run: LongPagesRun) => number) =>
    runs.reduce((total, run) => total + pick(run), 0);
  const all = <T>(pick: (run: LongPagesRun) => readonly T[]) => runs.flatMap((run) => pick(run));
  return {
    pages: all((run) => run.pages),
    sectionCount: sum((run) => run.sectionCount),
    mailroom: all((run) => run.mailroom),
    byPage: all((run) => run.byPage),
    bySection: all((run) => run.bySection),
    misses: all((run) => run.misses),
    missed: all((run) => run.missed),
    answeredRight: sum((run) => run.answeredRight),
    answeredWrongPage: sum((run) => run.answeredWrongPage),
    falseAnswers: sum((run) => run.falseAnswers),
    unanswerable: sum((run) => run.unanswerable),
    sectionShown: sum((run) => run.sectionShown),
    sectionRightPage: sum((run) => run.sectionRightPage),
    answeredFromSection: sum((run) => run.answeredFromSection),
    sha256: runs.map((run) => run.sha256).join(' + '),
    pageHits: sum((run) => run.pageHits),
    sectionHits: sum((run) => run.sectionHits),
    located: sum((run) => run.located),
    locatedExactly: sum((run) => run.locatedExactly),
    answeredRightSection: sum((run) => run.answeredRightSection),
    sectionMisses: all((run) => run.sectionMisses),
  };
}

/** A run's figures as rows: `name` starts each figure after the first ("long-pages: …"), when given. */
function rowsOf(run: LongPagesRun, shaLabel: string, name?: string): BenchRow[] {
  const answerable = run.mailroom.length;
  const m = figures(run.mailroom);
  const p = figures(run.byPage);
  const s = figures(run.bySection);
  const workload = `${run.pages.length} pages (${run.sectionCount} sections), ${answerable} answerable + ${run.unanswerable} unanswerable questions`;
  const row = (figure: string, value: string) => ({
    figure: name ? `${name}: ${figure}` : figure,
    value,
    workload,
  });
  const systems = [
    ['Mailroom (searchKnowledge, WordNet synonyms and dictionary as shipped)', m],
    ['FTS5 bm25 by page, stopwords dropped', p],
    ['FTS5 bm25 by section, page ranked by its best section, stopwords dropped', s],
  ] as const;
  return [
    { figure: shaLabel, value: run.sha256, workload },
    ...systems.map(([label, f]) =>
      row(
        `${label}: page hit@1 / hit@3 / MRR@${DEPTH}`,
        `${pct(f.hitAt1)} / ${pct(f.hitAt3)} / ${num(f.mrr)}`,
      ),
    ),
    row(
      'Mailroom section hit@1: first hit on a right page AND its snippet in a right section (or one nested in it)',
      `${run.sectionHits} of ${answerable} (${pct(run.sectionHits / answerable)}); ${run.sectionHits} of ${run.pageHits} right first pages`,
    ),
    row(
      'snippets of right first pages placed in a section (in a row / by most words)',
      `${run.locatedExactly} / ${run.located - run.locatedExactly} of ${run.pageHits}`,
    ),
    row(
      '/ask answered and right (of answerable)',
      `${run.answeredRight} of ${answerable} (${pct(run.answeredRight / answerable)}); ${run.answeredRightSection} of them with the snippet in a right section`,
    ),
    row(
      '/ask answered with a wrong page (of answerable)',
      `${run.answeredWrongPage} of ${answerable}`,
    ),
    row(
      '/ask false answers (unanswerable questions answered)',
      `${run.falseAnswers} of ${run.unanswerable}`,
    ),
  ];
}

/** Mailroom's MRR minus the better baseline's (by section on a tie), with its paired bootstrap interval. */
function marginRow(run: LongPagesRun, name: string): BenchRow {
  const m = figures(run.mailroom);
  const s = figures(run.bySection);
  const p = figures(run.byPage);
  const [label, best] = p.mrr > s.mrr ? ['by page', p] : ['by section', s];
  const interval = pairedBootstrap(m.reciprocal, best.reciprocal);
  return {
    figure: `${name}: Mailroom MRR − FTS5 bm25 ${label}'s (the better baseline), paired bootstrap 95 % interval`,
    value: `${num(m.mrr - best.mrr)} [${num(interval.low)}, ${num(interval.high)}]`,
    workload: `${run.mailroom.length} answerable questions`,
  };
}

const SECTION_NOTE = `Section hit@1: the first hit's snippet is placed in a section by looking up its unmarked words (match marks and ellipses dropped), in a row, in the page's words laid out section by section (heading words, then text); the section holding the snippet's first matched word is the snippet's section, and it is right when it is the question's section, or one of its "also" sections on that page, or a section nested under one of them (a ### inside the named ##). When the words are not found in a row, the section sharing most of them is taken. A title-only snippet is placed nowhere and counts as a miss.`;

function missRow(miss: PageSetMiss): string {
  const at = (position: number | null) => (position === null ? `> ${DEPTH}` : String(position));
  return `| ${cell(miss.text)} | ${miss.page} | ${miss.first ?? '(nothing)'} | ${at(miss.position)} | ${at(miss.bySection)} | ${miss.confident ? 'yes' : 'no'} |`;
}

function missTables(run: LongPagesRun, name: string): string[] {
  const answerable = run.mailroom.length;
  return [
    [
      `Misses at position 1 on the ${name} set (${run.misses.length} of ${answerable}):`,
      '',
      '| question | expected page | page ranked first | position of the expected page | bm25 by section: position of the expected page | /ask sure |',
      '| --- | --- | --- | --- | --- | --- |',
      ...run.missed.map(missRow),
    ].join('\n'),
    [
      `Right first page, wrong section, on the ${name} set (${run.sectionMisses.length} of ${run.pageHits}):`,
      '',
      '| question | expected section | section of the snippet |',
      '| --- | --- | --- |',
      ...run.sectionMisses,
    ].join('\n'),
  ];
}

/**
 * One set's report (long-pages unless told): its figures, Mailroom's MRR margin over the better
 * baseline, and its misses. `pages` and `questions` may point elsewhere (a test's fixture).
 */
export async function runSet(
  set: Pick<LongPagesSet, 'pages' | 'questions'> & Partial<LongPagesSet> = LONG_PAGES_SET,
): Promise<BenchResult> {
  const { name, title, about } = { ...LONG_PAGES_SET, ...set };
  const run = await measureLongPages(set);
  return {
    title: `${title} (TUNING set: tuned on, not held out)`,
    rows: [...rowsOf(run, `${name} questions.json sha256`), marginRow(run, name)],
    notes: [
      `${about} A TUNING set: search changes are tuned on it, so these figures are not held out. Page figures and baselines are computed as in the PostHog bench; the MRR margin's interval is a paired bootstrap as there. ${SECTION_NOTE}`,
    ],
    sections: missTables(run, name),
  };
}

/** Both tuning sets, each on its own, and their union. */
export async function run(): Promise<BenchResult> {
  const runs: { name: string; run: LongPagesRun }[] = [];
  for (const set of LONG_PAGES_SETS)
    runs.push({ name: set.name, run: await measureLongPages(set) });
  const union = { name: 'both sets', run: unionOf(runs.map((each) => each.run)) };
  return {
    title: 'Long handbook pages, two sets (TUNING sets: tuned on, not held out)',
    rows: [...runs, union].flatMap(({ name, run }) => [
      ...rowsOf(run, `${name} questions.json sha256`, name),
      marginRow(run, name),
    ]),
    notes: [
      `Long pages: bench/data/long-pages (the handbook of an invented software company) and bench/data/long-pages-2 (of an invented logistics company), both written for Mailroom; each question names its page and section. TUNING sets: search changes are fitted on one and checked on the other, so neither is held out. "both sets" pools the two sets' questions, each asked in its own set's index. Page figures and baselines are computed as in the PostHog bench; the MRR margin's interval is a paired bootstrap as there. ${SECTION_NOTE}`,
    ],
    sections: runs.flatMap(({ name, run }) => missTables(run, name)),
  };
}

/** One line of the tuning table: a set's page figures, its bm25 by-section MRR and its answers. */
function tuningLine(name: string, run: LongPagesRun): string {
  const m = figures(run.mailroom);
  const s = figures(run.bySection);
  const answerable = run.mailroom.length;
  return `| ${cell(name)} | ${answerable} + ${run.unanswerable} | ${pct(m.hitAt1)} | ${pct(m.hitAt3)} | ${num(m.mrr)} | ${num(s.mrr)} | ${run.answeredRight} of ${answerable} | ${run.answeredWrongPage} of ${answerable} | ${run.falseAnswers} of ${run.unanswerable} |`;
}

/** Every tuning set measured, and one table of them all and of their union. */
export async function runTuning(sets: readonly LongPagesSet[] = TUNING_SETS): Promise<BenchResult> {
  const runs: { name: string; run: LongPagesRun }[] = [];
  for (const set of sets) runs.push({ name: set.name, run: await measureLongPages(set) });
  const union = { name: 'all tuning sets', run: unionOf(runs.map((each) => each.run)) };
  const all = [...runs, union];
  return {
    title: 'Every tuning set (TUNING sets: tuned on, not held out)',
    rows: [
      ...runs.map(({ name, run }) => ({
        figure: `${name} questions.json sha256`,
        value: run.sha256,
        workload: `${run.pages.length} pages (${run.sectionCount} sections)`,
      })),
      ...all.map(({ name, run }) => {
        const m = figures(run.mailroom);
        const s = figures(run.bySection);
        return {
          figure: `${name}: Mailroom page hit@1 / hit@3 / MRR@${DEPTH}; FTS5 bm25 by section MRR@${DEPTH}; /ask answered right / wrong page / false answers`,
          value: `${pct(m.hitAt1)} / ${pct(m.hitAt3)} / ${num(m.mrr)}; ${num(s.mrr)}; ${run.answeredRight} / ${run.answeredWrongPage} / ${run.falseAnswers}`,
          workload: `${run.mailroom.length} answerable + ${run.unanswerable} unanswerable questions`,
        };
      }),
      ...all.map(({ name, run }) => marginRow(run, name)),
    ],
    notes: [
      `Every tuning set: ${sets.map((set) => set.name).join(', ')}, each asked in its own set's index; "all tuning sets" pools their questions. TUNING sets: search changes are chosen on them, so none of these figures is held out. Figures as in search-long-pages and search-tts, where each set's misses are listed.`,
    ],
    sections: [
      [
        'The tuning sets side by side (answered right / wrong page: of the answerable questions; false answers: of the unanswerable ones):',
        '',
        `| set | questions (answerable + unanswerable) | hit@1 | hit@3 | MRR@${DEPTH} | bm25 by section MRR@${DEPTH} | answered right | answered, wrong page | false answers |`,
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...all.map(({ name, run }) => tuningLine(name, run)),
      ].join('\n'),
    ],
  };
}
