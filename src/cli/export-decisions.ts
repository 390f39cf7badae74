/**
 * Writes the decision log into a folder, one Markdown file per decision:
 *
 *   npm run export:decisions -- <folder> [--include-private <channel>]…
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. Exporting again updates the files of decisions that changed.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoriesOf } from '../context.js';
import { UserFacingError } from '../core/services/errors.js';
import { openDatabase } from '../core/store/db.js';
import { type ExportSummary, exportDecisions } from '../features/decisions/services/export.js';

const DEFAULT_DATABASE_PATH = './data/mailroom.db';

const USAGE = `Usage: npm run export:decisions -- <folder> [--include-private <channel>]…

Writes one Markdown file per decision into <folder> (created if missing), in the
Architecture Decision Record layout, named by number and title (0007-use-postgres.md).
Running it again updates changed files instead of duplicating them.
Decisions from private channels are left out unless their channel is named with
--include-private (its name, like secret-project, or its id); decisions kept for their
owners only are never exported.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(argv: readonly string[]): { folder: string; includePrivate: string[] } {
  const args = argv.filter((arg) => arg !== '--');
  const includePrivate: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--include-private') {
      const channel = args[i + 1];
      if (channel === undefined || channel.startsWith('--')) fail(USAGE);
      includePrivate.push(channel);
      i += 1;
    } else if (arg.startsWith('--include-private=')) {
      includePrivate.push(arg.slice('--include-private='.length));
    } else if (arg.startsWith('-')) {
      fail(USAGE);
    } else {
      rest.push(arg);
    }
  }
  const [folder, ...extra] = rest;
  if (folder === undefined || extra.length > 0) fail(USAGE);
  return { folder, includePrivate };
}

function formatSummary(folder: string, summary: ExportSummary): string {
  const lines = [
    `Exported decisions to ${folder}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged, ${summary.renamed.length} renamed.`,
  ];
  for (const { from, to } of summary.renamed) lines.push(`  renamed ${from} -> ${to}`);
  for (const file of summary.added) lines.push(`  added ${file}`);
  for (const file of summary.updated) lines.push(`  updated ${file}`);
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
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { folder: folderArg, includePrivate } = parseArgs(argv);
  const folder = resolve(folderArg);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    fail(`Cannot export: not a directory: ${folder}`);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const databasePath = process.env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
  const db = openDatabase(databasePath);
  try {
    const summary = await exportDecisions(repositoriesOf(db), folder, { includePrivate });
    process.stdout.write(`${formatSummary(folderArg, summary)}\n`);
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message =
    error instanceof UserFacingError
      ? error.userMessage
      : error instanceof Error
        ? error.message
        : String(error);
  fail(`Export failed: ${message}`);
});
