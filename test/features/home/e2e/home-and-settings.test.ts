import { afterEach, describe, expect, it } from 'vitest';
import { SETTINGS, TEAM_SETTINGS } from '../../../../src/features/home/slack/views/settings.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeUser } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { appHomeOpenedEvent } from '../../../support/slack-requests.js';

const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'America/New_York' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ada Admin', tz: 'UTC', isAdmin: true },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now = '2026-03-10T14:00:00Z') {
  h = await startMailroom({ now, slack: { users: people } });
  return h;
}

async function mailroom(harness: Harness, userId: string, text: string) {
  harness.fake.reset();
  await harness.sender.slashCommand({ command: '/mailroom', text, userId, channelId: 'C0GENERAL' });
  const reply = await harness.fake.waitForResponse();
  return String(reply.body.text);
}

async function openHome(harness: Harness, userId: string) {
  const before = harness.fake.callsTo('views.publish').length;
  await harness.sender.event(appHomeOpenedEvent(userId));
  await eventually(() =>
    expect(harness.fake.callsTo('views.publish').length).toBeGreaterThan(before),
  );
  return harness.fake.homeViewOf(userId) as { blocks: unknown[]; private_metadata?: string };
}

function settingsValues(v: {
  zone?: string | null;
  hours: string;
  delivery: string;
  backOn?: string | null;
}) {
  return {
    [SETTINGS.timeZone.block]: {
      [SETTINGS.timeZone.action]: { type: 'plain_text_input', value: v.zone ?? null },
    },
    [SETTINGS.hours.block]: {
      [SETTINGS.hours.action]: { type: 'plain_text_input', value: v.hours },
    },
    [SETTINGS.delivery.block]: {
      [SETTINGS.delivery.action]: {
        type: 'radio_buttons',
        selected_option: { text: { type: 'plain_text', text: v.delivery }, value: v.delivery },
      },
    },
    [SETTINGS.away.block]: {
      [SETTINGS.away.action]: { type: 'datepicker', selected_date: v.backOn ?? null },
    },
  };
}

