/**
 * What the benches of "pages + questions naming page (and section)" sets share: the two plain
 * FTS5 bm25 baselines (by page; by section, a page ranked by its best section), the figures
 * (hit@1, hit@3, MRR, paired bootstrap), and one runner that asks every question of a set as
 * `/ask` does (measurePageSet). Used by the PostHog bench (posthog.ts) and the long-pages one
 * (long-pages.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { STOPWORDS } from '../src/core/domain/search/terms.js';
import type { SearchTuning } from '../src/core/domain/search/tuning.js';
import { importMarkdownFolder, searchKnowledge } from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import type { SearchHit } from '../src/core/store/search-index.js';
import { appLexicon } from './search-quality.js';

export const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;
/** Positions looked at: a right page below this counts 0 in the MRR. */
export const DEPTH = 10;
export const RESAMPLES = 10_000;
export const SEED = 20_261_207;

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

/** A question of a page set: the page that answers it (null: none does), and every page accepted. */
export interface PageSetQuestion {
  text: string;
  page: string | null;
  /** The pages whose first place counts as right: its own and any others that answer it. */
  accepted: readonly string[];
}

/** What Mailroom's search gave for one answerable question. */
export interface AnsweredQuestion<Q> {
  question: Q;
  hits: SearchHit[];
  confident: boolean;
  mine: Ranked;
}

/** An answerable question whose right page Mailroom did not rank first. */
export interface PageSetMiss {
  text: string;
  page: string;
  /** Mailroom's first page, if any. */
  first: string | undefined;
  /** Position of a right page in Mailroom's list, and in the by-section baseline's (null: below DEPTH). */
  position: number | null;
  bySection: number | null;
  confident: boolean;
}

/** The figures of one run of a page set (see measurePageSet). */
export interface PageSetRun {
  pages: Page[];
  sectionCount: number;
  mailroom: Ranked[];
  byPage: Ranked[];
  bySection: Ranked[];
  /** One table row per answerable question whose right page was not first. */
  misses: string[];
  /** The same misses, each with where the FTS5 bm25 by-section baseline put a right page. */
  missed: PageSetMiss[];
  answeredRight: number;
  answeredWrongPage: number;
  falseAnswers: number;
  unanswerable: number;
  /** Answerable questions whose first hit was shown by a section, and of those on a right page. */
  sectionShown: number;
  sectionRightPage: number;
  /** Questions answered (sure) from a section. */
  answeredFromSection: number;
}

/**
 * One shared runner for the sets of pages and questions that name their page (PostHog,
 * long-pages): imports the folder with the product import, asks each question as `/ask` does
 * (searchKnowledge with the shipped lexicon), ranks it with the two FTS5 bm25 baselines, and
 * counts. `visit` sees every answerable question with its hits, for figures of a set's own
 * (the long-pages sections). `pageOf` maps a search hit back to its page name.
 */
export async function measurePageSet<Q extends PageSetQuestion>(
  folder: string,
  questions: readonly Q[],
  visit?: (answered: AnsweredQuestion<Q>, pages: ReadonlyMap<string, Page>) => void,
): Promise<PageSetRun> {
  const [run] = await measurePageSetTunings(folder, questions, [{}], (_, answered, pages) =>
    visit?.(answered, pages),
  );
  return run as PageSetRun;
}

/**
 * measurePageSet once per tuning of the search (domain/search/tuning.ts), over one import of
 * the folder: one run per tuning, in order. `visit` is told which tuning (its index) it sees.
 */
export async function measurePageSetTunings<Q extends PageSetQuestion>(
  folder: string,
  questions: readonly Q[],
  tunings: readonly Partial<SearchTuning>[],
  visit?: (tuning: number, answered: AnsweredQuestion<Q>, pages: ReadonlyMap<string, Page>) => void,
): Promise<PageSetRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-page-set-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, folder);
    const pageOf = new Map<number, string>();
    const pages: Page[] = [];
    for (const file of summary.added) {
      const document = knowledge.findBySourceKey(`import:${file}`);
      if (!document) continue;
      pageOf.set(document.id, pageName(file));
      pages.push({ name: pageName(file), title: document.title, body: document.body });
    }
    const byName = new Map(pages.map((page) => [page.name, page]));
    const base = baselines(pages);
    const lexicon = appLexicon();
    const baseline = questions.flatMap((question) =>
      question.page === null
        ? []
        : [
            {
              byPage: rankOf(base.byPage(question.text), new Set(question.accepted)),
              bySection: rankOf(base.bySection(question.text), new Set(question.accepted)),
            },
          ],
    );
    base.close();
    return tunings.map((tuning, t) => {
      let answerable = 0;
      const run: PageSetRun = {
        pages,
        sectionCount: base.sectionCount,
        mailroom: [],
        byPage: [],
        bySection: [],
        misses: [],
        missed: [],
        answeredRight: 0,
        answeredWrongPage: 0,
        falseAnswers: 0,
        unanswerable: 0,
        sectionShown: 0,
        sectionRightPage: 0,
        answeredFromSection: 0,
      };
      for (const question of questions) {
        const { hits, confident } = searchKnowledge(
          { knowledge, lexicon },
          VIEWER,
          question.text,
          DEPTH,
          { tuning },
        );
        const ranked = hits.map((hit) => pageOf.get(hit.document.id));
        if (confident && hits[0]?.section) run.answeredFromSection += 1;
        if (question.page === null) {
          run.unanswerable += 1;
          if (confident) run.falseAnswers += 1;
          continue;
        }
        const accepted = new Set(question.accepted);
        const mine = rankOf(ranked, accepted);
        run.mailroom.push(mine);
        if (hits[0]?.section) {
          run.sectionShown += 1;
          // The section shown belongs to the hit's own page: it is right exactly when the page is.
          if (mine.position === 1) run.sectionRightPage += 1;
        }
        const reference = baseline[answerable] as { byPage: Ranked; bySection: Ranked };
        answerable += 1;
        run.byPage.push(reference.byPage);
        run.bySection.push(reference.bySection);
        if (confident && mine.position === 1) run.answeredRight += 1;
        if (confident && mine.position !== 1) run.answeredWrongPage += 1;
        if (mine.position !== 1) {
          run.misses.push(
            `| ${cell(question.text)} | ${question.page} | ${mine.first ?? '(nothing)'} | ${mine.position ?? `> ${DEPTH}`} | ${confident ? 'yes' : 'no'} |`,
          );
          run.missed.push({
            text: question.text,
            page: question.page,
            first: mine.first,
            position: mine.position,
            bySection: reference.bySection.position,
            confident,
          });
        }
        visit?.(t, { question, hits, confident, mine }, byName);
      }
      return run;
    });
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
