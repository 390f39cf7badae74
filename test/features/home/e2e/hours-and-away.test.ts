import { afterEach, describe, expect, it } from 'vitest';
import { enqueueForRecipient } from '../../../../src/core/services/queue.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { userChangeEvent } from '../../../support/slack-requests.js';

const users: FakeUser[] = [
  { id: 'U0NIA', name: 'nia', realName: 'Nia Night', tz: 'Europe/London' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam Split', tz: 'America/New_York' },
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya Patel', tz: 'Asia/Kolkata' },
  { id: 'U0OMAR', name: 'omar', realName: 'Omar Odeh', tz: 'Europe/Berlin' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', tz: 'America/Chicago' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ada Admin', tz: 'UTC', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: users.map((u) => u.id) },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now: string) {
  h = await startMailroom({ now, slack: { users, channels } });
  return h;
}

async function slash(
  harness: Harness,
  userId: string,
  command: string,
  text: string,
  channelId = 'C0GENERAL',
) {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command, text, userId, channelId });
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

/** A request for `recipientId`, queued the way every feature queues one. */
function notice(harness: Harness, recipientId: string, key: string, requesterId?: string) {
  return enqueueForRecipient(harness.mailroom.ctx, {
    kind: 'notice',
    recipientId,
    requesterId: requesterId ?? null,
    payload: { text: `Note ${key}` },
    idempotencyKey: key,
  }).item;
}

/** Moves the clock and runs one minute's work, as the cron tick would. */
async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  await harness.mailroom.tick();
}

describe('working hours at delivery', () => {
  it('delivers to a night-shift person at 23:00 their time, and during the night after midnight', async () => {
    const harness = await start('2026-06-08T12:00:00Z'); // Monday, London on BST (+01:00)
    expect(await slash(harness, 'U0NIA', '/mailroom', 'hours 23-07 sun-thu')).toContain(
      '23:00–07:00 (overnight) Sun–Thu',
    );
    const item = notice(harness, 'U0NIA', 'evening');
    await at(harness, '2026-06-08T12:01:00Z');
    expect(harness.fake.messagesIn('U0NIA')).toHaveLength(0);
    await at(harness, '2026-06-08T21:59:00Z'); // 22:59 BST
    expect(harness.fake.messagesIn('U0NIA')).toHaveLength(0);
    await at(harness, '2026-06-08T22:00:00Z'); // 23:00 BST
    expect(harness.fake.messagesIn('U0NIA')).toHaveLength(1);
    expect(harness.mailroom.ctx.queue.get(item.id)?.state).toBe('delivered');

    // 03:00 BST on Tuesday is still Monday's shift: straight through.
    harness.clock.set('2026-06-09T02:00:00Z');
    notice(harness, 'U0NIA', 'small hours');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0NIA')).toHaveLength(2);
    // 07:30 BST: the shift is over; the next one starts Tuesday 23:00.
    harness.clock.set('2026-06-09T06:30:00Z');
    const morning = notice(harness, 'U0NIA', 'morning');
    expect(morning.deliverAfter).toBe(Date.parse('2026-06-09T22:00:00Z'));
  });

  it('keeps a split day’s lunch break free', async () => {
    const harness = await start('2026-03-10T16:30:00Z'); // Tue 12:30 in New York (EDT)
    await slash(harness, 'U0SAM', '/mailroom', 'hours 9-12, 14-18 mon-fri');
    notice(harness, 'U0SAM', 'lunch');
    await at(harness, '2026-03-10T17:59:00Z'); // 13:59
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(0);
    await at(harness, '2026-03-10T18:00:00Z'); // 14:00
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });

  it('uses the hours and time zone saved in settings, for items already queued too', async () => {
    const harness = await start('2026-03-10T14:00:00Z'); // Tue 10:00 in New York
    await slash(harness, 'U0SAM', '/mailroom', 'hours 15-18');
    const item = notice(harness, 'U0SAM', 'queued before');
    expect(item.deliverAfter).toBe(Date.parse('2026-03-10T19:00:00Z')); // 15:00 EDT
    // Sam moves to Lisbon and starts at 14:00 there (13:00 UTC in winter time): delivered now.
    const saved = await harness.sender.viewSubmission({
      userId: 'U0SAM',
      callbackId: 'settings_modal',
      values: {
        time_zone: { time_zone_value: { type: 'plain_text_input', value: 'Europe/Lisbon' } },
        hours: { hours_value: { type: 'plain_text_input', value: '14-18' } },
        delivery: {
          delivery_value: { type: 'radio_buttons', selected_option: { value: 'immediate' } },
        },
        away: { away_value: { type: 'datepicker', selected_date: null } },
      },
    });
    expect(saved.json()).toMatchObject({ response_action: 'update' });
    expect(harness.mailroom.ctx.queue.get(item.id)?.deliverAfter).toBe(
      Date.parse('2026-03-10T14:00:00Z'),
    );
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0SAM')).toHaveLength(1);
  });
});

