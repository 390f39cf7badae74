import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoriesOf } from '../../../src/context.js';
import { searchKnowledge } from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import { runCli } from '../../support/process-harness.js';

const ANYONE = { visibleChannelIds: [], isGuest: false };

const runBackup = (args: string[], databasePath: string) =>
  runCli('backup', args, { DATABASE_PATH: databasePath });

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('npm run backup', () => {
  it('copies the database consistently while Mailroom runs and writes, and the copy restores', async () => {
    harness = await startMailroom({ now: '2026-03-09T14:00:00Z' });
    const { ctx } = harness.mailroom;
    const databasePath = ctx.db.$client.name;
    const addPair = (n: number) =>
      ctx.db.transaction(() => {
        for (const side of ['question', 'answer']) {
          ctx.knowledge.upsert(
            { title: `Pair ${n} ${side}`, body: `Runbook ${n}`, source: 'written' },
            ctx.clock(),
          );
        }
      });
    for (let n = 0; n < 200; n += 1) addPair(n);
    // Mailroom keeps writing, two documents per transaction, while the backup runs.
    let n = 200;
    const writer = setInterval(() => addPair(n++), 2);
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-')), 'copy.db');
    let result: Awaited<ReturnType<typeof runBackup>>;
    try {
      result = await runBackup([target], databasePath);
    } finally {
      clearInterval(writer);
    }
    expect(result, result.stderr).toMatchObject({ code: 0 });
    expect(n, 'writes happened while the backup ran').toBeGreaterThan(210);
    expect(result.stdout).toContain(`Backed up ${databasePath} to ${target}`);
    expect(existsSync(`${target}.partial`)).toBe(false);

    // Restore as docs/operating.md says: Mailroom stopped, the copy put where DATABASE_PATH points.
    const restoredPath = join(mkdtempSync(join(tmpdir(), 'mailroom-restore-')), 'mailroom.db');
    copyFileSync(target, restoredPath);
    const restored = openDatabase(restoredPath);
    try {
      const repositories = repositoriesOf(restored);
      const count = repositories.knowledge.count();
      expect(count).toBeGreaterThanOrEqual(400);
      // A point in time: never one half of a transaction.
      expect(count % 2).toBe(0);
      expect(restored.$client.pragma('integrity_check', { simple: true })).toBe('ok');
      const { hits } = searchKnowledge(repositories, ANYONE, 'Pair 7 answer');
      expect(hits[0]?.document.title).toBe('Pair 7 answer');
    } finally {
      restored.$client.close();
    }
  }, 60_000);

  it('refuses to overwrite a file, and says so', async () => {
    harness = await startMailroom({ now: '2026-03-09T14:00:00Z' });
    const target = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-')), 'exists.db');
    writeFileSync(target, 'keep me');
    const result = await runBackup([target], harness.mailroom.ctx.db.$client.name);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already exists');
  }, 30_000);

  it('fails clearly when there is no database, and prints usage without a file', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'mailroom-backup-')), 'none.db');
    const noDb = await runBackup([`${missing}.copy`], missing);
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain(`no database at ${missing}`);
    const usage = await runBackup([], missing);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('Usage: npm run backup -- <file>');
  }, 30_000);
});
