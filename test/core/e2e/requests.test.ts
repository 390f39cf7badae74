import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { requestScope } from '../../../src/core/slack/request-scope.js';
import type { FakeUser, Json } from '../../support/fake-slack.js';
import { loadSlackSample } from '../../support/fake-slack.js';
import type { CapturedLog } from '../../support/harness.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import { appHomeOpenedEvent } from '../../support/slack-requests.js';
import { tempDatabasePath } from '../../support/store.js';

const NOW = '2026-03-09T14:00:00Z';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', tz: 'America/New_York' },
];
const channels = [{ id: 'C0GENERAL', name: 'general', members: ['U0ALICE', 'U0BOB'] }];

let harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses) await harness.stop().catch(() => {});
  harnesses = [];
});

async function start(databasePath = tempDatabasePath()): Promise<Harness> {
  const harness = await startMailroom({
    now: NOW,
    slack: { users: people, channels },
    env: { DATABASE_PATH: databasePath },
  });
  harnesses.push(harness);
  return harness;
}

/** Stops the app (which lets requests in flight finish) and counts rows in its database file. */
async function rowsAfterStop(harness: Harness, databasePath: string, table: string) {
  await harness.stop();
  harnesses = harnesses.filter((h) => h !== harness);
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Proof the app still serves: /healthz, and a command round trip. */
async function stillServes(harness: Harness) {
  const health = await fetch(`${harness.baseUrl}/healthz`);
  expect(health.status).toBe(200);
  const before = harness.fake.responses.length;
  const res = await harness.sender.slashCommand({
    command: '/mailroom',
    text: 'help',
    userId: 'U0ALICE',
    channelId: 'C0GENERAL',
  });
  expect(res.status).toBe(200);
  await harness.fake.waitForResponse(() => harness.fake.responses.length > before);
}

function hasStack(entry: CapturedLog): boolean {
  return entry.args.some(
    (arg) => arg instanceof Error || (typeof arg === 'string' && /\n\s+at /.test(arg)),
  );
}

/** What was logged while `run` ran: a client's mistake is one line, without a stack. */
async function logged<T>(harness: Harness, run: () => Promise<T>) {
  const from = harness.logs.entries.length;
  const result = await run();
  return { result, entries: harness.logs.entries.slice(from) };
}

function expectOneLineWithoutStack(entries: CapturedLog[]) {
  expect(entries, JSON.stringify(entries)).toHaveLength(1);
  const [entry] = entries;
  expect(entry?.level).toBe('warn');
  expect(entry && hasStack(entry)).toBe(false);
  expect(entry?.args.every((arg) => typeof arg === 'string' && !arg.includes('\n'))).toBe(true);
}

const interaction = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe('bodies that are not objects', () => {
  it.each([
    ['JSON null', 'null', JSON_TYPE],
    ['a JSON array', '[{"type":"event_callback"}]', JSON_TYPE],
    ['a JSON string', '"event_callback"', JSON_TYPE],
    ['a JSON number', '42', JSON_TYPE],
    ['JSON true', 'true', JSON_TYPE],
    ['not JSON at all', '{"type":', JSON_TYPE],
    ['form payload=null', 'payload=null', FORM],
    ['form payload=[]', 'payload=%5B%5D', FORM],
    ['form payload="text"', 'payload=%22text%22', FORM],
    ['form payload that is not JSON', 'payload=%7Bnope', FORM],
  ])('a signed body of %s gets 400 and the app keeps serving', async (_label, body, type) => {
    const h = await start();
    const { result, entries } = await logged(h, () => h.sender.raw(body, { contentType: type }));
    expect(result.status).toBe(400);
    expectOneLineWithoutStack(entries);
    await stillServes(h);
  });
});

describe('request timestamps', () => {
  const body = new URLSearchParams({ command: '/mailroom', text: 'help', user_id: 'U0ALICE' });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it.each([
    ['6 minutes ahead', 6 * 60],
    ['60 minutes ahead', 60 * 60],
    ['6 minutes behind', -6 * 60],
    ['a day behind', -24 * 60 * 60],
  ])('rejects a request signed %s of the wall clock with 401', async (_label, offset) => {
    const h = await start();
    const { result, entries } = await logged(h, () =>
      h.sender.raw(body.toString(), { contentType: FORM, timestamp: nowSeconds() + offset }),
    );
    expect(result.status).toBe(401);
    expectOneLineWithoutStack(entries);
    expect(h.fake.responses).toHaveLength(0);
  });

  it('takes the wall clock, not Mailroom’s business clock, and accepts up to five minutes either way', async () => {
    const h = await start();
    // The business clock says 2026-03-09; the window is about the real time of the request.
    h.clock.set('2030-01-01T00:00:00Z');
    for (const offset of [-4 * 60, 4 * 60]) {
      const before = h.fake.responses.length;
      const fields = loadSlackSample<Record<string, string>>(
        'interactions/examples/slash_command.socket-mode-capture.fields.json',
      );
      const form = new URLSearchParams({
        ...fields,
        command: '/mailroom',
        text: 'help',
        user_id: 'U0ALICE',
        channel_id: 'C0GENERAL',
        response_url: h.fake.responseUrl(),
      }).toString();
      const res = await h.sender.raw(form, { contentType: FORM, timestamp: nowSeconds() + offset });
      expect(res.status).toBe(200);
      await h.fake.waitForResponse(() => h.fake.responses.length > before);
    }
  });
});

describe('replayed requests', () => {
  const ask = { command: '/ask', text: 'How do I rotate the VPN token?', userId: 'U0ALICE' };

  it('answers a replayed /ask with 200 and asks the question once', async () => {
    const databasePath = tempDatabasePath();
    const h = await start(databasePath);
    const first = await h.sender.slashCommand({ ...ask, channelId: 'C0GENERAL' });
    expect(first.status).toBe(200);
    await h.fake.waitForResponse();
    const sent = h.sender.lastRequest;
    if (!sent) throw new Error('nothing was sent');

    const { result: again, entries } = await logged(h, () => h.sender.resend(sent));
    expect(again.status).toBe(200);
    expect(again.body).toBe('');
    expect(entries.filter((e) => e.level === 'error')).toEqual([]);
    // The same signature spelled another way is not a new request either.
    const respelled = `${sent.headers['x-slack-signature']}=again`;
    const variant = await h.sender.resend({
      ...sent,
      headers: { ...sent.headers, 'x-slack-signature': respelled },
    });
    expect(variant.status).toBe(401);
    expect(await rowsAfterStop(h, databasePath, 'questions')).toBe(1);
  });

  it('still ignores the replay after a restart on the same database', async () => {
    const databasePath = tempDatabasePath();
    const h = await start(databasePath);
    await h.sender.slashCommand({ ...ask, channelId: 'C0GENERAL' });
    await h.fake.waitForResponse();
    const sent = h.sender.lastRequest;
    if (!sent) throw new Error('nothing was sent');
    expect(await rowsAfterStop(h, databasePath, 'questions')).toBe(1);

    const restarted = await start(databasePath);
    const again = await restarted.sender.resend(sent);
    expect(again.status).toBe(200);
    expect(again.body).toBe('');
    expect(await rowsAfterStop(restarted, databasePath, 'questions')).toBe(1);
  });

  it('forgets signatures once they are too old to be accepted anyway', async () => {
    const databasePath = tempDatabasePath();
    const h = await start(databasePath);
    const { db } = h.mailroom.ctx;
    db.$client
      .prepare('insert into seen_requests (signature, received_at) values (?, ?)')
      .run('v0=old', Date.now() - 60 * 60 * 1000);
    await h.sender.slashCommand({ ...ask, channelId: 'C0GENERAL' });
    await h.fake.waitForResponse();
    const signatures = db.$client.prepare('select signature from seen_requests').all();
    expect(signatures).toEqual([{ signature: h.sender.lastRequest?.headers['x-slack-signature'] }]);
  });
});

describe('Slack-shaped payloads with missing or mistyped fields', () => {
  const blockActions = loadSlackSample(
    'interactions/examples/block_actions.message-button.bolt-python.json',
  );
  const viewSubmission = loadSlackSample('interactions/examples/view_submission.bolt-python.json');
  const shortcut = loadSlackSample(
    'interactions/examples/shortcut.global.socket-mode-capture.json',
  );
  const messageAction = loadSlackSample('interactions/examples/message_action.bolt-python.json');
  const without = (object: Json, key: string) => {
    const { [key]: _dropped, ...rest } = object;
    return rest;
  };
  const envelope = (event: unknown) =>
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T0MAILROOM',
      api_app_id: 'A0MAILROOM',
      event_id: `Ev${Math.random().toString(36).slice(2)}`,
      event_time: 1_773_064_800,
      event,
    });

  it.each([
    ['block_actions without user', interaction(without(blockActions, 'user')), FORM],
    ['block_actions with no actions', interaction({ ...blockActions, actions: [] }), FORM],
    [
      'block_actions whose action is a number',
      interaction({ ...blockActions, actions: [1] }),
      FORM,
    ],
    ['block_actions with actions as a number', interaction({ ...blockActions, actions: 5 }), FORM],
    ['block_actions with a null channel', interaction({ ...blockActions, channel: null }), FORM],
    ['view_submission without view', interaction(without(viewSubmission, 'view')), FORM],
    ['view_submission with a null view', interaction({ ...viewSubmission, view: null }), FORM],
    [
      'view_submission with null response_urls',
      interaction({ ...viewSubmission, response_urls: null }),
      FORM,
    ],
    [
      'view_submission without state',
      interaction({ ...viewSubmission, view: without(viewSubmission.view as Json, 'state') }),
      FORM,
    ],
    ['a shortcut without user', interaction(without(shortcut, 'user')), FORM],
    [
      'a message_action with a null channel',
      interaction({ ...messageAction, channel: null }),
      FORM,
    ],
    ['an event that is a string', envelope('app_home_opened'), JSON_TYPE],
    [
      'an event with a null channel',
      envelope({ ...appHomeOpenedEvent('U0ALICE'), channel: null }),
      JSON_TYPE,
    ],
    [
      'an event with a null user',
      envelope({ ...appHomeOpenedEvent('U0ALICE'), user: null }),
      JSON_TYPE,
    ],
    ['an event with item 7', envelope({ type: 'reaction_added', item: 7 }), JSON_TYPE],
    ['a slash command without text', 'command=%2Fask&user_id=U0ALICE&channel_id=C0GENERAL', FORM],
    [
      'a slash command given twice',
      'command=%2Fask&command=%2Fmailroom&text=hi&user_id=U0ALICE',
      FORM,
    ],
    [
      'a slash command as JSON with a numeric command',
      '{"command":5,"text":"hi","user_id":"U0ALICE"}',
      JSON_TYPE,
    ],
  ])('%s gets 400, one log line and no stack', async (_label, body, type) => {
    const h = await start();
    const { result, entries } = await logged(h, () => h.sender.raw(body, { contentType: type }));
    expect(result.status).toBe(400);
    expectOneLineWithoutStack(entries);
    await stillServes(h);
  });
});