describe('the Home tab', () => {
  it('shows the person’s queue with who asked and its actions, and what they wait for', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: 'U0ALICE',
        payload: { text: 'Your standup summary is ready' },
        deliverAfter: ctx.clock(),
        idempotencyKey: 'n1',
      },
      ctx.clock(),
    );
    ctx.members.markHomeOpened('U0ALICE', ctx.clock());
    const home = await openHome(harness, 'U0ALICE');
    const text = textOf(home.blocks);
    expect(text).toContain('*Waiting for you (1)*, most overdue first');
    expect(text).toContain('*Note*: Your standup summary is ready');
    expect(text).toContain('*You are waiting for:* nothing.');
    expect(text).toContain('*Working hours:* 09:00–17:00 Mon–Fri, America/New_York');
    const done = findButton(home.blocks, 'home_item_done');
    expect(ctx.members.get('U0ALICE')?.homeOpenedAt).toBe(ctx.clock());

    // Someone else pressing Done with Alice's item id changes nothing.
    await harness.sender.blockAction({
      userId: 'U0BOB',
      actionId: 'home_item_done',
      value: done.value,
      channelId: 'C0GENERAL',
    });
    expect(String((await harness.fake.waitForResponse()).body.text)).toContain(
      'I can’t find that in your queue.',
    );
    expect(ctx.queue.get(Number(done.value))?.state).toBe('queued');

    await harness.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'home_item_done',
      value: done.value,
      blockId: done.blockId,
      view: { type: 'home', id: 'VHOME', callback_id: '', private_metadata: home.private_metadata },
    });
    await eventually(() =>
      expect(textOf(harness.fake.homeViewOf('U0ALICE')?.blocks)).toContain(
        '*Recently done (1 this week)*',
      ),
    );
    expect(ctx.queue.get(Number(done.value))?.state).toBe('done');
  });

  it('snoozes an item until tomorrow from Home, and brings it back then, in working hours', async () => {
    const harness = await start(); // Tue 10:00 in New York
    const { ctx } = harness.mailroom;
    const { item } = ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: 'U0ALICE',
        payload: { text: 'Please review the launch plan' },
        deliverAfter: ctx.clock(),
        idempotencyKey: 'review',
      },
      ctx.clock(),
    );
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0ALICE')).toHaveLength(1);
    const home = await openHome(harness, 'U0ALICE');
    await harness.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'home_item_snooze',
      blockId: `home_item:${item.id}`,
      action: {
        type: 'static_select',
        selected_option: {
          text: { type: 'plain_text', text: 'Tomorrow' },
          value: `${item.id}:tomorrow`,
        },
      },
      view: { type: 'home', id: 'VHOME', callback_id: '', private_metadata: home.private_metadata },
    });
    await eventually(() =>
      expect(textOf(harness.fake.homeViewOf('U0ALICE')?.blocks)).toContain(
        'snoozed until Wed 11 Mar 09:00',
      ),
    );
    expect(ctx.queue.get(item.id)).toMatchObject({
      state: 'snoozed',
      deliverAfter: Date.parse('2026-03-11T13:00:00Z'), // Wed 09:00 EDT
    });
    harness.clock.set('2026-03-11T12:59:00Z');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0ALICE')).toHaveLength(1);
    harness.clock.set('2026-03-11T13:00:00Z');
    await harness.mailroom.tick();
    expect(harness.fake.messagesIn('U0ALICE')).toHaveLength(2);
    expect(ctx.queue.get(item.id)?.state).toBe('delivered');
  });

  it('follows the queue of someone who opened it this week, and of no one else', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    await openHome(harness, 'U0ALICE');
    const published = (userId: string) =>
      harness.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId).length;
    expect(published('U0ALICE')).toBe(1);
    for (const [recipientId, key] of [
      ['U0ALICE', 'a1'],
      ['U0ALICE', 'a2'],
      ['U0BOB', 'b1'],
    ] as const) {
      ctx.queue.enqueue(
        {
          kind: 'notice',
          recipientId,
          payload: { text: `Update ${key}` },
          deliverAfter: ctx.clock(),
          idempotencyKey: key,
        },
        ctx.clock(),
      );
    }
    // Once Mailroom is done: two changes close together made one publish, with both items on
    // it, and Bob, who never opened his Home tab, got none.
    await harness.mailroom.idle();
    expect(published('U0ALICE')).toBe(2);
    expect(textOf(harness.fake.homeViewOf('U0ALICE')?.blocks)).toContain('*Waiting for you (2)*');
    expect(published('U0BOB')).toBe(0);
  });

  it('pages through a long queue with the page buttons', async () => {
    const harness = await start();
    const { ctx } = harness.mailroom;
    for (let i = 0; i < 30; i++) {
      ctx.queue.enqueue(
        {
          kind: 'notice',
          recipientId: 'U0BOB',
          payload: { text: `Note number ${i}` },
          deliverAfter: ctx.clock(),
          idempotencyKey: `n${i}`,
        },
        ctx.clock(),
      );
    }
    const home = await openHome(harness, 'U0BOB');
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(textOf(home.blocks)).toContain('Page 1 of 3');
    const next = findButton(home.blocks, 'home_page');
    await harness.sender.blockAction({
      userId: 'U0BOB',
      actionId: 'home_page',
      value: next.value,
      blockId: next.blockId,
      view: { type: 'home', id: 'VHOME', callback_id: '' },
    });
    await eventually(() =>
      expect(textOf(harness.fake.homeViewOf('U0BOB')?.blocks)).toContain('Page 2 of 3'),
    );
    expect(textOf(harness.fake.homeViewOf('U0BOB')?.blocks)).toContain('Note number 12');
  });
});

