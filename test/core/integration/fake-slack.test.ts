import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, type FakeUser, type Json } from '../../support/fake-slack.js';
import {
  appHomeOpenedEvent,
  SlackSender,
  signSlackRequest,
  userChangeEvent,
} from '../../support/slack-requests.js';

const TOKEN = 'xoxb-test-token';
const SIGNING_SECRET = 'test-signing-secret';

const alice: FakeUser = { id: 'U0ALICE', name: 'alice', realName: 'Alice A', tz: 'Europe/Berlin' };
const bob: FakeUser = { id: 'U0BOB', name: 'bob', tz: 'America/New_York', isAdmin: true };
const carol: FakeUser = { id: 'W0CAROL', name: 'carol', tz: 'Asia/Tokyo' };
const dave: FakeUser = { id: 'U0DAVE', name: 'dave', tz: 'UTC', deleted: true };

function quietClient(fake: FakeSlack, options: ConstructorParameters<typeof WebClient>[1] = {}) {
  return new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR, ...options });
}

async function slackError(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  throw new Error('expected the Slack call to fail');
}

describe('FakeSlack through the real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await FakeSlack.start({
      users: [alice, bob, carol, dave],
      channels: [{ id: 'C0GENERAL', name: 'general', members: [alice.id, bob.id, 'U0MAILBOT'] }],
      usersPageSize: 2,
    });
    client = quietClient(fake);
  });

  afterAll(async () => {
    await fake.stop();
  });

  beforeEach(() => {
    fake.reset();
  });

  it('answers auth.test like Slack does for a bot token', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      url: 'https://mailroom-test.slack.com/',
      team_id: 'T0MAILROOM',
      user_id: 'U0MAILBOT',
      bot_id: 'B0MAILBOT',
      is_enterprise_install: false,
    });
    expect(result.response_metadata?.scopes).toContain('chat:write');
  });

  it('rejects a missing or wrong token with HTTP 200 ok:false', async () => {
    expect(
      await slackError(new WebClient(undefined, { slackApiUrl: fake.apiUrl }).auth.test()),
    ).toBe('not_authed');
    expect(await slackError(client.auth.test({ token: 'xoxb-wrong' }))).toBe('invalid_auth');
  });

  it('paginates users.list across pages with next_cursor', async () => {
    const members: Array<Record<string, unknown>> = [];
    for await (const page of client.paginate('users.list', { limit: 200 })) {
      const { members: pageMembers } = page as { members?: Array<Record<string, unknown>> };
      members.push(...(pageMembers ?? []));
    }
    const ids = members.map((m) => m.id);
    expect(ids).toEqual(['U0MAILBOT', 'USLACKBOT', alice.id, bob.id, carol.id, dave.id]);
    expect(fake.callsTo('users.list')).toHaveLength(3);
    expect(fake.callsTo('users.list').at(-1)?.response).toMatchObject({
      response_metadata: { next_cursor: '' },
    });

    const byId = new Map(members.map((m) => [m.id, m]));
    expect(byId.get('USLACKBOT')).toMatchObject({ tz: null });
    expect(byId.get(alice.id)).toMatchObject({
      name: 'alice',
      real_name: 'Alice A',
      tz: 'Europe/Berlin',
      is_bot: false,
      profile: { display_name: 'alice', real_name: 'Alice A' },
    });
    expect(typeof byId.get(alice.id)?.tz_offset).toBe('number');
    expect(byId.get(bob.id)).toMatchObject({ is_admin: true, tz_label: expect.any(String) });
    expect(byId.get(dave.id)).toMatchObject({ deleted: true });
    expect(byId.get(dave.id)).not.toHaveProperty('tz');
  });

  it('retries a 429 with Retry-After through the real WebClient, then succeeds', async () => {
    fake.rateLimitNext('users.info', { retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await client.users.info({ user: alice.id });
    expect(result.user?.id).toBe(alice.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const attempts = fake.callsTo('users.info');
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(attempts[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('answers unknown methods with unknown_method', async () => {
    const failure = client.apiCall('mailroom.doesNotExist');
    await expect(failure).rejects.toMatchObject({ code: ErrorCode.PlatformError });
    expect(await slackError(client.apiCall('mailroom.doesNotExist'))).toBe('unknown_method');
  });

  it('answers channel_not_found everywhere once a channel is deleted', async () => {
    fake.addChannel({ id: 'C0DOOMED', name: 'doomed', members: [alice.id] });
    expect((await client.conversations.info({ channel: 'C0DOOMED' })).channel?.name).toBe('doomed');
    fake.deleteChannel('C0DOOMED');
    expect(await slackError(client.conversations.info({ channel: 'C0DOOMED' }))).toBe(
      'channel_not_found',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'C0DOOMED', text: 'hi' }))).toBe(
      'channel_not_found',
    );
    expect(await slackError(client.conversations.history({ channel: 'C0DOOMED' }))).toBe(
      'channel_not_found',
    );
  });

  it('posts to a user id in that user DM, with metadata only under include_all_metadata', async () => {
    const metadata = { event_type: 'question_asked', event_payload: { question_id: 42 } };
    const posted = await client.chat.postMessage({
      channel: alice.id,
      text: 'Your question was delivered',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Delivered' } }],
      metadata,
    });
    expect(posted.channel).toBe(fake.dmChannelIdFor(alice.id));
    expect(posted.channel).toMatch(/^D/);
    expect(posted.message).toMatchObject({ user: 'U0MAILBOT', bot_id: 'B0MAILBOT' });

    const recorded = await fake.waitForCall('chat.postMessage');
    expect(recorded.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Delivered' } },
    ]);
    expect(recorded.args.metadata).toEqual(metadata);
    expect(fake.messagesIn(alice.id)).toHaveLength(1);

    const channel = posted.channel ?? '';
    const plain = await client.conversations.history({ channel });
    expect(plain.messages?.[0]).toMatchObject({
      ts: posted.ts,
      text: 'Your question was delivered',
    });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    const full = await client.conversations.history({ channel, include_all_metadata: true });
    expect(full.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('keeps ts increasing and honours oldest, latest, limit and threads', async () => {
    const first = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'two' });
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'reply', thread_ts: first.ts });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    const afterFirst = await client.conversations.history({
      channel: 'C0GENERAL',
      oldest: first.ts,
    });
    expect(afterFirst.messages?.map((m) => m.text)).toEqual(['two']);
    const limited = await client.conversations.history({ channel: 'C0GENERAL', limit: 1 });
    expect(limited).toMatchObject({ has_more: true, messages: [{ text: 'two' }] });

    const thread = await client.conversations.replies({ channel: 'C0GENERAL', ts: first.ts ?? '' });
    expect(thread.messages?.map((m) => m.text)).toEqual(['one', 'reply']);
    expect(thread.messages?.[0]).toMatchObject({ reply_count: 1 });
  });

  it('returns Slack errors for bad chat and views calls', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0GENERAL' } as never))).toBe(
      'no_text',
    );
    expect(
      await slackError(client.chat.update({ channel: 'C0GENERAL', ts: '1.000001', text: 'x' })),
    ).toBe('message_not_found');
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Ask' },
      blocks: [],
    };
    expect(await slackError(client.views.open({ view } as never))).toBe('invalid_arguments');
    expect(
      await slackError(
        client.views.publish({ user_id: 'U0NOBODY', view: { type: 'home', blocks: [] } }),
      ),
    ).toBe('user_not_found');
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    expect(opened.view?.id).toMatch(/^V/);
    expect(fake.view(opened.view?.id ?? '')).toMatchObject({ type: 'modal' });
  });

  it('lists the granted scopes in x-oauth-scopes and, when a test sets them, refuses a canvas or List method whose scope is missing', async () => {
    expect((await client.auth.test()).response_metadata?.scopes).toContain('chat:write');
    fake.grantedScopes = ['chat:write', 'lists:write'];
    try {
      expect((await client.auth.test()).response_metadata?.scopes).toEqual([
        'chat:write',
        'lists:write',
      ]);
      const refused = await client.canvases.create({ title: 'x' }).catch((error: unknown) => error);
      expect((refused as { data?: Json }).data).toMatchObject({
        error: 'missing_scope',
        needed: 'canvases:write',
        provided: 'chat:write,lists:write',
      });
      expect(
        await slackError(client.conversations.canvases.create({ channel_id: 'C0GENERAL' })),
      ).toBe('missing_scope');
      fake.grantedScopes = [...fake.grantedScopes, 'canvases:write'];
      expect((await client.canvases.create({ title: 'x' })).ok).toBe(true);
    } finally {
      fake.grantedScopes = undefined;
    }
  });

  it('refuses a view over Block Kit’s limits, as Slack does, saying where', async () => {
    const option = (n: number) => ({
      text: { type: 'plain_text', text: `Task ${n}` },
      value: `${n}`,
    });
    const select = (menu: object) => ({
      type: 'actions',
      elements: [{ type: 'static_select', action_id: 'pick', ...menu }],
    });
    const options = (count: number) => Array.from({ length: count }, (_, n) => option(n));
    const problem = async (blocks: unknown[]) => {
      try {
        await client.views.publish({ user_id: alice.id, view: { type: 'home', blocks } as never });
        return undefined;
      } catch (error) {
        const data = (error as { data?: { error?: string; response_metadata?: Json } }).data;
        return [data?.error, ...((data?.response_metadata?.messages as string[]) ?? [])];
      }
    };
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    expect(await problem(Array.from({ length: 100 }, () => section))).toBeUndefined();
    expect(await problem(Array.from({ length: 101 }, () => section))).toEqual([
      'invalid_arguments',
      '[ERROR] must be less than 101 items [json-pointer:/view/blocks]',
    ]);
    expect(await problem([select({ options: options(100) })])).toBeUndefined();
    expect(await problem([select({ options: options(101) })])).toEqual([
      'invalid_arguments',
      '[ERROR] must be less than 101 items [json-pointer:/view/blocks/0/elements/0/options]',
    ]);
    const groups = (count: number, each: number) =>
      Array.from({ length: count }, (_, g) => ({
        label: { type: 'plain_text', text: `Group ${g}` },
        options: options(each),
      }));
    expect(await problem([select({ option_groups: groups(3, 100) })])).toBeUndefined();
    expect((await problem([select({ option_groups: groups(2, 101) })]))?.[1]).toContain(
      '/view/blocks/0/elements/0/option_groups/0/options',
    );
    expect((await problem([select({ option_groups: groups(101, 1) })]))?.[1]).toContain(
      '/option_groups]',
    );
    const long = { text: { type: 'plain_text', text: 'x'.repeat(76) }, value: 'v' };
    expect((await problem([select({ options: [long] })]))?.[1]).toContain('76 characters');
    const wide = {
      type: 'actions',
      elements: Array.from({ length: 26 }, () => ({
        type: 'button',
        text: { type: 'plain_text', text: 'b' },
      })),
    };
    expect((await problem([wide]))?.[1]).toContain('less than 26 items');
  });

  it('fails the next call on request and enforces rate-limit tiers when asked', async () => {
    fake.failNext('conversations.info', 'missing_scope');
    expect(await slackError(client.conversations.info({ channel: 'C0GENERAL' }))).toBe(
      'missing_scope',
    );
    expect((await client.conversations.info({ channel: 'C0GENERAL' })).ok).toBe(true);

    const limited = await FakeSlack.start({ enforceRateLimits: true });
    try {
      const strict = quietClient(limited, { rejectRateLimitedCalls: true });
      for (let i = 0; i < 20; i += 1) await strict.users.list({});
      await expect(strict.users.list({})).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
      });
    } finally {
      await limited.stop();
    }
  });

  it('answers the canvas methods as @slack/web-api types them, refuses them as a workspace without canvases does, at their tiers', async () => {
    const users = [{ id: 'U1', name: 'u1', tz: 'UTC' }];
    const channels = [{ id: 'C1', name: 'one', members: ['U1'] }];
    const slack = await FakeSlack.start({ users, channels, enforceRateLimits: true });
    try {
      const api = quietClient(slack, { rejectRateLimitedCalls: true });
      const content = { type: 'markdown' as const, markdown: '# Plan' };
      const tab = await api.conversations.canvases.create({
        channel_id: 'C1',
        title: 'Plan',
        document_content: content,
      });
      expect(slack.canvases.get(tab.canvas_id ?? '')).toMatchObject({
        channelTab: 'C1',
        markdown: '# Plan',
      });
      expect(await slackError(api.conversations.canvases.create({ channel_id: 'C1' }))).toBe(
        'channel_canvas_already_exists',
      );
      const standalone = await api.canvases.create({ title: 'Alone', document_content: content });
      const id = standalone.canvas_id ?? '';
      await api.canvases.access.set({ canvas_id: id, channel_ids: ['C1'], access_level: 'read' });
      await api.canvases.edit({
        canvas_id: id,
        changes: [{ operation: 'replace', document_content: { type: 'markdown', markdown: 'B' } }],
      });
      expect(slack.canvases.get(id)).toMatchObject({
        channelTab: null,
        markdown: 'B',
        access: [{ id: 'C1', level: 'read' }],
        edits: 1,
      });
      await api.canvases.delete({ canvas_id: id });
      expect(
        await slackError(
          api.canvases.edit({
            canvas_id: id,
            changes: [{ operation: 'replace', document_content: content }],
          }),
        ),
      ).toBe('canvas_not_found');

      slack.canvasRefusal = 'team_tier_cannot_create_channel_canvases';
      expect(await slackError(api.conversations.canvases.create({ channel_id: 'C1' }))).toBe(
        'team_tier_cannot_create_channel_canvases',
      );
      expect((await api.canvases.create({ title: 'Still' })).ok).toBe(true);
      for (const refusal of ['canvas_disabled_user_team', 'restricted_action'] as const) {
        slack.canvasRefusal = refusal;
        expect(await slackError(api.canvases.create({ title: 'No' }))).toBe(refusal);
      }
      slack.canvasRefusal = undefined;

      // Tier 2: 20 a minute.
      slack.reset();
      for (let i = 0; i < 20; i += 1) await api.canvases.create({ title: `T${i}` });
      await expect(api.canvases.create({ title: 'one more' })).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
      });
    } finally {
      await slack.stop();
    }
  });

  it('names the canvases it holds: the channel’s in conversations.info, each in files.info and files.list, and survives a restart', async () => {
    const users = [{ id: 'U1', name: 'u1', tz: 'UTC' }];
    const channels = [
      { id: 'C1', name: 'one', members: ['U1'] },
      { id: 'C2', name: 'two', members: ['U1'] },
    ];
    const slack = await FakeSlack.start({ users, channels });
    let again: FakeSlack | undefined;
    try {
      const api = quietClient(slack, { retryConfig: { retries: 0 } });
      const bot = slack.identity.botUserId;
      const before = Math.floor(Date.now() / 1000);
      expect((await api.conversations.info({ channel: 'C1' })).channel?.properties).toBeUndefined();
      const tab = await api.conversations.canvases.create({
        channel_id: 'C1',
        title: 'Tab · plan 1',
      });
      const alone = await api.canvases.create({ title: 'Alone · plan 2' });
      await api.canvases.access.set({
        canvas_id: alone.canvas_id ?? '',
        channel_ids: ['C2'],
        access_level: 'read',
      });
      // Shared again: the channel is listed once, at the level last set.
      await api.canvases.access.set({
        canvas_id: alone.canvas_id ?? '',
        channel_ids: ['C2'],
        access_level: 'read',
      });
      expect(slack.canvases.get(alone.canvas_id ?? '')?.access).toEqual([
        { id: 'C2', level: 'read' },
      ]);

      const info = (await api.conversations.info({ channel: 'C1' })).channel as {
        properties?: {
          canvas?: { file_id?: string };
          tabs?: { type?: string; data?: { file_id?: string } }[];
        };
      };
      expect(info.properties?.canvas?.file_id).toBe(tab.canvas_id);
      expect(info.properties?.tabs).toEqual([
        expect.objectContaining({ type: 'canvas', data: { file_id: tab.canvas_id } }),
      ]);
      expect((await api.conversations.info({ channel: 'C2' })).channel?.properties).toBeUndefined();

      const { file } = await api.files.info({ file: tab.canvas_id ?? '' });
      expect(file).toMatchObject({ id: tab.canvas_id, title: 'Tab · plan 1', user: bot });
      expect(file?.created).toBeGreaterThanOrEqual(before);
      expect(await slackError(api.files.info({ file: 'F0NOPE' }))).toBe('file_not_found');

      const mine = await api.files.list({ user: bot, ts_from: String(before) });
      expect(mine.files?.map((f) => f.title)).toEqual(['Alone · plan 2', 'Tab · plan 1']);
      expect(mine.paging).toMatchObject({ total: 2, page: 1, pages: 1 });
      const paged = await api.files.list({ user: bot, count: 1, page: 2 });
      expect(paged.files?.map((f) => f.title)).toEqual(['Tab · plan 1']);
      expect(paged.paging).toMatchObject({ count: 1, total: 2, page: 2, pages: 2 });
      expect((await api.files.list({ user: 'U1' })).files).toEqual([]);
      expect((await api.files.list({ ts_from: String(before + 3600) })).files).toEqual([]);
      expect((await api.files.list({ types: 'images' })).files).toEqual([]);
      expect((await api.files.list({ channel: 'C2' })).files?.map((f) => f.id)).toEqual([
        alone.canvas_id,
      ]);

      // A 500 from Slack, then it answers again.
      slack.serverErrorNext('files.list');
      await expect(api.files.list({})).rejects.toMatchObject({ statusCode: 500 });
      expect((await api.files.list({})).ok).toBe(true);

      again = await FakeSlack.start({ state: slack.state() });
      expect([...again.canvases.keys()]).toEqual([...slack.canvases.keys()]);
    } finally {
      await again?.stop();
      await slack.stop();
    }
  });

  it('answers the Lists methods as @slack/web-api types them, keeps the List and its items, refuses them as a workspace without Lists does, at their tiers', async () => {
    const users = [{ id: 'U1', name: 'u1', tz: 'UTC' }];
    const channels = [{ id: 'C1', name: 'one', members: ['U1'] }];
    const slack = await FakeSlack.start({ users, channels, enforceRateLimits: true });
    try {
      const api = quietClient(slack, { rejectRateLimitedCalls: true });
      const made = await api.slackLists.create({
        name: 'Tasks',
        schema: [
          { key: 'task', name: 'Task', type: 'text', is_primary_column: true },
          { key: 'owner', name: 'Owner', type: 'user' },
          { key: 'due', name: 'Due', type: 'date' },
          {
            key: 'state',
            name: 'State',
            type: 'select',
            options: { choices: [{ value: 'open', label: 'Open', color: 'green' }] },
          },
        ],
      });
      const listId = made.list_id ?? '';
      const columns = Object.fromEntries(
        (made.list_metadata?.schema ?? []).map((column) => [column.key, column.id ?? '']),
      );
      expect(Object.keys(columns)).toEqual(['task', 'owner', 'due', 'state']);
      const title = (text: string) => [
        {
          type: 'rich_text' as const,
          elements: [
            { type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text }] },
          ],
        },
      ];
      const item = await api.slackLists.items.create({
        list_id: listId,
        initial_fields: [
          { column_id: columns.task ?? '', rich_text: title('Write it') },
          { column_id: columns.owner ?? '', user: ['U1'] },
          { column_id: columns.due ?? '', date: ['2026-04-10'] },
          { column_id: columns.state ?? '', select: ['open'] },
        ],
      });
      const itemId = item.item?.id ?? '';
      expect(item.item).toMatchObject({ id: itemId, list_id: listId });
      expect(
        await slackError(
          api.slackLists.items.create({
            list_id: listId,
            initial_fields: [{ column_id: columns.state ?? '', select: ['nope'] }],
          }),
        ),
      ).toBe('invalid_arguments');
      await api.slackLists.items.update({
        list_id: listId,
        cells: [
          { row_id: itemId, column_id: columns.task ?? '', rich_text: title('Write it well') },
        ],
      });
      await api.slackLists.access.set({
        list_id: listId,
        channel_ids: ['C1'],
        access_level: 'read',
      });
      expect(slack.lists.get(listId)?.access).toEqual([{ id: 'C1', level: 'read' }]);
      expect(slack.listRows(listId)).toEqual([
        { Task: 'Write it well', Owner: '@u1', Due: '2026-04-10', State: 'Open' },
      ]);
      const listed = await api.slackLists.items.list({ list_id: listId });
      expect(listed.items?.map((i) => i.id)).toEqual([itemId]);
      await api.slackLists.items.delete({ list_id: listId, id: itemId });
      expect(await slackError(api.slackLists.items.delete({ list_id: listId, id: itemId }))).toBe(
        'item_not_found',
      );
      slack.lists.delete(listId);
      expect(await slackError(api.slackLists.items.list({ list_id: listId }))).toBe(
        'list_not_found',
      );

      slack.listsRefusal = 'lists_disabled_user_team';
      expect(await slackError(api.slackLists.create({ name: 'No' }))).toBe(
        'lists_disabled_user_team',
      );
      slack.listsRefusal = undefined;

      // Tier 2: 20 a minute.
      slack.reset();
      for (let i = 0; i < 20; i += 1) await api.slackLists.create({ name: `L${i}` });
      await expect(api.slackLists.create({ name: 'one more' })).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
      });
    } finally {
      await slack.stop();
    }
  });

  it('can enforce a workspace-wide limit on a method, across conversations', async () => {
    const users = ['U1', 'U2', 'U3', 'U4'].map((id) => ({ id, name: id.toLowerCase(), tz: 'UTC' }));
    const limited = await FakeSlack.start({
      users,
      enforceRateLimits: true,
      workspaceLimits: { 'chat.postMessage': { perMinute: 60, burst: 3 } },
    });
    try {
      const strict = quietClient(limited, { rejectRateLimitedCalls: true });
      // Each conversation could take five at once; the workspace takes three in all.
      for (const id of ['U1', 'U2', 'U3'])
        await strict.chat.postMessage({ channel: id, text: 'hi' });
      await expect(strict.chat.postMessage({ channel: 'U4', text: 'hi' })).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
      });
    } finally {
      await limited.stop();
    }
  });

  it('records response_url posts and survives malformed requests', async () => {
    const url = fake.responseUrl();
    const posted = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'done', response_type: 'ephemeral' }),
    });
    expect(posted.status).toBe(200);
    expect((await fake.waitForResponse()).body).toEqual({
      text: 'done',
      response_type: 'ephemeral',
    });
    expect(fake.responses[0]?.url).toBe(url);

    const garbage = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{not json',
    });
    expect(garbage.status).toBe(200);
    expect(await garbage.json()).toMatchObject({ ok: false });
  });

  it('explains what it saw when waitForCall times out', async () => {
    await client.auth.test();
    await expect(fake.waitForCall('chat.postMessage', undefined, 50)).rejects.toThrow(
      /no matching chat\.postMessage call within 50ms[\s\S]*auth\.test/,
    );
  });
});