describe('requests Mailroom does not handle', () => {
  it('acknowledges an unknown action id at once with 200', async () => {
    const h = await start();
    const res = await h.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'no_such_button',
      value: 'x',
      channelId: 'C0GENERAL',
    });
    expect(res.status).toBe(200);
    expect(h.logs.errors()).toEqual([]);
  });

  it('acknowledges view_closed with 200', async () => {
    const h = await start();
    const res = await h.sender.viewClosed({ userId: 'U0ALICE', callbackId: 'question_answer' });
    expect(res.status).toBe(200);
    expect(h.logs.errors()).toEqual([]);
  });

  it('acknowledges unknown events, shortcuts and option requests with 200', async () => {
    const h = await start();
    expect((await h.sender.event({ type: 'reaction_added', user: 'U0ALICE' })).status).toBe(200);
    expect(
      (await h.sender.globalShortcut({ userId: 'U0ALICE', callbackId: 'no_such_shortcut' })).status,
    ).toBe(200);
    const options = interaction({
      type: 'block_suggestion',
      user: { id: 'U0ALICE', team_id: 'T0MAILROOM' },
      team: { id: 'T0MAILROOM' },
      action_id: 'pick',
      block_id: 'b',
      value: 'a',
    });
    expect((await h.sender.raw(options, { contentType: FORM })).status).toBe(200);
    const rateLimited = JSON.stringify({
      token: 'x',
      type: 'app_rate_limited',
      team_id: 'T0MAILROOM',
      minute_rate_limited: 1_518_467_820,
      api_app_id: 'A0MAILROOM',
    });
    expect((await h.sender.raw(rateLimited, { contentType: JSON_TYPE })).status).toBe(200);
    expect(h.logs.errors()).toEqual([]);
  });
});

