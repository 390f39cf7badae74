/**
 * Imports a folder of Markdown files into the knowledge base:
 *
 *   npm run import -- <folder> [--base-url <url>]
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. Importing the same folder again updates changed files and skips the rest.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ImportSummary, importMarkdownFolder } from '../core/services/knowledge.js';
import { openDatabaseForUpgrade } from '../core/store/db.js';
import { ImportedFileRepository } from '../core/store/imported-file-repository.js';
import { KnowledgeRepository } from '../core/store/knowledge-repository.js';
import { DEFAULT_DATABASE_PATH, databasePath, fail, failed, readArguments } from './args.js';

const BAR_WIDTH = 20;

const USAGE = `Usage: npm run import -- <folder> [--base-url <url>]

Imports every .md / .markdown / .mdx file under <folder> (recursively) into the Mailroom
knowledge base. The title is the file's first "# " heading, else its front matter's
title, else its name. In .mdx files, imports, exports, JSX tags and {…} expressions are
left out; prose and code blocks are kept.
With --base-url, each page's URL is stored: the base plus the file's path without its
extension (and without a last "index"), as a site serves it, e.g. --base-url
https://posthog.com/handbook gives people/time-off.md https://posthog.com/handbook/people/time-off.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

/** `[#####-----] 12/40 file.md` */
function progressBar(done: number, total: number, file: string, width = BAR_WIDTH): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${file}`;
}

function formatSummary(folder: string, summary: ImportSummary): string {
  const unchanged = summary.skipped.filter((s) => s.reason === 'unchanged').length;
  const lines = [
    `Imported ${folder}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.skipped.length} skipped (${unchanged} unchanged).`,
  ];
  if (summary.skipped.length > 0) {
    lines.push('Skipped:');
    for (const { file, reason } of summary.skipped) lines.push(`  ${file}: ${reason}`);
  }
  return lines.join('\n');
}

/** The one --base-url given, checked: an http(s) URL without a query or fragment. */
function readBaseUrl(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  if (values.length > 1) fail('Cannot import: give --base-url once.');
  const value = values[0] as string;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    fail(
      `Cannot import: --base-url must be an http(s) address without ? or #, such as https://example.com/handbook (got "${value}").`,
    );
  }
  // The parsed form: characters a link cannot hold as typed are percent-encoded.
  return url.href;
}

async function main(argv: readonly string[]): Promise<void> {
  const { target: folderArg, flags } = readArguments(argv, USAGE, ['base-url']);
  const baseUrl = readBaseUrl(flags['base-url']);
  const folder = resolve(folderArg);
  if (!existsSync(folder)) fail(`Cannot import: folder not found: ${folder}`);
  if (!statSync(folder).isDirectory()) fail(`Cannot import: not a directory: ${folder}`);

  const database = databasePath();

  const { db } = await openDatabaseForUpgrade(database);
  try {
    const knowledge = new KnowledgeRepository(db);
    const tty = process.stderr.isTTY === true;
    const summary = await importMarkdownFolder(
      {
        knowledge,
        importedFiles: new ImportedFileRepository(db),
        clock: () => Date.now(),
        ...(baseUrl ? { baseUrl } : {}),
      },
      folder,
      (done, total, file) => {
        if (tty) {
          const width = Math.max((process.stderr.columns || 80) - 1, 20);
          const line = progressBar(done, total, file).slice(0, width);
          process.stderr.write(`\r\u001b[2K${line}${done === total ? '\n' : ''}`);
        } else {
          process.stderr.write(`${done}/${total} ${file}\n`);
        }
      },
    );
    process.stdout.write(`${formatSummary(folderArg, summary)}\n`);
    process.stdout.write(`Knowledge base: ${knowledge.count()} documents in ${database}\n`);
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Import', error));
