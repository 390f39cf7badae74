import { createServer } from 'node:net';
import { createMailroom, type Mailroom } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import type { KnowledgeSearch } from '../../src/core/services/knowledge.js';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
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
  logs: ReturnType<typeof captureLogger>;
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
  } = {
    now: '2026-03-09T14:00:00Z',
  },
): Promise<Harness> {
  const fake = await FakeSlack.start(options.slack);
  const clock = testClock(options.now);
  const logs = captureLogger();
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: tempDatabasePath(),
    LOG_LEVEL: 'error',
    SEARCH_WORKERS: '0',
    ...options.env,
  });
  const mailroom = createMailroom({
    config,
    clock,
    logger: logs.logger,
    homeRefresh: { debounceMs: 20, intervalMs: 5 },
    ...(options.search ? { search: options.search } : {}),
  });
  const { port } = await mailroom.start({ schedule: false, host: '127.0.0.1' });
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
    logs,
    async stop() {
      await mailroom.stop();
      await fake.stop();
    },
  };
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
