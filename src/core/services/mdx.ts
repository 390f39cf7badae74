/**
 * MDX read as Markdown: what a reader of the rendered page sees as prose stays, what only
 * MDX's compiler reads goes.
 *
 * - Front matter is left as it is, so the title is read as for a `.md` file.
 * - `import` and `export` statements at the start of a line are dropped, over as many lines
 *   as they take.
 * - JSX tags are dropped, opening, closing and self-closing alike, whatever their props and
 *   however many lines they span; the text between an opening and a closing tag stays. The
 *   string props a component shows as text (`title`, `label`, `alt`, `caption`, `name`,
 *   `text`) stay in the tag's place.
 * - `{…}` expressions and HTML comments are dropped.
 * - Fenced code blocks and inline code are kept exactly as written: JSX inside them is code.
 */

/** String props whose value a component renders as visible text. */
const VISIBLE_PROPS = new Set(['title', 'label', 'alt', 'caption', 'name', 'text']);

const FENCE = /^\s*(`{3,}|~{3,})/;
const IMPORT_END = /(\bfrom\s*(['"])[^'"]*\2|^\s*import\s*(['"])[^'"]*\3)\s*;?\s*$/;

/** The Markdown an MDX file's reader sees; see the module's comment. */
export function mdxToMarkdown(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: string[] = [];
  let i = 0;

  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) {
      out.push(...lines.slice(0, end + 1));
      i = end + 1;
    }
  }

  const prose = new ProseScanner();
  while (i < lines.length) {
    const line = lines[i] as string;
    if (prose.atLineStart()) {
      const fence = FENCE.exec(line);
      if (fence?.[1]) {
        const marker = fence[1];
        out.push(line);
        i += 1;
        while (i < lines.length) {
          const inner = lines[i] as string;
          out.push(inner);
          i += 1;
          const close = FENCE.exec(inner);
          if (close?.[1] && close[1][0] === marker[0] && close[1].length >= marker.length) break;
        }
        continue;
      }
      if (/^import[\s{*]/.test(line)) {
        i = skipImport(lines, i);
        continue;
      }
      if (/^export\s/.test(line)) {
        i = skipExport(lines, i);
        continue;
      }
    }
    const inside = !prose.atLineStart();
    const kept = prose.line(line);
    // A line wholly inside a tag, expression or comment that spans lines leaves nothing.
    if (kept.trim() !== '' || !(inside || !prose.atLineStart())) out.push(kept);
    i += 1;
  }
  return out
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** The index of the line after an `import` statement that starts at `start`. */
function skipImport(lines: readonly string[], start: number): number {
  for (let i = start; i < lines.length; i += 1) {
    if (IMPORT_END.test(lines[i] as string)) return i + 1;
  }
  return start + 1;
}

/** The index of the line after an `export` statement: its brackets balanced at a line's end. */
function skipExport(lines: readonly string[], start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i] as string;
    for (let c = 0; c < line.length; c += 1) {
      const ch = line[c] as string;
      if (quote) {
        if (ch === '\\') c += 1;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
      else if ('{[('.includes(ch)) depth += 1;
      else if ('}])'.includes(ch)) depth -= 1;
    }
    if (depth <= 0 && quote !== '`') return i + 1;
  }
  return lines.length;
}

type Mode =
  | { kind: 'text' }
  | { kind: 'comment' }
  | { kind: 'expression'; depth: number; quote: string | null }
  | {
      kind: 'tag';
      depth: number;
      quote: string | null;
      source: string;
    };

/**
 * Reads prose line by line, dropping tags, expressions and comments, which may span lines.
 * Inline code spans are copied as they are.
 */
class ProseScanner {
  private mode: Mode = { kind: 'text' };

  atLineStart(): boolean {
    return this.mode.kind === 'text';
  }

  line(line: string): string {
    let kept = '';
    let c = 0;
    while (c < line.length) {
      const mode = this.mode;
      const ch = line[c] as string;
      if (mode.kind === 'comment') {
        const end = line.indexOf('-->', c);
        if (end < 0) return kept;
        this.mode = { kind: 'text' };
        c = end + 3;
        continue;
      }
      if (mode.kind === 'expression') {
        c = this.readExpression(mode, line, c);
        continue;
      }
      if (mode.kind === 'tag') {
        const { next, shown } = this.readTag(mode, line, c);
        kept += shown;
        c = next;
        continue;
      }
      if (ch === '\\' && c + 1 < line.length) {
        kept += line.slice(c, c + 2);
        c += 2;
        continue;
      }
      if (ch === '`') {
        const run = /^`+/.exec(line.slice(c))?.[0] ?? '`';
        const close = line.indexOf(run, c + run.length);
        const end = close < 0 ? c + run.length : close + run.length;
        kept += line.slice(c, end);
        c = end;
        continue;
      }
      if (ch === '{') {
        this.mode = { kind: 'expression', depth: 0, quote: null };
        continue;
      }
      if (ch === '<') {
        const rest = line.slice(c);
        const autolink = /^<((?:https?|mailto):[^\s>]+)>/.exec(rest);
        if (autolink?.[1]) {
          kept += autolink[1];
          c += autolink[0].length;
          continue;
        }
        if (rest.startsWith('!--', 1)) {
          this.mode = { kind: 'comment' };
          c += 4;
          continue;
        }
        if (/^<(\/?[A-Za-z]|\/?>)/.test(rest)) {
          this.mode = { kind: 'tag', depth: 0, quote: null, source: '' };
          continue;
        }
      }
      kept += ch;
      c += 1;
    }
    const mode = this.mode;
    if (mode.kind === 'tag') mode.source += '\n';
    return kept;
  }

  /** Reads an expression from `c` (its `{` included); returns where reading stops. */
  private readExpression(
    mode: Extract<Mode, { kind: 'expression' }>,
    line: string,
    start: number,
  ): number {
    for (let c = start; c < line.length; c += 1) {
      const ch = line[c] as string;
      if (mode.quote) {
        if (ch === '\\') c += 1;
        else if (ch === mode.quote) mode.quote = null;
      } else if (ch === '"' || ch === "'" || ch === '`') mode.quote = ch;
      else if (ch === '{') mode.depth += 1;
      else if (ch === '}') {
        mode.depth -= 1;
        if (mode.depth === 0) {
          this.mode = { kind: 'text' };
          return c + 1;
        }
      }
    }
    return line.length;
  }

  /** Reads a tag from `c` (its `<` included); at its end, returns the text it shows. */
  private readTag(
    mode: Extract<Mode, { kind: 'tag' }>,
    line: string,
    start: number,
  ): { next: number; shown: string } {
    for (let c = start; c < line.length; c += 1) {
      const ch = line[c] as string;
      mode.source += ch;
      if (mode.quote) {
        if (ch === mode.quote) mode.quote = null;
      } else if (ch === '"' || ch === "'") mode.quote = ch;
      else if (ch === '{') mode.depth += 1;
      else if (ch === '}') mode.depth -= 1;
      else if (ch === '>' && mode.depth === 0) {
        this.mode = { kind: 'text' };
        return { next: c + 1, shown: shownText(mode.source) };
      }
    }
    return { next: line.length, shown: '' };
  }
}

/** The visible string props of a whole tag's source, joined by spaces. */
function shownText(source: string): string {
  if (source.startsWith('</')) return '';
  const shown: string[] = [];
  for (const match of source.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const [, name, double, single] = match;
    const value = (double ?? single ?? '').trim();
    if (name && VISIBLE_PROPS.has(name) && value !== '') shown.push(value);
  }
  return shown.join(' ');
}
