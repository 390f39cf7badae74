/**
 * A stable file name for the decision's exported record: its number, then its title in
 * lower-case ASCII words (`0007-use-postgres-for-billing.md`), as ADR tools name them.
 */
export function decisionFileName(id: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${String(id).padStart(4, '0')}-${slug || 'decision'}.md`;
}

/** The number a file name made by decisionFileName starts with. */
export function decisionIdOfFile(fileName: string): number | undefined {
  const match = /^(\d{4,})-[a-z0-9-]*\.md$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}
