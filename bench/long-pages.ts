/**
 * The long-pages set (bench/data/long-pages/SOURCES.md): the handbook of an invented company,
 * written for Mailroom as long pages on overlapping topics, with questions that name the page
 * AND the section that answers them. A TUNING set: passages and section sureness are tuned on
 * it, so its figures are not held out. Each question goes through Mailroom's search as `/ask`
 * runs it, and through the two plain FTS5 bm25 baselines of the PostHog bench (by page, by
 * section); on top of the page figures it measures whether the first hit points at the right
 * section.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SNIPPET_END, SNIPPET_START } from '../src/core/domain/search/query.js';
import { importMarkdownFolder, searchKnowledge } from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import {
  baselines,
  cell,
  DEPTH,
  figures,
  num,
  type Page,
  pageName,
  pct,
  type Ranked,
  rankOf,
  sectionsOf,
  VIEWER,
} from './posthog.js';
import type { BenchResult } from './run.js';
import { appLexicon } from './search-quality.js';

export const LONG_PAGES = fileURLToPath(new URL('./data/long-pages/pages', import.meta.url));
export const LONG_PAGES_QUESTIONS = fileURLToPath(
  new URL('./data/long-pages/questions.json', import.meta.url),
);

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

export async function run(
  set: { pages: string; questions: string } = {
    pages: LONG_PAGES,
    questions: LONG_PAGES_QUESTIONS,
  },
): Promise<BenchResult> {
  const questionsBytes = readFileSync(set.questions);
  const sha256 = createHash('sha256').update(questionsBytes).digest('hex');
  const questions = JSON.parse(questionsBytes.toString('utf8')) as LongPagesQuestion[];

  const dir = mkdtempSync(join(tmpdir(), 'mailroom-long-pages-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, set.pages);
    const pageOf = new Map<number, string>();
    const pages: Page[] = [];
    const sectionsByPage = new Map<string, PageSection[]>();
    for (const file of summary.added) {
      const document = knowledge.findBySourceKey(`import:${file}`);
      if (!document) continue;
      const name = pageName(file);
      pageOf.set(document.id, name);
      pages.push({ name, title: document.title, body: document.body });
      sectionsByPage.set(name, pageSections(document.title, document.body));
    }
    const base = baselines(pages);
    const lexicon = appLexicon();

    const mailroom: Ranked[] = [];
    const byPage: Ranked[] = [];
    const bySection: Ranked[] = [];
    const misses: string[] = [];
    const sectionMisses: string[] = [];
    let answeredRight = 0;
    let answeredWrongPage = 0;
    let answeredRightSection = 0;
    let falseAnswers = 0;
    let unanswerable = 0;
    let sectionHits = 0;
    let located = 0;
    let locatedExactly = 0;
    for (const question of questions) {
      const { hits, confident } = searchKnowledge(
        { knowledge, lexicon },
        VIEWER,
        question.text,
        DEPTH,
      );
      const ranked = hits.map((hit) => pageOf.get(hit.document.id));
      if (question.page === null) {
        unanswerable += 1;
        if (confident) falseAnswers += 1;
        continue;
      }
      const accepted = new Set([question.page, ...(question.also ?? []).map((ref) => ref.page)]);
      const mine = rankOf(ranked, accepted);
      mailroom.push(mine);
      byPage.push(rankOf(base.byPage(question.text), accepted));
      bySection.push(rankOf(base.bySection(question.text), accepted));
      if (confident && mine.position === 1) answeredRight += 1;
      if (confident && mine.position !== 1) answeredWrongPage += 1;
      if (mine.position !== 1) {
        misses.push(
          `| ${cell(question.text)} | ${question.page} | ${mine.first ?? '(nothing)'} | ${mine.position ?? `> ${DEPTH}`} | ${confident ? 'yes' : 'no'} |`,
        );
        continue;
      }
      const top = hits[0];
      const page = mine.first as string;
      const titleOnly =
        top !== undefined &&
        top.snippet.replaceAll(SNIPPET_START, '').replaceAll(SNIPPET_END, '') ===
          top.document.title;
      const found =
        top && !titleOnly ? sectionOfSnippet(sectionsByPage.get(page) ?? [], top.snippet) : null;
      if (found) located += 1;
      if (found?.exact) locatedExactly += 1;
      const wanted = acceptedSections(question, page);
      if (found?.section.trail.some((heading) => wanted.has(heading))) {
        sectionHits += 1;
        if (confident) answeredRightSection += 1;
      } else {
        sectionMisses.push(
          `| ${cell(question.text)} | ${cell(`${page} > ${[...wanted].join(' / ')}`)} | ${cell(found ? found.section.path : '(not on the page)')} |`,
        );
      }
    }
    base.close();

    const answerable = mailroom.length;
    const pageHits = mailroom.filter((r) => r.position === 1).length;
    const m = figures(mailroom);
    const p = figures(byPage);
    const s = figures(bySection);
    const sectionCount = [...sectionsByPage.values()].reduce((sum, list) => sum + list.length, 0);
    const workload = `${pages.length} pages (${sectionCount} sections), ${answerable} answerable + ${unanswerable} unanswerable questions`;
    const row = (figure: string, value: string) => ({ figure, value, workload });
    const systems = [
      ['Mailroom (searchKnowledge, WordNet synonyms and dictionary as shipped)', m],
      ['FTS5 bm25 by page, stopwords dropped', p],
      ['FTS5 bm25 by section, page ranked by its best section, stopwords dropped', s],
    ] as const;
    return {
      title: 'Long handbook pages (TUNING set: tuned on, not held out)',
      rows: [
        row('long-pages questions.json sha256', sha256),
        ...systems.map(([label, f]) =>
          row(
            `${label}: page hit@1 / hit@3 / MRR@${DEPTH}`,
            `${pct(f.hitAt1)} / ${pct(f.hitAt3)} / ${num(f.mrr)}`,
          ),
        ),
        row(
          'Mailroom section hit@1: first hit on a right page AND its snippet in a right section (or one nested in it)',
          `${sectionHits} of ${answerable} (${pct(sectionHits / answerable)}); ${sectionHits} of ${pageHits} right first pages`,
        ),
        row(
          'snippets of right first pages placed in a section (in a row / by most words)',
          `${locatedExactly} / ${located - locatedExactly} of ${pageHits}`,
        ),
        row(
          '/ask answered and right (of answerable)',
          `${answeredRight} of ${answerable} (${pct(answeredRight / answerable)}); ${answeredRightSection} of them with the snippet in a right section`,
        ),
        row(
          '/ask answered with a wrong page (of answerable)',
          `${answeredWrongPage} of ${answerable}`,
        ),
        row(
          '/ask false answers (unanswerable questions answered)',
          `${falseAnswers} of ${unanswerable}`,
        ),
      ],
      notes: [
        `Long pages: bench/data/long-pages (the handbook of an invented company, written for Mailroom; each question names its page and section). A TUNING set: search changes are tuned on it, so these figures are not held out. Page figures and baselines are computed as in the PostHog bench. Section hit@1: the first hit's snippet is placed in a section by looking up its unmarked words (match marks and ellipses dropped), in a row, in the page's words laid out section by section (heading words, then text); the section holding the snippet's first matched word is the snippet's section, and it is right when it is the question's section, or one of its "also" sections on that page, or a section nested under one of them (a ### inside the named ##). When the words are not found in a row, the section sharing most of them is taken. A title-only snippet is placed nowhere and counts as a miss.`,
      ],
      sections: [
        [
          `Misses at position 1 on the long-pages set (${misses.length} of ${answerable}):`,
          '',
          '| question | expected page | page ranked first | position of the expected page | /ask sure |',
          '| --- | --- | --- | --- | --- |',
          ...misses,
        ].join('\n'),
        [
          `Right first page, wrong section, on the long-pages set (${sectionMisses.length} of ${pageHits}):`,
          '',
          '| question | expected section | section of the snippet |',
          '| --- | --- | --- |',
          ...sectionMisses,
        ].join('\n'),
      ],
    };
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
