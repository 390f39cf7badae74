/**
 * The PostHog handbook set (bench/data/posthog-handbook/SOURCES.md): pages of a real, public
 * company handbook, and questions written as employees type them in a team chat before any
 * search change was tuned on them (held out). Each question goes through Mailroom's search as
 * `/ask` runs it, and through two plain FTS5 bm25 baselines over the same page texts:
 * by page, and by section (pages split at their headings, a page ranked by its best section).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { STOPWORDS } from '../src/core/domain/search/terms.js';
import { importMarkdownFolder, searchKnowledge } from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import type { BenchResult } from './run.js';
import { appLexicon } from './search-quality.js';

export const POSTHOG_PAGES = fileURLToPath(
  new URL('./data/posthog-handbook/pages', import.meta.url),
);
export const POSTHOG_QUESTIONS = fileURLToPath(
  new URL('./data/posthog-handbook/questions.json', import.meta.url),
);
export const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;
/** Positions looked at: a right page below this counts 0 in the MRR. */
export const DEPTH = 10;
const RESAMPLES = 10_000;
const SEED = 20_261_207;

export interface PosthogQuestion {
  text: string;
  /** The page that answers it (path under pages/ without extension), or null: none does. */
  page: string | null;
  /** Other pages that answer it as well. */
  also?: string[];
}

export interface Page {
  name: string;
  title: string;
  body: string;
}

/** How one system ranked one answerable question. */
export interface Ranked {
  /** 1-based position of the first acceptable page within DEPTH, else null. */
  position: number | null;
  first: string | undefined;
}

export interface SystemFigures {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  reciprocal: number[];
}

/** The page name of a file under pages/, as the import names it. */
export function pageName(file: string): string {
  return file.replace(/\.(md|markdown|mdx)$/i, '');
}

export function readPosthogQuestions(): PosthogQuestion[] {
  return JSON.parse(readFileSync(POSTHOG_QUESTIONS, 'utf8')) as PosthogQuestion[];
}

/** The terms of a question for the baselines: lower-cased words, stopwords dropped. */
export function baselineTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const kept = [...new Set(words.filter((word) => !STOPWORDS.has(word)))];
  return kept.length > 0 ? kept : [...new Set(words)];
}

/** The FTS5 query: every term quoted, joined by OR. */
function matchQuery(terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * A page's sections: its text split at ATX and setext headings outside code fences, each
 * with its heading path (the page title, then each enclosing heading).
 */
export function sectionsOf(title: string, body: string): { heading: string; text: string }[] {
  const sections: { heading: string; text: string }[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text !== '' || path.length > 0)
      sections.push({ heading: [title, ...path].join(' > '), text });
    lines = [];
  };
  const open = (level: number, heading: string) => {
    flush();
    path.length = Math.max(0, level - 1);
    while (path.length < level - 1) path.push('');
    path.push(heading);
  };
  const rows = body.split('\n');
  for (let i = 0; i < rows.length; i += 1) {
    const line = rows[i] as string;
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      lines.push(line);
      continue;
    }
    const atx = fence === null ? /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(line) : null;
    if (atx?.[1] && atx[2] !== undefined) {
      open(atx[1].length, atx[2]);
      continue;
    }
    const next = rows[i + 1];
    const setext =
      fence === null && line.trim() !== '' && next !== undefined && /^ {0,3}(=+|-+)\s*$/.exec(next);
    if (setext && !/^\s*([-*+]|\d+[.)]|>)\s/.test(line)) {
      open(setext[1]?.startsWith('=') ? 1 : 2, line.trim());
      i += 1;
      continue;
    }
    lines.push(line);
  }
  flush();
  return sections.map((s) => ({ heading: s.heading.replace(/( > )+/g, ' > '), text: s.text }));
}

/** mulberry32: a small seeded generator, so the interval is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Paired bootstrap 95 % interval of mean(a − b) over the same questions. */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  resamples = RESAMPLES,
  seed = SEED,
): { low: number; high: number } {
  const n = a.length;
  const random = seeded(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const j = Math.floor(random() * n);
      sum += (a[j] as number) - (b[j] as number);
    }
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  const at = (q: number) =>
    means[Math.min(means.length - 1, Math.floor(q * means.length))] as number;
  return { low: at(0.025), high: at(0.975) };
}

export function figures(ranked: readonly Ranked[]): SystemFigures {
  const reciprocal = ranked.map((r) => (r.position === null ? 0 : 1 / r.position));
  const share = (test: (r: Ranked) => boolean) => ranked.filter(test).length / ranked.length;
  return {
    hitAt1: share((r) => r.position === 1),
    hitAt3: share((r) => r.position !== null && r.position <= 3),
    mrr: reciprocal.reduce((sum, x) => sum + x, 0) / ranked.length,
    reciprocal,
  };
}

export function rankOf(
  pages: readonly (string | undefined)[],
  accepted: ReadonlySet<string>,
): Ranked {
  const index = pages.findIndex((page) => page !== undefined && accepted.has(page));
  return { position: index < 0 ? null : index + 1, first: pages[0] };
}

