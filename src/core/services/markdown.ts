import { basename, extname } from 'node:path';

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
