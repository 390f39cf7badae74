import { informativeCounts, SURENESS, type SurenessConcept, weightedCoverage } from './sureness.js';
import { SEARCH_TUNING, type SearchTuning } from './tuning.js';

/**
 * Passages: a long page cut at its headings, so search can rank a page by its best section,
 * show the section that matched, link to its heading, and judge an answer inside one section.
 * Pure: the store indexes what sectionRows says (migration 0017's triggers call it).
 */

/** One section of a page: the text under one heading, up to the next heading. */
export interface PageSection {
  /** Its order in the page, from 0. */
  position: number;
  /** The enclosing headings, outermost first, ending with its own (empty for the text before the first heading). */
  headings: string[];
  /** The GitHub-style anchor of its own heading (null for the text before the first heading). */
  anchor: string | null;
  /** Where its text starts and ends in the body (UTF-16 offsets, as JavaScript counts). */
  start: number;
  end: number;
}

/**
 * Which pages are indexed by section: a page needs at least `minHeadedSections` sections under
 * a heading, each with text, and more than `minChars` characters. A shorter page reads as one
 * passage, and sections would add rows that say nothing the page's own row does not.
 */
export const SECTION_RULE = { minHeadedSections: 2, minChars: 1500 } as const;

/** How a heading path is written: "Time off > Parental leave". */
export const HEADING_SEPARATOR = ' > ';

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const NOT_A_PARAGRAPH = /^ {0,3}([-*+][ \t]|\d+[.)][ \t]|>|#|\||<)/;

/**
 * The text of a heading as a reader sees it: links and images as their text, inline code,
 * emphasis and HTML tags dropped.
 */
export function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/\*+|~~/g, '')
    .replace(/(^|[^\p{L}\p{N}_])_{1,2}([^_]+?)_{1,2}(?=$|[^\p{L}\p{N}_])/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The anchor GitHub gives a heading: lower-cased, every character other than a letter, a
 * digit, a combining mark, a space, a hyphen or an underscore dropped (punctuation, emoji),
 * then each space made a hyphen.
 */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Anchors for one page's headings in order: a repeated anchor is numbered -1, -2, as GitHub does. */
export class AnchorSlugger {
  private readonly seen = new Map<string, number>();

  slug(heading: string): string {
    const base = githubSlug(heading);
    let anchor = base;
    while (this.seen.has(anchor)) {
      const count = (this.seen.get(base) ?? 0) + 1;
      this.seen.set(base, count);
      anchor = `${base}-${count}`;
    }
    this.seen.set(anchor, 0);
    return anchor;
  }
}

/**
 * A page body's sections, split at ATX (`## Heading`) and setext (`Heading` underlined with
 * `===` or `---`) headings outside code fences. The text before the first heading is a section
 * with no heading when it has any; a heading with no text of its own before the next one (a
 * chapter whose text is all in its sub-sections) adds no section but stays in its children's
 * path and takes its anchor.
 */
export function splitSections(body: string): PageSection[] {
  const sections: PageSection[] = [];
  const slugger = new AnchorSlugger();
  const stack: { level: number; text: string }[] = [];
  let current: { headings: string[]; anchor: string | null; start: number } = {
    headings: [],
    anchor: null,
    start: 0,
  };
  const close = (end: number): void => {
    if (body.slice(current.start, end).trim() === '') return;
    sections.push({ position: sections.length, ...current, end });
  };
  const open = (level: number, raw: string, lineStart: number, textStart: number): void => {
    close(lineStart);
    const text = headingText(raw);
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= level) stack.pop();
    stack.push({ level, text });
    current = {
      headings: stack.map((entry) => entry.text).filter((entry) => entry !== ''),
      anchor: slugger.slug(text),
      start: textStart,
    };
  };

  let fence: string | null = null;
  let offset = 0;
  let previousBlank = true;
  let previousHeading = false;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const lineStart = offset;
    const next = lineStart + line.length + 1;
    offset = next;
    const fenced = FENCE.exec(line);
    if (fenced?.[1]) {
      const marker = fenced[1];
      if (fence === null) fence = marker;
      else if (
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        (fenced[2] ?? '').trim() === ''
      )
        fence = null;
      previousBlank = false;
      previousHeading = false;
      continue;
    }
    if (fence !== null) continue;
    const atx = ATX.exec(line);
    if (atx?.[1]) {
      open(atx[1].length, atx[2] ?? '', lineStart, Math.min(next, body.length));
      previousBlank = false;
      previousHeading = true;
      continue;
    }
    const underline = lines[i + 1];
    const setext = underline === undefined ? null : SETEXT_UNDERLINE.exec(underline);
    if (
      underline !== undefined &&
      setext?.[1] &&
      line.trim() !== '' &&
      previousBlank &&
      !previousHeading &&
      !NOT_A_PARAGRAPH.test(line)
    ) {
      const afterUnderline = next + underline.length + 1;
      open(
        setext[1].startsWith('=') ? 1 : 2,
        line,
        lineStart,
        Math.min(afterUnderline, body.length),
      );
      offset = afterUnderline;
      i += 1;
      previousBlank = false;
      previousHeading = true;
      continue;
    }
    previousBlank = line.trim() === '';
    previousHeading = false;
  }
  close(body.length);
  return sections;
}