/** The two baselines over the same page texts, in a database of their own. */
export function baselines(pages: readonly Page[]) {
  const sqlite = new Database(':memory:');
  const tokenize = "tokenize='porter unicode61 remove_diacritics 2'";
  sqlite.exec(`CREATE VIRTUAL TABLE pages USING fts5(name UNINDEXED, title, body, ${tokenize})`);
  sqlite.exec(
    `CREATE VIRTUAL TABLE sections USING fts5(name UNINDEXED, heading, body, ${tokenize})`,
  );
  const addPage = sqlite.prepare('INSERT INTO pages (name, title, body) VALUES (?, ?, ?)');
  const addSection = sqlite.prepare('INSERT INTO sections (name, heading, body) VALUES (?, ?, ?)');
  let sectionCount = 0;
  sqlite.transaction(() => {
    for (const page of pages) {
      addPage.run(page.name, page.title, page.body);
      for (const section of sectionsOf(page.title, page.body)) {
        addSection.run(page.name, section.heading, section.text);
        sectionCount += 1;
      }
    }
  })();
  const byPage = sqlite.prepare('SELECT name FROM pages WHERE pages MATCH ? ORDER BY rank LIMIT ?');
  const bySection = sqlite.prepare(
    'SELECT name, min(rank) AS best FROM sections WHERE sections MATCH ? GROUP BY name ORDER BY best LIMIT ?',
  );
  const run = (statement: typeof byPage, text: string): string[] => {
    const match = matchQuery(baselineTerms(text));
    if (match === null) return [];
    return (statement.all(match, DEPTH) as { name: string }[]).map((row) => row.name);
  };
  return {
    sectionCount,
    byPage: (text: string) => run(byPage, text),
    bySection: (text: string) => run(bySection, text),
    close: () => sqlite.close(),
  };
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
export const num = (x: number): string => x.toFixed(3);
export const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export async function run(
  set: { pages: string; questions: string } = {
    pages: POSTHOG_PAGES,
    questions: POSTHOG_QUESTIONS,
  },
): Promise<BenchResult> {
  const questionsBytes = readFileSync(set.questions);
  const sha256 = createHash('sha256').update(questionsBytes).digest('hex');
  const questions = JSON.parse(questionsBytes.toString('utf8')) as PosthogQuestion[];

  const dir = mkdtempSync(join(tmpdir(), 'mailroom-posthog-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, set.pages);
    const pageOf = new Map<number, string>();
    const pages: Page[] = [];
    for (const file of summary.added) {
      const document = knowledge.findBySourceKey(`import:${file}`);
      if (!document) continue;
      pageOf.set(document.id, pageName(file));
      pages.push({ name: pageName(file), title: document.title, body: document.body });
    }
    const base = baselines(pages);
    const lexicon = appLexicon();

    const mailroom: Ranked[] = [];
    const byPage: Ranked[] = [];
    const bySection: Ranked[] = [];
    const misses: string[] = [];
    let answeredRight = 0;
    let answeredWrongPage = 0;
    let falseAnswers = 0;
    let unanswerable = 0;
    let sectionShown = 0;
    let sectionRightPage = 0;
    let answeredFromSection = 0;
    for (const question of questions) {
      const { hits, confident } = searchKnowledge(
        { knowledge, lexicon },
        VIEWER,
        question.text,
        DEPTH,
      );
      const ranked = hits.map((hit) => pageOf.get(hit.document.id));
      if (confident && hits[0]?.section) answeredFromSection += 1;
      if (question.page === null) {
        unanswerable += 1;
        if (confident) falseAnswers += 1;
        continue;
      }
      const accepted = new Set([question.page, ...(question.also ?? [])]);
      const mine = rankOf(ranked, accepted);
      mailroom.push(mine);
      if (hits[0]?.section) {
        sectionShown += 1;
        // The section shown belongs to the hit's own page: it is right exactly when the page is.
        if (mine.position === 1) sectionRightPage += 1;
      }
      byPage.push(rankOf(base.byPage(question.text), accepted));
      bySection.push(rankOf(base.bySection(question.text), accepted));
      if (confident && mine.position === 1) answeredRight += 1;
      if (confident && mine.position !== 1) answeredWrongPage += 1;
      if (mine.position !== 1) {
        misses.push(
          `| ${cell(question.text)} | ${question.page} | ${mine.first ?? '(nothing)'} | ${mine.position ?? `> ${DEPTH}`} | ${confident ? 'yes' : 'no'} |`,
        );
      }
    }
    base.close();

    const answerable = mailroom.length;
    const m = figures(mailroom);
    const p = figures(byPage);
    const s = figures(bySection);
    const better = p.mrr >= s.mrr ? { name: 'by page', f: p } : { name: 'by section', f: s };
    const interval = pairedBootstrap(m.reciprocal, better.f.reciprocal);
    const workload = `${pages.length} pages (${base.sectionCount} sections), ${answerable} answerable + ${unanswerable} unanswerable questions`;
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
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
