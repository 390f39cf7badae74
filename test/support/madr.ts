/** Reading Markdown Architectural Decision Records: the template's and the export's alike. */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** MADR 4.0's full template, as the npm package `madr` ships it. */
export const MADR_TEMPLATE = join(
  dirname(createRequire(import.meta.url).resolve('madr/package.json')),
  'template',
  'adr-template.md',
);

export interface Heading {
  level: number;
  text: string;
  /** The template marks it "This is an optional element". */
  optional: boolean;
}

/** A record's front matter (its YAML text) and its body. */
export function split(markdown: string): { yaml: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown);
  if (!match) throw new Error('no front matter');
  return { yaml: match[1] ?? '', body: match[2] ?? '' };
}

/** The front matter's keys, in order, as the template writes them (one `key:` a line). */
export function frontMatterKeys(yaml: string): string[] {
  return yaml
    .split('\n')
    .map((line) => /^([a-z-]+):/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
}

/** The headings of a Markdown body, in order; an optional one follows MADR's marker comment. */
export function headings(body: string): Heading[] {
  const found: Heading[] = [];
  const lines = body.split('\n');
  lines.forEach((line, i) => {
    const match = /^(#{1,6}) (.+)$/.exec(line);
    if (!match) return;
    const before =
      lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim() !== '') ?? '';
    found.push({
      level: match[1]?.length ?? 0,
      text: match[2] ?? '',
      optional: before.includes('This is an optional element'),
    });
  });
  return found;
}

/**
 * The headings as the comparison reads them: the title and each option's heading under
 * "Pros and Cons of the Options" are the record's own words (the template's placeholders), so
 * they read as placeholders; with `options: 'one'`, the options' headings count once. A
 * heading inside an optional section is optional with it.
 */
export function shaped(
  list: readonly Heading[],
  options: 'one' | 'each' = 'each',
): { key: string; optional: boolean }[] {
  const out: { key: string; optional: boolean }[] = [];
  let section: Heading | undefined;
  for (const heading of list) {
    if (heading.level === 2) section = heading;
    const inProsAndCons = section?.text === 'Pros and Cons of the Options';
    const optional = heading.optional || (heading.level > 2 && section?.optional === true);
    if (heading.level === 1) out.push({ key: '# {title}', optional });
    else if (heading.level === 3 && inProsAndCons) {
      if (options === 'each' || out.at(-1)?.key !== '### {option}') {
        out.push({ key: '### {option}', optional });
      }
    } else out.push({ key: `${'#'.repeat(heading.level)} ${heading.text}`, optional });
  }
  return out;
}

export const shape = (list: readonly Heading[], options: 'one' | 'each' = 'each') =>
  shaped(list, options).map((h) => h.key);
