import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Level, type Logger as PinoLogger, pino, stdSerializers } from 'pino';
import { logBindings } from './services/log-context.js';
import type { Logger } from './services/ports.js';

const REDACTED = '[redacted]';
/** Slack tokens of every kind (bot, user, app-level, refresh, config), wherever they appear. */
const TOKEN_PATTERN = /\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g;
const INSPECT_DEPTH = 4;
/** How deep and how wide an object is written into a JSON line (a failed request is large). */
const DEPTH_LIMIT = 6;
const EDGE_LIMIT = 60;

/** `json`: one JSON object a line. `pretty`: one readable line per entry, for a terminal. */
export type LogFormat = 'json' | 'pretty';

/** Where the lines go: standard output unless a caller (a test) gives its own. */
export interface LogDestination {
  write(line: string): void;
}

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

function isError(value: unknown): value is Error {
  return value instanceof Error;
}

/**
 * pino's error serializer, which follows `cause` when it is an error; a cause that is not an
 * error (a string, an object) is kept as it is rather than dropped.
 */
function serializeError(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.errWithCause(error) as unknown as Record<string, unknown>;
  let at: Record<string, unknown> = serialized;
  let from: unknown = error;
  while (isError(from)) {
    const cause: unknown = from.cause;
    if (cause === undefined) break;
    if (!isError(cause)) {
      at.cause = cause;
      break;
    }
    if (typeof at.cause !== 'object' || at.cause === null) break;
    at = at.cause as Record<string, unknown>;
    from = cause;
  }
  return serialized;
}

/**
 * What one call writes: its text as the message, its first error as `err` (with its causes),
 * anything else it was given as `data` (further errors as `errors`).
 */
function entryOf(args: readonly unknown[]): { fields: Record<string, unknown>; msg: string } {
  const words: string[] = [];
  const errors: Error[] = [];
  const data: unknown[] = [];
  for (const arg of args) {
    if (isError(arg)) errors.push(arg);
    else if (arg === null || typeof arg !== 'object') words.push(String(arg));
    else data.push(arg);
  }
  const fields: Record<string, unknown> = {};
  const [first, ...more] = errors;
  if (first) fields.err = first;
  if (more.length > 0) fields.errors = more;
  if (data.length === 1) fields.data = data[0];
  else if (data.length > 1) fields.data = data;
  const msg = words.join(' ');
  return { fields, msg: msg || (first ? first.message : '') };
}

const PINO_LEVEL: Record<LogLevel, Level> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** pino-pretty's line formatter, when it is installed (it is a development dependency). */
function prettifier(): ((line: string) => string) | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as {
      prettyFactory(options: Record<string, unknown>): (line: string) => string;
    };
    return pretty.prettyFactory({
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
      ignore: 'pid,hostname,severity',
      singleLine: true,
    });
  } catch {
    return undefined;
  }
}

/**
 * The logger Mailroom, Bolt and the Web API clients all share: it never writes a token or the
 * signing secret, whatever it is given.
 *
 * It is pino: one JSON object a line on standard output, with an ISO `time`, pino's numeric
 * `level` and its name as `severity`, the message as `msg`, an error as `err` with its causes,
 * and the request or queue item being handled (`request`, `event`, `trigger`, `item`) when
 * there is one. `pretty` writes the same lines readably; without a format, a terminal gets
 * `pretty` when pino-pretty is installed, anything else JSON. Every line is redacted as it is
 * written, so no secret can hide in a nested field. A caller's own `sink` (a test, an
 * embedding host) instead gets each call's arguments, redacted, and filters for itself.
 */
export function createLogger(options: {
  level: LogLevel;
  secrets: readonly string[];
  sink?: Logger;
  format?: LogFormat;
  destination?: LogDestination;
}): BoltLogger {
  let level = options.level;
  let name = '';
  const secrets = options.secrets.flatMap((secret) => [
    secret,
    JSON.stringify(secret).slice(1, -1),
  ]);
  const { sink } = options;
  if (sink) {
    const pass =
      (method: keyof Logger) =>
      (...args: unknown[]) =>
        sink[method](...render(args, secrets));
    return {
      debug: pass('debug'),
      info: pass('info'),
      warn: pass('warn'),
      error: pass('error'),
      setLevel: (next) => {
        level = next;
      },
      getLevel: () => level,
      setName: () => {},
    };
  }
  const wantsPretty = options.format
    ? options.format === 'pretty'
    : !options.destination && process.stdout.isTTY === true;
  const prettify = wantsPretty ? prettifier() : undefined;
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  const pinoLogger: PinoLogger = pino(
    {
      level: PINO_LEVEL[level],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      depthLimit: DEPTH_LIMIT,
      edgeLimit: EDGE_LIMIT,
      formatters: {
        level: (label, number) => ({ level: number, severity: label.toUpperCase() }),
      },
      serializers: {
        err: serializeError,
        errors: (errors: Error[]) => errors.map(serializeError),
      },
      mixin: () => (name ? { name, ...logBindings() } : logBindings()),
    },
    {
      write(line: string) {
        const clean = redact(line, secrets);
        out.write(prettify ? prettify(clean) : clean);
      },
    },
  );
  const write =
    (method: keyof Logger) =>
    (...args: unknown[]) => {
      if (!pinoLogger.isLevelEnabled(method)) return;
      const { fields, msg } = entryOf(args);
      pinoLogger[method](fields, msg);
    };
  if (options.format === 'pretty' && !prettify)
    pinoLogger.warn(
      'LOG_FORMAT=pretty needs pino-pretty, a development dependency, which is not installed: the logs are JSON',
    );
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
      pinoLogger.level = PINO_LEVEL[next];
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}
