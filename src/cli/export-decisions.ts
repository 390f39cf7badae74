/**
 * Writes the decision log into a folder, one Markdown file per decision:
 *
 *   npm run export-decisions -- <folder> [--include-private <channel>]…
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. Exporting again updates the files of decisions that changed.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoriesOf } from '../context.js';
import { openDatabaseForUpgrade } from '../core/store/db.js';
import {
  type ExportSummary,
  exportDecisions,
  INDEX_FILE,
} from '../features/decisions/services/export.js';
import { DEFAULT_DATABASE_PATH, databasePath, fail, failed, readArguments } from './args.js';

const USAGE = `Usage: npm run export-decisions -- <folder> [--include-private <channel>]…

Writes one Markdown file per decision into <folder> (created if missing), as a
Markdown Architectural Decision Record (MADR 4.0) with its YAML front matter, named by
number and title (0007-use-postgres.md), and index.md listing them all.
Public decisions are numbered in their own sequence, private ones in another
(P-0001-launch-falcon.md); each keeps the number it was first exported with.
Running it again updates changed files instead of duplicating them. Only files
the export wrote are replaced: if <folder> holds an index.md or a record of that
name that Mailroom did not write, nothing is written and the files are named.
Decisions from private channels are left out unless their channel is named with
--include-private (its name, like secret-project, or its id); decisions kept for their
owners only are never exported.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

function formatSummary(folder: string, summary: ExportSummary): string {
  const lines = [
    `Exported decisions to ${folder}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged, ${summary.renamed.length} renamed.`,
  ];
  for (const { from, to } of summary.renamed) lines.push(`  renamed ${from} -> ${to}`);
  for (const file of summary.added) lines.push(`  added ${file}`);
  for (const file of summary.updated) lines.push(`  updated ${file}`);
  if (summary.index !== 'unchanged') lines.push(`  ${summary.index} ${INDEX_FILE}`);
  const { privateConversations, keptForOwners } = summary.leftOut;
  if (privateConversations > 0) {
    lines.push(
      `Left out ${privateConversations} from private conversations (name one with --include-private <channel>).`,
    );
  }
  if (keptForOwners > 0) lines.push(`Left out ${keptForOwners} kept for their owners only.`);
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const { target: folderArg, flags } = readArguments(argv, USAGE, ['include-private']);
  const folder = resolve(folderArg);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    fail(`Cannot export: not a directory: ${folder}`);
  }
  const { db } = await openDatabaseForUpgrade(databasePath());
  try {
    const summary = await exportDecisions(repositoriesOf(db), folder, {
      includePrivate: flags['include-private'],
    });
    process.stdout.write(`${formatSummary(folderArg, summary)}\n`);
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Export', error));