describe('SlackSender against a real Bolt App', () => {
  let fake: FakeSlack;
  let app: App;
  let sender: SlackSender;
  let url: string;
  const retries: Array<{ retryNum: unknown; retryReason: unknown }> = [];
  const userChanges: string[] = [];
  const submissions: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    fake = await FakeSlack.start({ users: [alice] });
    app = new App({
      token: TOKEN,
      signingSecret: SIGNING_SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/ask', async ({ ack, respond, command }) => {
      await ack();
      await respond({ text: `asked: ${command.text}`, response_type: 'ephemeral' });
    });
    app.event('app_home_opened', async ({ context }) => {
      retries.push({ retryNum: context.retryNum, retryReason: context.retryReason });
    });
    app.event('user_change', async ({ event }) => {
      userChanges.push(event.user.id);
    });
    app.action('approve', async ({ ack, respond, body }) => {
      await ack();
      await respond({ text: `approved by ${body.user.id}` });
    });
    app.view('ask_modal', async ({ ack, view }) => {
      submissions.push(view.state.values);
      await ack();
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    sender = new SlackSender({
      url,
      signingSecret: SIGNING_SECRET,
      responseUrl: () => fake.responseUrl(),
    });
  });

  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  it('signs like Slack: v0= hex HMAC-SHA256 of v0:ts:body', () => {
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 'a=b', 1531420618)).toEqual({
      'x-slack-signature': expect.stringMatching(/^v0=[0-9a-f]{64}$/),
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('delivers a signed slash command; respond() lands in fake.responses', async () => {
    const response = await sender.slashCommand({
      command: '/ask',
      text: 'where is the VPN guide?',
      userId: alice.id,
      channelId: 'C0GENERAL',
    });
    expect(response.status).toBe(200);
    const responded = await fake.waitForResponse(
      (r) => r.body.text === 'asked: where is the VPN guide?',
    );
    expect(responded.body.response_type).toBe('ephemeral');
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const forged = await sender.raw('command=%2Fask&text=hi', {
      contentType: 'application/x-www-form-urlencoded',
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);

    const stale = new SlackSender({
      url,
      signingSecret: SIGNING_SECRET,
      now: () => Date.now() - 6 * 60 * 1000,
    });
    const late = await stale.slashCommand({
      command: '/ask',
      text: 'hi',
      userId: alice.id,
      channelId: 'C1',
    });
    expect(late.status).toBe(401);
  });

  it('passes X-Slack-Retry-Num to the listener as context.retryNum', async () => {
    const response = await sender.event(appHomeOpenedEvent(alice.id), {
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(response.status).toBe(200);
    await expect.poll(() => retries).toEqual([{ retryNum: 1, retryReason: 'http_timeout' }]);
  });

  it('delivers block actions, view submissions and user_change events Bolt can route', async () => {
    const action = await sender.blockAction({
      userId: alice.id,
      actionId: 'approve',
      channelId: 'C0GENERAL',
      message: { ts: '1700000000.000100', text: 'Approve?' },
    });
    expect(action.status).toBe(200);
    await fake.waitForResponse((r) => r.body.text === `approved by ${alice.id}`);

    const values = { question: { text: { type: 'plain_text_input', value: 'How do I expense?' } } };
    const submitted = await sender.viewSubmission({
      userId: alice.id,
      callbackId: 'ask_modal',
      values,
    });
    expect(submitted.status).toBe(200);
    expect(submissions).toEqual([values]);

    fake.updateUser(alice.id, { tz: 'Asia/Kolkata' });
    const changed = await sender.event(userChangeEvent(fake.slackUser(alice.id) ?? alice));
    expect(changed.status).toBe(200);
    await expect.poll(() => userChanges).toEqual([alice.id]);
  });
});
