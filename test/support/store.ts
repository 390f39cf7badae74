import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemberProfile } from '../../src/domain/member.js';
import type { ServiceContext } from '../../src/services/context.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { repositoriesOf } from '../../src/store/repositories.js';

export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'mailroom-test-')), 'mailroom.db');
}

/** A migrated database in a fresh temp file (WAL needs a file, not :memory:). */
export function freshDatabase(): Db {
  return openDatabase(tempDatabasePath());
}

export function profile(id: string, patch: Partial<MemberProfile> = {}): MemberProfile {
  return {
    id,
    teamId: 'T111',
    name: id.toLowerCase(),
    displayName: `Person ${id}`,
    realName: null,
    timeZone: 'UTC',
    isBot: false,
    isAdmin: false,
    isGuest: false,
    deleted: false,
    slackStatusText: null,
    slackStatusEmoji: null,
    slackStatusExpiresAt: null,
    slackUpdatedAt: null,
    ...patch,
  };
}

/** A mutable clock for tests: starts at `iso` and moves only when told. */
export function testClock(iso: string) {
  let now = Date.parse(iso);
  const clock = () => now;
  clock.set = (next: string) => {
    now = Date.parse(next);
  };
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

/** The services' context over a real migrated database, without Slack. */
export function serviceContext(
  clock: () => number,
  settings: Partial<ServiceContext['settings']> = {},
): ServiceContext {
  const db = freshDatabase();
  return {
    db,
    ...repositoriesOf(db),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3600_000, ...settings },
  };
}
