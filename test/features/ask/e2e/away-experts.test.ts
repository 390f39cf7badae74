import { afterEach, describe, expect, it } from 'vitest';
import { teamSettingsOf } from '../../../../src/core/services/team-settings.js';
import { TEAM_SETTINGS } from '../../../../src/features/home/slack/views/settings.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

/**
 * Experts who are away, as the asker and the expert see it: `/mailroom me` says so, the asker
 * hears who is away and who was asked instead, and a vacation with no end date does not hold a
 * question for ever.
 */
const ADA = 'U0ADA'; // London, asks
const SAM = 'U0SAM'; // New York, owns refunds, on vacation with no end date
const KAI = 'U0KAI'; // Auckland
const ADMIN = 'U0ADMIN';
const vacation = { statusText: 'Vacationing', statusEmoji: ':palm_tree:' };
const users: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  { id: SAM, name: 'sam', realName: 'Sam Stone', tz: 'America/New_York', ...vacation },
  { id: KAI, name: 'kai', realName: 'Kai Tane', tz: 'Pacific/Auckland' },
  { id: ADMIN, name: 'admin', realName: 'Ana Admin', tz: 'UTC', isAdmin: true },
];
// Ada created #general: she never answers her own question, so the route ends at its experts.
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ADA, SAM, KAI, ADMIN, 'U0MAILBOT'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(now: string, people = users) {
  h = await startMailroom({ now, slack: { users: people, channels } });
  return h;
}

async function slash(harness: Harness, userId: string, command: string, text: string) {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command, text, userId, channelId: 'C0GENERAL' });
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

async function at(harness: Harness, iso: string) {
  harness.clock.set(iso);
  await harness.mailroom.tick();
}

const dmsTo = (harness: Harness, userId: string) =>
  harness.fake
    .messagesIn(userId)
    .map((m) => `${m.text}\n${textOf(m.blocks)}`)
    .join('\n---\n');

describe('/mailroom me', () => {
  it('says until when someone is away, and whether /mailroom away or their Slack status says so', async () => {
    const harness = await start('2026-03-09T10:00:00Z'); // Monday
    expect(await slash(harness, KAI, '/mailroom', 'me')).not.toContain('You are away');

    await slash(harness, KAI, '/mailroom', 'away until fri');
    const kai = await slash(harness, KAI, '/mailroom', 'me');
    expect(kai).toContain(
      'You are away until Fri 13 Mar 00:00 your time, set with `/mailroom away`',
    );

    const sam = await slash(harness, SAM, '/mailroom', 'me');
    expect(sam).toContain(
      'You are away with no end date, from your Slack status “:palm_tree: Vacationing”',
    );
    expect(sam).toContain('until you clear it');
  });
});

describe('asking when the expert is away', () => {
  it('tells the asker who is away and who was asked instead', async () => {
    const harness = await start('2026-03-09T10:00:00Z');
    await slash(harness, ADMIN, '/mailroom', `experts add refunds <@${SAM}>`);
    await slash(harness, ADMIN, '/mailroom', `experts add <#C0GENERAL|general> <@${KAI}>`);
    const reply = await slash(harness, ADA, '/ask', 'How long do refunds take?');
    expect(reply).toContain(
      `<@${SAM}> owns the topic “refunds” and is away with no end date; I asked <@${KAI}> instead (answers questions in #general).`,
    );
    expect(harness.mailroom.ctx.queue.openForRecipient(KAI)).toHaveLength(1);
  });

  it('tells the asker it waits when the only expert is away until a date', async () => {
    const harness = await start('2026-03-09T10:00:00Z');
    await slash(harness, ADMIN, '/mailroom', `experts add refunds <@${KAI}>`);
    await slash(harness, KAI, '/mailroom', 'away until fri');
    const reply = await slash(harness, ADA, '/ask', 'How long do refunds take?');
    expect(reply).toContain(`I asked <@${KAI}> (owns the topic “refunds”)`);
    expect(reply).toMatch(/is away \(away in Mailroom\) until <!date\^\d+/);
    expect(reply).toContain('so it waits until then');
  });
});

