import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { availableCpus } from './cpus.js';
import { isValidTimeZone } from './domain/local-time.js';

const timeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' });

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const userIdList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]+$/, 'expected Slack user ids such as U012AB3CD')));

/** Days something is kept: unset, empty or `off` keeps it for good. */
const retentionDays = z.preprocess(
  (value) =>
    typeof value === 'string' && ['', 'off'].includes(value.trim().toLowerCase())
      ? undefined
      : value,
  z.coerce
    .number<string>()
    .int('expected a whole number of days, or off')
    .min(1, 'expected at least 1 day, or off to keep everything')
    .max(36_500, 'expected at most 36500 days (100 years), or off')
    .optional(),
);

/** Queue items live at least this long: their idempotency keys keep a retried request from acting twice. */
export const QUEUE_RETENTION_MIN_DAYS = 30;
/** Slack retries an event within the hour: its id is kept at least a day, a week unless set. */
export const EVENT_LOG_RETENTION_DEFAULT_DAYS = 7;

const environmentSchema = z.object({
  SLACK_BOT_TOKEN: z.string().trim().startsWith('xoxb-', 'a bot token must start with xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'an app-level token must start with xapp-').optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMIN_PORT: optionalText.pipe(
    z.coerce
      .number<string>()
      .int('expected a port number')
      .min(0, 'expected a port number from 1 to 65535')
      .max(65535, 'expected a port number from 1 to 65535')
      .optional(),
  ),
  ADMIN_HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  DATABASE_PATH: z.string().trim().min(1).default('./data/mailroom.db'),
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ message: 'expected an http(s) URL such as http://127.0.0.1:4000/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .optional(),
  ),
  DEFAULT_TIME_ZONE: timeZone.default('UTC'),
  MAILROOM_ADMINS: userIdList,
  QUESTION_DUE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(4),
  ASK_HOLD_MINUTES: z.coerce
    .number()
    .int('expected a whole number of minutes')
    .min(0, 'expected 0 (no hold) to 30 minutes')
    .max(30, 'expected at most 30 minutes: Slack lets an /ask reply be updated for 30 minutes')
    .default(10),
  SEARCH_WORKERS: optionalText.pipe(
    z.coerce
      .number<string>()
      .int('expected a whole number of search threads')
      .min(0, 'expected 0 (search on the main thread) or more threads')
      .max(64)
      .optional(),
  ),
  SEARCH_QUEUE_PER_WORKER: z.coerce
    .number()
    .int('expected a whole number of searches')
    .min(0)
    .max(1000)
    .default(8),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  QUEUE_RETENTION_DAYS: retentionDays,
  EVENT_LOG_RETENTION_DAYS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number<string>()
      .int('expected a whole number of days')
      .min(1, 'expected at least 1 day: Slack retries an event for up to an hour')
      .max(36_500, 'expected at most 36500 days (100 years)')
      .default(EVENT_LOG_RETENTION_DEFAULT_DAYS),
  ),
  STANDUP_ANSWER_RETENTION_DAYS: retentionDays,
  HOST: optionalText,
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(66),
  LOG_FORMAT: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.enum(['json', 'pretty'], 'expected json or pretty (or nothing)').optional(),
  ),
});

export type Environment = z.output<typeof environmentSchema>;

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  mode: 'socket' | 'http';
  port: number;
  /**
   * The admin port (ADMIN_PORT, on ADMIN_HOST): health and metrics move there, and the port
   * Slack reaches serves only Slack's requests. Unset: they stay on `port`.
   */
  admin: { port: number; host: string } | undefined;
  databasePath: string;
  defaultTimeZone: string;
  admins: string[];
  questionDueMs: number;
  /** How long a question the docs may answer waits before it goes to the expert. */
  askHoldMs: number;
  /** Worker threads that run searches (0: on the main thread); by default one per usable CPU but one, at most three. */
  searchWorkers: number;
  /** Searches that may wait at each search thread; beyond, the asker is told the answer follows. */
  searchQueuePerWorker: number;
  logLevel: Environment['LOG_LEVEL'];
  /** The interface to listen on (HOST); every interface when unset. */
  host: string | undefined;
  /**
   * How long an idle connection stays open, and how long a request's headers may take: longer
   * than a load balancer's idle timeout (often 60 s), so it never reuses a connection Mailroom
   * has just closed.
   */
  http: { keepAliveTimeoutMs: number; headersTimeoutMs: number };
  /** JSON lines, or readable ones; unset, a terminal gets readable lines and anything else JSON. */
  logFormat: Environment['LOG_FORMAT'];
  /** How long what Mailroom is done with is kept; undefined keeps it for good. */
  retention: Retention;
  /** What looks wrong but may be right (a secret of an unusual shape): logged at start. */
  warnings: string[];
}

