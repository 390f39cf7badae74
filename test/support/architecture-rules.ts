import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bracketDepths,
  importsOf,
  lineAt,
  packageOf,
  resolveImport,
  scan,
} from './typescript-text.js';

/**
 * The rules Mailroom's layout keeps, each a function over source files that returns what breaks
 * it. They read text only (no compiler), so each is also run on a planted violation.
 */

/** A source file: its path from the repository root (`src/…`) and its text. */
export interface Source {
  file: string;
  text: string;
}

/** What a file does against a rule. */
export interface Violation {
  file: string;
  what: string;
}

/** Every TypeScript file under `src/` of the repository at `repositoryRoot`. */
export function readSources(repositoryRoot: string): Source[] {
  const src = join(repositoryRoot, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/${f.split('\\').join('/')}`)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(repositoryRoot, file), 'utf8') }));
}

// ---------------------------------------------------------------- Where a file sits

/** The unit a file belongs to: the core or one capability (`src/features/<capability>`). */
export function unitOf(file: string): string | undefined {
  if (file.startsWith('src/core/')) return 'src/core';
  return /^src\/features\/[^/]+\//.exec(file)?.[0].slice(0, -1);
}

/** Inside a unit, the layers from the bottom up; `jobs` sits beside `slack`, above services. */
export const LAYERS = ['domain', 'store', 'services', 'slack', 'jobs'] as const;
export type Layer = (typeof LAYERS)[number];

/** What each layer may import, in its own unit and in the core. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: ['domain'],
  store: ['domain', 'store'],
  services: ['domain', 'store', 'services'],
  slack: ['domain', 'store', 'services', 'slack'],
  jobs: ['domain', 'store', 'services', 'jobs'],
};

/** The layer a file is in, or undefined for a unit's own files (config, logger) and the rest. */
export function layerOf(file: string): Layer | undefined {
  const unit = unitOf(file);
  if (!unit) return undefined;
  const folder = file.slice(unit.length + 1).split('/')[0];
  return LAYERS.find((layer) => layer === folder);
}

// ---------------------------------------------------------------- 1. Layering

/** Packages a layer may not import: Slack above the services, SQLite and Drizzle below them. */
const FORBIDDEN_PACKAGES: Record<Layer, RegExp | undefined> = {
  domain: /^(?:@slack\/|drizzle-orm$|better-sqlite3$)/,
  store: /^@slack\//,
  services: /^(?:@slack\/|better-sqlite3$)/,
  slack: undefined,
  jobs: /^@slack\//,
};

/**
 * Inside the core and each capability: domain < store < services < slack (and jobs). A layer
 * imports its own and lower layers, of its unit or of the core; domain imports only domain
 * code (no Slack, no store, no unit files such as the logger) and never reads the clock.
 */
export function layering(sources: readonly Source[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of sources) {
    const layer = layerOf(file);
    if (!layer) continue;
    for (const specifier of importsOf(text)) {
      const pkg = packageOf(specifier);
      if (pkg) {
        if (FORBIDDEN_PACKAGES[layer]?.test(pkg)) {
          violations.push({ file, what: `${layer} imports ${specifier}` });
        }
        continue;
      }
      const target = resolveImport(file, specifier);
      if (!target.startsWith('src/')) continue;
      const targetLayer = layerOf(target);
      if (targetLayer ? !MAY_IMPORT[layer].includes(targetLayer) : layer === 'domain') {
        violations.push({
          file,
          what: `${layer} imports ${targetLayer ?? 'the unit file'} ${target}`,
        });
      }
    }
    if (layer === 'domain') {
      const clock = /\bDate\.now\(|\bnew Date\(\s*\)|\bperformance\.now\(/.exec(scan(text).code);
      if (clock) violations.push({ file, what: `domain reads the clock (${clock[0]})` });
    }
  }
  return violations;
}

// ---------------------------------------------------------------- 2. The database handle

/** Files outside the store that may open, hold and close the database, and why. */
export const DATABASE_HANDLE_EXCEPTIONS: readonly { file: string | RegExp; reason: string }[] = [
  {
    file: 'src/context.ts',
    reason: 'builds the repositories every capability receives from the open database',
  },
  {
    file: /^src\/cli\//,
    reason: 'each command-line tool opens its own database and closes it when done',
  },
];

function isStoreFile(file: string): boolean {
  return layerOf(file) === 'store';
}

function isListed(file: string, exceptions: readonly { file: string | RegExp }[]): boolean {
  return exceptions.some((e) => (typeof e.file === 'string' ? e.file === file : e.file.test(file)));
}

/**
 * Only store modules touch the database handle: elsewhere no `.$client`, no `ctx.db` or
 * `.db.` handle use, no import of better-sqlite3 or drizzle-orm.
 */
export function databaseHandle(sources: readonly Source[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of sources) {
    if (isStoreFile(file) || isListed(file, DATABASE_HANDLE_EXCEPTIONS)) continue;
    for (const specifier of importsOf(text)) {
      const pkg = packageOf(specifier);
      if (pkg === 'better-sqlite3' || pkg === 'drizzle-orm') {
        violations.push({ file, what: `imports ${specifier}` });
      }
    }
    const { code } = scan(text);
    for (const m of code.matchAll(/\.\s*\$client\b|\bctx\s*\.\s*db\b|\.\s*db\s*\./g)) {
      violations.push({
        file,
        what: `uses the database handle (${m[0]}) on line ${lineAt(code, m.index)}`,
      });
    }
  }
  return violations;
}

// ---------------------------------------------------------------- 3. Slack's mention syntax

/** The core's Slack modules and each capability's Slack folder: where `<@…>` may be written. */
export function isSlackModule(file: string): boolean {
  return layerOf(file) === 'slack';
}

/**
 * No `<@`, `<#` or `<!` inside a string or template literal outside the Slack modules: the
 * rest of Mailroom speaks of ids, and Slack's views turn them into mentions. Comments and
 * regex literals (which parse Slack's syntax) do not count.
 */
export function mentionSyntax(sources: readonly Source[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of sources) {
    if (isSlackModule(file)) continue;
    for (const literal of scan(text).literals) {
      const found = /<[@#!]/.exec(literal.text);
      if (found) {
        violations.push({ file, what: `writes ${found[0]} on line ${literal.line}` });
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------- 4. Capabilities

/** The files that compose Mailroom and so may know every capability, and why. */
export const COMPOSITION_ROOT: readonly { file: string | RegExp; reason: string }[] = [
  { file: 'src/app.ts', reason: 'composes the core and every capability into one Mailroom' },
  { file: 'src/context.ts', reason: 'builds the context each capability receives' },
  {
    file: 'src/capabilities.ts',
    reason: 'builds every capability and registers their listeners and the core’s',
  },
  { file: 'src/main.ts', reason: 'the process entry: reads the config, starts and stops the app' },
  { file: 'src/lifecycle.ts', reason: 'stops the whole app on a signal' },
  {
    file: /^src\/cli\//,
    reason: "each command-line tool runs one capability's use case outside the app",
  },
];

/**
 * Capabilities do not import each other's insides: a file in `src/features/X/` imports from
 * `src/features/X/` and `src/core/` only; the core imports nothing outside the core; only the
 * composition root imports from `src/features/`.
 */
export function capabilityBoundaries(sources: readonly Source[]): Violation[] {
  const violations: Violation[] = [];
  for (const { file, text } of sources) {
    const unit = unitOf(file);
    const root = isListed(file, COMPOSITION_ROOT);
    for (const specifier of importsOf(text)) {
      const target = resolveImport(file, specifier);
      if (!target.startsWith('src/')) continue;
      const allowed =
        unit === 'src/core'
          ? target.startsWith('src/core/')
          : unit
            ? target.startsWith(`${unit}/`) || target.startsWith('src/core/')
            : root || !target.startsWith('src/features/');
      if (!allowed) violations.push({ file, what: `imports ${target}` });
    }
  }
  return violations;
}

// ---------------------------------------------------------------- 5. Module-level mutable state

/** A module-level variable that holds state across calls. */
export interface StateFound {
  file: string;
  name: string;
  line: number;
}

/** Methods that change an array, a Map, a Set or a WeakMap. */
const MUTATORS =
  'set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin|enterWith';

/**
 * A file's module-level mutable state: each top-level `let` or `var`; each top-level `const`
 * (a Map, Set, WeakMap, array, object or other instance) that the module writes after load,
 * that is inside a function or a block: a mutating call (`.set(`, `.push(`, `.add(`…), an
 * assignment to a property or an element, or `++`/`--` on one; and each static field of a
 * class that is not readonly or that is written so. A table filled by top-level statements
 * and never written again is not state.
 */
export function moduleStateIn({ file, text }: Source): StateFound[] {
  const { code } = scan(text);
  const depthAt = bracketDepths(code);
  const found: StateFound[] = [];
  const declaration = /(^|[;}\n])[ \t]*(?:export\s+)?(let|var|const)\s+([\w$]+)/g;
  for (const m of code.matchAll(declaration)) {
    const at = m.index + (m[1] ?? '').length;
    if (depthAt[at] !== 0) continue;
    const [, , keyword, name = ''] = m;
    if (keyword !== 'const' || isWrittenAfterLoad(code, depthAt, name, '(?<![\\w$.])')) {
      found.push({ file, name, line: lineAt(code, at) });
    }
  }
  const staticField = /\bstatic\s+(readonly\s+)?([\w$]+)\s*[=:]/g;
  for (const m of code.matchAll(staticField)) {
    if (depthAt[m.index] !== 1) continue;
    const [, readonly, name = ''] = m;
    if (!readonly || isWrittenAfterLoad(code, depthAt, name, '(?<=\\.\\s*)')) {
      const owner = [...code.slice(0, m.index).matchAll(/\bclass\s+([\w$]+)/g)].at(-1)?.[1];
      found.push({ file, name: `${owner}.${name}`, line: lineAt(code, m.index) });
    }
  }
  return found;
}

/** Whether `name`, where `before` allows it, is written inside a function (not at load). */
function isWrittenAfterLoad(
  code: string,
  depthAt: readonly number[],
  name: string,
  before: string,
): boolean {
  const id = before + name.replace(/\$/g, '\\$');
  const path = String.raw`(?:\s*(?:\??\.\s*[\w$]+|\[[^\]]*\]))`;
  const writes = [
    new RegExp(String.raw`${id}${path}*\s*\.\s*(?:${MUTATORS})\s*\(`, 'g'),
    new RegExp(String.raw`${id}${path}+\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?!=)`, 'g'),
    new RegExp(String.raw`${id}${path}+\s*(?:\+\+|--)`, 'g'),
    new RegExp(String.raw`(?:\+\+|--)\s*${id}${path}+`, 'g'),
  ];
  return writes.some((pattern) =>
    [...code.matchAll(pattern)].some((m) => (depthAt[m.index] ?? 0) > 0),
  );
}

/**
 * Module-level mutable state appears only where the core's list says, and the list names
 * only state that exists: an occurrence not listed fails, and so does a listed one not found.
 */
export function moduleState(
  sources: readonly Source[],
  listed: readonly { file: string; name: string }[],
): Violation[] {
  const found = sources.flatMap(moduleStateIn);
  const key = (s: { file: string; name: string }) => `${s.file} ${s.name}`;
  const foundKeys = new Set(found.map(key));
  const listedKeys = new Set(listed.map(key));
  return [
    ...found
      .filter((s) => !listedKeys.has(key(s)))
      .map((s) => ({
        file: s.file,
        what: `keeps module state in ${s.name} (line ${s.line}), not in the core's list`,
      })),
    ...listed
      .filter((s) => !foundKeys.has(key(s)))
      .map((s) => ({
        file: s.file,
        what: `is listed as keeping ${s.name}, which is no longer module state there`,
      })),
  ];
}
