/**
 * What Mailroom's command-line tools share: reading their arguments, failing with a message,
 * and finding the database they work on.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserFacingError } from '../core/services/errors.js';

export const DEFAULT_DATABASE_PATH = './data/mailroom.db';

export interface Arguments<Flag extends string> {
  /** The one argument the tool takes (a file or a folder). */
  target: string;
  /** Each repeatable flag's values, in the order given. */
  flags: Record<Flag, string[]>;
}

/** Writes `message` to stderr and exits with status 1. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Ends a tool that failed: "<what> failed: " and the error's words (a user's message as written). */
export function failed(what: string, error: unknown): never {
  const message =
    error instanceof UserFacingError
      ? error.userMessage
      : error instanceof Error
        ? error.message
        : String(error);
  return fail(`${what} failed: ${message}`);
}

/**
 * Reads a tool's one argument and its repeatable flags (`--flag value` or `--flag=value`).
 * `--help` or `-h` anywhere prints `usage` and exits; npm's `--` is skipped wherever it stands.
 * A missing or extra argument, an unknown flag or a flag without its value prints `usage` to
 * stderr and exits with status 1.
 */
export function readArguments<Flag extends string = never>(
  argv: readonly string[],
  usage: string,
  repeatable: readonly Flag[] = [],
): Arguments<Flag> {
  const args = argv.filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        repeatable.map((flag) => [flag, { type: 'string', multiple: true } as const]),
      ),
    });
  } catch {
    fail(usage);
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined || extra.length > 0) fail(usage);
  const flags = Object.fromEntries(
    repeatable.map((flag) => [flag, (parsed.values[flag] as string[] | undefined) ?? []]),
  ) as Record<Flag, string[]>;
  return { target, flags };
}

/** The database to use: DATABASE_PATH from the environment or from .env, else the default. */
export function databasePath(): string {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
}
