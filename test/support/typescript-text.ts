import { posix } from 'node:path';

/**
 * Reading TypeScript text without a compiler: which parts are code and which are literals,
 * what a file imports, which line an offset is on and how deep in brackets.
 */

/** A string literal's content, or one literal chunk of a template, with the line it starts on. */
export interface Literal {
  text: string;
  line: number;
}

export interface Scanned {
  /**
   * The text with comments, the contents of string, template and regex literals, and the
   * `${`/`}` around template expressions blanked (newlines kept): what is left is code, at
   * the same offsets, with balanced brackets.
   */
  code: string;
  /** The contents of string literals and template chunks (not regex literals). */
  literals: Literal[];
}

/** Words after which a `/` starts a regex literal rather than a division. */
const BEFORE_REGEX_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);
/** Punctuation after which a `/` starts a regex literal rather than a division. */
const BEFORE_REGEX_PUNCTUATION = '(,=:[!&|?{};+-*%<>~^';

/**
 * Splits TypeScript text into code and literals: strings ('…', "…"), templates (`…${…}…`,
 * nested to any depth), regex literals and comments, without a parser.
 */
export function scan(text: string): Scanned {
  const out = text.split('');
  const literals: Literal[] = [];
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const lineOf = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? 0) <= offset) line++;
    return line + 1;
  };
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  /** For each open `${`, the brace depth its `}` closes at. */
  const openExpressions: number[] = [];
  let depth = 0;
  /** The last word or punctuation of code: decides whether a `/` starts a regex. */
  let previous = '';
  let i = 0;

  /** Reads a template chunk from `start` (just after '`' or '}') up to '`' or '${'. */
  const templateChunk = (start: number) => {
    let k = start;
    while (k < text.length) {
      const c = text[k];
      if (c === '\\') {
        k += 2;
      } else if (c === '`') {
        literals.push({ text: text.slice(start, k), line: lineOf(start) });
        blank(start, k);
        previous = 'literal';
        return k + 1;
      } else if (c === '$' && text[k + 1] === '{') {
        literals.push({ text: text.slice(start, k), line: lineOf(start) });
        blank(start, k + 2);
        openExpressions.push(depth);
        previous = '{';
        return k + 2;
      } else {
        k++;
      }
    }
    literals.push({ text: text.slice(start), line: lineOf(start) });
    blank(start, text.length);
    return text.length;
  };

  /**
   * The offset of the `/` that closes a regex literal opening at `start`, or -1 when none
   * closes on this line (then it was a division).
   */
  const regexClose = (start: number) => {
    let inClass = false;
    for (let k = start + 1; k < text.length; k++) {
      const c = text[k];
      if (c === '\n') return -1;
      if (c === '\\') k++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) return k;
    }
    return -1;
  };

  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      literals.push({ text: text.slice(i + 1, k), line: lineOf(i) });
      blank(i + 1, k);
      previous = 'literal';
      i = k + 1;
    } else if (c === '`') {
      i = templateChunk(i + 1);
    } else if (c === '}' && openExpressions.at(-1) === depth) {
      openExpressions.pop();
      out[i] = ' ';
      i = templateChunk(i + 1);
    } else if (
      c === '/' &&
      (previous === '' ||
        BEFORE_REGEX_PUNCTUATION.includes(previous) ||
        BEFORE_REGEX_WORDS.has(previous)) &&
      regexClose(i) !== -1
    ) {
      const close = regexClose(i);
      blank(i + 1, close);
      previous = 'literal';
      i = close + 1;
    } else if (/[\w$]/.test(c)) {
      let k = i;
      while (k < text.length && /[\w$]/.test(text[k] ?? '')) k++;
      previous = text.slice(i, k);
      i = k;
    } else {
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (!/\s/.test(c)) previous = c;
      i++;
    }
  }
  return { code: out.join(''), literals };
}

/**
 * The module specifiers a file imports or re-exports from, static or dynamic (`import('…')`).
 * Statements start a line; between `import`/`export` and `from` there is no quote, `;`, `(` or `=`.
 */
export function importsOf(text: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^'"`;(=]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1] ?? ''));
}

/** Where an import points: a path from the repository root for a relative one, else the package. */
export function resolveImport(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

/** The package an import names (`@slack/bolt`, `drizzle-orm`), or undefined for a path. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.')) return undefined;
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** The line (from 1) an offset of text is on. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) if (text[k] === '\n') line++;
  return line;
}

/** The bracket depth (`(`, `[`, `{`) before each offset of code. */
export function bracketDepths(code: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (const c of code) {
    depths.push(depth);
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
  }
  depths.push(depth);
  return depths;
}