describe('away', () => {
  it('holds a question for an expert who is away, tells the asker, and delivers once they are back', async () => {
    const harness = await start('2026-03-10T06:00:00Z'); // Tue 11:30 in Kolkata
    await slash(harness, 'U0ADMIN', '/mailroom', 'experts add payroll <@U0PRIYA>');
    expect(await slash(harness, 'U0PRIYA', '/mailroom', 'away until fri')).toContain('Away');
    // Asked in Mailroom's DM: Priya is the only person who could answer.
    const reply = await slash(
      harness,
      'U0BOB',
      '/ask',
      'When is payroll run this month?',
      harness.fake.dmChannelIdFor('U0BOB'),
    );
    expect(reply).toContain('is away (away in Mailroom) until <!date^');
    expect(reply).toContain('you will hear when they answer');
    await at(harness, '2026-03-11T06:00:00Z');
    expect(harness.fake.messagesIn('U0PRIYA')).toHaveLength(0);

    // Back early, on Wednesday: what waited for her comes now, in her working hours.
    expect(await slash(harness, 'U0PRIYA', '/mailroom', 'back')).toContain('Welcome back');
    await harness.mailroom.tick();
    const dms = harness.fake.messagesIn('U0PRIYA');
    expect(dms).toHaveLength(1);
    expect(textOf(dms[0]?.blocks)).toContain('When is payroll run this month?');
  });

  it('sends a question to the next expert when the first went away after it was queued, and says so', async () => {
    const harness = await start('2026-03-10T02:00:00Z'); // Tue 07:30 Kolkata, 03:00 Berlin
    await slash(harness, 'U0ADMIN', '/mailroom', 'experts add payroll <@U0PRIYA> <@U0OMAR>');
    const reply = await slash(harness, 'U0BOB', '/ask', 'Who signs off payroll corrections?');
    expect(reply).toMatch(/I asked <@U0(PRIYA|OMAR)>/);
    const first = reply.includes('<@U0PRIYA>') ? 'U0PRIYA' : 'U0OMAR';
    const second = first === 'U0PRIYA' ? 'U0OMAR' : 'U0PRIYA';
    // Before it reaches them, the first expert sets a vacation status in Slack.
    const vacation = { text: 'Vacationing', emoji: ':palm_tree:', expiration: 0 };
    harness.fake.updateUser(first, { status: vacation });
    const user = users.find((u) => u.id === first) as FakeUser;
    await harness.sender.event(userChangeEvent({ ...user, status: vacation }));
    await eventually(() =>
      expect(harness.mailroom.ctx.members.get(first)?.slackStatusEmoji).toBe(':palm_tree:'),
    );
    await at(harness, '2026-03-10T10:00:00Z'); // both in working hours
    expect(harness.fake.messagesIn(first)).toHaveLength(0);
    await harness.mailroom.tick();
    expect(textOf(harness.fake.messagesIn(second).at(-1)?.blocks)).toContain(
      'Who signs off payroll corrections?',
    );
    await at(harness, '2026-03-10T14:00:00Z'); // 09:00 in Chicago: Bob hears
    const told = harness.fake.messagesIn('U0BOB').map((m) => textOf(m.blocks));
    expect(told.join('\n')).toContain(
      `<@${first}> is away (:palm_tree: Vacationing), so I asked <@${second}> instead.`,
    );
  });

  it('tells whoever sent something to an away person, once', async () => {
    const harness = await start('2026-03-10T10:00:00Z');
    notice(harness, 'U0OMAR', 'for omar', 'U0BOB');
    // Omar goes away (until Friday) before it reaches him.
    harness.mailroom.ctx.members.saveSettings(
      'U0OMAR',
      { awayUntil: Date.parse('2026-03-13T00:00:00Z') },
      harness.clock(),
    );
    await harness.mailroom.tick();
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0OMAR')).toHaveLength(0);
    await harness.mailroom.tick(); // Bob's notice reaches him in his own working hours
    await at(harness, '2026-03-10T15:00:00Z'); // 09:00 in Chicago
    const toBob = harness.fake.messagesIn('U0BOB').map((m) => textOf(m.blocks));
    expect(toBob.filter((t) => t.includes('<@U0OMAR> is away'))).toHaveLength(1);
    expect(toBob[0]).toContain('what you sent waits in their queue until they are back');
  });
});

