/**
 * A consistent copy of Mailroom's database, safe to take while Mailroom runs:
 *
 *   npm run backup -- <file>
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. docs/operating.md explains how to restore from the copy.
 */
import { resolve } from 'node:path';
import { backupDatabase } from '../core/store/backup.js';
import { DEFAULT_DATABASE_PATH, databasePath, failed, readArguments } from './args.js';
import { printBackupProgress } from './backup-progress.js';

const USAGE = `Usage: npm run backup -- <file>

Writes a consistent copy of the Mailroom database to <file> (which must not exist yet):
the database as it was when the backup began. Mailroom can keep running and writing
meanwhile. Prints its progress every second, then checks the copy's integrity.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

async function main(argv: readonly string[]): Promise<void> {
  const { target: fileArg } = readArguments(argv, USAGE);
  const source = databasePath();
  const progress = printBackupProgress((line) => process.stdout.write(line));
  const result = await backupDatabase(source, resolve(fileArg), {
    onProgress: progress.onProgress,
  }).finally(progress.stop);
  const mib = (result.bytes / (1024 * 1024)).toFixed(1);
  process.stdout.write(`Backed up ${source} to ${result.destination} (${mib} MiB).\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Backup', error));
