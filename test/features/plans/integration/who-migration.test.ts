import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { expect, it } from 'vitest';
import {
  MIGRATIONS_FOLDER,
  openDatabaseForUpgrade,
  registerSearchFunctions,
} from '../../../../src/core/store/db.js';
import { tempDatabasePath } from '../../../support/store.js';

const journal = JSON.parse(
  readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as { entries: { tag: string }[] };

const how = (tasks: { title: string; scopeItem: number; estimate: string; due: string }[]) =>
  JSON.stringify({
    stage: 'how',
    content: { options: [], chosen: 'robust', because: 'b', questions: [], tasks },
  });

it('gives a plan whose how was accepted before the who its tasks, on upgrade; a how in review waits', async () => {
  // The migrations folder as it was before the plan tasks.
  const before = mkdtempSync(join(tmpdir(), 'mailroom-migrations-'));
  mkdirSync(join(before, 'meta'));
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith('_plan_tasks'));
  expect(at).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, at);
  for (const { tag } of entries) {
    copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(before, `${tag}.sql`));
  }
  writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  const path = tempDatabasePath();
  const sqlite = new Database(path);
  registerSearchFunctions(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder: before });
  sqlite
    .prepare(
      `insert into plans (id, title, owner_id, channel_id, target_date, created_at, updated_at)
       values (1, 'Accepted', 'UOWN', 'CPLAN', '2026-04-30', 0, 0),
              (2, 'In review', 'UOWN', 'CPLAN', '2026-04-30', 0, 0)`,
    )
    .run();
  sqlite
    .prepare(
      `insert into plan_stages (id, plan_id, stage, state, reviewer_ids, revision, confirmed_ids, updated_at)
       values (1, 1, 'how', 'accepted', '[]', 2, '[]', 0), (2, 2, 'how', 'in_review', '[]', 1, '[]', 0)`,
    )
    .run();
  const revision = sqlite.prepare(
    `insert into plan_revisions (stage_id, number, content, author_id, created_at) values (?, ?, ?, 'UOWN', 5)`,
  );
  revision.run(1, 1, how([{ title: 'Old', scopeItem: 1, estimate: '1d', due: '2026-04-01' }]));
  revision.run(
    1,
    2,
    how([
      { title: 'Token endpoint', scopeItem: 1, estimate: '3d', due: '2026-04-10' },
      { title: 'Docs', scopeItem: 2, estimate: '4h', due: '2026-04-20' },
    ]),
  );
  revision.run(2, 1, how([{ title: 'Waits', scopeItem: 1, estimate: '1d', due: '2026-04-01' }]));
  sqlite.close();

  const { db } = await openDatabaseForUpgrade(path);
  expect(
    db.$client
      .prepare(
        'select plan_id, position, title, scope_item, estimate, due, owner_id, state from plan_tasks order by plan_id, position',
      )
      .all(),
  ).toEqual([
    {
      plan_id: 1,
      position: 0,
      title: 'Token endpoint',
      scope_item: 1,
      estimate: '3d',
      due: '2026-04-10',
      owner_id: null,
      state: 'unassigned',
    },
    {
      plan_id: 1,
      position: 1,
      title: 'Docs',
      scope_item: 2,
      estimate: '4h',
      due: '2026-04-20',
      owner_id: null,
      state: 'unassigned',
    },
  ]);
  db.$client.close();
});

it('gives every plan its who stage on upgrade: open where the how was accepted, not started elsewhere', async () => {
  // The migrations folder as it was before the who stage.
  const before = mkdtempSync(join(tmpdir(), 'mailroom-migrations-'));
  mkdirSync(join(before, 'meta'));
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith('_plan_who_stage'));
  expect(at).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, at);
  for (const { tag } of entries) {
    copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(before, `${tag}.sql`));
  }
  writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  const path = tempDatabasePath();
  const sqlite = new Database(path);
  registerSearchFunctions(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder: before });
  sqlite
    .prepare(
      `insert into plans (id, title, owner_id, channel_id, target_date, created_at, updated_at)
       values (1, 'Accepted', 'UOWN', 'CPLAN', '2026-04-30', 0, 0),
              (2, 'Re-check', 'UOWN', 'CPLAN', '2026-04-30', 0, 0),
              (3, 'Early', 'UOWN', 'CPLAN', '2026-04-30', 0, 0)`,
    )
    .run();
  sqlite
    .prepare(
      `insert into plan_stages (plan_id, stage, state, reviewer_ids, revision, confirmed_ids, updated_at)
       values (1, 'how', 'accepted', '["UBEA"]', 1, '[]', 7), (2, 'how', 'recheck', '[]', 1, '[]', 8),
              (3, 'how', 'not_started', '[]', 0, '[]', 9)`,
    )
    .run();
  sqlite.close();

  const { db } = await openDatabaseForUpgrade(path);
  expect(
    db.$client
      .prepare(
        "select plan_id, state, reviewer_ids, revision, confirmed_ids, updated_at from plan_stages where stage = 'who' order by plan_id",
      )
      .all(),
  ).toEqual([
    {
      plan_id: 1,
      state: 'draft',
      reviewer_ids: '[]',
      revision: 0,
      confirmed_ids: '[]',
      updated_at: 7,
    },
    {
      plan_id: 2,
      state: 'draft',
      reviewer_ids: '[]',
      revision: 0,
      confirmed_ids: '[]',
      updated_at: 8,
    },
    {
      plan_id: 3,
      state: 'not_started',
      reviewer_ids: '[]',
      revision: 0,
      confirmed_ids: '[]',
      updated_at: 9,
    },
  ]);
  db.$client.close();
});
