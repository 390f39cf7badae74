import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type MailroomContext } from '../../../../src/context.js';
import { mention } from '../../../../src/core/slack/views/mrkdwn.js';
import { openDatabase } from '../../../../src/core/store/db.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import {
  acceptDecision,
  editDecision,
  endDecision,
} from '../../../../src/features/decisions/services/change.js';
import { exportDecisions } from '../../../../src/features/decisions/services/export.js';
import { giveInput } from '../../../../src/features/decisions/services/input.js';
import { logDecision } from '../../../../src/features/decisions/services/log.js';
import { runCli } from '../../../support/process-harness.js';
import { profile, testClock } from '../../../support/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A decision log in a database file: public, private and owners-only decisions. */
function seed(databasePath: string) {
  const clock = testClock('2026-03-09T14:00:00Z');
  const db = openDatabase(databasePath);
  const ctx: MailroomContext = createContext({
    db,
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3600_000 },
  });
  ctx.members.upsertProfiles(
    [
      profile('UADA', { displayName: 'Ada' }),
      profile('UBOB', { displayName: 'Bob' }),
      profile('UEVE', { displayName: 'Eve' }),
    ],
    clock(),
  );
  const channel = (id: string, name: string, isPrivate: boolean) => {
    ctx.channels.upsert({ id, name, isPrivate, isIm: false, archived: false }, clock());
    ctx.channels.setMembers(id, ['UADA', 'UBOB', 'UEVE'], clock());
  };
  channel('CGEN', 'general', false);
  channel('CSEC', 'secret-project', true);
  const draft = (patch: RawDecisionDraft): RawDecisionDraft => ({
    why: 'Billing needs exact totals.',
    options: [
      { name: 'Postgres', pros: 'Transactions', cons: 'One more server' },
      { name: 'DynamoDB', pros: 'Managed', cons: 'No transactions we trust' },
    ],
    chosen: 'Postgres',
    tradeOff: 'Slower to set up now, robust later',
    ownerIds: ['UADA', 'UBOB'],
    consultedIds: ['UEVE'],
    followUps: [{ text: 'Provision the database', ownerId: 'UBOB', dueOn: '2026-03-13' }],
    status: 'proposed',
    revisitOn: '2026-06-01',
    ...patch,
  });
  const billing = logDecision(ctx, {
    userId: 'UADA',
    draft: draft({ title: 'Use Postgres for the billing service' }),
    channelId: 'CGEN',
  }).decision;
  clock.advance(3600_000);
  giveInput(ctx, 'UEVE', billing.id, { kind: 'object', reason: 'Nobody is on call for it.' });
  acceptDecision(ctx, 'UBOB', billing.id);
  logDecision(ctx, {
    userId: 'UADA',
    draft: draft({ title: 'Launch Falcon on 1 April', followUps: [] }),
    channelId: 'CSEC',
  });
  logDecision(ctx, {
    userId: 'UADA',
    draft: draft({ title: 'Hire a contractor', followUps: [] }),
    channelId: null,
  });
  return { ctx, clock, billing };
}

