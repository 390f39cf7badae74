import { describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { createContext } from '../../../../src/context.js';
import { openDatabase } from '../../../../src/core/store/db.js';
import type { StandupSetupInput } from '../../../../src/features/standups/domain/standup.js';
import { answerStandup, skipStandup } from '../../../../src/features/standups/services/answers.js';
import {
  promptDueMembers,
  promptKey,
  remindDue,
  rescheduleMember,
} from '../../../../src/features/standups/services/schedule.js';
import { saveStandup } from '../../../../src/features/standups/services/setup.js';
import { standupTexts } from '../../../../src/features/standups/slack/views/texts.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

const CHANNEL = 'C0TEAM';
const BOT = 'U0BOT';

const form = (patch: Partial<StandupSetupInput> = {}): StandupSetupInput => ({
  name: 'Daily',
  questionsText: 'What did you do?\nWhat will you do?',
  asksBlockers: true,
  days: ['1', '2', '3', '4', '5', '6', '7'],
  promptMode: 'member_zone',
  promptTime: '09:30',
  teamZone: 'America/New_York',
  memberMode: 'channel',
  chosenMemberIds: [],
  destination: 'thread',
  reportTime: '23:00',
  reminder: 'none',
  ...patch,
});

function world(now: string, zones: Record<string, string>, patch: Partial<StandupSetupInput> = {}) {
  const clock = testClock(now);
  const ctx = serviceContext(clock);
  const ids = Object.keys(zones);
  ctx.members.upsertProfiles(
    [
      ...ids.map((id) => profile(id, { timeZone: zones[id] ?? 'UTC' })),
      profile(BOT, { isBot: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: CHANNEL, name: 'team', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers(CHANNEL, [...ids, BOT], clock());
  const owner = ids[0] ?? 'U0NOBODY';
  const { standup } = saveStandup(ctx, standupTexts, {
    userId: owner,
    channelId: CHANNEL,
    standupId: null,
    form: form(patch),
    botUserId: BOT,
  });
  return { clock, ctx, standup };
}

/** Every prompt queued so far, as "member date local-instant". */
function prompts(ctx: MailroomContext) {
  return ctx.db.$client
    .prepare(
      "select idempotency_key as key, deliver_after as at from queue_items where kind = 'standup_prompt' order by deliver_after, id",
    )
    .all()
    .map((row) => {
      const { key, at } = row as { key: string; at: number };
      return `${key.split(':').slice(2).join(' ')} ${new Date(at).toISOString()}`;
    });
}

/** Ticks every minute from `from` to `to`, as the scheduler does. */
function tickEveryMinute(
  ctx: MailroomContext,
  clock: ReturnType<typeof testClock>,
  from: string,
  to: string,
) {
  clock.set(from);
  while (clock() <= Date.parse(to)) {
    promptDueMembers(ctx);
    clock.advance(60_000);
  }
}

describe('asking standup members', () => {
  it('asks each date once at 09:30 local across the DST weekends, in New York and London', () => {
    const { ctx, clock } = world('2026-03-06T12:00:00Z', {
      UNY: 'America/New_York',
      ULON: 'Europe/London',
    });
    tickEveryMinute(ctx, clock, '2026-03-06T12:00:00Z', '2026-03-10T00:00:00Z');
    tickEveryMinute(ctx, clock, '2026-03-27T12:00:00Z', '2026-03-31T00:00:00Z');
    expect(prompts(ctx)).toEqual([
      'UNY 2026-03-06 2026-03-06T14:30:00.000Z',
      'ULON 2026-03-07 2026-03-07T09:30:00.000Z',
      'UNY 2026-03-07 2026-03-07T14:30:00.000Z',
      'ULON 2026-03-08 2026-03-08T09:30:00.000Z',
      'UNY 2026-03-08 2026-03-08T13:30:00.000Z', // New York sprang forward at 02:00
      'ULON 2026-03-09 2026-03-09T09:30:00.000Z',
      'UNY 2026-03-09 2026-03-09T13:30:00.000Z',
      // Not ticked from the 10th to the 27th: the days in between closed unasked. A day stays
      // open until the member's next prompt, so when the ticks resumed at 12:00 on the 27th,
      // New York's 26th (open until 13:30) and London's 27th were asked then.
      'UNY 2026-03-26 2026-03-26T13:30:00.000Z',
      'ULON 2026-03-27 2026-03-27T09:30:00.000Z',
      'UNY 2026-03-27 2026-03-27T13:30:00.000Z',
      'ULON 2026-03-28 2026-03-28T09:30:00.000Z',
      'UNY 2026-03-28 2026-03-28T13:30:00.000Z',
      'ULON 2026-03-29 2026-03-29T08:30:00.000Z', // London springs forward at 01:00
      'UNY 2026-03-29 2026-03-29T13:30:00.000Z',
      'ULON 2026-03-30 2026-03-30T08:30:00.000Z',
      'UNY 2026-03-30 2026-03-30T13:30:00.000Z',
    ]);
  });

  it('never asks twice: two ticks at once, on two connections to the same database', () => {
    const { ctx, clock, standup } = world('2026-03-09T12:00:00Z', {
      U1: 'America/New_York',
      U2: 'America/New_York',
      U3: 'America/New_York',
    });
    clock.set('2026-03-09T13:31:00Z');
    const otherDb = openDatabase(ctx.db.$client.name);
    const other = createContext({ ...ctx, db: otherDb });
    // The second tick read who was due before the first one wrote anything.
    const stale = ctx.standups.dueMembers(clock());
    let read = false;
    other.standups.dueMembers = () => {
      if (read) return [];
      read = true;
      return stale;
    };
    const first = promptDueMembers(ctx);
    const second = promptDueMembers(other);
    expect(first.prompted).toBe(3);
    expect(second.prompted).toBe(0);
    expect(prompts(ctx)).toHaveLength(3);
    expect(ctx.standups.entriesOfDay(standup.id, '2026-03-09')).toHaveLength(3);
    otherDb.$client.close();
  });

  it('sends a prompt missed while down if its day is still open, and not once it has closed', () => {
    const { ctx, clock, standup } = world(
      '2026-03-09T05:00:00Z',
      { UNY: 'America/New_York', ULON: 'Europe/London' },
      { reportTime: '17:00' },
    );
    // Back at 16:00 in New York: New York's day is open, so is London's (the report is at 17:00 New York).
    clock.set('2026-03-09T20:00:00Z');
    expect(promptDueMembers(ctx)).toMatchObject({ prompted: 2, missed: 0 });
    // Down again from before Tuesday's prompts until after Tuesday's report: Tuesday is still
    // open (until each member's next prompt), so it is asked.
    clock.set('2026-03-10T21:30:00Z');
    expect(promptDueMembers(ctx)).toMatchObject({ prompted: 2, missed: 0 });
    // Down again until after Thursday's prompts: Wednesday closed unasked, Thursday is asked.
    clock.set('2026-03-12T15:00:00Z');
    expect(promptDueMembers(ctx)).toMatchObject({ prompted: 2, missed: 2 });
    expect(ctx.standups.entriesOfDay(standup.id, '2026-03-11')).toEqual([]);
    // Each is scheduled for Friday, never Wednesday again.
    expect(ctx.standups.membersOf(standup.id).map((m) => m.nextPromptDate)).toEqual([
      '2026-03-13',
      '2026-03-13',
    ]);
  });

  it('does not ask a member who is away, and records them as away', () => {
    const { ctx, clock, standup } = world('2026-03-09T12:00:00Z', { UNY: 'America/New_York' });
    ctx.members.saveSettings('UNY', { awayUntil: Date.parse('2026-03-11T04:00:00Z') }, clock());
    clock.set('2026-03-09T13:30:00Z');
    expect(promptDueMembers(ctx)).toMatchObject({ prompted: 0, away: 1 });
    expect(ctx.standups.entryFor(standup.id, 'UNY', '2026-03-09')?.status).toBe('away');
    expect(prompts(ctx)).toEqual([]);
    clock.set('2026-03-11T13:30:00Z');
    promptDueMembers(ctx); // Tuesday passed while away; Wednesday asks again
    expect(prompts(ctx)).toEqual(['UNY 2026-03-11 2026-03-11T13:30:00.000Z']);
  });

  it('moves the prompt when the member’s zone changes, without asking a date twice', () => {
    const { ctx, clock, standup } = world('2026-03-09T12:00:00Z', { UTOKYO: 'Asia/Tokyo' });
    clock.set('2026-03-10T00:30:00Z'); // Tuesday 09:30 in Tokyo
    promptDueMembers(ctx);
    // An hour later they are in Los Angeles, where it is still Monday evening.
    clock.set('2026-03-10T01:30:00Z');
    ctx.members.upsertProfiles([profile('UTOKYO', { timeZone: 'America/Los_Angeles' })], clock());
    rescheduleMember(ctx, 'UTOKYO');
    expect(ctx.standups.member(standup.id, 'UTOKYO')).toMatchObject({
      nextPromptDate: '2026-03-11',
      nextPromptAt: Date.parse('2026-03-11T16:30:00Z'),
      scheduledZone: 'America/Los_Angeles',
    });
    // And back east: Wednesday 09:30 in Tokyo has not come yet, so it is asked there.
    ctx.members.upsertProfiles([profile('UTOKYO', { timeZone: 'Asia/Tokyo' })], clock());
    rescheduleMember(ctx, 'UTOKYO');
    expect(ctx.standups.member(standup.id, 'UTOKYO')?.nextPromptAt).toBe(
      Date.parse('2026-03-11T00:30:00Z'),
    );
  });

  it('stops asking a member who left the channel, or was deactivated', () => {
    const { ctx, clock } = world('2026-03-09T12:00:00Z', {
      UNY: 'America/New_York',
      ULEFT: 'America/New_York',
      UGONE: 'America/New_York',
    });
    ctx.channels.removeMember(CHANNEL, 'ULEFT');
    ctx.members.upsertProfiles([profile('UGONE', { deleted: true })], clock());
    clock.set('2026-03-09T13:30:00Z');
    promptDueMembers(ctx);
    expect(prompts(ctx)).toEqual(['UNY 2026-03-09 2026-03-09T13:30:00.000Z']);
  });

  it('posts an answer given the evening before when the member would have been asked, and asks nothing then', () => {
    const { ctx, clock, standup } = world('2026-03-09T12:00:00Z', { UNY: 'America/New_York' });
    clock.set('2026-03-09T13:30:00Z');
    promptDueMembers(ctx);
    clock.set('2026-03-09T22:00:00Z'); // Monday 18:00: answers Tuesday's ahead
    const tuesday = {
      userId: 'UNY',
      standupId: standup.id,
      date: '2026-03-10',
      answers: ['Monday things', 'Tuesday things'],
      blockerText: '',
      blockerOwnerId: null,
    };
    // Not while Monday is still open (until Tuesday's prompt): that day comes first.
    expect(() => answerStandup(ctx, standupTexts, tuesday)).toThrow(
      'answer or skip that one first',
    );
    skipStandup(ctx, { userId: 'UNY', standupId: standup.id, date: '2026-03-09' });
    const early = answerStandup(ctx, standupTexts, {
      userId: 'UNY',
      standupId: standup.id,
      date: '2026-03-10',
      answers: ['Monday things', 'Tuesday things'],
      blockerText: '',
      blockerOwnerId: null,
    });
    expect(early.early).toBe(true);
    expect(early.entry.postDueAt).toBe(Date.parse('2026-03-10T13:30:00Z'));
    clock.set('2026-03-10T13:30:00Z');
    expect(promptDueMembers(ctx)).toMatchObject({ prompted: 0, early: 1 });
    expect(prompts(ctx)).toEqual(['UNY 2026-03-09 2026-03-09T13:30:00.000Z']);
    expect(ctx.standups.duePosts(clock()).map((e) => e.date)).toEqual(['2026-03-10']);
  });

  it('reminds once, in working hours, only those who have not answered', () => {
    const { ctx, clock, standup } = world(
      '2026-03-09T05:00:00Z',
      { UNY: 'America/New_York', UEARLY: 'America/New_York' },
      { reminder: '120', promptTime: '07:00', reportTime: '23:00' },
    );
    clock.set('2026-03-09T11:00:00Z'); // 07:00 in New York
    promptDueMembers(ctx);
    answerStandup(ctx, standupTexts, {
      userId: 'UEARLY',
      standupId: standup.id,
      date: '2026-03-09',
      answers: ['x', 'y'],
      blockerText: '',
      blockerOwnerId: null,
    });
    // 09:00 (two hours later) is the first working minute, so the reminder is then.
    expect(ctx.standups.entryFor(standup.id, 'UNY', '2026-03-09')?.remindAt).toBe(
      Date.parse('2026-03-09T13:00:00Z'),
    );
    clock.set('2026-03-09T13:00:00Z');
    expect(remindDue(ctx)).toBe(1);
    expect(remindDue(ctx)).toBe(0);
    const reminder = ctx.queue.findByKey(`${promptKey(standup.id, 'UNY', '2026-03-09')}:reminder`);
    expect(reminder).toMatchObject({ kind: 'standup_reminder', deliverAfter: clock() });
    expect(ctx.queue.findByKey(promptKey(standup.id, 'UNY', '2026-03-09'))?.state).toBe('expired');
    expect(
      ctx.queue.findByKey(`${promptKey(standup.id, 'UEARLY', '2026-03-09')}:reminder`),
    ).toBeUndefined();
  });

  it('asks nobody while the standup is paused', async () => {
    const { ctx, clock, standup } = world('2026-03-09T12:00:00Z', { UNY: 'America/New_York' });
    const { runStandupAction } = await import(
      '../../../../src/features/standups/services/setup.js'
    );
    runStandupAction(ctx, { userId: 'UNY', standupId: standup.id, action: 'pause' });
    clock.set('2026-03-09T13:30:00Z');
    expect(ctx.standups.dueMembers(clock())).toEqual([]);
    runStandupAction(ctx, { userId: 'UNY', standupId: standup.id, action: 'resume' });
    expect(ctx.standups.member(standup.id, 'UNY')?.nextPromptDate).toBe('2026-03-10');
  });
});
