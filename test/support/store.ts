import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailroomContext } from '../../src/context.js';
import { createContext } from '../../src/context.js';
import type { Member, MemberProfile } from '../../src/core/domain/member.js';
import { DEFAULT_WORK_WINDOWS } from '../../src/core/domain/working-hours.js';
import { type Db, openDatabase } from '../../src/core/store/db.js';

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

/** A member as the store returns one: London, 09:00–17:00 Mon–Fri, here, as they come. */
export function memberOf(id: string, patch: Partial<Member> = {}): Member {
  return {
    id,
    teamId: 'T1',
    name: id.toLowerCase(),
    displayName: `Person ${id}`,
    realName: null,
    timeZone: 'Europe/London',
    timeZoneOverride: null,
    workingWindows: [...DEFAULT_WORK_WINDOWS],
    awayUntil: null,
    deliveryPreference: 'immediate',
    slackStatusText: null,
    slackStatusEmoji: null,
    slackStatusExpiresAt: null,
    homeOpenedAt: null,
    isBot: false,
    isAdmin: false,
    isGuest: false,
    deleted: false,
    dmChannelId: null,
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
  settings: Partial<MailroomContext['settings']> = {},
): MailroomContext {
  return createContext({
    db: freshDatabase(),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3600_000, ...settings },
  });
}
