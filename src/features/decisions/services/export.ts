import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { nameOf } from '../../../core/domain/member.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { type FileWritten, writeIfChanged } from '../../../core/services/export-files.js';
import type { DecisionsContext } from '../context.js';
import {
  decisionFileName,
  type ExportSequence,
  exportLabel,
  exportNumberOfFile,
  exportRecordName,
  filesListedIn,
  INDEX_MARK_LINE,
  isExportIndex,
  isMarkedExport,
} from '../domain/file-names.js';
import type { Decision } from '../store/decision-repository.js';
import { decisionRecord } from './find.js';
import { decisionMarkdown, frontMatterOf, type MarkdownNames } from './markdown.js';

/** The export's index: every decision it wrote, with its number, title, status, date and tags. */
export const INDEX_FILE = 'index.md';

type ExportContext = Pick<DecisionsContext, 'decisions' | 'channels' | 'members' | 'reviews'>;

export interface ExportOptions {
  /** Private conversations (by name, `#name`, or id) whose decisions are exported too. */
  includePrivate?: readonly string[];
}

export interface ExportSummary {
  /** File names, relative to the folder. */
  added: string[];
  updated: string[];
  unchanged: string[];
  /** A decision whose title changed: its file was renamed, then written. */
  renamed: { from: string; to: string }[];
  /** Decisions not exported: from private conversations not asked for, or kept for their owners. */
  leftOut: { privateConversations: number; keptForOwners: number };
  /** What became of the index file (INDEX_FILE). */
  index: FileWritten;
}

/**
 * Writes one Markdown file per decision into `folder`, as a Markdown Architectural Decision
 * Record (MADR 4.0, see markdown.ts), and an index of them (INDEX_FILE), each named by its export number and title (`0007-use-postgres.md`). Public decisions are
 * numbered in one sequence and private ones in their own (`P-0001-launch-falcon.md`), each
 * number fixed the first time the decision is exported, so the public files show no gap where
 * a private decision is and file names stay the same from one export to the next. Exporting
 * again updates the files of decisions that changed and leaves the others untouched; a
 * decision whose title changed keeps its number and its file is renamed, never duplicated.
 * Decisions from private conversations are left out unless their conversation is named in
 * `includePrivate`; those kept for their owners and the people consulted are always left out.
 * Only files the export wrote are replaced or renamed: if one it would write is there and is
 * not Mailroom's, it stops before writing anything (NotMailroomsFiles).
 */
export async function exportDecisions(
  ctx: ExportContext,
  folder: string,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const included = resolveConversations(ctx, options.includePrivate ?? []);
  await mkdir(folder, { recursive: true });
  const present = new Set(await readdir(folder));
  const ours = await writtenByMailroom(folder, present);
  const existing = new Map<string, string[]>();
  for (const file of ours) {
    const numbered = exportNumberOfFile(file);
    if (!numbered) continue;
    const key = `${numbered.sequence}:${numbered.number}`;
    existing.set(key, [...(existing.get(key) ?? []), file]);
  }
  const summary: ExportSummary = {
    added: [],
    updated: [],
    unchanged: [],
    renamed: [],
    leftOut: { privateConversations: 0, keptForOwners: 0 },
    index: 'unchanged',
  };
  // Numbered first, oldest first, so that each file can link to the ones it supersedes.
  const exported = new Map<number, Numbered>();
  for (const decision of ctx.decisions.all()) {
    if (decision.channelId === null) {
      summary.leftOut.keptForOwners += 1;
      continue;
    }
    const channel = ctx.channels.get(decision.channelId);
    const isPublic = channel !== undefined && !channel.isPrivate && !channel.isIm;
    if (!isPublic && !included.has(decision.channelId)) {
      summary.leftOut.privateConversations += 1;
      continue;
    }
    const sequence: ExportSequence = isPublic ? 'public' : 'private';
    const number = ctx.decisions.exportNumber(decision.id, sequence);
    exported.set(decision.id, {
      decision,
      sequence,
      number,
      label: exportLabel(number, sequence),
      record: exportRecordName(number, sequence),
      fileName: decisionFileName(number, decision.title, sequence),
    });
  }
  const notOurs = [INDEX_FILE, ...[...exported.values()].map((n) => n.fileName)].filter(
    (file) => present.has(file) && !ours.has(file),
  );
  if (notOurs.length > 0) throw new NotMailroomsFiles(folder, notOurs);
  const names = namesFor(ctx, exported);
  const entries: IndexEntry[] = [];
  for (const numbered of exported.values()) {
    const { decision, sequence, number, fileName: file } = numbered;
    const record = decisionRecord(ctx, decision);
    entries.push({ ...numbered, ...frontMatterOf(record, names) });
    const path = join(folder, file);
    const earlier = existing.get(`${sequence}:${number}`) ?? [];
    if (earlier[0] !== undefined && !earlier.includes(file)) {
      await rename(join(folder, earlier[0]), path);
      summary.renamed.push({ from: earlier[0], to: file });
    }
    const written = await writeIfChanged(path, decisionMarkdown(record, names));
    if (written === 'unchanged') summary.unchanged.push(file);
    else (written === 'added' ? summary.added : summary.updated).push(file);
  }
  summary.index = await writeIfChanged(join(folder, INDEX_FILE), indexMarkdown(entries));
  return summary;
}

