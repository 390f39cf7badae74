/**
 * The export's numbering: public decisions are numbered in one sequence and private ones in
 * their own, so that the public files show no gap where a private decision is.
 */
export type ExportSequence = 'public' | 'private';

/** How a decision's export number reads: `7` for a public one, `P-7` for a private one. */
export function exportLabel(number: number, sequence: ExportSequence): string {
  return sequence === 'private' ? `P-${number}` : String(number);
}

/** How MADR names the record, by its number padded to four digits: `0007`, `P-0007`. */
export function exportRecordName(number: number, sequence: ExportSequence): string {
  return `${sequence === 'private' ? 'P-' : ''}${String(number).padStart(4, '0')}`;
}

/**
 * A stable file name for the decision's exported record: its export number, then its title in
 * lower-case ASCII words (`0007-use-postgres-for-billing.md`, `P-0002-launch-falcon.md`), as
 * ADR tools name them.
 */
export function decisionFileName(
  number: number,
  title: string,
  sequence: ExportSequence = 'public',
): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${exportRecordName(number, sequence)}-${slug || 'decision'}.md`;
}

/** The sequence and number a file name made by decisionFileName starts with. */
export function exportNumberOfFile(
  fileName: string,
): { sequence: ExportSequence; number: number } | undefined {
  const match = /^(P-)?(\d{4,})-[a-z0-9-]*\.md$/.exec(fileName);
  return match
    ? { sequence: match[1] ? 'private' : 'public', number: Number(match[2]) }
    : undefined;
}

/**
 * What every file the export writes says near its top, so that a later export replaces only
 * the files it wrote: a YAML comment inside a record's front matter, a Markdown comment on the
 * index's first line. Neither shows when the Markdown is read.
 */
export const EXPORT_MARK = 'Written by the Mailroom decision export';
const MARK_SENTENCE = `${EXPORT_MARK} (npm run export-decisions): the next export replaces it.`;
/** The mark as a record's front matter holds it, on the line after its opening `---`. */
export const RECORD_MARK_LINE = `# ${MARK_SENTENCE}`;
/** The mark as the index's first line: a Markdown link reference, which shows nothing. */
export const INDEX_MARK_LINE = `[//]: # "${MARK_SENTENCE}"`;

/** How the index began before the export marked its files: it is Mailroom's all the same. */
const UNMARKED_INDEX_START =
  '# Decision log\n\nArchitecture decision records in the MADR 4.0 format, exported from Mailroom.';

/** Whether a file's text carries the export's mark in its first lines. */
export function isMarkedExport(text: string): boolean {
  return text.split('\n', 3).some((line) => line.includes(EXPORT_MARK));
}

/**
 * Whether an index file is one the export wrote, marked or from before the mark: the files it
 * links to are then Mailroom's too (those written before the mark carry none).
 */
export function isExportIndex(text: string): boolean {
  return isMarkedExport(text) || text.startsWith(UNMARKED_INDEX_START);
}

/** The files an index written by the export links to, in its table's first column. */
export function filesListedIn(index: string): string[] {
  return [...index.matchAll(/^\| \[[^\]]*\]\(([^)\s]+\.md)\) \|/gm)].map((m) => m[1] ?? '');
}
