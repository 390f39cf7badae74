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