describe('exportDecisions', () => {
  it('writes one ADR file per decision, updates instead of duplicating, and keeps private ones out', async () => {
    const { ctx, clock, billing } = seed(join(dir, 'mailroom.db'));
    const out = join(dir, 'adr');

    const first = await exportDecisions(ctx, out);
    expect(first).toEqual({
      added: ['0001-use-postgres-for-the-billing-service.md'],
      updated: [],
      unchanged: [],
      renamed: [],
      leftOut: { privateConversations: 1, keptForOwners: 1 },
      index: 'added',
    });
    const adr = readFileSync(join(out, '0001-use-postgres-for-the-billing-service.md'), 'utf8');
    for (const part of [
      '---\n# Written by the Mailroom decision export (npm run export-decisions): the next export replaces it.\nstatus: "accepted"\ndate: 2026-03-09\ndecision-makers: "Ada, Bob"\nconsulted: "Eve"\n---',
      '# Use Postgres for the billing service',
      '## Context and Problem Statement\n\nBilling needs exact totals.',
      '## Considered Options\n\n* Postgres\n* DynamoDB',
      '## Decision Outcome\n\nChosen option: "Postgres".',
      // The trade-off of a decision logged without consequences reads as its bad one.
      '### Consequences\n\n* Bad, because slower to set up now, robust later',
      '### Confirmation\n\nRevisit by 2026-06-01.',
      '### Postgres\n\n* Good, because transactions\n* Bad, because one more server',
      '- Logged by Ada in #general, 2026-03-09',
      '- [ ] Provision the database (Bob, due 2026-03-13)',
      '- Objection from Eve (2026-03-09): Nobody is on call for it.',
      '- 2026-03-09 14:00 UTC, Ada: logged: proposed',
      '- 2026-03-09 15:00 UTC, Bob: accepted',
    ]) {
      expect(adr).toContain(part);
    }
    expect(adr).not.toContain('Falcon');
    expect(adr).not.toContain('## Decision Drivers');
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toContain(
      '| [0001](0001-use-postgres-for-the-billing-service.md) | Use Postgres for the billing service | accepted | 2026-03-09 |  |',
    );

    const again = await exportDecisions(ctx, out);
    expect(again.unchanged).toEqual(['0001-use-postgres-for-the-billing-service.md']);
    expect(again.added).toEqual([]);

    clock.advance(60_000);
    editDecision(
      ctx,
      'UADA',
      billing.id,
      {
        title: 'Use Postgres 16 for billing',
        why: billing.why,
        options: billing.options,
        chosen: 'DynamoDB',
        tradeOff: billing.tradeOff,
        ownerIds: billing.ownerIds,
        consultedIds: billing.consultedIds,
        followUps: [{ text: 'Provision the database', ownerId: 'UBOB', dueOn: '2026-03-13' }],
        revisitOn: billing.revisitOn,
      },
      mention,
    );
    const renamed = await exportDecisions(ctx, out, { includePrivate: ['#secret-project'] });
    expect(renamed.renamed).toEqual([
      {
        from: '0001-use-postgres-for-the-billing-service.md',
        to: '0001-use-postgres-16-for-billing.md',
      },
    ]);
    expect(renamed.updated).toEqual(['0001-use-postgres-16-for-billing.md']);
    expect(renamed.added).toEqual(['P-0001-launch-falcon-on-1-april.md']);
    expect(readdirSync(out).sort()).toEqual([
      '0001-use-postgres-16-for-billing.md',
      'P-0001-launch-falcon-on-1-april.md',
      'index.md',
    ]);
    expect(readFileSync(join(out, '0001-use-postgres-16-for-billing.md'), 'utf8')).toContain(
      'edited (title: “Use Postgres for the billing service” → “Use Postgres 16 for billing”; chosen option: “Postgres” → “DynamoDB”)',
    );
    await expect(exportDecisions(ctx, out, { includePrivate: ['nosuch'] })).rejects.toThrow(
      'I know no conversation called “nosuch”',
    );
    ctx.db.$client.close();
  });
});