describe('a button where Slack gives no response_url', () => {
  it.each([
    ['the Home tab', { type: 'home' }],
    ['a modal', { type: 'modal', callback_id: 'some_modal' }],
  ])('in %s, a failure is told to the person in their DM', async (_label, view) => {
    const h = await start();
    const res = await h.sender.blockAction({
      userId: 'U0BOB',
      actionId: 'question_answer',
      value: '999999',
      view,
    });
    expect(res.status).toBe(200);
    const dm = await h.fake.waitForCall(
      'chat.postMessage',
      (call) => call.args.channel === 'U0BOB',
    );
    expect(String(dm.args.text)).toContain('I can’t find that question in your queue.');
    expect(h.logs.errors()).toEqual([]);
  });

  it('in a channel message without a response_url, it is an ephemeral in that channel', async () => {
    const h = await start();
    const payload = {
      ...loadSlackSample('interactions/examples/block_actions.message-button.bolt-python.json'),
      user: { id: 'U0BOB', username: 'bob', name: 'bob', team_id: 'T0MAILROOM' },
      channel: { id: 'C0GENERAL', name: 'general' },
      container: { type: 'message', message_ts: '1773064800.000100', channel_id: 'C0GENERAL' },
      actions: [
        {
          type: 'button',
          action_id: 'question_snooze',
          block_id: 'b',
          value: '999999',
          action_ts: '1773064800.000200',
        },
      ],
    };
    delete (payload as Json).response_url;
    const res = await h.sender.raw(interaction(payload), { contentType: FORM });
    expect(res.status).toBe(200);
    const ephemeral = await h.fake.waitForCall('chat.postEphemeral');
    expect(ephemeral.args).toMatchObject({ channel: 'C0GENERAL', user: 'U0BOB' });
  });
});

describe('the receiver’s routes', () => {
  it('serves GET /healthz, answers Slack’s URL verification and SSL check, and 404s the rest', async () => {
    const h = await start();
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: 'reachable', problems: [] });
    expect((await fetch(`${h.baseUrl}/slack/events`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/nowhere`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/healthz`, { method: 'POST' })).status).toBe(404);

    const verification = await h.sender.urlVerification('the-challenge');
    expect(verification.status).toBe(200);
    expect(verification.json()).toEqual({ challenge: 'the-challenge' });

    const sslCheck = await fetch(`${h.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'ssl_check=1&token=x',
    });
    expect(sslCheck.status).toBe(200);
  });

  it('handles each request, and what its listeners start, in the scope the process guard knows', async () => {
    const h = await start();
    const seen = new Promise<unknown>((resolve) => {
      h.mailroom.app.action('scope_probe', async ({ ack }) => {
        await ack();
        setTimeout(() => resolve(requestScope.getStore()), 1);
      });
    });
    const res = await h.sender.blockAction({
      userId: 'U0ALICE',
      actionId: 'scope_probe',
      channelId: 'C0GENERAL',
    });
    expect(res.status).toBe(200);
    expect(await seen).toEqual({ kind: 'block_actions' });
  });
});