export interface Retention {
  /** Queue items done, skipped or expired this long ago are deleted (QUEUE_RETENTION_DAYS, at least 30 days). */
  queueItemsMs: number | undefined;
  /** The ids of Slack events handled this long ago are forgotten (EVENT_LOG_RETENTION_DAYS, a week by default). */
  eventLogMs: number;
  /** Standup answers whose day closed this long ago are erased (STANDUP_ANSWER_RETENTION_DAYS). */
  standupAnswersMs: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The settings that may also be read from a file named by `<name>_FILE` (Docker, Kubernetes). */
const SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;
type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** What each secret is, where Slack shows it, and the shape a real one has. */
const SECRETS: Record<
  SecretVariable,
  { prefix: string; what: string; where: string; shape: RegExp; otherwise?: string }
> = {
  SLACK_BOT_TOKEN: {
    prefix: 'xoxb-',
    what: 'the Bot User OAuth Token',
    where: "your Slack app's OAuth & Permissions page",
    shape: /^xoxb-\d+-\d+-[A-Za-z0-9]+$/,
  },
  SLACK_APP_TOKEN: {
    prefix: 'xapp-',
    what: 'an app-level token with the connections:write scope',
    where: "your Slack app's Basic Information page, under App-Level Tokens",
    shape: /^xapp-\d+-[A-Z0-9]+-\d+-[a-f0-9]+$/,
    otherwise: 'or leave it empty to run in HTTP mode',
  },
  SLACK_SIGNING_SECRET: {
    prefix: '',
    what: 'the Signing Secret',
    where: "your Slack app's Basic Information page, under App Credentials",
    shape: /^[a-f0-9]{32}$/,
  },
};

/** What templates and guides put where a secret goes: nothing, dots, x's, <...>, "your-…", "changeme". */
const PLACEHOLDER =
  /^(?:|[.…x*_-]+|<[^>]*>|\{[^}]*\}|\$\{[^}]*\}|\[[^\]]*\]|your[-_ ].*|(?:change|replace|fill)[-_ ]?(?:me|it|this)?|todo|tbd|placeholder|secret|token|signing[-_ ]secret|example|xxx+.*)$/i;

function isPlaceholder(value: string, prefix: string): boolean {
  return value.startsWith(prefix) && PLACEHOLDER.test(value.slice(prefix.length));
}

function whatToPut(name: SecretVariable): string {
  const secret = SECRETS[name];
  const shown = secret.prefix ? ` (${secret.prefix}…)` : '';
  return `put ${secret.what}${shown} from ${secret.where}${secret.otherwise ? `, ${secret.otherwise}` : ''}`;
}

/**
 * The secrets as the environment gives them, each from its variable or from the file its
 * `_FILE` variable names (the file's content, its trailing line breaks left out). Problems name
 * the variable and the path, never what a file holds.
 */
function readSecrets(env: Record<string, string | undefined>): {
  values: Partial<Record<SecretVariable, string>>;
  files: Partial<Record<SecretVariable, string>>;
  problems: string[];
  /** The variables whose problem is already said (a file, or both set). */
  said: Set<string>;
} {
  const values: Partial<Record<SecretVariable, string>> = {};
  const files: Partial<Record<SecretVariable, string>> = {};
  const problems: string[] = [];
  const said = new Set<string>();
  const problem = (name: SecretVariable, text: string) => {
    problems.push(text);
    said.add(name);
  };
  for (const name of SECRET_VARIABLES) {
    const direct = env[name];
    const path = env[`${name}_FILE`]?.trim();
    if (!path) {
      if (direct !== undefined) values[name] = direct;
      continue;
    }
    if (direct?.trim()) {
      problem(
        name,
        `${name} and ${name}_FILE are both set: keep only one (empty ${name} to read the file)`,
      );
      continue;
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why =
        code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable';
      problem(name, `${name}_FILE: cannot read ${path} (${why})`);
      continue;
    }
    content = content.replace(/[\r\n]+$/, '');
    if (content.trim() === '') {
      problem(name, `${name}_FILE: ${path} is empty; ${whatToPut(name)}`);
      continue;
    }
    values[name] = content;
    files[name] = path;
  }
  return { values, files, problems, said };
}

