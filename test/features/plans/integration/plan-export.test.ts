import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportPlans } from '../../../../src/features/plans/services/export.js';
import { planMarkdown } from '../../../../src/features/plans/services/plan-markdown.js';
import { planRecord } from '../../../../src/features/plans/services/plan-record.js';
import { startPlan } from '../../../../src/features/plans/services/plans.js';
import { partnerPlan, world } from './plan-export-world.js';

const NAMES = {
  person: (id: string) =>
    ({ UOWN: 'Olive', UPAT: 'Pat', UEVE: 'Eve', UBOB: 'Bob', UBEA: 'Bea' })[id] ?? id,
  channel: (id: string) => (id === 'CPLAN' ? '#partners' : id),
};

describe('a plan as Markdown', () => {
  it('holds the plan, each stage with every revision and review, the tasks and the history, field by field', () => {
    const { ctx, clock } = world();
    const plan = partnerPlan(ctx, clock);
    const text = planMarkdown(planRecord(ctx, plan), NAMES);
    const section = (from: string, to?: string) => {
      const start = text.indexOf(from);
      expect(start).toBeGreaterThanOrEqual(0);
      return text.slice(start, to ? text.indexOf(to, start + from.length) : undefined);
    };

    expect(section('# Partner API', '## Why')).toBe(
      [
        '# Partner API',
        '',
        '- Owner: Olive',
        '- Channel: #partners',
        '- Target date: 2026-04-30',
        '- Started: 2026-03-09 10:00 UTC',
        '',
        '| Stage | State | Revision |',
        '| --- | --- | --- |',
        '| Why | accepted | 2 |',
        '| What | accepted | 1 |',
        '| How | accepted | 1 |',
        '| Who | draft | 0 |',
        '',
        '',
      ].join('\n'),
    );
    expect(section('## Why', '## What')).toBe(
      [
        '## Why (accepted)',
        '',
        '- Reviewers: Pat, Eve',
        '',
        '### Revision 1, by Olive, 2026-03-09 11:00 UTC',
        '',
        '**Goal:** Partners integrate without us',
        '',
        '**Asked for by:** Sales',
        '',
        '**Objective it serves:** Grow partner revenue',
        '',
        '**How success is measured:** Five partners live by June',
        '',
        '**Review** (started 2026-03-09 11:00 UTC, accepted 2026-03-09 14:00 UTC)',
        '',
        '- Reviewers: Eve, Pat',
        '- Agreed: Pat',
        '- Raised a concern: Eve',
        `- Concern from Eve (2026-03-09 12:00 UTC): Is revenue the \\| right objective? Answered (2026-03-09 13:00 UTC): Yes: it is the OKR. Withdrawn 2026-03-09 14:00 UTC.`,
        '',
        '### Revision 2, by Olive, 2026-03-10 15:00 UTC',
        '',
        '**Goal:** Partners integrate without us',
        '',
        '**Asked for by:** Sales',
        '',
        '**Objective it serves:** Grow partner revenue',
        '',
        '**How success is measured:** Five partners live by May',
        '',
        '**Review** (started 2026-03-10 15:00 UTC, accepted 2026-03-10 15:00 UTC)',
        '',
        '- Reviewers: Eve, Pat',
        '- Agreed: Pat',
        '- Abstained: Eve',
        '',
        '',
      ].join('\n'),
    );
    expect(section('## What', '## How')).toBe(
      [
        '## What (accepted)',
        '',
        '- Reviewers: Bob',
        '',
        '### Revision 1, by Olive, 2026-03-09 15:00 UTC',
        '',
        '**In scope**',
        '',
        '1. must: API keys',
        '2. should: usage dashboard',
        '',
        '**Out of scope**',
        '',
        '- Billing \\| invoicing',
        '',
        '**Review** (started 2026-03-09 15:00 UTC, accepted 2026-03-09 15:00 UTC)',
        '',
        '- Reviewers: Bob',
        '- Agreed: Bob',
        '',
        '',
      ].join('\n'),
    );
    expect(section('## How', '## Who')).toBe(
      [
        '## How (accepted)',
        '',
        '- Reviewers: Bea',
        '',
        '### Revision 1, by Olive, 2026-03-10 17:00 UTC',
        '',
        '**Options**',
        '',
        '| Option | Kind | Effort | Risk | Quality | Time |',
        '| --- | --- | --- | --- | --- | --- |',
        '| Static keys | fast but mediocre | low | high | low | 1 week |',
        '| OAuth with rotation | robust but slower | high | low | high | 4 weeks |',
        '',
        '**Chosen:** OAuth with rotation, the robust but slower option, because partners keep these for years.',
        '',
        '**Open questions for experts**',
        '',
        '- Which rotation period?',
        '',
        '**Tasks**',
        '',
        '| # | Task | Scope item | Estimate | Due |',
        '| --- | --- | --- | --- | --- |',
        '| 1 | Token endpoint | 1. must: API keys | 3d | 2026-04-10 |',
        '| 2 | Usage page | 2. should: usage dashboard | 4h | 2026-04-20 |',
        '',
        '**Review** (started 2026-03-10 17:00 UTC, accepted 2026-03-10 17:00 UTC)',
        '',
        '- Reviewers: Bea',
        '- Agreed: Bea',
        '',
        '',
      ].join('\n'),
    );
    // The who: the accepted how's tasks, none of them owned yet.
    expect(section('## Who', '## History')).toBe(
      [
        '## Who (draft)',
        '',
        '- Reviewers: none',
        '',
        '### The tasks now',
        '',
        '| # | Task | Owner | State | Due |',
        '| --- | --- | --- | --- | --- |',
        '| 1 | Token endpoint | nobody yet | no owner yet | 2026-04-10 |',
        '| 2 | Usage page | nobody yet | no owner yet | 2026-04-20 |',
        '',
        '',
      ].join('\n'),
    );
    expect(section('## History')).toBe(
      [
        '## History',
        '',
        '- 2026-03-09 10:00 UTC, Olive: started',
        '- 2026-03-09 11:00 UTC, Olive: submitted the why',
        '- 2026-03-09 14:00 UTC: the why accepted',
        '- 2026-03-09 15:00 UTC, Olive: submitted the what',
        '- 2026-03-09 15:00 UTC: the what accepted',
        '- 2026-03-10 15:00 UTC, Olive: revised the why (revision 2)',
        '- 2026-03-10 15:00 UTC: the what marked to re-check',
        '- 2026-03-10 15:00 UTC: the why accepted',
        '- 2026-03-10 17:00 UTC, Olive: submitted the how',
        '- 2026-03-10 17:00 UTC: the how accepted',
        '',
      ].join('\n'),
    );
  });

  it('says which stages are still to write, a plan only started', () => {
    const { ctx } = world();
    const { plan } = startPlan(ctx, {
      ownerId: 'UOWN',
      channelId: 'CPLAN',
      title: 'Quiet plan',
      targetDate: '2026-04-30',
      today: '2026-03-09',
      reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
    });
    const text = planMarkdown(planRecord(ctx, plan), NAMES);
    expect(text).toContain('## Why (draft)\n\n- Reviewers: Pat\n\nNot written yet.');
    expect(text).toContain('## How (not started)\n\n- Reviewers: Bea\n\nNot written yet.');
    expect(text).toContain('## History\n\n- 2026-03-09 10:00 UTC, Olive: started\n');
  });
});

