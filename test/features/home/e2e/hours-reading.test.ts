import { afterEach, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

const users: FakeUser[] = [
  { id: 'U0SAM', name: 'sam', realName: 'Sam Split', tz: 'America/New_York' },
  { id: 'U0EVE', name: 'eve', realName: 'Eve Other', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ada Admin', tz: 'UTC', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: users.map((u) => u.id) },
];
const READING = '09:00–13:00, 14:00–18:00 Mon–Fri';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  h = await startMailroom({ now: '2026-03-10T14:00:00Z', slack: { users, channels } });
  return h;
}

async function slash(harness: Harness, userId: string, text: string) {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command: '/mailroom', text, userId, channelId: 'C0GENERAL' });
  const reply = await harness.fake.waitForResponse();
  return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, blocks: reply.body.blocks };
}

async function press(harness: Harness, userId: string, actionId: string, value: string) {
  harness.fake.responses.length = 0;
  harness.fake.calls.length = 0;
  await harness.sender.blockAction({ userId, actionId, value, channelId: 'C0GENERAL' });
}

const windowsOf = (harness: Harness, userId: string) =>
  harness.mailroom.ctx.members.get(userId)?.workingWindows;

describe('/mailroom hours reads a split day in order through the day', () => {
  it('shows “9-1, 2-6” as 09:00–13:00 and 14:00–18:00 and saves it only on Save', async () => {
    const harness = await start();
    const before = windowsOf(harness, 'U0SAM');
    const shown = await slash(harness, 'U0SAM', 'hours 9-1, 2-6');
    expect(shown.text).toContain(`I read this as *${READING}*`);
    expect(windowsOf(harness, 'U0SAM')).toEqual(before);

    const save = findButton(shown.blocks, 'hours_reading_save');
    await press(harness, 'U0SAM', 'hours_reading_save', save.value);
    const saved = await harness.fake.waitForResponse();
    expect(saved.body.text).toContain(`Saved. Your working hours are now *${READING}*`);
    expect(saved.body.replace_original).toBe(true);
    const windows = windowsOf(harness, 'U0SAM') ?? [];
    expect(windows.filter((w) => w.day === 1)).toEqual([
      { day: 1, startMinute: 540, endMinute: 780 },
      { day: 1, startMinute: 840, endMinute: 1080 },
    ]);
    expect(windows.some((w) => w.startMinute < 360)).toBe(false);
  });

  it('saves hours written without doubt at once, per-day groups included', async () => {
    const harness = await start();
    const saved = await slash(harness, 'U0SAM', 'hours Mon-Thu 8-16, Fri 8-12');
    expect(saved.text).toContain(
      'Saved. Your working hours are now *08:00–16:00 Mon–Thu; 08:00–12:00 Fri*',
    );
    const again = await slash(harness, 'U0SAM', 'hours 8:30-16:30 mon-thu, 8-12 fri');
    expect(again.text).toContain('*08:30–16:30 Mon–Thu; 08:00–12:00 Fri*');
  });

  it('lets only the person it was shown to press Save, and changes nothing for anyone else', async () => {
    const harness = await start();
    const shown = await slash(harness, 'U0SAM', 'hours 9-1, 2-6');
    const save = findButton(shown.blocks, 'hours_reading_save');
    const sam = windowsOf(harness, 'U0SAM');
    const eve = windowsOf(harness, 'U0EVE');
    await press(harness, 'U0EVE', 'hours_reading_save', save.value);
    const refused = await harness.fake.waitForResponse();
    expect(refused.body.text).toContain('Those buttons were for someone else’s working hours');
    expect(windowsOf(harness, 'U0SAM')).toEqual(sam);
    expect(windowsOf(harness, 'U0EVE')).toEqual(eve);
  });

  it('reads the hours a Save button carries again, never storing a doubtful reading', async () => {
    const harness = await start();
    const before = windowsOf(harness, 'U0SAM');
    // A value written by hand: its hours are in doubt, so they are shown again, not saved.
    await press(
      harness,
      'U0SAM',
      'hours_reading_save',
      JSON.stringify({ for: 'U0SAM', hours: '2-6' }),
    );
    const shownAgain = await harness.fake.waitForResponse();
    expect(shownAgain.body.text).toContain('I read this as *14:00–18:00 Mon–Fri*');
    expect(windowsOf(harness, 'U0SAM')).toEqual(before);
    await press(harness, 'U0SAM', 'hours_reading_save', 'not json');
    const refused = await harness.fake.waitForResponse();
    expect(refused.body.text).toContain('Those buttons were for someone else’s working hours');
    expect(windowsOf(harness, 'U0SAM')).toEqual(before);
  });

  it('opens the settings form with the reading in the hours field on Edit', async () => {
    const harness = await start();
    const shown = await slash(harness, 'U0SAM', 'hours 9-1, 2-6');
    const edit = findButton(shown.blocks, 'hours_reading_edit');
    await press(harness, 'U0SAM', 'hours_reading_edit', edit.value);
    const opened = await harness.fake.waitForCall('views.open');
    expect(JSON.stringify(opened.args.view)).toContain(`"initial_value":"${READING}"`);
  });
});

describe('the settings forms ask to confirm hours in doubt', () => {
  const personal = (hours: string) => ({
    time_zone: { time_zone_value: { type: 'plain_text_input', value: null } },
    hours: { hours_value: { type: 'plain_text_input', value: hours } },
    delivery: {
      delivery_value: { type: 'radio_buttons', selected_option: { value: 'immediate' } },
    },
    away: { away_value: { type: 'datepicker', selected_date: null } },
  });

  it('shows the reading under the hours field and saves nothing; written that way, it saves', async () => {
    const harness = await start();
    const before = windowsOf(harness, 'U0SAM');
    const submit = (hours: string) =>
      harness.sender.viewSubmission({
        userId: 'U0SAM',
        callbackId: 'settings_modal',
        values: personal(hours),
      });
    const doubtful = await submit('9-1, 2-6');
    expect(doubtful.json()).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(doubtful.json())).toContain(`I read this as ${READING}`);
    expect(windowsOf(harness, 'U0SAM')).toEqual(before);
    const confirmed = await submit(READING);
    expect(confirmed.json()).toMatchObject({ response_action: 'update' });
    expect(windowsOf(harness, 'U0SAM')?.filter((w) => w.day === 2)).toEqual([
      { day: 2, startMinute: 540, endMinute: 780 },
      { day: 2, startMinute: 840, endMinute: 1080 },
    ]);
  });

  it('does the same for the hours newcomers start with, in team settings', async () => {
    const harness = await start();
    const response = await harness.sender.viewSubmission({
      userId: 'U0ADMIN',
      callbackId: 'team_settings_modal',
      values: {
        new_member_hours: {
          new_member_hours_value: { type: 'plain_text_input', value: '9-1, 2-6' },
        },
        escalation: { escalation_value: { type: 'plain_text_input', value: '4' } },
      },
    });
    expect(response.json()).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(response.json())).toContain(`I read this as ${READING}`);
    expect(harness.mailroom.ctx.appState.get('team.settings')).toBeUndefined();
  });
});
