import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeUser, Json } from '../../support/fake-slack.js';
import { loadSlackSample } from '../../support/fake-slack.js';
import { type CapturedLog, type Harness, startMailroom } from '../../support/harness.js';
import { appHomeOpenedEvent, SlackSender } from '../../support/slack-requests.js';

/**
 * Signed requests a hostile or broken client might send: each is answered as it should be,
 * logged as one line without a stack, and changes and posts nothing it should not.
 */
const NOW = '2026-03-09T14:00:00Z';
const FORM = 'application/x-www-form-urlencoded';
const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London' },
];
const channels = [{ id: 'C0GENERAL', name: 'general', members: ['U0ALICE', 'U0MAILBOT'] }];

let h: Harness | undefined;
let bystander: Server | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await new Promise((resolve) => (bystander ? bystander.close(resolve) : resolve(undefined)));
  bystander = undefined;
});

async function start(): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users: people, channels } });
  return h;
}

function hasStack(entry: CapturedLog): boolean {
  return entry.args.some(
    (arg) => arg instanceof Error || (typeof arg === 'string' && /\n\s+at /.test(arg)),
  );
}

/** A server on loopback that is not Slack, counting what it is sent. */
async function startBystander(): Promise<{ url: string; posts: string[] }> {
  const posts: string[] = [];
  const server = createServer((req, res) => {
    posts.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  bystander = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/commands/T0/1/steal`, posts };
}

const interaction = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe('a response_url that is not Slack’s', () => {
  it('is refused with a log line, and nothing is posted to it', async () => {
    const harness = await start();
    const { url, posts } = await startBystander();
    const sender = new SlackSender({
      url: `${harness.baseUrl}/slack/events`,
      signingSecret: 'e2e-signing-secret',
      responseUrl: () => url,
    });
    const from = harness.logs.entries.length;
    const command = await sender.slashCommand({
      command: '/mailroom',
      text: 'help',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
    });
    expect(command.status).toBe(400);
    const button = await sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'question_snooze',
      value: '1',
      channelId: 'C0GENERAL',
    });
    expect(button.status).toBe(400);
    const lines = harness.logs.entries.slice(from);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.level).toBe('warn');
      expect(String(line.args[0])).toContain('response_url that is not Slack');
      expect(hasStack(line)).toBe(false);
    }
    // Slack's own (here the fake's, the origin of SLACK_API_URL) is still answered.
    await harness.sender.slashCommand({
      command: '/mailroom',
      text: 'help',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
    });
    await harness.fake.waitForResponse();
    expect(posts).toEqual([]);
  });
});

describe('malformed payloads', () => {
  it('standup_away without a block_id is one line without a stack, and the person is told', async () => {
    const harness = await start();
    const sample = loadSlackSample(
      'interactions/examples/block_actions.message-button.bolt-python.json',
    );
    const payload = {
      ...sample,
      user: { ...(sample.user as Json), id: 'U0ALICE' },
      channel: { id: 'C0GENERAL', name: 'general' },
      response_url: harness.fake.responseUrl(),
      actions: [
        {
          type: 'datepicker',
          action_id: 'standup_away',
          selected_date: '2026-03-12',
          action_ts: '1773064800.000100',
        },
      ],
    };
    const from = harness.logs.entries.length;
    const response = await harness.sender.raw(interaction(payload), { contentType: FORM });
    expect(response.status).toBe(200);
    await harness.fake.waitForResponse();
    const lines = harness.logs.entries.slice(from);
    expect(lines.some(hasStack), JSON.stringify(lines)).toBe(false);
    expect(lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
    expect(harness.mailroom.ctx.members.get('U0ALICE')?.awayUntil ?? null).toBeNull();
  });

  it('app_home_opened with `user` as an object is ignored with one line, not an error', async () => {
    const harness = await start();
    const from = harness.logs.entries.length;
    const response = await harness.sender.event({
      ...appHomeOpenedEvent('U0ALICE'),
      user: { id: 'U0ALICE' },
    });
    expect(response.status).toBe(200);
    // The next request is handled only after this one's listener has run.
    await harness.sender.slashCommand({
      command: '/mailroom',
      text: 'help',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
    });
    await harness.fake.waitForResponse();
    const lines = harness.logs.entries.slice(from);
    expect(lines.some(hasStack), JSON.stringify(lines)).toBe(false);
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(harness.fake.callsTo('views.publish')).toEqual([]);
  });

  it('a 5 MB form-encoded slash command gets 413, every time, as JSON does', async () => {
    const harness = await start();
    const huge = 'x'.repeat(5 * 1024 * 1024);
    for (let attempt = 0; attempt < 3; attempt++) {
      const command = await harness.sender.slashCommand({
        command: '/ask',
        text: huge,
        userId: 'U0ALICE',
        channelId: 'C0GENERAL',
      });
      expect(command.status).toBe(413);
      const json = await harness.sender.raw(JSON.stringify({ text: huge }), {
        contentType: 'application/json',
      });
      expect(json.status).toBe(413);
    }
    expect(harness.fake.responses).toEqual([]);
    expect(harness.logs.errors()).toEqual([]);
  });
});