/** The page's sections when it is long enough to be indexed by them (SECTION_RULE), else none. */
export function indexedSections(body: string): PageSection[] {
  if (body.length <= SECTION_RULE.minChars) return [];
  const sections = splitSections(body);
  const headed = sections.filter((section) => section.headings.length > 0).length;
  return headed >= SECTION_RULE.minHeadedSections ? sections : [];
}

/**
 * The rows the store keeps for a page's sections: heading path, anchor, and where the text is
 * in the body counted in characters (code points), as SQLite's substr() counts them.
 */
export function sectionRows(
  body: string,
): { position: number; heading: string; anchor: string | null; start: number; length: number }[] {
  const sections = indexedSections(body);
  const toCodePoints = codePointCounter(body);
  return sections.map((section) => {
    const start = toCodePoints(section.start);
    return {
      position: section.position,
      heading: section.headings.join(HEADING_SEPARATOR),
      anchor: section.anchor,
      start,
      length: toCodePoints(section.end) - start,
    };
  });
}

/** Converts ascending UTF-16 offsets of `text` into code point offsets, in one pass overall. */
function codePointCounter(text: string): (offset: number) => number {
  let at = 0;
  let pairs = 0;
  return (offset) => {
    if (offset < at) {
      at = 0;
      pairs = 0;
    }
    for (; at < offset && at < text.length; at += 1) {
      const code = text.charCodeAt(at);
      if (code >= 0xdc00 && code <= 0xdfff && at > 0) {
        const previous = text.charCodeAt(at - 1);
        if (previous >= 0xd800 && previous <= 0xdbff) pairs += 1;
      }
    }
    return offset - pairs;
  };
}

/** The link to a section: the page's URL with the heading's anchor (the page's URL alone for none). */
export function sectionUrl(pageUrl: string, anchor: string | null): string {
  if (anchor === null || anchor === '') return pageUrl;
  return `${pageUrl.replace(/#.*$/, '')}#${encodeURIComponent(anchor)}`;
}

/**
 * The start of a section's text, whitespace collapsed, cut after the last whole sentence that
 * fits in `maxChars` (or at a word, with an ellipsis, when no sentence ends early enough).
 */
