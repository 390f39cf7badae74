import { type ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FakeSlack } from './fake-slack.js';
import type { ChildMessage } from './mailroom-process.js';

const root = join(import.meta.dirname, '..', '..');

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface MailroomProcess {
  child: ChildProcess;
  port: number;
  exited: Promise<ProcessExit>;
  /** Sets the child's clock (epoch ms). */
  setClock(now: number): Promise<void>;
  /** Runs the scheduled tick now and resolves when it has completed (not the sends it started). */
  tick(): Promise<void>;
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The child's peak resident set size so far, in KiB. */
  maxRssKb(): Promise<number>;
  /** The child's resident set and heap in use now, in KiB (after a full GC with `exposeGc`). */
  memoryKb(): Promise<{ rss: number; heapUsed: number }>;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<ProcessExit>;
}

/** Starts test/support/mailroom-process.ts against `fake`, on the database at `databasePath`. */
export async function spawnMailroom(options: {
  fake: FakeSlack;
  databasePath: string;
  now: number;
  slackTimeoutMs?: number;
  delivery?: Record<string, unknown>;
  /** Runs the pacing clock this many times faster than real time (see mailroom-process.ts). */
  paceSpeedup?: number;
  /** Starts Node with --expose-gc, so that `memoryKb` is measured after a full GC. */
  exposeGc?: boolean;
}): Promise<MailroomProcess> {
  const child = fork(join(root, 'test/support/mailroom-process.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx', ...(options.exposeGc ? ['--expose-gc'] : [])],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_BOT_TOKEN: options.fake.botToken,
      SLACK_SIGNING_SECRET: 'process-secret',
      SLACK_API_URL: options.fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: options.databasePath,
      LOG_LEVEL: 'error',
      TEST_CLOCK_START: String(options.now),
      TEST_SLACK_TIMEOUT_MS: String(options.slackTimeoutMs ?? 10_000),
      TEST_DELIVERY_OPTIONS: JSON.stringify(options.delivery ?? {}),
      TEST_PACE_SPEEDUP: String(options.paceSpeedup ?? 1),
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<ProcessExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const pending = new Map<number, (message: ChildMessage) => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message.port);
      else pending.get(message.id)?.(message);
    });
    void exited.then((exit) => reject(new Error(`Mailroom exited during start: ${exit.stderr}`)));
  });
  const call = (message: { type: 'clock'; now: number } | { type: 'tick' } | { type: 'stats' }) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (answer) => {
        pending.delete(id);
        resolve(answer);
      });
      child.send({ ...message, id }, (error) => error && reject(error));
    });
  return {
    child,
    port,
    exited,
    setClock: async (now) => {
      await call({ type: 'clock', now });
    },
    tick: async () => {
      await call({ type: 'tick' });
    },
    async maxRssKb() {
      const answer = await call({ type: 'stats' });
      return answer.type === 'done' ? (answer.maxRssKb ?? 0) : 0;
    },
    async memoryKb() {
      const answer = await call({ type: 'stats' });
      return answer.type === 'done'
        ? { rss: answer.rssKb ?? 0, heapUsed: answer.heapUsedKb ?? 0 }
        : { rss: 0, heapUsed: 0 };
    },
    async health() {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

/** Whether `check` passes within `timeoutMs` (real time), trying every 50 ms. */
export async function settles(check: () => void, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Runs `tickOnce` (a minute of the shared clock and one tick) until `check` passes, giving each
 * tick `settleMs` to send; after `maxTicks`, `check` throws what is still wrong.
 */
export async function tickUntil(
  tickOnce: () => Promise<unknown>,
  check: () => void,
  { maxTicks, settleMs }: { maxTicks: number; settleMs: number },
): Promise<void> {
  for (let i = 0; i < maxTicks; i++) {
    await tickOnce();
    if (await settles(check, settleMs)) return;
  }
  check();
}

/**
 * Runs one of Mailroom's command-line tools (`src/cli/<tool>.ts`) as a user would, with `env`
 * over this process's environment; resolves with its exit code and what it printed.
 */
export function runCli(
  tool: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const cli = join(root, 'src', 'cli', `${tool}.ts`);
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