/**
 * Refuses what was never filled in (the template's `xoxb-`, an empty or placeholder secret);
 * a secret of another shape than Slack's is only a warning (Slack may change its shapes; a fake
 * Slack at SLACK_API_URL has its own).
 */
function checkSecrets(
  values: Partial<Record<SecretVariable, string>>,
  realSlack: boolean,
): { problems: Partial<Record<SecretVariable, string>>; warnings: string[] } {
  const problems: Partial<Record<SecretVariable, string>> = {};
  const warnings: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = values[name]?.trim();
    if (value === undefined) continue;
    const secret = SECRETS[name];
    if (value === '') {
      if (name === 'SLACK_BOT_TOKEN') problems[name] = `is empty: ${whatToPut(name)}`;
      continue;
    }
    if (isPlaceholder(value, secret.prefix)) {
      problems[name] =
        value === secret.prefix
          ? `"${value}" is only the start of a token: ${whatToPut(name)}`
          : `"${value}" is a placeholder, not ${secret.what}: ${whatToPut(name)}`;
      continue;
    }
    if (realSlack && value.startsWith(secret.prefix) && !secret.shape.test(value)) {
      warnings.push(
        `${name} does not look like ${secret.what} Slack issues; if Slack refuses it, copy it again from ${secret.where}`,
      );
    }
  }
  return { problems, warnings };
}

/** Search threads worth having: beyond this many, SQLite's readers gain little more. */
const MOST_SEARCH_CPUS = 4;

/**
 * Leaves the event loop a CPU of its own: one search thread per other CPU the container may
 * use (its cgroup quota, not the host's cores), counting at most four, and at least one thread.
 */
export function defaultSearchWorkers(cpus = availableCpus()): number {
  return Math.max(1, Math.min(cpus, MOST_SEARCH_CPUS) - 1);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        'Mailroom cannot start: the environment is not complete.',
        ...problems.map((problem) => `  - ${problem}`),
        'Copy .env.example to .env and fill it in (docs/operating.md explains every key).',
        'No Slack app yet? Try Mailroom without Slack first: npm run sandbox -- --tour',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const key = issue.path.join('.') || 'environment';
  const missing = issue.code === 'invalid_type' && env[key] === undefined;
  if (missing) {
    const secret = SECRET_VARIABLES.find((name) => name === key);
    return secret ? `${key}: is required: ${whatToPut(secret)}` : `${key}: is required`;
  }
  const numeric = [
    'PORT',
    'ADMIN_PORT',
    'QUESTION_DUE_HOURS',
    'ASK_HOLD_MINUTES',
    'SEARCH_WORKERS',
    'SEARCH_QUEUE_PER_WORKER',
    'HTTP_KEEP_ALIVE_SECONDS',
    'HTTP_HEADERS_TIMEOUT_SECONDS',
    'QUEUE_RETENTION_DAYS',
    'EVENT_LOG_RETENTION_DAYS',
    'STANDUP_ANSWER_RETENTION_DAYS',
  ].includes(key);
  if (numeric && Number.isNaN(Number(env[key])))
    return `${key}: expected a number, got "${env[key]}"`;
  return `${key}: ${issue.message}`;
}

