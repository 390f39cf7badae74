/**
 * Writes every plan into a folder, one Markdown file per plan, and an index:
 *
 *   npm run export-plans -- <folder> [--include-private]
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. Exporting again updates the files of plans that changed.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoriesOf } from '../context.js';
import { openDatabaseForUpgrade } from '../core/store/db.js';
import {
  exportPlans,
  PLANS_INDEX_FILE,
  type PlanExportSummary,
} from '../features/plans/services/export.js';
import { DEFAULT_DATABASE_PATH, databasePath, fail, failed, readArguments } from './args.js';

const USAGE = `Usage: npm run export-plans -- <folder> [--include-private]

Writes one Markdown file per plan into <folder> (created if missing), named by its
number and title (plan-0007-launch-the-partner-api.md), and index.md listing them all.
Each file holds the plan's title, owner, channel and target date; each stage with its
state, every revision and its reviews (answers, concerns and how each ended); the how's
tasks; and the plan's history. Running it again updates changed files instead of
duplicating them.
Plans of private channels are left out unless --include-private is given.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

const INCLUDE_PRIVATE = '--include-private';

function formatSummary(folder: string, summary: PlanExportSummary): string {
  const lines = [
    `Exported plans to ${folder}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged.`,
  ];
  for (const file of summary.added) lines.push(`  added ${file}`);
  for (const file of summary.updated) lines.push(`  updated ${file}`);
  if (summary.index !== 'unchanged') lines.push(`  ${summary.index} ${PLANS_INDEX_FILE}`);
  if (summary.leftOutPrivate > 0) {
    lines.push(
      `Left out ${summary.leftOutPrivate} from private conversations (add ${INCLUDE_PRIVATE} to export them).`,
    );
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const includePrivate = argv.includes(INCLUDE_PRIVATE);
  const { target: folderArg } = readArguments(
    argv.filter((arg) => arg !== INCLUDE_PRIVATE),
    USAGE,
  );
  const folder = resolve(folderArg);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    fail(`Cannot export: not a directory: ${folder}`);
  }
  const { db } = await openDatabaseForUpgrade(databasePath());
  try {
    const repositories = repositoriesOf(db);
    const summary = await exportPlans(repositories, folder, {
      includePrivate,
      describeDecision(decisionId) {
        const decision = repositories.decisions.get(decisionId);
        return (
          decision && { title: decision.title, status: decision.status, link: decision.permalink }
        );
      },
    });
    process.stdout.write(`${formatSummary(folderArg, summary)}\n`);
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Export', error));