describe('exporting plans', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailroom-plans-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one file per plan with a stable name and an index, a private channel’s plan only when asked', async () => {
    const { ctx, clock } = world();
    const open = partnerPlan(ctx, clock);
    const secret = startPlan(ctx, {
      ownerId: 'UOWN',
      channelId: 'CSEC',
      title: 'Falcon: the launch!',
      targetDate: '2026-04-30',
      today: '2026-03-10',
      reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
    }).plan;
    const out = join(dir, 'plans');

    const first = await exportPlans(ctx, out);
    expect(first).toEqual({
      added: ['plan-0001-partner-api.md'],
      updated: [],
      unchanged: [],
      leftOutPrivate: 1,
      index: 'added',
    });
    expect(readFileSync(join(out, 'plan-0001-partner-api.md'), 'utf8')).toBe(
      planMarkdown(planRecord(ctx, open), {
        person: NAMES.person,
        channel: (id) => (id === 'CPLAN' ? '#partners' : '#secret'),
      }),
    );
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toBe(
      [
        '# Plans',
        '',
        'Each plan’s why, what and how, exported from Mailroom.',
        '',
        '| Plan | Channel | Owner | Target date | Stages |',
        '| --- | --- | --- | --- | --- |',
        '| [Partner API](plan-0001-partner-api.md) | #partners | Olive | 2026-04-30 | Why: accepted, What: accepted, How: accepted, Who: draft |',
        '',
      ].join('\n'),
    );

    const second = await exportPlans(ctx, out, { includePrivate: true });
    expect(second.unchanged).toEqual(['plan-0001-partner-api.md']);
    expect(second.added).toEqual([`plan-000${secret.id}-falcon-the-launch.md`]);
    expect(second.leftOutPrivate).toBe(0);
    expect(second.index).toBe('updated');
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toContain(
      '| [Falcon: the launch!](plan-0002-falcon-the-launch.md) | #secret | Olive | 2026-04-30 | Why: draft, What: not started, How: not started, Who: not started |',
    );

    // A file renamed by hand is found by its number and renamed back, never duplicated.
    writeFileSync(join(out, 'plan-0001-old-title.md'), 'old');
    rmSync(join(out, 'plan-0001-partner-api.md'));
    const third = await exportPlans(ctx, out, { includePrivate: true });
    expect(third.updated).toEqual(['plan-0001-partner-api.md']);
    expect(readdirSync(out).sort()).toEqual([
      'index.md',
      'plan-0001-partner-api.md',
      'plan-0002-falcon-the-launch.md',
    ]);
    ctx.db.$client.close();
  });
});
