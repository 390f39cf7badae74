import { copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createMailroom, type Mailroom } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import type { KnowledgeSearch } from '../../src/core/services/knowledge.js';
import { FakeSlack, type FakeSlackOptions, type FakeSlackState } from './fake-slack.js';
import { SlackSender } from './slack-requests.js';
import { tempDatabasePath, testClock } from './store.js';

export const SIGNING_SECRET = 'e2e-signing-secret';

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  args: unknown[];
}

/** A logger that keeps what it was told, so a test can show nothing went wrong unnoticed. */
export function captureLogger() {
  const entries: CapturedLog[] = [];
  const log =
    (level: CapturedLog['level']) =>
    (...args: unknown[]) => {
      entries.push({ level, args });
    };
  return {
    entries,
    errors: () => entries.filter((e) => e.level === 'error'),
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}

export interface Harness {
  fake: FakeSlack;
  mailroom: Mailroom;
  sender: SlackSender;
  clock: ReturnType<typeof testClock>;
  baseUrl: string;
  /** Where health and metrics are served when started with ADMIN_PORT (`'0'`: any free port). */
  adminUrl: string | undefined;
  logs: ReturnType<typeof captureLogger>;
  /** Mailroom's own log lines, as it writes them, when started with `logLines`. */
  logLines: string[];
  /** A first install's directory sync: resolves when it has ended. */
  directory: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real app on its HTTP receiver (loopback, a free port), its Web API client pointed at a
 * fake Slack, its clock injected. Requests reach it signed exactly as Slack signs them.
 */
export async function startMailroom(
  options: {
    now: string;
    slack?: FakeSlackOptions;
    env?: Record<string, string>;
    /** Where searches run; by default on the main thread (SEARCH_WORKERS=0 unless env says). */
    search?: KnowledgeSearch;
    /** The database file to open; by default a new one in a fresh temp folder. */
    databasePath?: string;
    /** Keep the lines Mailroom writes (pino's JSON) in `logLines` rather than capture calls. */
    logLines?: boolean;
    /** What to do to the fake Slack before Mailroom starts (an outage, a fault). */
    prepare?: (fake: FakeSlack) => Promise<void> | void;
    /** Whether to wait for a first install's directory sync before returning (default true). */
    awaitDirectory?: boolean;
  } = {
    now: '2026-03-09T14:00:00Z',
  },
): Promise<Harness> {
  const fake = await FakeSlack.start(options.slack);
  await options.prepare?.(fake);
  const clock = testClock(options.now);
  const logs = captureLogger();
  const logLines: string[] = [];
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: options.databasePath ?? tempDatabasePath(),
    LOG_LEVEL: 'error',
    SEARCH_WORKERS: '0',
    ...options.env,
  });
  const mailroom = createMailroom({
    config,
    clock,
    ...(options.logLines
      ? { logDestination: { write: (line: string) => logLines.push(line) } }
      : { logger: logs.logger }),
    homeRefresh: { debounceMs: 20, intervalMs: 5 },
    ...(options.search ? { search: options.search } : {}),
  });
  const { port, adminPort, directory } = await mailroom.start({
    schedule: false,
    host: '127.0.0.1',
  });
  if (options.awaitDirectory ?? true) await directory;
  const baseUrl = `http://127.0.0.1:${port}`;
  const sender = new SlackSender({
    url: `${baseUrl}/slack/events`,
    signingSecret: SIGNING_SECRET,
    responseUrl: () => fake.responseUrl(),
  });
  return {
    fake,
    mailroom,
    sender,
    clock,
    baseUrl,
    adminUrl: adminPort === undefined ? undefined : `http://127.0.0.1:${adminPort}`,
    logs,
    logLines,
    directory,
    async stop() {
      await mailroom.stop();
      await fake.stop();
    },
  };
}

/** A harness's world kept aside: its database, its fake Slack and the time it was kept at. */
export interface SavedWorld {
  /** A copy of the database, never opened by Mailroom: each start opens a copy of it. */
  databasePath: string;
  slack: FakeSlackState;
  now: number;
}

/** Keeps what `h` holds now, so that many tests can each start from an identical copy of it. */
export async function saveWorld(h: Harness): Promise<SavedWorld> {
  const databasePath = tempDatabasePath();
  await h.mailroom.ctx.db.$client.backup(databasePath);
  return { databasePath, slack: h.fake.state(), now: h.clock() };
}

/**
 * Mailroom on a fresh copy of a saved world's database, against a fake Slack in the state it
 * was saved in, its clock at the time it was saved. `env` should be the one it was built with.
 */
export function startFromSaved(
  saved: SavedWorld,
  options: { slack?: FakeSlackOptions; env?: Record<string, string> } = {},
): Promise<Harness> {
  const databasePath = tempDatabasePath();
  copyFileSync(saved.databasePath, databasePath);
  return startMailroom({
    now: new Date(saved.now).toISOString(),
    slack: { ...options.slack, state: saved.slack },
    databasePath,
    ...(options.env ? { env: options.env } : {}),
  });
}

/** Waits until `check` passes (listeners run after Bolt has answered Slack). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A free TCP port on loopback, for a server whose port must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
