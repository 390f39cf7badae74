import { createHash } from 'node:crypto';
import { closeSync, type Dirent, fstatSync, openSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { officeAbbreviations, officeSynonyms } from '../domain/search/abbreviations.js';
import { confirmationBoosts, wordingKey } from '../domain/search/learning.js';
import { EMPTY_LEXICON, type Expansion, type QueryLexicon } from '../domain/search/lexicon.js';
import { planQuery } from '../domain/search/query.js';
import { hasEvidence, isSure, type SurenessHit } from '../domain/search/sureness.js';
import { type SearchTuning, searchTuning } from '../domain/search/tuning.js';
import type { GlossaryRepository } from '../store/glossary-repository.js';
import type { ImportedFileRepository } from '../store/imported-file-repository.js';
import type {
  KnowledgeRepository,
  SearchHit,
  SearchOptions,
  SearchViewer,
  UpsertStatus,
} from '../store/knowledge-repository.js';
import { glossaryLexicon } from './glossary.js';
import { parseMarkdown } from './markdown.js';
import { mdxToMarkdown } from './mdx.js';
import { dropTemplateTags } from './templates.js';

export { humanize, parseMarkdown } from './markdown.js';

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
  /** Common office abbreviations; consulted only for what the glossary does not define. */
  abbreviations?: ExpansionSource;
  /** Words offices use for the same thing, written for Mailroom; below abbreviations, above general synonyms. */
  officeSynonyms?: ExpansionSource;
  synonyms?: ExpansionSource;
  /** Synonyms for an expert's topic words, wider than a search's (routing); `synonyms` without it. */
  topicSynonyms?: ExpansionSource;
  /** Whether a word is in a general dictionary: such a word is meant as typed, never corrected. */
  dictionary?: (word: string) => boolean;
}

/**
 * One lexicon from its parts: the vocabulary's counts and corrections (none without it), and
 * as other wordings the glossary's first, then the office abbreviations' (only when the
 * glossary does not define the words: the team's own meaning wins), then the office synonyms',
 * then general synonyms, each wording once.
 */
