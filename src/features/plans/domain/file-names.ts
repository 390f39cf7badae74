/**
 * A stable file name for a plan's export: its number, padded to four digits, then its title in
 * lower-case ASCII words (`plan-0007-launch-the-partner-api.md`).
 */
export function planFileName(planId: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `plan-${String(planId).padStart(4, '0')}-${slug || 'untitled'}.md`;
}

/** Whether `fileName` is one planFileName makes, for the plan numbered `planId`. */
export function isPlanFileOf(fileName: string, planId: number): boolean {
  return (
    fileName.startsWith(`plan-${String(planId).padStart(4, '0')}-`) && fileName.endsWith('.md')
  );
}