interface IndexEntry extends Numbered {
  status: string;
  date: string;
}

/** A table cell: one line, its pipes escaped. */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** The index: one row per decision exported, public ones first, each sequence by number. */
function indexMarkdown(entries: readonly IndexEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) =>
      (a.sequence === b.sequence ? 0 : a.sequence === 'public' ? -1 : 1) || a.number - b.number,
  );
  const lines = [
    INDEX_MARK_LINE,
    '# Decision log',
    '',
    'Architecture decision records in the MADR 4.0 format, exported from Mailroom.',
    '',
  ];
  if (sorted.length === 0) {
    lines.push('No decisions are exported yet.');
  } else {
    lines.push('| Number | Title | Status | Date | Tags |', '| --- | --- | --- | --- | --- |');
    for (const entry of sorted) {
      lines.push(
        `| [${entry.record}](${entry.fileName}) | ${cell(entry.decision.title)} | ${cell(entry.status)} | ${entry.date} | ${cell(entry.decision.tags.join(', '))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The export would replace files it did not write (a team's own index.md, or its own record
 * under a name the export wants): it stops before writing anything. Writing the index under
 * another name was not chosen: the folder would then hold two indexes, one of them stale, and
 * its readers would not know which is the log.
 */
export class NotMailroomsFiles extends UserFacingError {
  constructor(
    readonly folder: string,
    readonly files: readonly string[],
  ) {
    const them = files.length === 1 ? 'it' : 'them';
    super(
      `${folder} already holds ${files.join(', ')}, which Mailroom did not write, and this export would replace ${them}. Nothing was written. Move or rename ${files.length === 1 ? 'that file' : 'those files'}, or export into another folder (a new one, or one Mailroom exported into before).`,
    );
  }
}

/**
 * The Markdown files of `folder` that an export wrote: those carrying the export's mark, and
 * those an index the export wrote links to (files exported before the mark existed).
 */
async function writtenByMailroom(folder: string, present: ReadonlySet<string>) {
  const ours = new Set<string>();
  for (const file of present) {
    if (file !== INDEX_FILE && !exportNumberOfFile(file)) continue;
    const text = await readFile(join(folder, file), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (file === INDEX_FILE) {
      if (!isExportIndex(text)) continue;
      for (const listed of filesListedIn(text)) if (present.has(listed)) ours.add(listed);
    }
    if (file === INDEX_FILE || isMarkedExport(text)) ours.add(file);
  }
  return ours;
}

/** A decision this export writes: its sequence, its number and its file. */
interface Numbered {
  decision: Decision;
  sequence: ExportSequence;
  number: number;
  label: string;
  /** As MADR names it: `0007`, `P-0007`. */
  record: string;
  fileName: string;
}

/** The conversations named on the command line, each of which must be known. */
function resolveConversations(ctx: ExportContext, wanted: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const raw of wanted) {
    const name = raw.trim().replace(/^#/, '');
    const byId = ctx.channels.get(name);
    const found = byId ? [byId.id] : ctx.channels.idsNamed(name);
    if (found.length === 0) {
      throw new UserFacingError(
        `I know no conversation called “${raw}”. Give its name as Slack shows it (secret-project) or its id (C012AB3CD).`,
      );
    }
    for (const id of found) ids.add(id);
  }
  return ids;
}

function namesFor(ctx: ExportContext, exported: ReadonlyMap<number, Numbered>): MarkdownNames {
  return {
    numbered: (decision) => exported.get(decision.id),
    person: (userId) => {
      const member = ctx.members.get(userId);
      return member ? nameOf(member) : userId;
    },
    channel: (channelId) => {
      const channel = ctx.channels.get(channelId);
      return channel?.name ? `#${channel.name}` : channelId;
    },
  };
}