export function composeLexicon(parts: LexiconParts): QueryLexicon {
  const vocabulary = parts.vocabulary ?? EMPTY_LEXICON;
  return {
    documentFrequency: (word) => vocabulary.documentFrequency(word),
    documentCount: () => vocabulary.documentCount(),
    correct: (word, context) =>
      parts.dictionary?.(word) ? undefined : vocabulary.correct(word, context),
    expand: (words) => {
      const seen = new Set([words]);
      const found: Expansion[] = [];
      const team = parts.glossary?.(words) ?? [];
      const listed = team.length > 0 ? undefined : parts.abbreviations;
      for (const source of [() => team, listed, parts.officeSynonyms, parts.synonyms]) {
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

/** What a search reads: the knowledge base (with its vocabulary), the glossary, general synonyms. */
export interface SearchDeps {
  knowledge: KnowledgeRepository;
  glossary?: GlossaryRepository;
  /** Parts that replace the defaults (the knowledge base's vocabulary, the team glossary). */
  lexicon?: LexiconParts;
}

/**
 * The lexicon a search plans with: the indexed words, the team glossary, office
 * abbreviations, office synonyms, general synonyms; without the parts `tuning` turns off
 * (typo correction, office abbreviations, office synonyms, WordNet synonyms).
 */
export function lexiconOf(deps: SearchDeps, tuning: SearchTuning = searchTuning()): QueryLexicon {
  const parts: LexiconParts = {
    vocabulary: deps.knowledge.vocabulary,
    abbreviations: officeAbbreviations.expand,
    officeSynonyms,
    ...(deps.glossary ? { glossary: glossaryLexicon({ glossary: deps.glossary }).expand } : {}),
    ...deps.lexicon,
  };
  const { vocabulary } = parts;
  if (!tuning.typoCorrection && vocabulary) {
    parts.vocabulary = {
      documentFrequency: (word) => vocabulary.documentFrequency(word),
      documentCount: () => vocabulary.documentCount(),
      correct: () => undefined,
    };
  }
  if (!tuning.abbreviations) delete parts.abbreviations;
  if (!tuning.officeSynonyms) delete parts.officeSynonyms;
  const { synonyms } = parts;
  if (!tuning.wordnetSynonyms) delete parts.synonyms;
  else if (synonyms) {
    const counts = parts.vocabulary;
    const common = (words: string): boolean =>
      tuning.wordnetMaxShare < 1 &&
      counts !== undefined &&
      counts.documentFrequency(words) > tuning.wordnetMaxShare * counts.documentCount();
    parts.synonyms = (words) => {
      // The dictionary is asked first: most words have no synonyms, and then need no count.
      const found = synonyms(words);
      if (found.length === 0 || common(words)) return [];
      return found.map((expansion) => ({ ...expansion, weight: tuning.wordnetWeight }));
    };
  }
  return composeLexicon(parts);
}

/** What a search may be told besides its question. */
export interface SearchWaiting {
  /** Called at once when the search has to wait for room (the app is busy); it still runs, later. */
  onDelayed?: () => void;
}

/**
 * The search as services call it (ctx.search): searchKnowledge, run on a worker thread by
 * the search pool, or on this thread. Resolves with plain data.
 */
export type KnowledgeSearch = (
  viewer: SearchViewer,
  text: string,
  limit?: number,
  options?: SearchOptions,
  waiting?: SearchWaiting,
) => Promise<KnowledgeSearchResult>;

/**
 * The context's search port, or searchKnowledge on this thread when it has none; with a clock,
 * each search is made at its time (how old the confirmations of its wording are).
 */
export function searchOf(
  deps: SearchDeps & { search?: KnowledgeSearch | undefined; clock?: () => number },
): KnowledgeSearch {
  const search: KnowledgeSearch =
    deps.search ??
    (async (viewer, text, limit, options) => searchKnowledge(deps, viewer, text, limit, options));
  const { clock } = deps;
  if (!clock) return search;
  return (viewer, text, limit, options, waiting) =>
    search(viewer, text, limit, { at: clock(), ...options }, waiting);
}

/** How many hits the sureness rule examines to find the best hit on another topic. */
export const SURENESS_DEPTH = 10;

/**
 * The search `/ask` uses: the text planned with the lexicon (typo corrections, glossary terms
 * and synonyms, as far as its parts are there), visible documents only, best first, with the
 * sureness verdict on the top hit (domain/sureness.ts).
 */
export function searchKnowledge(
  deps: SearchDeps,
  viewer: SearchViewer,
  text: string,
  limit = 5,
  options: SearchOptions = {},
): KnowledgeSearchResult {
  const tuning = searchTuning(options.tuning);
  const plan = planQuery(text, lexiconOf(deps, tuning), tuning);
  const hits = deps.knowledge.searchPlan(plan, viewer, Math.max(limit, SURENESS_DEPTH), {
    ...options,
    boosts: learnedBoosts(deps.knowledge, text, options.at),
  });
  return {
    hits: hits.filter((hit) => hasEvidence(hit.concepts)).slice(0, Math.max(0, limit)),
    confident: isSure(surenessEvidence(hits)),
    searchedFor: plan.searchedFor,
  };
}

/**
 * Remembers that `memberId` confirmed `documentId` answers `text` ("This answers it"): later
 * searches in the same wording rank it higher, counting each person once.
 */
export function recordConfirmation(
  knowledge: KnowledgeRepository,
  input: { text: string; documentId: number; memberId: string },
  now: number,
): boolean {
  return knowledge.confirmations.record(
    wordingKey(input.text),
    input.documentId,
    input.memberId,
    now,
  );
}

/**
 * Per document people confirmed answers this wording ("This answers it"), how much higher it
 * ranks (domain/search/learning.ts); none without the search's time. The boost only ever
 * multiplies the score of a document the search found visible: it never adds a document.
 */
function learnedBoosts(
  knowledge: KnowledgeRepository,
  text: string,
  at: number | undefined,
): Map<number, number> | undefined {
  if (at === undefined) return undefined;
  const confirmations = knowledge.confirmations.forWording(wordingKey(text));
  return confirmations.length === 0 ? undefined : confirmationBoosts(confirmations, at);
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
    section: hit.section ? { concepts: hit.section.concepts, window: hit.section.window } : null,
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
const MARKDOWN = /\.(md|markdown|mdx)$/i;
const MDX = /\.mdx$/i;

/** How an import paces itself; see importMarkdownFolder. */
export interface ImportPace {
  /** A batch's transaction commits once it has written for this long, so the app's own writes wait little. */
  batchMs: number;
  /** …or once it holds this many files. */
  batchFiles: number;
  /** Pause after each batch, in which other writers get the lock. */
  pauseMs: number;
  /** Files read ahead of the ones being stored (at most), in one go. */
  readAhead: number;
}

export const IMPORT_PACE: ImportPace = {
  batchMs: 20,
  batchFiles: 2000,
  pauseMs: 2,
  readAhead: 256,
};

export interface ImportDeps {
  knowledge: KnowledgeRepository;
  clock: () => number;
  /** Remembers each file's raw hash: unchanged files are then skipped without being parsed. */
  importedFiles?: ImportedFileRepository;
  /** Where the folder is served: each page's URL is this plus its path (pageUrl). */
  baseUrl?: string;
}

/**
 * The URL a site serves a file at: `baseUrl` plus the file's path without its extension, each
 * part URL-encoded, and without a last `index` (`people/index.mdx` is served as `people`).
 */
export function pageUrl(baseUrl: string, file: string): string {
  const parts = file.replace(MARKDOWN, '').split('/');
  if (parts.length > 0 && parts.at(-1)?.toLowerCase() === 'index') parts.pop();
  const base = baseUrl.replace(/\/+$/, '');
  return [base, ...parts.map((part) => encodeURIComponent(part))].join('/');
}

type FileRead =
  | { kind: 'read'; file: string; bytes: Buffer; fileHash: string; url: string | undefined }
  | { kind: 'unchanged'; file: string }
  | { kind: 'skip'; file: string; reason: string };

/**
 * Imports every Markdown file under `folder` (`.md` and `.markdown` with their template tags
 * rendered: see templates.ts; `.mdx` read as its prose: see mdx.ts; recursively; hidden folders
 * and node_modules are left out) as a public
 * document. The title is the first `# ` heading, else the front matter's title, else the
 * file name; the body is the rest of the file, Markdown kept as text. Each file's sourceKey is
 * `import:<path relative to folder>`, so importing again updates changed files instead of
 * adding them twice.
 *
 * Files are read ahead, `pace.readAhead` at a time, and stored in batches, each in one
 * transaction that commits after `pace.batchMs`, so a long import never holds the database's
 * write lock for long. With `importedFiles`, a file whose bytes hash as at its last import
 * (and whose document was not changed since) is reported unchanged without being parsed.
 */
export async function importMarkdownFolder(
  deps: ImportDeps,
  folder: string,
  onProgress?: (done: number, total: number, file: string) => void,
  pace: ImportPace = IMPORT_PACE,
): Promise<ImportSummary> {
  const paths = await markdownFilesUnder(folder);
  const known = deps.importedFiles?.unchangedFileHashes() ?? new Map<string, string>();
  const summary: ImportSummary = { added: [], updated: [], skipped: [] };
  const ahead: FileRead[] = [];
  let nextRead = 0;
  let done = 0;

  const store = (read: FileRead): void => {
    const { file } = read;
    if (read.kind === 'unchanged') summary.skipped.push({ file, reason: 'unchanged' });
    else if (read.kind === 'skip') summary.skipped.push({ file, reason: read.reason });
    else {
      const outcome = importParsed(deps, read);
      if (outcome === 'added') summary.added.push(file);
      else if (outcome === 'updated') summary.updated.push(file);
      else
        summary.skipped.push({
          file,
          reason: outcome === 'unchanged' ? 'unchanged' : outcome.skip,
        });
    }
    done += 1;
    onProgress?.(done, paths.length, file);
  };
  const inTransaction = (work: () => void): void =>
    deps.importedFiles ? deps.importedFiles.inTransaction(work) : work();

  while (done < paths.length) {
    while (ahead.length < Math.max(1, pace.readAhead) && nextRead < paths.length) {
      const path = paths[nextRead] as string;
      const file = relative(folder, path).split(sep).join('/');
      const url = deps.baseUrl === undefined ? undefined : pageUrl(deps.baseUrl, file);
      ahead.push(readImportFile(path, file, known.get(sourceKeyOf(file)), url));
      nextRead += 1;
    }
    // What needs no write (unchanged, skipped) is reported without taking the write lock.
    while (ahead[0] !== undefined && ahead[0].kind !== 'read') store(ahead.shift() as FileRead);
    if (ahead.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    // Then the files read, up to the batch's limits, in one transaction.
    const started = performance.now();
    inTransaction(() => {
      let inBatch = 0;
      while (ahead.length > 0 && inBatch < pace.batchFiles) {
        store(ahead.shift() as FileRead);
        inBatch += 1;
        if (performance.now() - started >= pace.batchMs) break;
      }
    });
    // Whoever waits for the write lock (the app's requests and tick) has it now.
    await new Promise((resolve) => setTimeout(resolve, pace.pauseMs));
  }
  return summary;
}

const sourceKeyOf = (file: string) => `import:${file}`;

/**
 * Reads synchronously: for many small files, fs's asynchronous calls cost the event loop
 * several times what the reads themselves cost (measured: about 7 s against 1.5 s for
 * 100,000 files), and the reads of one round of read-ahead take a few milliseconds.
 */
function readImportFile(
  path: string,
  file: string,
  knownHash: string | undefined,
  url: string | undefined,
): FileRead {
  let bytes: Buffer | 'too large';
  try {
    bytes = readSmallFile(path, MAX_IMPORT_BYTES);
  } catch (error) {
    return { kind: 'skip', file, reason: `unreadable: ${describeError(error)}` };
  }
  if (bytes === 'too large') return { kind: 'skip', file, reason: 'larger than 1 MB' };
  // The page's URL is part of what the file gives its document: a new --base-url re-reads it.
  const hash = createHash('sha256').update(bytes);
  if (url !== undefined) hash.update(`\0${url}`);
  const fileHash = hash.digest('base64url');
  if (fileHash === knownHash) return { kind: 'unchanged', file };
  return { kind: 'read', file, bytes, fileHash, url };
}

/** The file's bytes, or 'too large' without reading them. */
function readSmallFile(path: string, maxBytes: number): Buffer | 'too large' {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > maxBytes) return 'too large';
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const bytesRead = readSync(fd, buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled < size ? buffer.subarray(0, filled) : buffer;
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's Markdown as its reader sees it: MDX read as its prose (mdx.ts), and a Markdown
 * page's template tags rendered (templates.ts).
 */
export function readableMarkdown(file: string, text: string): string {
  return MDX.test(file) ? mdxToMarkdown(text) : dropTemplateTags(text);
}

function importParsed(
  deps: ImportDeps,
  {
    file,
    bytes,
    fileHash,
    url,
  }: { file: string; bytes: Buffer; fileHash: string; url: string | undefined },
): UpsertStatus | { skip: string } {
  const text = bytes.toString('utf8');
  const parsed = parseMarkdown(readableMarkdown(file, text), basename(file));
  if (!parsed) return { skip: 'empty file' };
  const sourceKey = sourceKeyOf(file);
  const { document, status } = deps.knowledge.upsert(
    { ...parsed, source: 'import', sourceKey, visibility: 'public', url: url ?? null },
    deps.clock(),
  );
  deps.importedFiles?.record(sourceKey, fileHash, document.contentHash);
  return status;
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