/** Parses the environment once; throws a ConfigError naming every bad key. */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
  const secrets = readSecrets(rawEnv);
  const env: Record<string, string | undefined> = { ...rawEnv };
  for (const name of SECRET_VARIABLES) env[name] = secrets.values[name];
  const checked = checkSecrets(secrets.values, !env.SLACK_API_URL?.trim());
  const parsed = environmentSchema.safeParse(env);
  const issues = parsed.success
    ? []
    : parsed.error.issues.filter((issue) => {
        const name = String(issue.path[0]);
        return !(name in checked.problems) && !secrets.said.has(name);
      });
  const problems = [
    ...secrets.problems,
    ...Object.entries(checked.problems).map(([name, problem]) => `${name}: ${problem}`),
    ...issues.map((issue) => describeIssue(issue, env)),
  ].map((problem) => fromFile(problem, secrets.files));
  const modeChosen =
    env.SLACK_APP_TOKEN?.trim() ||
    env.SLACK_SIGNING_SECRET?.trim() ||
    rawEnv.SLACK_APP_TOKEN_FILE?.trim() ||
    rawEnv.SLACK_SIGNING_SECRET_FILE?.trim();
  if (!modeChosen) {
    problems.push(
      `SLACK_SIGNING_SECRET: is required in HTTP mode: ${whatToPut('SLACK_SIGNING_SECRET')} (or set SLACK_APP_TOKEN to use Socket Mode)`,
    );
  }
  if (
    parsed.success &&
    parsed.data.HTTP_HEADERS_TIMEOUT_SECONDS <= parsed.data.HTTP_KEEP_ALIVE_SECONDS
  ) {
    problems.push(
      'HTTP_HEADERS_TIMEOUT_SECONDS: must be longer than HTTP_KEEP_ALIVE_SECONDS, or a request arriving on a kept-alive connection can be cut off',
    );
  }
  if (
    parsed.success &&
    !parsed.data.SLACK_APP_TOKEN &&
    parsed.data.ADMIN_PORT !== undefined &&
    parsed.data.ADMIN_PORT !== 0 &&
    parsed.data.ADMIN_PORT === parsed.data.PORT
  ) {
    problems.push(
      `ADMIN_PORT: must differ from PORT (both ${parsed.data.PORT}): the admin port keeps health and metrics apart from the port Slack reaches`,
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const warnings = [...checked.warnings];
  let queueDays = e.QUEUE_RETENTION_DAYS;
  if (queueDays !== undefined && queueDays < QUEUE_RETENTION_MIN_DAYS) {
    warnings.push(
      `QUEUE_RETENTION_DAYS is ${queueDays}, but queue items are kept at least ${QUEUE_RETENTION_MIN_DAYS} days (their idempotency keys keep a retried request from acting twice): keeping them ${QUEUE_RETENTION_MIN_DAYS} days`,
    );
    queueDays = QUEUE_RETENTION_MIN_DAYS;
  }
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    port: e.PORT,
    admin: e.ADMIN_PORT === undefined ? undefined : { port: e.ADMIN_PORT, host: e.ADMIN_HOST },
    databasePath: e.DATABASE_PATH,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    admins: e.MAILROOM_ADMINS,
    questionDueMs: e.QUESTION_DUE_HOURS * 60 * 60 * 1000,
    askHoldMs: e.ASK_HOLD_MINUTES * 60 * 1000,
    searchWorkers: e.SEARCH_WORKERS ?? defaultSearchWorkers(),
    searchQueuePerWorker: e.SEARCH_QUEUE_PER_WORKER,
    logLevel: e.LOG_LEVEL,
    host: e.HOST,
    http: {
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_SECONDS * 1000,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
    },
    logFormat: e.LOG_FORMAT,
    retention: {
      queueItemsMs: queueDays === undefined ? undefined : queueDays * DAY_MS,
      eventLogMs: e.EVENT_LOG_RETENTION_DAYS * DAY_MS,
      standupAnswersMs:
        e.STANDUP_ANSWER_RETENTION_DAYS === undefined
          ? undefined
          : e.STANDUP_ANSWER_RETENTION_DAYS * DAY_MS,
    },
    warnings,
  };
}

/** A problem with a secret read from a file says which file. */
function fromFile(problem: string, files: Partial<Record<SecretVariable, string>>): string {
  for (const [name, path] of Object.entries(files)) {
    if (problem.startsWith(`${name}:`)) {
      return `${name} (read from ${path}, named by ${name}_FILE):${problem.slice(name.length + 1)}`;
    }
  }
  return problem;
}
