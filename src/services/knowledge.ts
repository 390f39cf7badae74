import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { type Expansion, expandPlan } from '../domain/plan-expansion.js';
import { EMPTY_LEXICON, planQuery, type QueryLexicon } from '../domain/search-query.js';
import { isSure, type SurenessHit } from '../domain/sureness.js';
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

/** A source of other wordings (the team glossary, general synonyms). */
export type ExpansionSource = (words: string) => readonly Expansion[];

/**
 * The parts a query lexicon is made of; each may be missing. `vocabulary` knows the indexed
 * words (document frequencies, typo correction), `glossary` the team's own terms, `synonyms`
 * general English ones.
 */
export interface LexiconParts {
  vocabulary?: Pick<QueryLexicon, 'documentFrequency' | 'documentCount' | 'correct'>;
  glossary?: ExpansionSource;
  synonyms?: ExpansionSource;
}

/**
 * One lexicon from its parts: the vocabulary's counts and corrections (none without it), and
 * as other wordings the glossary's first, then synonyms, each wording once.
 */
export function composeLexicon(parts: LexiconParts): QueryLexicon {
  const vocabulary = parts.vocabulary ?? EMPTY_LEXICON;
  return {
    documentFrequency: (word) => vocabulary.documentFrequency(word),
    documentCount: () => vocabulary.documentCount(),
    correct: (word) => vocabulary.correct(word),
    expand: (words) => {
      const seen = new Set([words]);
      const found: Expansion[] = [];
      for (const source of [parts.glossary, parts.synonyms]) {
        for (const expansion of source?.(words) ?? []) {
          if (seen.has(expansion.text)) continue;
          seen.add(expansion.text);
          found.push(expansion);
        }
      }
      return found;
    },
  };
}

/** How many hits the sureness rule examines to find the best hit on another topic. */
export const SURENESS_DEPTH = 10;

/**
 * The search `/ask` uses: the text planned with the lexicon (typo corrections, glossary terms
 * and synonyms, as far as its parts are there), visible documents only, best first, with the
 * sureness verdict on the top hit (domain/sureness.ts).
 */
export function searchKnowledge(
  deps: { knowledge: KnowledgeRepository; lexicon?: LexiconParts },
  viewer: SearchViewer,
  text: string,
  limit = 5,
  options: SearchOptions = {},
): KnowledgeSearchResult {
  const lexicon = composeLexicon(deps.lexicon ?? {});
  const plan = expandPlan(planQuery(text, lexicon), lexicon.expand);
  const hits = deps.knowledge.searchPlan(plan, viewer, Math.max(limit, SURENESS_DEPTH), options);
  return {
    hits: hits.slice(0, Math.max(0, limit)),
    confident: isSure(surenessEvidence(hits)),
    searchedFor: plan.searchedFor,
  };
}

/**
 * The hits as the sureness rule sees them: the topic is the title (one question answered in
 * several documents is one topic), and the top hit's replaced documents are its own topic.
 */
export function surenessEvidence(hits: readonly SearchHit[]): SurenessHit[] {
  const top = hits[0];
  const replaced = top ? replacedBy(hits, top.document.id) : new Set<number>();
  const replacedTopics = new Set(
    hits.filter((hit) => replaced.has(hit.document.id)).map((hit) => titleKey(hit.document.title)),
  );
  return hits.map((hit, i) => ({
    topic: titleKey(hit.document.title),
    replaces: i === 0 ? replacedTopics : new Set<string>(),
    score: hit.score,
    concepts: hit.concepts,
  }));
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
