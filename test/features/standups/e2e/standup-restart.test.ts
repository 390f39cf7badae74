/**
 * A standup's wave of prompts, against the real process (test/support/mailroom-process.ts) on
 * the fake Slack: killed in the middle of the wave and started again, it asks nobody twice
 * and misses nobody.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../../src/context.js';
import { DIRECTORY_SYNCED_AT } from '../../../../src/core/services/directory.js';
import { openDatabase } from '../../../../src/core/store/db.js';
import { saveStandup } from '../../../../src/features/standups/services/setup.js';
import { standupTexts } from '../../../../src/features/standups/slack/views/texts.js';
import { FakeSlack, type FakeUser } from '../../../support/fake-slack.js';
import { type MailroomProcess, spawnMailroom } from '../../../support/process-harness.js';
import { profile, tempDatabasePath, testClock } from '../../../support/store.js';

const PEOPLE = 40;
const BOT = 'U0MAILBOT';
const CHANNEL = 'C0TEAM';
const MINUTE = 60_000;
const userId = (n: number) => `U${String(n).padStart(3, '0')}MEMBER`;

const processes: MailroomProcess[] = [];
let fake: FakeSlack | undefined;
afterEach(async () => {
  for (const child of processes.splice(0)) {
    if (child.child.exitCode === null && child.child.signalCode === null)
      await child.kill('SIGKILL');
  }
  await fake?.stop();
  fake = undefined;
});

/** Standup prompts posted to each member (successful chat.postMessage calls). */
function promptsTo(slack: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of slack.callsTo('chat.postMessage')) {
    const key = (call.args.metadata as { event_payload?: { idempotency_key?: string } } | undefined)
      ?.event_payload?.idempotency_key;
    if (call.status === 0 || call.response.ok !== true || !key?.startsWith('standup:')) continue;
    const member = String(call.args.channel);
    counts.set(member, (counts.get(member) ?? 0) + 1);
  }
  return counts;
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a standup wave across a restart', () => {
  it('asks each member exactly once when the process is killed mid-wave and started again', async () => {
    const clock = testClock('2026-03-10T08:00:00Z');
    const users: FakeUser[] = Array.from({ length: PEOPLE }, (_, i) => ({
      id: userId(i),
      name: `member${i}`,
      tz: ['Europe/London', 'Africa/Lagos', 'Atlantic/Reykjavik'][i % 3] ?? 'UTC',
    }));
    fake = await FakeSlack.start({
      users,
      channels: [{ id: CHANNEL, name: 'team', members: [...users.map((u) => u.id), BOT] }],
      now: clock,
    });
    const databasePath = tempDatabasePath();
    const db = openDatabase(databasePath);
    const ctx = createContext({
      db,
      clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3_600_000 },
    });
    ctx.appState.set(DIRECTORY_SYNCED_AT, String(clock()), clock());
    ctx.members.upsertProfiles(
      [
        ...users.map((u) => profile(u.id, { name: u.name, timeZone: u.tz })),
        profile(BOT, { isBot: true }),
      ],
      clock(),
    );
    ctx.channels.upsert(
      { id: CHANNEL, name: 'team', isPrivate: false, isIm: false, archived: false },
      clock(),
    );
    ctx.channels.setMembers(CHANNEL, [...users.map((u) => u.id), BOT], clock());
    const { standup } = saveStandup(ctx, standupTexts, {
      userId: userId(0),
      channelId: CHANNEL,
      standupId: null,
      botUserId: BOT,
      form: {
        name: 'Daily',
        questionsText: 'What did you do?\nWhat will you do?',
        asksBlockers: true,
        days: ['1', '2', '3', '4', '5'],
        promptMode: 'team_zone',
        promptTime: '09:30',
        teamZone: 'UTC',
        memberMode: 'channel',
        chosenMemberIds: [],
        destination: 'thread',
        reportTime: '17:00',
        reminder: 'none',
      },
    });
    db.$client.close();

    // After 12 prompts, Slack takes each post but its answer never comes back.
    let posts = 0;
    fake.hang('chat.postMessage', {
      match: (args) => String(args.channel).startsWith('U') && ++posts > 12,
      afterProcessing: true,
    });
    clock.set('2026-03-10T09:30:00Z');
    const first = await spawnMailroom({ fake, databasePath, now: clock() });
    processes.push(first);
    await first.tick();
    await until(() => fake !== undefined && fake.hungCalls >= 4);
    await first.kill('SIGKILL');
    const beforeRestart = promptsTo(fake);
    expect(beforeRestart.size).toBe(12);

    // Started again two minutes later: what was in flight is looked for in Slack, not sent again.
    fake.releaseHung();
    clock.advance(2 * MINUTE);
    const second = await spawnMailroom({ fake, databasePath, now: clock() });
    processes.push(second);
    for (let i = 0; i < 5 && promptsTo(fake).size + fake.hungCalls < PEOPLE; i++) {
      await second.tick();
      clock.advance(MINUTE);
      await second.setClock(clock());
    }
    const check = openDatabase(databasePath);
    try {
      await until(() => {
        const row = check.$client
          .prepare(
            "select count(*) as n from queue_items where kind = 'standup_prompt' and state = 'delivered'",
          )
          .get() as { n: number };
        return row.n === PEOPLE;
      });
      const entries = check.$client
        .prepare('select count(*) as n from standup_entries where standup_id = ? and date = ?')
        .get(standup.id, '2026-03-10') as { n: number };
      expect(entries.n).toBe(PEOPLE);
    } finally {
      check.$client.close();
    }
    // Every member's DM holds exactly one prompt, whichever process posted it.
    for (const user of users) {
      const prompts = fake
        .messagesIn(user.id)
        .filter((m) =>
          String(
            (m.metadata as { event_payload?: { idempotency_key?: string } } | undefined)
              ?.event_payload?.idempotency_key,
          ).startsWith('standup:'),
        );
      expect(prompts, user.id).toHaveLength(1);
    }
  }, 60_000);
});