describe('settings', () => {
  it('opens from Home, refuses what cannot work field by field, and changes nothing', async () => {
    const harness = await start();
    const home = await openHome(harness, 'U0ALICE');
    const settings = findButton(home.blocks, 'home_settings');
    await harness.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'home_settings',
      value: settings.value,
      view: { type: 'home', id: 'VHOME', callback_id: '' },
    });
    const opened = await harness.fake.waitForCall('views.open');
    const view = opened.args.view as { callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe(SETTINGS.callbackId);
    expect(JSON.stringify(view.blocks)).toContain('09:00–17:00 Mon–Fri');

    const before = harness.mailroom.ctx.members.get('U0ALICE');
    const refused = await harness.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: SETTINGS.callbackId,
      values: settingsValues({
        zone: 'Mars/Olympus',
        hours: '9-12, 11-15',
        delivery: 'digest',
        backOn: '2026-03-01',
      }),
    });
    expect(refused.status).toBe(200);
    const errors = (refused.json() as { errors: Record<string, string> }).errors;
    expect(errors[SETTINGS.timeZone.block]).toContain('I don’t know the time zone “Mars/Olympus”');
    expect(errors[SETTINGS.hours.block]).toContain('Working windows overlap');
    expect(harness.mailroom.ctx.members.get('U0ALICE')).toEqual(before);

    const noMinutes = await harness.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: SETTINGS.callbackId,
      values: settingsValues({ hours: '', delivery: 'immediate' }),
    });
    expect(
      (noMinutes.json() as { errors: Record<string, string> }).errors[SETTINGS.hours.block],
    ).toContain('I need your working hours');

    const past = await harness.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: SETTINGS.callbackId,
      values: settingsValues({ hours: '9-5', delivery: 'immediate', backOn: '2026-03-01' }),
    });
    expect((past.json() as { errors: Record<string, string> }).errors[SETTINGS.away.block]).toBe(
      'Pick a day after today: the day you are back.',
    );
    expect(harness.mailroom.ctx.members.get('U0ALICE')).toEqual(before);
  });

  it('saves every field at once and shows it on Home', async () => {
    const harness = await start();
    const saved = await harness.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: SETTINGS.callbackId,
      values: settingsValues({
        zone: 'Europe/Lisbon',
        hours: '22-06 sun-thu',
        delivery: 'both',
        backOn: '2026-03-16',
      }),
    });
    expect(saved.json()).toMatchObject({ response_action: 'update' });
    const alice = harness.mailroom.ctx.members.get('U0ALICE');
    expect(alice).toMatchObject({
      timeZoneOverride: 'Europe/Lisbon',
      deliveryPreference: 'both',
      awayUntil: Date.parse('2026-03-16T00:00:00Z'), // midnight in Lisbon (WET, +00:00)
    });
    expect(alice?.workingWindows).toHaveLength(5);
    await eventually(() => {
      const text = textOf(harness.fake.homeViewOf('U0ALICE')?.blocks);
      expect(text).toContain('22:00–06:00 (overnight) Sun–Thu, Europe/Lisbon');
      expect(text).toContain('You are away (away in Mailroom) until Mon 16 Mar 00:00');
    });
  });
});