describe('the export’s numbering', () => {
  it('numbers public decisions without a gap where a private one is, and keeps each number from one export to the next', async () => {
    const { ctx, clock, billing } = seed(join(dir, 'mailroom.db'));
    const out = join(dir, 'adr');
    const log = (title: string, channelId: string) =>
      logDecision(ctx, {
        userId: 'UADA',
        draft: {
          title,
          why: 'The team asked.',
          options: [{ name: 'Yes' }],
          chosen: 'Yes',
          ownerIds: ['UADA'],
          status: 'accepted',
        },
        channelId,
      }).decision;
    // Decision 2 is private and 3 kept for its owners: the next public one is 4.
    const trunk = log('Adopt trunk-based development', 'CGEN');
    expect(trunk.id).toBe(4);

    const first = await exportDecisions(ctx, out);
    expect(first.added).toEqual([
      '0001-use-postgres-for-the-billing-service.md',
      '0002-adopt-trunk-based-development.md',
    ]);
    expect(readFileSync(join(out, '0002-adopt-trunk-based-development.md'), 'utf8')).toMatch(
      /\n---\n\n# Adopt trunk-based development\n/,
    );

    clock.advance(60_000);
    log('Freeze deploys in December', 'CGEN');
    log('Falcon budget goes to the launch', 'CSEC');
    endDecision(ctx, 'UBOB', billing.id, 'deprecate', 'Billing moved to the finance platform.');
    const second = await exportDecisions(ctx, out, { includePrivate: ['secret-project'] });
    expect(second.unchanged).toEqual(['0002-adopt-trunk-based-development.md']);
    expect(second.updated).toEqual(['0001-use-postgres-for-the-billing-service.md']);
    expect(second.added).toEqual([
      'P-0001-launch-falcon-on-1-april.md',
      '0003-freeze-deploys-in-december.md',
      'P-0002-falcon-budget-goes-to-the-launch.md',
    ]);
    expect(readFileSync(join(out, 'P-0002-falcon-budget-goes-to-the-launch.md'), 'utf8')).toMatch(
      /\n---\n\n# Falcon budget goes to the launch\n/,
    );
    expect(
      readFileSync(join(out, '0001-use-postgres-for-the-billing-service.md'), 'utf8'),
    ).toContain('- Deprecated on 2026-03-09: Billing moved to the finance platform.');

    // Without the private ones again: the public files keep their names and nothing is renamed.
    const third = await exportDecisions(ctx, out);
    expect(third.renamed).toEqual([]);
    expect(third.added).toEqual([]);
    expect(third.unchanged).toEqual([
      '0001-use-postgres-for-the-billing-service.md',
      '0002-adopt-trunk-based-development.md',
      '0003-freeze-deploys-in-december.md',
    ]);
    ctx.db.$client.close();
  });
});

describe('the export and files it did not write', () => {
  const ADR = '0001-use-postgres-for-the-billing-service.md';

  it('keeps a team’s own index.md: nothing is written, and the message names the file and what to do', async () => {
    const { ctx } = seed(join(dir, 'mailroom.db'));
    const out = join(dir, 'adr');
    mkdirSync(out);
    const theirs = '# Our architecture notes\n\nWritten by hand.\n';
    writeFileSync(join(out, 'index.md'), theirs);

    await expect(exportDecisions(ctx, out)).rejects.toThrow(
      `${out} already holds index.md, which Mailroom did not write, and this export would replace it. Nothing was written. Move or rename that file, or export into another folder (a new one, or one Mailroom exported into before).`,
    );
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toBe(theirs);
    expect(readdirSync(out)).toEqual(['index.md']);
    ctx.db.$client.close();
  });

  it('keeps a record of the team’s own under a name the export wants, and never renames one', async () => {
    const { ctx } = seed(join(dir, 'mailroom.db'));
    const out = join(dir, 'adr');
    mkdirSync(out);
    const handWritten = '---\nstatus: accepted\n---\n\n# Use Postgres for the billing service\n';
    writeFileSync(join(out, ADR), handWritten);
    // Numbered like a record of the export, but not Mailroom's: never renamed, never replaced.
    writeFileSync(join(out, '0001-record-architecture-decisions.md'), '# Record decisions\n');

    const refused = exportDecisions(ctx, out);
    await expect(refused).rejects.toThrow(
      `${out} already holds ${ADR}, which Mailroom did not write`,
    );
    expect(readFileSync(join(out, ADR), 'utf8')).toBe(handWritten);
    expect(readdirSync(out).sort()).toEqual(['0001-record-architecture-decisions.md', ADR]);

    rmSync(join(out, ADR));
    const summary = await exportDecisions(ctx, out);
    expect(summary.added).toEqual([ADR]);
    expect(summary.renamed).toEqual([]);
    expect(readFileSync(join(out, '0001-record-architecture-decisions.md'), 'utf8')).toBe(
      '# Record decisions\n',
    );
    ctx.db.$client.close();
  });

  it('replaces its own files on a second export, marked or written before the mark', async () => {
    const { ctx, clock, billing } = seed(join(dir, 'mailroom.db'));
    const out = join(dir, 'adr');
    await exportDecisions(ctx, out);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    expect(index.split('\n')[0]).toBe(
      '[//]: # "Written by the Mailroom decision export (npm run export-decisions): the next export replaces it."',
    );
    expect(readFileSync(join(out, ADR), 'utf8').split('\n').slice(0, 2)).toEqual([
      '---',
      '# Written by the Mailroom decision export (npm run export-decisions): the next export replaces it.',
    ]);

    clock.advance(60_000);
    endDecision(ctx, 'UBOB', billing.id, 'deprecate', 'Billing moved to the finance platform.');
    const second = await exportDecisions(ctx, out);
    expect(second.updated).toEqual([ADR]);
    expect(second.index).toBe('updated');
    expect(readFileSync(join(out, ADR), 'utf8')).toContain('status: "deprecated"');

    // Files exported before the mark existed: the index's opening says it is Mailroom's, and
    // the records it lists are Mailroom's too.
    const unmark = (file: string) =>
      writeFileSync(
        join(out, file),
        readFileSync(join(out, file), 'utf8')
          .split('\n')
          .filter((line) => !line.includes('Written by the Mailroom decision export'))
          .join('\n'),
      );
    unmark('index.md');
    unmark(ADR);
    clock.advance(60_000);
    const third = await exportDecisions(ctx, out);
    expect(third.updated).toEqual([ADR]);
    expect(third.index).toBe('updated');
    expect(readdirSync(out).sort()).toEqual([ADR, 'index.md']);
    ctx.db.$client.close();
  });
});

