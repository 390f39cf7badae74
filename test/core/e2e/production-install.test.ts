/**
 * The production smoke test: Mailroom installed as its image installs it
 * (scripts/image-install.sh, which the Dockerfile's build stage runs), in a clean copy of the
 * repository, then run from the installed folder as the image runs it (`node dist/main.js`)
 * against the fake Slack. Slow (a fresh `npm ci`), so it runs in `npm run test:all`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';
import { freePort } from '../../support/harness.js';
import { SlackSender } from '../../support/slack-requests.js';

const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const SIGNING_SECRET = 'production-secret';

/** Whether `path` (inside the repository) is left out of the image's build context. */
function ignoredByDocker(path: string, patterns: string[]): boolean {
  const inRepo = relative(root, path);
  if (inRepo === '') return false;
  const name = basename(inRepo);
  return patterns.some((pattern) =>
    pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : inRepo === pattern,
  );
}

/** The repository as Docker's build context sees it (.dockerignore applied), copied to `target`. */
function copyBuildContext(target: string): void {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  cpSync(root, target, { recursive: true, filter: (path) => !ignoredByDocker(path, patterns) });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function ready(port: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return response.status;
    } catch {}
    if (Date.now() > deadline) throw new Error(`/readyz on port ${port} never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the production install (scripts/image-install.sh, as the image runs it)', () => {
  const work = mkdtempSync(join(tmpdir(), 'mailroom-image-'));
  const source = join(work, 'source');
  const app = join(work, 'app');
  const data = join(work, 'data');
  const databasePath = join(data, 'mailroom.db');
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await FakeSlack.start({
      users: [{ id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' }],
      channels: [{ id: 'C0GENERAL', name: 'general', members: ['U0ASKER'] }],
    });
    copyBuildContext(source);
    try {
      await run('sh', ['scripts/image-install.sh', app], {
        cwd: source,
        env: process.env,
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(`scripts/image-install.sh failed:\n${failed.stdout}\n${failed.stderr}`);
    }
  }, 900_000);

  afterAll(async () => {
    await fake?.stop();
    await rm(work, { recursive: true, force: true });
  }, 120_000);

  it('installs only what runs: compiled JavaScript and the runtime dependencies', () => {
    expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'core', 'services', 'search', 'worker.js'))).toBe(true);
    expect(existsSync(join(app, 'migrations'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3'))).toBe(true);
    for (const development of ['tsx', 'typescript', 'vitest', 'esbuild'])
      expect(existsSync(join(app, 'node_modules', development)), development).toBe(false);
  });

  it('imports docs with the compiled tool, starts, turns ready, answers a signed /ask from the docs, backs up while running and stops on SIGTERM', async () => {
    const docs = join(work, 'docs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(
      join(docs, 'staging.md'),
      '# Getting staging access\n\nRequest staging access in the IT portal under Environments; it is granted within a day.',
    );
    writeFileSync(join(docs, 'lunch.md'), '# Lunch options\n\nThe canteen opens at noon.');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

    const imported = await run(process.execPath, ['dist/cli/import-docs.js', docs], {
      cwd: app,
      env: { ...env, DATABASE_PATH: databasePath },
    });
    expect(imported.stdout).toContain('2 added');

    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: app,
      env: {
        ...env,
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_PATH: databasePath,
        SEARCH_WORKERS: '1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    try {
      expect(await ready(port)).toBe(200);

      const sender = new SlackSender({
        url: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        responseUrl: () => fake.responseUrl(),
      });
      const response = await sender.slashCommand({
        command: '/ask',
        text: 'How do I get staging access?',
        userId: 'U0ASKER',
        channelId: 'C0GENERAL',
      });
      expect(response.status).toBe(200);
      const reply = await fake.waitForResponse(() => true, 20_000);
      expect(JSON.stringify(reply.body)).toContain('Getting staging access');

      const backups = join(work, 'backups');
      mkdirSync(backups);
      const backup = join(backups, 'mailroom.db');
      const backedUp = await run(process.execPath, ['dist/cli/backup.js', backup], {
        cwd: app,
        env: { ...env, DATABASE_PATH: databasePath },
      });
      expect(backedUp.stdout).toContain('Backed up');
      expect(existsSync(backup)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    const result = await exited;
    expect(result, result.stderr).toMatchObject({ code: 0 });
  }, 120_000);
});
