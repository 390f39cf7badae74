import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPlan } from '../../../../src/features/plans/services/plans.js';
import { runCli } from '../../../support/process-harness.js';
import { partnerPlan, world } from '../integration/plan-export-world.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-plans-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seed(databasePath: string): void {
  const { ctx, clock } = world(databasePath);
  partnerPlan(ctx, clock);
  startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CSEC',
    title: 'Falcon launch',
    targetDate: '2026-04-30',
    today: '2026-03-10',
    reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
  });
  ctx.db.$client.close();
}

describe('npm run export-plans (CLI)', () => {
  it('exports DATABASE_PATH’s plans, a private channel’s only with --include-private', async () => {
    const databasePath = join(dir, 'mailroom.db');
    seed(databasePath);
    const out = join(dir, 'plans');

    const first = await runCli('export-plans', ['--', out], { DATABASE_PATH: databasePath });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 added, 0 updated, 0 unchanged.');
    expect(first.stdout).toContain(
      'Left out 1 from private conversations (add --include-private to export them).',
    );
    expect(readdirSync(out).sort()).toEqual(['index.md', 'plan-0001-partner-api.md']);
    expect(readFileSync(join(out, 'plan-0001-partner-api.md'), 'utf8')).toContain(
      '| 1 | Token endpoint | 1. must: API keys | 3d | 2026-04-10 |',
    );

    const second = await runCli('export-plans', [out, '--include-private'], {
      DATABASE_PATH: databasePath,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 added, 0 updated, 1 unchanged.');
    expect(readdirSync(out).sort()).toEqual([
      'index.md',
      'plan-0001-partner-api.md',
      'plan-0002-falcon-launch.md',
    ]);
  }, 60_000);

  it('exits 1 with the usage when the folder is missing', async () => {
    const result = await runCli('export-plans', ['--include-private'], {
      DATABASE_PATH: join(dir, 'mailroom.db'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: npm run export-plans -- <folder> [--include-private]');
  }, 60_000);
});