describe('npm run export-decisions (CLI)', () => {
  it('exports DATABASE_PATH’s decisions, and running it again changes nothing', async () => {
    const databasePath = join(dir, 'mailroom.db');
    seed(databasePath).ctx.db.$client.close();
    const out = join(dir, 'adr');

    const first = await runCli('export-decisions', ['--', out], { DATABASE_PATH: databasePath });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 added, 0 updated, 0 unchanged, 0 renamed');
    expect(first.stdout).toContain(
      'Left out 1 from private conversations (name one with --include-private <channel>).',
    );
    expect(first.stdout).toContain('Left out 1 kept for their owners only.');

    const second = await runCli('export-decisions', [out, '--include-private', 'secret-project'], {
      DATABASE_PATH: databasePath,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 added, 0 updated, 1 unchanged, 0 renamed');
    expect(readdirSync(out).sort()).toEqual([
      '0001-use-postgres-for-the-billing-service.md',
      'P-0001-launch-falcon-on-1-april.md',
      'index.md',
    ]);
  }, 60_000);

  it('exits 1 with the usage or the reason', async () => {
    const databasePath = join(dir, 'mailroom.db');
    const noArgs = await runCli('export-decisions', [], { DATABASE_PATH: databasePath });
    expect(noArgs.code).toBe(1);
    expect(noArgs.stderr).toContain('Usage: npm run export-decisions -- <folder>');
    const unknown = await runCli(
      'export-decisions',
      [join(dir, 'adr'), '--include-private', 'nosuch'],
      {
        DATABASE_PATH: databasePath,
      },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('I know no conversation called “nosuch”');
    const theirs = join(dir, 'notes');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'index.md'), '# Our notes\n');
    const refused = await runCli('export-decisions', [theirs], { DATABASE_PATH: databasePath });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Export failed: ${theirs} already holds index.md, which Mailroom did not write`,
    );
    expect(readFileSync(join(theirs, 'index.md'), 'utf8')).toBe('# Our notes\n');
  }, 60_000);
});