describe('team settings', () => {
  it('let an admin set newcomers’ hours and the escalation delay, and refuse everyone else', async () => {
    const harness = await start();
    const adminHome = await openHome(harness, 'U0ADMIN');
    expect(textOf(adminHome.blocks)).toContain('*Team insights, last 4 weeks*');
    await harness.sender.blockAction({
      userId: 'U0ADMIN',
      actionId: 'home_team_settings',
      value: findButton(adminHome.blocks, 'home_team_settings').value,
      view: { type: 'home', id: 'VHOME', callback_id: '' },
    });
    const opened = await harness.fake.waitForCall('views.open');
    expect((opened.args.view as { callback_id: string }).callback_id).toBe(
      TEAM_SETTINGS.callbackId,
    );
    const values = (hours: string, escalation: string) => ({
      [TEAM_SETTINGS.newMemberHours.block]: {
        [TEAM_SETTINGS.newMemberHours.action]: { type: 'plain_text_input', value: hours },
      },
      [TEAM_SETTINGS.escalation.block]: {
        [TEAM_SETTINGS.escalation.action]: { type: 'plain_text_input', value: escalation },
      },
    });

    // A non-admin who forges the submission is refused, and nothing changes.
    const forged = await harness.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: TEAM_SETTINGS.callbackId,
      values: values('8-16', '1'),
    });
    expect(JSON.stringify(forged.json())).toContain('Only workspace admins');
    expect(harness.mailroom.ctx.settings.questionDueMs).toBe(4 * 3600_000);

    const refused = await harness.sender.viewSubmission({
      userId: 'U0ADMIN',
      callbackId: TEAM_SETTINGS.callbackId,
      values: values('8-16 funday', 'soon'),
    });
    const errors = (refused.json() as { errors: Record<string, string> }).errors;
    expect(errors[TEAM_SETTINGS.newMemberHours.block]).toContain('I didn’t understand “funday”');
    expect(errors[TEAM_SETTINGS.escalation.block]).toContain('from 0.5 to 72');

    const saved = await harness.sender.viewSubmission({
      userId: 'U0ADMIN',
      callbackId: TEAM_SETTINGS.callbackId,
      values: values('8-16 mon-thu', '2.5'),
    });
    expect(saved.json()).toMatchObject({ response_action: 'update' });
    expect(harness.mailroom.ctx.settings.questionDueMs).toBe(2.5 * 3600_000);

    // A newcomer starts with the team's hours.
    harness.fake.addUser({ id: 'U0NEW', name: 'newcomer', tz: 'Asia/Tokyo' });
    await harness.mailroom.syncDirectory();
    expect(harness.mailroom.ctx.members.get('U0NEW')?.workingWindows).toEqual(
      [1, 2, 3, 4].map((day) => ({ day, startMinute: 480, endMinute: 960 })),
    );
    // Someone known keeps their own.
    expect(harness.mailroom.ctx.members.get('U0ALICE')?.workingWindows).toHaveLength(5);
  });

  it('tell a non-admin who presses a forged Team settings button why not', async () => {
    const harness = await start();
    await harness.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'home_team_settings',
      value: 'team',
      channelId: 'C0GENERAL',
    });
    const reply = await harness.fake.waitForResponse();
    expect(String(reply.body.text)).toContain('Only workspace admins');
    expect(harness.fake.callsTo('views.open')).toHaveLength(0);
  });
});

describe('/mailroom away, back, insights and help', () => {
  it('sets away until a day and back again, and says what it means', async () => {
    const harness = await start(); // Tuesday
    const away = await mailroom(harness, 'U0BOB', 'away until fri');
    expect(away).toContain('Away (away in Mailroom) until Fri 13 Mar 00:00 your time');
    expect(harness.mailroom.ctx.members.get('U0BOB')?.awayUntil).toBe(
      Date.parse('2026-03-13T00:00:00Z'),
    );
    const bad = await mailroom(harness, 'U0BOB', 'away until someday');
    expect(bad).toContain('I couldn’t read a date from “until someday”');
    expect(harness.mailroom.ctx.members.get('U0BOB')?.awayUntil).toBe(
      Date.parse('2026-03-13T00:00:00Z'),
    );
    const back = await mailroom(harness, 'U0BOB', 'back');
    expect(back).toContain('Welcome back.');
    expect(harness.mailroom.ctx.members.get('U0BOB')?.awayUntil).toBeNull();
  });

  it('shows insights to admins only', async () => {
    const harness = await start();
    expect(await mailroom(harness, 'U0ALICE', 'insights')).toContain('Only workspace admins');
    expect(await mailroom(harness, 'U0ADMIN', 'insights')).toContain('Team insights');
  });

  it('lists every command with an example, and says what it did not understand', async () => {
    const harness = await start();
    const help = await mailroom(harness, 'U0ALICE', 'help');
    for (const example of [
      '/ask How do I',
      '/mailroom me',
      '/mailroom hours 9-17',
      '/mailroom away until fri',
      '/mailroom back',
      '/mailroom settings',
      '/mailroom experts add billing',
      '/mailroom insights',
    ]) {
      expect(help).toContain(example);
    }
    const unknown = await mailroom(harness, 'U0ALICE', 'holiday please');
    expect(unknown).toContain("I don't know `holiday`. Here is what I understand:");
    expect(unknown).toContain('/mailroom away until fri');
  });
});