describe('the daily digest', () => {
  it('gathers what arrived overnight into one message at the start of the day, and finds it again after a crash', async () => {
    const harness = await start('2026-03-10T22:00:00Z'); // Tue 23:00 in Berlin
    const { ctx } = harness.mailroom;
    ctx.members.saveSettings('U0OMAR', { deliveryPreference: 'both' }, harness.clock());
    const night = ['a', 'b', 'c'].map((key) => notice(harness, 'U0OMAR', `night ${key}`, 'U0BOB'));
    expect(night.every((i) => i.deliverAfter === Date.parse('2026-03-11T08:00:00Z'))).toBe(true);
    await at(harness, '2026-03-11T07:59:00Z');
    expect(harness.fake.messagesIn('U0OMAR')).toHaveLength(0);

    await at(harness, '2026-03-11T08:00:00Z'); // Wed 09:00 in Berlin
    const dms = harness.fake.messagesIn('U0OMAR');
    expect(dms).toHaveLength(1);
    const digest = dms[0];
    if (!digest) throw new Error('no digest');
    expect(textOf(digest.blocks)).toContain('*While you were off: 3 requests*');
    expect(textOf(digest.blocks)).toContain('*Note* from <@U0BOB>: Note night b');
    const payload = digest.metadata?.event_payload as {
      items: { item_id: number; claim: string }[];
    };
    const carried = payload.items;
    expect(carried.map((c) => c.item_id).sort()).toEqual(night.map((i) => i.id).sort());
    for (const item of night) expect(ctx.queue.get(item.id)?.state).toBe('delivered');

    // During the day, with "both", a new item comes on its own.
    harness.clock.set('2026-03-11T10:00:00Z');
    notice(harness, 'U0OMAR', 'daytime');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0OMAR')).toHaveLength(2);
    expect(textOf(harness.fake.messagesIn('U0OMAR')[1]?.blocks)).toContain('Note daytime');

    // Had Mailroom died after posting the digest, before recording it: recovery finds every
    // item it carries in the DM, and posts nothing twice.
    const claims = payload.items;
    for (const item of night) {
      const claim = claims.find((c) => c.claim.endsWith(`:${item.idempotencyKey}`))?.claim ?? '';
      ctx.db.$client
        .prepare(
          `update queue_items set state = 'sending', claim_token = 'dead', claimed_at = ?,
             first_claimed_at = ?, delivered_ts = null where id = ?`,
        )
        .run(Date.parse('2026-03-11T08:00:00Z'), Number(claim.split(':')[0]), item.id);
    }
    await at(harness, '2026-03-11T10:30:00Z');
    expect(harness.fake.messagesIn('U0OMAR')).toHaveLength(2);
    for (const item of night) {
      expect(ctx.queue.get(item.id)).toMatchObject({ state: 'delivered', deliveredTs: digest.ts });
    }
  });

  it('holds what arrives during the day for tomorrow’s digest when the person wants one a day', async () => {
    const harness = await start('2026-03-11T10:00:00Z'); // Wed 11:00 in Berlin
    harness.mailroom.ctx.members.saveSettings(
      'U0OMAR',
      { deliveryPreference: 'digest' },
      harness.clock(),
    );
    const first = notice(harness, 'U0OMAR', 'one');
    notice(harness, 'U0OMAR', 'two');
    expect(first.deliverAfter).toBe(Date.parse('2026-03-12T08:00:00Z')); // Thu 09:00
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0OMAR')).toHaveLength(0);
    await at(harness, '2026-03-12T08:00:00Z');
    const dms = harness.fake.messagesIn('U0OMAR');
    expect(dms).toHaveLength(1);
    expect(textOf(dms[0]?.blocks)).toContain('*While you were off: 2 requests*');
  });

  it('shows at most what fits one message, and counts the rest', async () => {
    const harness = await start('2026-03-10T22:00:00Z');
    harness.mailroom.ctx.members.saveSettings(
      'U0OMAR',
      { deliveryPreference: 'both' },
      harness.clock(),
    );
    for (let i = 0; i < 30; i++) notice(harness, 'U0OMAR', `n${i}`);
    await at(harness, '2026-03-11T08:00:00Z');
    const dms = harness.fake.messagesIn('U0OMAR');
    expect(dms).toHaveLength(1);
    expect(dms[0]?.blocks?.length).toBeLessThanOrEqual(50);
    expect(textOf(dms[0]?.blocks)).toContain('…and 10 more');
    expect(harness.mailroom.ctx.queue.countByState()).toMatchObject({ delivered: 30 });
  });
});
