import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import type {
  KnowledgeRepository,
  SearchHit,
  SearchOptions,
  SearchViewer,
} from '../store/knowledge-repository.js';

export interface KnowledgeSearchResult {
  /** Best first; only documents the viewer may see. */
  hits: SearchHit[];
  /** The top hit very likely answers the question: /ask may answer with it instead of asking a person. */
  confident: boolean;
  /** The words searched when they differ from what was typed (typos corrected), else null. */
  searchedFor: string | null;
}

/**
 * When the top hit counts as an answer (see `isConfident`). Calibrated on the StackFAQ
 * benchmark (bench/search-quality.ts): thresholds chosen on half of the queries (re-wordings
 * 1-5 of each thread), checked on the other half. There the top hit is right for 75 % of all
 * queries; the rule accepts about half of the held-out queries and its top hit is right for
 * 97 % of those (99 % once feedback aliases exist).
 */
export const CONFIDENCE = {
  /** The top hit contains at least this share of the query's distinct terms… */
  coverage: 0.5,
  /** …and scores at least this many times the best hit on another topic. */
  scoreRatio: 1.4,
  /** With no hit on another topic to compare with, it must contain this share of the terms. */
  aloneCoverage: 0.75,
  /** How many hits are examined to find the best hit on another topic. */
  depth: 10,
} as const;

/** The search `/ask` uses: visible documents only, best first, with a confidence verdict on the top hit. */
export function searchKnowledge(
  deps: { knowledge: KnowledgeRepository },
  viewer: SearchViewer,
  text: string,
  limit = 5,
  options: SearchOptions = {},
): KnowledgeSearchResult {
  const hits = deps.knowledge.search(text, viewer, Math.max(limit, CONFIDENCE.depth), options);
  return {
    hits: hits.slice(0, Math.max(0, limit)),
    confident: isConfident(hits),
    searchedFor: null,
  };
}

/**
 * The top hit is trusted when it contains at least half of the query's distinct terms and
 * scores at least 1.4 times the best hit on another topic. Hits with the same title as the
 * top hit (one question answered in several documents) are the same topic, not competition;
 * so are documents the top hit replaced (an earlier decision it superseded).
 * Scores are compared as a ratio because bm25 values shift with the size of the knowledge
 * base. When no other topic matched at all there is nothing to compare with, so three
 * quarters of the terms must be present instead.
 */
export function isConfident(hits: readonly SearchHit[]): boolean {
  const top = hits[0];
  if (!top || top.score <= 0) return false;
  const topic = titleKey(top.document.title);
  const replaced = replacedBy(hits, top.document.id);
  const rival = hits.find(
    (hit) => titleKey(hit.document.title) !== topic && !replaced.has(hit.document.id),
  );
  if (!rival) return top.coverage >= CONFIDENCE.aloneCoverage;
  return top.coverage >= CONFIDENCE.coverage && top.score >= rival.score * CONFIDENCE.scoreRatio;
}

/** The hits that `documentId` replaced, directly or along a chain of replacements. */
function replacedBy(hits: readonly SearchHit[], documentId: number): Set<number> {
  const replaced = new Set<number>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const { document } of hits) {
      const successor = document.supersededById;
      if (successor === null || replaced.has(document.id)) continue;
      if (successor === documentId || replaced.has(successor)) {
        replaced.add(document.id);
        grew = true;
      }
    }
  }
  return replaced;
}

function titleKey(title: string): string {
  return title.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

export interface ImportSummary {
  /** Files (relative to the folder, with `/`) imported for the first time. */
  added: string[];
  /** Files whose document changed since the last import. */
  updated: string[];
  /** Files not imported, with why: `unchanged`, `empty file`, `larger than 1 MB`, `unreadable: …`. */
  skipped: { file: string; reason: string }[];
}

/** Files larger than this are skipped. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
const MARKDOWN = /\.(md|markdown)$/i;

/**
 * Imports every Markdown file under `folder` (recursively; hidden folders and node_modules
 * are left out) as a public document. The title is the first `# ` heading, else the file
 * name; the body is the rest of the file, Markdown kept as text. Each file's sourceKey is
 * `import:<path relative to folder>`, so importing again updates changed files instead of
 * adding them twice.
 */
export async function importMarkdownFolder(
  deps: { knowledge: KnowledgeRepository; clock: () => number },
  folder: string,
  onProgress?: (done: number, total: number, file: string) => void,
): Promise<ImportSummary> {
  const files = await markdownFilesUnder(folder);
  const summary: ImportSummary = { added: [], updated: [], skipped: [] };
  let done = 0;
  for (const path of files) {
    const file = relative(folder, path).split(sep).join('/');
    const outcome = await importFile(deps, path, file);
    if (outcome === 'added') summary.added.push(file);
    else if (outcome === 'updated') summary.updated.push(file);
    else
      summary.skipped.push({ file, reason: outcome === 'unchanged' ? 'unchanged' : outcome.skip });
    done += 1;
    onProgress?.(done, files.length, file);
  }
  return summary;
}

async function importFile(
  deps: { knowledge: KnowledgeRepository; clock: () => number },
  path: string,
  file: string,
): Promise<'added' | 'updated' | 'unchanged' | { skip: string }> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.size > MAX_IMPORT_BYTES) return { skip: 'larger than 1 MB' };
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { skip: `unreadable: ${describeError(error)}` };
  }
  const parsed = parseMarkdown(text, basename(path));
  if (!parsed) return { skip: 'empty file' };
  const { status } = deps.knowledge.upsert(
    { ...parsed, source: 'import', sourceKey: `import:${file}`, visibility: 'public' },
    deps.clock(),
  );
  return status;
}

/**
 * Title and body of a Markdown file: the title is the first level-1 ATX heading (`# …`)
 * outside code blocks, else a `title:` in front matter, else the humanized file name.
 * Null when the file has no text.
 */
export function parseMarkdown(
  text: string,
  fileName: string,
): { title: string; body: string } | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.every((line) => line.trim() === '')) return null;

  let frontMatterTitle: string | undefined;
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) {
      for (const line of lines.slice(1, end)) {
        const match = /^title:\s*(.+?)\s*$/i.exec(line);
        if (match?.[1]) frontMatterTitle = match[1].replace(/^(["'])(.*)\1$/, '$2').trim();
      }
      start = end + 1;
    }
  }

  let fence: string | null = null;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    const title = heading?.[1]?.trim();
    if (title) {
      const before = lines.slice(start, i).join('\n').trim();
      const after = lines
        .slice(i + 1)
        .join('\n')
        .trim();
      const body = before && after ? `${before}\n\n${after}` : before || after;
      return { title, body };
    }
  }
  const body = lines.slice(start).join('\n').trim();
  const title = frontMatterTitle || humanize(fileName);
  if (body === '' && !frontMatterTitle) return null;
  return { title, body };
}

/** `getting-started_guide.md` → `Getting started guide`. */
export function humanize(fileName: string): string {
  const stem = basename(fileName, extname(fileName))
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (stem === '') return fileName;
  return stem.charAt(0).toUpperCase() + stem.slice(1);
}

async function markdownFilesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === folder) throw error;
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(path);
      } else if (MARKDOWN.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        found.push(path);
      }
    }
  };
  await walk(folder);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