describe('a vacation with no end date', () => {
  it('passes the question on after 8 of the team’s working hours, as if the expert had said “Not me”, and tells the asker', async () => {
    const harness = await start('2026-03-09T10:00:00Z'); // Monday 10:00 UTC, the team's zone
    await slash(harness, ADMIN, '/mailroom', `experts add refunds <@${SAM}> <@${KAI}>`);
    await slash(harness, KAI, '/mailroom', 'away until 2026-03-20');
    const reply = await slash(harness, ADA, '/ask', 'How long do refunds take?');
    const first = reply.includes(`I asked <@${SAM}>`) ? SAM : KAI;
    expect(first).toBe(SAM);
    expect(reply).toContain('with no end date');
    expect(reply).toContain('If they are still away after 8 h of the team’s working time');

    // Monday to Tuesday 09:59: 7 h 59 min of the team's 09:00–17:00: it still waits for Sam.
    await at(harness, '2026-03-09T15:00:00Z');
    await at(harness, '2026-03-10T09:59:00Z');
    expect(harness.mailroom.ctx.queue.openForRecipient(SAM)).toHaveLength(1);
    expect(harness.mailroom.ctx.queue.openForRecipient(KAI)).toHaveLength(0);

    await at(harness, '2026-03-10T10:00:00Z');
    expect(harness.mailroom.ctx.queue.openForRecipient(SAM)).toHaveLength(0);
    expect(harness.mailroom.ctx.queue.openForRecipient(KAI)).toHaveLength(1);
    await at(harness, '2026-03-10T10:30:00Z'); // Ada works: she hears
    expect(dmsTo(harness, ADA)).toContain(
      `<@${SAM}> is away with no end date (:palm_tree: Vacationing), so after 8 h of the team’s working time I asked <@${KAI}> instead.`,
    );
  });

  it('goes to the channel when no expert is left, after the delay an admin set in Team settings', async () => {
    const harness = await start('2026-03-09T10:00:00Z');
    // The admin sees the setting and sets 4 working hours.
    await harness.sender.event({
      type: 'app_home_opened',
      user: ADMIN,
      channel: harness.fake.dmChannelIdFor(ADMIN),
      tab: 'home',
      event_ts: '1773050400.000100',
    });
    const home = await harness.fake.waitForCall('views.publish');
    const homeBlocks = (home.args.view as Json).blocks;
    await harness.sender.blockAction({
      userId: ADMIN,
      actionId: 'home_team_settings',
      value: findButton(homeBlocks, 'home_team_settings').value,
      view: { type: 'home', id: 'VHOME', callback_id: '' },
    });
    const opened = await harness.fake.waitForCall('views.open');
    const form = JSON.stringify(opened.args.view);
    expect(form).toContain('Away with no end date (team working hours)');
    expect(form).toContain('"initial_value":"8"');
    const values = (awayHours: string) => ({
      [TEAM_SETTINGS.newMemberHours.block]: {
        [TEAM_SETTINGS.newMemberHours.action]: { type: 'plain_text_input', value: '9-17 mon-fri' },
      },
      [TEAM_SETTINGS.escalation.block]: {
        [TEAM_SETTINGS.escalation.action]: { type: 'plain_text_input', value: '4' },
      },
      [TEAM_SETTINGS.awayPassOn.block]: {
        [TEAM_SETTINGS.awayPassOn.action]: { type: 'plain_text_input', value: awayHours },
      },
    });
    const refused = await harness.sender.viewSubmission({
      userId: ADMIN,
      callbackId: TEAM_SETTINGS.callbackId,
      values: values('never'),
    });
    const errors = (refused.json() as { errors: Record<string, string> }).errors;
    expect(errors[TEAM_SETTINGS.awayPassOn.block]).toContain('from 1 to 80');
    expect(teamSettingsOf(harness.mailroom.ctx).awayPassOnMs).toBe(8 * 3600_000);
    const saved = await harness.sender.viewSubmission({
      userId: ADMIN,
      callbackId: TEAM_SETTINGS.callbackId,
      values: values('4'),
    });
    expect(saved.json()).toMatchObject({ response_action: 'update' });
    expect(teamSettingsOf(harness.mailroom.ctx).awayPassOnMs).toBe(4 * 3600_000);

    await slash(harness, ADMIN, '/mailroom', `experts add refunds <@${SAM}>`);
    await slash(harness, ADA, '/ask', 'How long do refunds take?');
    await at(harness, '2026-03-09T13:59:00Z');
    expect(harness.fake.messagesIn('C0GENERAL')).toHaveLength(0);
    await at(harness, '2026-03-09T14:00:00Z');
    const posted = harness.fake.messagesIn('C0GENERAL');
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0]?.blocks)).toContain('How long do refunds take?');
    await at(harness, '2026-03-09T14:30:00Z');
    expect(dmsTo(harness, ADA)).toContain('so I asked in <#C0GENERAL>');
    expect(harness.logs.errors()).toEqual([]);
  });
});