export function openingText(text: string, maxChars = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const head = flat.slice(0, maxChars);
  let cut = -1;
  for (const end of head.matchAll(/[.!?…](?=\s)|[。！？]/gu))
    cut = (end.index ?? 0) + end[0].length;
  if (cut >= maxChars / 3) return head.slice(0, cut);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > maxChars / 2 ? space : maxChars).trimEnd()}…`;
}

/**
 * The fewest consecutive tokens that hold one position of every list (each list: where one
 * concept of the question is found in the section, in tokens). Null when a list is empty;
 * 0 when there is no list (nothing to hold).
 */
export function smallestWindow(lists: readonly (readonly number[])[]): number | null {
  if (lists.length === 0) return 0;
  if (lists.some((list) => list.length === 0)) return null;
  const events = lists
    .flatMap((list, which) => list.map((at) => ({ at, which })))
    .sort((a, b) => a.at - b.at);
  const inWindow = new Array<number>(lists.length).fill(0);
  let covered = 0;
  let best = Number.POSITIVE_INFINITY;
  let left = 0;
  for (const event of events) {
    if (inWindow[event.which] === 0) covered += 1;
    inWindow[event.which] = (inWindow[event.which] ?? 0) + 1;
    while (covered === lists.length) {
      const first = events[left] as { at: number; which: number };
      best = Math.min(best, event.at - first.at + 1);
      inWindow[first.which] = (inWindow[first.which] ?? 0) - 1;
      if (inWindow[first.which] === 0) covered -= 1;
      left += 1;
    }
  }
  return best;
}

/** A word as the index's tokenizer cuts text: a letter or digit, then letters, digits and marks. */
const TOKEN = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{M}\p{Co}]*/gu;

/**
 * Where marked matches start, in tokens: `marked` is text with each match opened by `mark`
 * (as FTS5's highlight() writes it); the result is each match's first token's index.
 */
export function markedPositions(marked: string, mark: string): number[] {
  const positions: number[] = [];
  let tokens = 0;
  const parts = marked.split(mark);
  for (let i = 0; i < parts.length; i += 1) {
    if (i > 0) positions.push(tokens);
    tokens += (parts[i] as string).match(TOKEN)?.length ?? 0;
  }
  return positions;
}

/**
 * How a page indexed by section is ranked: `focusFloor` is how much of its own score a page
 * keeps when none of what it matched is in one section; `oneWord` is how much of its score a
 * section keeps when it holds only one of the question's informative words while the question
 * has several (a short section named "Calls" or "Weekends" matches one common word strongly
 * and says nothing else of the question); `pageShare` is how much of the page's own score is
 * added to its best section's (the rest of a page on the question's topic counts a little, so
 * a page about the topic beats a related page with one close section).
 */
export const PASSAGE = {
  focusFloor: SEARCH_TUNING.focusFloor,
  oneWord: SEARCH_TUNING.oneWord,
  pageShare: SEARCH_TUNING.pageShare,
} as const;

/** The values passageScore reads (PASSAGE's, by default). */
export type PassageTuning = Pick<SearchTuning, 'focusFloor' | 'oneWord' | 'pageShare'>;

/** A score and how it matched each concept of the question (see SurenessConcept). */
export interface ScoredMatch {
  score: number;
  concepts: readonly SurenessConcept[];
}

/**
 * A long page's score from its own and its best section's. A page's bm25 is diluted by its
 * length, a section's is not: when the best section scores higher, the page scores as that
 * section (the answer is one part of a long page). Otherwise the page's own score counts as far
 * as its best section holds what the page matched: in full when one section has it all, down to
 * `focusFloor` when the words are scattered over the page and no section has them together.
 * A section holding a single informative word of a question that has several counts for
 * `oneWord` of its score; the page's own score adds `pageShare` of itself (see PASSAGE).
 */
export function passageScore(
  page: ScoredMatch,
  section: ScoredMatch,
  tuning: PassageTuning = PASSAGE,
): number {
  const pageCoverage = weightedCoverage(page.concepts);
  const focus =
    pageCoverage > 0 ? Math.min(1, weightedCoverage(section.concepts) / pageCoverage) : 0;
  const { matched, asked } = informativeCounts(section.concepts, SURENESS.minInformativeness);
  const own = asked >= 2 && matched < 2 ? section.score * tuning.oneWord : section.score;
  return (
    Math.max(own, page.score * (tuning.focusFloor + (1 - tuning.focusFloor) * focus)) +
    tuning.pageShare * page.score
  );
}
