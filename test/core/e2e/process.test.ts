import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';
import { freePort } from '../../support/harness.js';
import { tempDatabasePath } from '../../support/store.js';

const root = join(import.meta.dirname, '..', '..', '..');
const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function run(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function healthy(port: number, timeoutMs = 15_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return await response.json();
    } catch {
      if (Date.now() > deadline) throw new Error(`no /healthz on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the process', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('with no environment, prints one clear message and exits non-zero', async () => {
    const result = await exitOf(run(['--import', 'tsx', 'src/main.ts'], {}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Mailroom cannot start: the environment is not complete.');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN: is required');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET: is required in HTTP mode');
  });

  it('starts with a token Slack refuses, stays up, and says so in /healthz', async () => {
    const refusing = await FakeSlack.start();
    refusing.revokeToken('token_revoked');
    const port = await freePort();
    const child = run(['--import', 'tsx', 'src/main.ts'], {
      SLACK_BOT_TOKEN: refusing.botToken,
      SLACK_SIGNING_SECRET: 'process-secret',
      SLACK_API_URL: refusing.apiUrl,
      PORT: String(port),
      DATABASE_PATH: tempDatabasePath(),
      LOG_LEVEL: 'error',
    });
    const exited = exitOf(child);
    try {
      const deadline = Date.now() + 15_000;
      let health: { ok?: boolean; slack?: { token?: string } } = {};
      for (;;) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          health = (await response.json()) as typeof health;
          if (health.slack?.token === 'refused') break;
        } catch {}
        if (Date.now() > deadline) throw new Error(`no refused token in ${JSON.stringify(health)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health.ok).toBe(false);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await refusing.stop();
    }
    const result = await exited;
    expect(result, result.stderr).toMatchObject({ code: 0 });
  }, 60_000);

  it('says its version in the line it logs when it listens', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        ...baseEnv,
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: 'process-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_PATH: tempDatabasePath(),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk);
    });
    const exited = exitOf(child);
    try {
      await healthy(port);
      const deadline = Date.now() + 15_000;
      while (!stdout.includes('is listening for Slack') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stdout).toContain(`Mailroom ${version} is listening for Slack on port ${port}`);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited).code).toBe(0);
  }, 60_000);

  it('refuses to start on a database a newer Mailroom migrated, and says which', async () => {
    const databasePath = tempDatabasePath();
    const sqlite = new Database(databasePath);
    sqlite.exec(
      'create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)',
    );
    sqlite
      .prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)')
      .run('from-a-newer-build', 4_102_444_800_000);
    sqlite.close();
    const before = readFileSync(databasePath);
    const result = await exitOf(
      run(['--import', 'tsx', 'src/main.ts'], {
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: 'process-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(await freePort()),
        DATABASE_PATH: databasePath,
        LOG_LEVEL: 'info',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot open ${databasePath}: a newer Mailroom migrated it`);
    expect(result.stderr).toContain('this build knows its schema only up to');
    expect(readFileSync(databasePath)).toEqual(before);
  }, 60_000);

  it.each([
    ['from source (tsx)', ['--import', 'tsx', 'src/main.ts']],
    ['from the build (dist/)', ['dist/main.js']],
  ])(
    'starts %s, migrates, and answers /healthz',
    async (label, args) => {
      if (label.includes('dist'))
        execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
      const port = await freePort();
      const databasePath = tempDatabasePath();
      const child = run(args, {
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: 'process-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_PATH: databasePath,
        LOG_LEVEL: 'warn',
      });
      const exited = exitOf(child);
      try {
        expect(await healthy(port)).toMatchObject({ ok: true, database: 'reachable' });
        expect(existsSync(databasePath)).toBe(true);
        await fake.waitForCall('users.list');
      } finally {
        child.kill('SIGTERM');
      }
      const result = await exited;
      expect(result, result.stderr).toMatchObject({ code: 0 });
    },
    60_000,
  );
});
