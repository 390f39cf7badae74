import { afterEach, describe, expect, it } from 'vitest';
import { findButton } from '../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../support/harness.js';

/**
 * What a payload names is a claim: a view id is someone's modal only if Mailroom opened it for
 * them, and a refusal for a conversation Mailroom knows is first checked again with Slack.
 */

const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';
const ASKER = 'U0ASKER';
const EXPERT = 'U0EXPERT';
const OUTSIDER = 'U0OUT';
const GUEST = 'U0GUEST';

const users: FakeUser[] = [
  { id: ASKER, name: 'ada', tz: 'UTC' },
  { id: EXPERT, name: 'eve', tz: 'UTC' },
  { id: OUTSIDER, name: 'otto', tz: 'UTC' },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ASKER, EXPERT, OUTSIDER, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [ASKER, GUEST, BOT] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users, channels } });
  return h;
}

const refusedViews = (harness: Harness) =>
  harness.logs.entries.filter(
    (entry) => entry.level === 'warn' && String(entry.args[0]).startsWith('not updating view'),
  );

/** Opens a modal with a slash command and returns it as Slack keeps it. */
async function openedBy(harness: Harness, userId: string, command: string, text: string) {
  const before = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command, text, userId, channelId: 'C0GENERAL' });
  const call = await eventually(() => {
    const found = harness.fake.callsTo('views.open')[before];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  const view = harness.fake.view(String((call.response.view as Json).id));
  if (!view) throw new Error('the modal is not kept');
  return view;
}

describe('a view id is a claim', () => {
  it('grows only a decision form Mailroom opened for the sender', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/decision', 'Lunch moves to noon');

    for (const actionId of ['decision_add_option', 'decision_add_follow_up']) {
      await harness.sender.blockAction({ userId: OUTSIDER, actionId, value: 'x', view: form });
    }
    await eventually(() => expect(refusedViews(harness)).toHaveLength(2));
    expect(harness.fake.callsTo('views.update')).toEqual([]);

    await harness.sender.blockAction({
      userId: ASKER,
      actionId: 'decision_add_option',
      value: 'option',
      view: form,
    });
    const grown = await harness.fake.waitForCall('views.update');
    expect(grown.args.view_id).toBe(form.id);
    expect(harness.fake.callsTo('views.update')).toHaveLength(1);
  });

  it('redraws a meeting draft only in the sender’s own modal', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/meet', '');
    // The outsider's own draft, sent with the asker's open modal as its place.
    harness.fake.responses.length = 0;
    await harness.sender.slashCommand({
      command: '/meet',
      text: `Outsider sync with <@${EXPERT}|eve> next week`,
      userId: OUTSIDER,
      channelId: 'C0GENERAL',
    });
    const card = await harness.fake.waitForResponse();
    const switchKind = findButton(card.body.blocks, 'meet_switch_kind');

    await harness.sender.blockAction({
      userId: OUTSIDER,
      actionId: 'meet_switch_kind',
      value: String(switchKind.value),
      view: form,
    });
    await eventually(() => expect(refusedViews(harness)).toHaveLength(1));
    expect(harness.fake.callsTo('views.update')).toEqual([]);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('remembers in its store which modal it opened for whom', async () => {
    const harness = await start();
    const form = await openedBy(harness, ASKER, '/decision', 'Lunch moves to noon');
    const { ctx } = harness.mailroom;
    expect(ctx.openedViews.isOpenedFor(String(form.id), ASKER)).toBe(true);
    expect(ctx.openedViews.isOpenedFor(String(form.id), OUTSIDER)).toBe(false);
    const rows = ctx.db.$client.prepare('SELECT user_id FROM opened_views').all();
    expect(rows).toEqual([{ user_id: ASKER }]);
  });
});
