import { inspect } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from './services/ports.js';

const LEVELS: readonly LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
const REDACTED = '[redacted]';
/** Slack tokens of every kind (bot, user, app-level, refresh, config), wherever they appear. */
const TOKEN_PATTERN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;
const INSPECT_DEPTH = 4;

/**
 * Replaces every known secret (tokens, the signing secret) and anything shaped like a Slack
 * token with `[redacted]`.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 8) clean = clean.split(secret).join(REDACTED);
  }
  return clean.replace(TOKEN_PATTERN, REDACTED);
}

/**
 * Turns what a caller logs into one redacted string per argument. Objects and errors are
 * rendered first (an error from the Web API carries the failed request, headers included), so
 * no secret can hide in a nested field.
 */
function render(args: readonly unknown[], secrets: readonly string[]): string[] {
  return args.map((arg) =>
    redact(
      typeof arg === 'string' ? arg : inspect(arg, { depth: INSPECT_DEPTH, breakLength: 160 }),
      secrets,
    ),
  );
}

/**
 * The logger Mailroom, Bolt and the Web API clients all share: it never writes a token or the
 * signing secret, whatever it is given. By default it writes to the console, filtered by level
 * and prefixed with the level; a caller's own `sink` (a test, an embedding host) gets every line
 * and filters for itself.
 */
export function createLogger(options: {
  level: LogLevel;
  secrets: readonly string[];
  sink?: Logger;
}): BoltLogger {
  let level = options.level;
  let name = '';
  const write =
    (at: LogLevel, method: keyof Logger) =>
    (...args: unknown[]) => {
      if (options.sink) {
        options.sink[method](...render(args, options.secrets));
        return;
      }
      if (LEVELS.indexOf(at) < LEVELS.indexOf(level)) return;
      const prefix = `[${at.toUpperCase()}]${name ? ` ${name}` : ''}`;
      console[method](prefix, ...render(args, options.secrets));
    };
  return {
    debug: write(LogLevel.DEBUG, 'debug'),
    info: write(LogLevel.INFO, 'info'),
    warn: write(LogLevel.WARN, 'warn'),
    error: write(LogLevel.ERROR, 'error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
