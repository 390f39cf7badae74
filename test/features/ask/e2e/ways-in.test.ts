import { afterEach, describe, expect, it } from 'vitest';
import type { FakeChannel, FakeSlackOptions, FakeUser, Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { memberJoinedChannelEvent } from '../../../support/slack-requests.js';

const BOT = 'U0MAILBOT';
const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'America/New_York' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', tz: 'Europe/London' },
  { id: 'U0CARA', name: 'cara', realName: 'Cara Lee', tz: 'UTC' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: ['U0ALICE', 'U0BOB', 'U0CARA', BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: ['U0ALICE', 'U0BOB', BOT] },
  { id: 'C0HIDDEN', name: 'hidden', isPrivate: true, members: ['U0ALICE', 'U0BOB'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function start(slack: FakeSlackOptions = {}): Promise<Harness> {
  return startMailroom({
    now: '2026-03-09T14:00:00Z',
    slack: { users: people, channels, ...slack },
  });
}

/** The message object a message_action payload carries, from a message the fake stores. */
function asPayloadMessage(message: Json): Json {
  const { channel: _channel, ...rest } = message;
  return rest;
}

async function save(harness: Harness, userId: string, channelId: string, message: Json) {
  const responsesBefore = harness.fake.responses.length;
  const res = await harness.sender.messageShortcut({
    userId,
    callbackId: 'save_to_mailroom',
    channelId,
    message: asPayloadMessage(message),
  });
  expect(res.status).toBe(200);
  expect(res.body).toBe('');
  const reply = await harness.fake.waitForResponse(
    () => harness.fake.responses.length > responsesBefore,
  );
  const latest = harness.fake.responses.at(-1) ?? reply;
  expect(latest.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  return { text: String(latest.body.text), body: latest.body };
}

function viewerOf(harness: Harness, userId: string) {
  return { isGuest: false, visibleChannelIds: harness.mailroom.ctx.channels.channelsOf(userId) };
}

function event(body: Json) {
  return { event_ts: '1773064800.000100', ...body };
}

describe('Save to Mailroom', () => {
  it('saves a public message with its thread, and saving again updates the same document', async () => {
    h = await start();
    const root = h.fake.seedMessage('C0GENERAL', {
      user: 'U0ALICE',
      text: 'How do we *deploy* on Fridays? <@U0BOB> knows. See <https://wiki.test/deploy|the runbook> &amp; ask',
    });
    h.fake.seedMessage('C0GENERAL', {
      user: 'U0BOB',
      text: 'Run `make ship` from main, never on Fridays after 15:00',
      thread_ts: root.ts,
    });
    h.fake.seedMessage('C0GENERAL', { user: 'U0CARA', text: 'Thanks &lt;3', thread_ts: root.ts });

    const first = await save(h, 'U0ALICE', 'C0GENERAL', { ...root, thread_ts: root.ts });
    expect(first.text).toContain('Saved to Mailroom:');
    expect(first.text).toContain('with 2 messages from its thread');
    expect(first.text).toContain('Everyone in the workspace can find it');
    expect(first.text).not.toContain('saved the message alone');

    const { ctx } = h.mailroom;
    const doc = ctx.knowledge.findBySourceKey(`message:C0GENERAL:${root.ts}`);
    expect(doc).toMatchObject({
      source: 'message',
      title: 'How do we deploy on Fridays? @bob knows. See the runbook & ask',
      visibility: 'public',
      channelId: 'C0GENERAL',
      authorId: 'U0ALICE',
      url: `https://mailroom-test.slack.com/archives/C0GENERAL/p${root.ts.replace('.', '')}`,
    });
    expect(doc?.body).toContain('bob: Run `make ship` from main');
    expect(doc?.body).toContain('cara: Thanks <3');
    expect(first.text).toContain(
      `*${'How do we deploy on Fridays? @bob knows. See the runbook &amp; ask'}*`,
    );
    expect(first.body.blocks).toBeDefined();
    expect(ctx.channels.get('C0GENERAL')).toMatchObject({ name: 'general', isPrivate: false });
    expect(h.fake.callsTo('conversations.members')).toHaveLength(0);
    const replies = h.fake.callsTo('conversations.replies');
    expect(replies[0]?.args).toMatchObject({ channel: 'C0GENERAL', ts: root.ts });
    expect(ctx.knowledge.search('make ship fridays', viewerOf(h, 'U0CARA'))[0]?.document.id).toBe(
      doc?.id,
    );

    h.fake.seedMessage('C0GENERAL', {
      user: 'U0BOB',
      text: 'Also tag the release',
      thread_ts: root.ts,
    });
    const again = await save(h, 'U0BOB', 'C0GENERAL', { ...root, thread_ts: root.ts });
    expect(again.text).toContain('Updated in Mailroom:');
    expect(again.text).toContain('with 3 messages');
    expect(ctx.knowledge.count()).toBe(1);
    expect(ctx.knowledge.get(doc?.id ?? -1)?.body).toContain('bob: Also tag the release');

    const unchanged = await save(h, 'U0BOB', 'C0GENERAL', { ...root, thread_ts: root.ts });
    expect(unchanged.text).toContain('Already in Mailroom');
    expect(ctx.knowledge.count()).toBe(1);
    expect(h.logs.errors()).toEqual([]);
  });

  it('saves a reply with the rest of its thread, the reply itself only once', async () => {
    h = await start();
    const root = h.fake.seedMessage('C0GENERAL', {
      user: 'U0ALICE',
      text: 'Where are the VPN keys?',
    });
    const reply = h.fake.seedMessage('C0GENERAL', {
      user: 'U0BOB',
      text: 'In the vault under infra/vpn',
      thread_ts: root.ts,
    });
    const saved = await save(h, 'U0CARA', 'C0GENERAL', reply);
    expect(saved.text).toContain('with 1 message from its thread');
    const doc = h.mailroom.ctx.knowledge.findBySourceKey(`message:C0GENERAL:${reply.ts}`);
    expect(doc?.title).toBe('In the vault under infra/vpn');
    expect(doc?.body).toBe(
      'In the vault under infra/vpn\n\nThread:\n\nalice: Where are the VPN keys?',
    );
    expect(h.fake.callsTo('conversations.replies')[0]?.args).toMatchObject({ ts: root.ts });
  });

  it('keeps a message from a private channel to that channel’s members', async () => {
    h = await start();
    const message = h.fake.seedMessage('C0SECRET', {
      user: 'U0BOB',
      text: 'Salary bands for 2026 are in the HR drive',
    });
    const saved = await save(h, 'U0ALICE', 'C0SECRET', message);
    expect(saved.text).toContain('Only members of this private conversation can find it.');

    const { ctx } = h.mailroom;
    expect(ctx.knowledge.findBySourceKey(`message:C0SECRET:${message.ts}`)).toMatchObject({
      visibility: 'channel',
      channelId: 'C0SECRET',
    });
    expect(ctx.channels.get('C0SECRET')).toMatchObject({ isPrivate: true, name: 'secret' });
    expect(h.fake.callsTo('conversations.members')).toHaveLength(1);
    expect(ctx.channels.isMember('C0SECRET', 'U0BOB')).toBe(true);

    const query = 'salary bands';
    expect(ctx.knowledge.search(query, viewerOf(h, 'U0BOB'))).toHaveLength(1);
    expect(ctx.knowledge.search(query, viewerOf(h, 'U0ALICE'))).toHaveLength(1);
    expect(ctx.knowledge.search(query, viewerOf(h, 'U0CARA'))).toHaveLength(0);
    expect(ctx.knowledge.search(query, { isGuest: false, visibleChannelIds: [] })).toHaveLength(0);
  });

  it('keeps a message from a DM with Mailroom private to that DM', async () => {
    h = await start();
    const message = h.fake.seedMessage('D0ALICE', {
      user: 'U0ALICE',
      text: 'Note to self: renew the TLS cert',
    });
    await save(h, 'U0ALICE', 'D0ALICE', message);
    const { ctx } = h.mailroom;
    expect(ctx.knowledge.findBySourceKey(`message:D0ALICE:${message.ts}`)?.visibility).toBe(
      'channel',
    );
    expect(ctx.channels.get('D0ALICE')).toMatchObject({ isIm: true, isPrivate: true });
    expect(ctx.knowledge.search('TLS cert', viewerOf(h, 'U0ALICE'))).toHaveLength(1);
    expect(ctx.knowledge.search('TLS cert', viewerOf(h, 'U0BOB'))).toHaveLength(0);
  });

  it('saves nothing from a conversation Mailroom cannot read, not even for someone it knows is in it', async () => {
    h = await start({ requireMembership: true });
    const message = h.fake.seedMessage('C0HIDDEN', {
      user: 'U0BOB',
      text: 'The staging password rotates on the 1st',
    });
    // A private channel the bot is not in: Slack answers channel_not_found to conversations.info.
    h.fake.failNext('conversations.info', 'channel_not_found');
    const { ctx } = h.mailroom;

    // The payload's word that Alice is in it proves nothing: nothing is saved, nobody recorded.
    const unknown = await save(h, 'U0ALICE', 'C0HIDDEN', { ...message, thread_ts: message.ts });
    expect(unknown.text).toContain('I can only save messages from conversations I know you are in');
    expect(ctx.knowledge.count()).toBe(0);
    expect(ctx.channels.isMember('C0HIDDEN', 'U0ALICE')).toBe(false);

    // Known to be in it (she used /ask there, say), she still cannot save a message Mailroom
    // cannot read: the payload's text and author would be her word, not Slack's.
    ctx.channels.setMembers('C0HIDDEN', ['U0ALICE', 'U0BOB'], h.clock());
    h.fake.failNext('conversations.info', 'channel_not_found');
    const forged = await save(h, 'U0ALICE', 'C0HIDDEN', {
      ...message,
      user: 'U0BOB',
      text: 'FORGED: the admin says everyone gets a raise',
    });
    expect(forged.text).toContain('Add @Mailroom to <#C0HIDDEN> to save from it');
    expect(h.fake.callsTo('conversations.replies')[0]?.response).toMatchObject({
      ok: false,
      error: 'not_in_channel',
    });
    expect(ctx.knowledge.count()).toBe(0);
    expect(ctx.knowledge.search('raise', viewerOf(h, 'U0ALICE'))).toHaveLength(0);
    expect(h.logs.errors()).toEqual([]);
  });

  it('saves nothing when Slack’s copy lacks the message or its text, whatever the payload says', async () => {
    h = await start();
    const { ctx } = h.mailroom;
    // Slack's copy has a file and no words; the payload claims some.
    const fileOnly = h.fake.seedMessage('C0GENERAL', { user: 'U0BOB', text: '' });
    const noText = await save(h, 'U0ALICE', 'C0GENERAL', {
      ...fileOnly,
      text: 'FORGED words under Bob’s name',
    });
    expect(noText.text).toContain('Add @Mailroom to <#C0GENERAL> to save from it');

    // A thread longer than Mailroom reads, the message beyond what it read.
    const root = h.fake.seedMessage('C0GENERAL', { user: 'U0ALICE', text: 'A long thread' });
    for (let i = 0; i < 201; i += 1) {
      h.fake.seedMessage('C0GENERAL', { user: 'U0CARA', text: `reply ${i}`, thread_ts: root.ts });
    }
    const late = h.fake.seedMessage('C0GENERAL', {
      user: 'U0BOB',
      text: 'The real last word',
      thread_ts: root.ts,
    });
    const beyond = await save(h, 'U0ALICE', 'C0GENERAL', {
      ...late,
      text: 'FORGED last word',
    });
    expect(beyond.text).toContain('Add @Mailroom to <#C0GENERAL> to save from it');
    expect(ctx.knowledge.count()).toBe(0);
    expect(h.logs.errors()).toEqual([]);
  });

  it('never changes a document someone else saved, except to refresh it from Slack’s copy', async () => {
    h = await start({ requireMembership: true });
    const { ctx } = h.mailroom;
    const message = h.fake.seedMessage('C0GENERAL', {
      user: 'U0ALICE',
      text: 'Expenses are due on the 5th',
    });
    await save(h, 'U0ALICE', 'C0GENERAL', message);
    const key = `message:C0GENERAL:${message.ts}`;
    const before = ctx.knowledge.findBySourceKey(key);
    expect(before).toMatchObject({ authorId: 'U0ALICE', body: 'Expenses are due on the 5th' });

    // Mailroom is removed from the channel; Bob saves the same message with other words.
    h.fake.updateChannel('C0GENERAL', { members: ['U0ALICE', 'U0BOB', 'U0CARA'] });
    const forged = await save(h, 'U0BOB', 'C0GENERAL', {
      ...message,
      user: 'U0ADMIN',
      text: 'FORGED: expenses are due never',
    });
    expect(forged.text).toContain('Add @Mailroom to <#C0GENERAL> to save from it');
    expect(ctx.knowledge.findBySourceKey(key)).toEqual(before);

    // Back in the channel, Bob's save takes Slack's copy, edited since: a refresh, not his words.
    h.fake.updateChannel('C0GENERAL', { members: ['U0ALICE', 'U0BOB', 'U0CARA', BOT] });
    const stored = h.fake.allMessagesIn('C0GENERAL').find((m) => m.ts === message.ts);
    if (stored) stored.text = 'Expenses are due on the 6th';
    const refreshed = await save(h, 'U0BOB', 'C0GENERAL', {
      ...message,
      text: 'FORGED: expenses are due never',
    });
    expect(refreshed.text).toContain('Updated in Mailroom');
    expect(ctx.knowledge.findBySourceKey(key)).toMatchObject({
      authorId: 'U0ALICE',
      body: 'Expenses are due on the 6th',
    });
    expect(h.logs.errors()).toEqual([]);
  });

  it('handles a channel deleted before the save could read it: kindly, saving nothing', async () => {
    h = await start();
    h.fake.addChannel({ id: 'C0DOOMED', name: 'doomed', members: ['U0ALICE', BOT] });
    const message = h.fake.seedMessage('C0DOOMED', {
      user: 'U0ALICE',
      text: 'Last words on billing',
    });
    h.fake.deleteChannel('C0DOOMED');

    const saved = await save(h, 'U0ALICE', 'C0DOOMED', message);
    expect(saved.text).toContain('I can only save messages from conversations I know you are in');
    expect(saved.text).not.toContain('Something went wrong');
    expect(h.mailroom.ctx.knowledge.count()).toBe(0);
    expect(h.logs.errors()).toEqual([]);
  });

  it('refuses a message without text, kindly, and saves nothing', async () => {
    h = await start();
    const reply = await save(h, 'U0ALICE', 'C0GENERAL', {
      user: 'U0ALICE',
      ts: '1773064000.000100',
      text: '',
      files: [{ id: 'F0001', name: 'diagram.png' }],
    });
    expect(reply.text).toContain('no text');
    expect(h.mailroom.ctx.knowledge.count()).toBe(0);
    expect(h.fake.callsTo('conversations.info')).toHaveLength(0);
  });

  it('answers an unexpected Slack failure with a failure message and saves nothing', async () => {
    h = await start();
    const message = h.fake.seedMessage('C0GENERAL', { user: 'U0ALICE', text: 'Something to keep' });
    h.fake.failNext('conversations.info', 'internal_error');
    const reply = await save(h, 'U0ALICE', 'C0GENERAL', message);
    expect(reply.text).toContain('Something went wrong on my side');
    expect(h.mailroom.ctx.knowledge.count()).toBe(0);
  });
});

describe('Write a doc', () => {
  const values = (title: string | null, body: string | null) => ({
    write_doc_title: { title: { type: 'plain_text_input', value: title } },
    write_doc_body: { body: { type: 'plain_text_input', value: body } },
  });

  it('opens the modal, refuses a blank title, and saves a valid doc', async () => {
    h = await start();
    const opened = await h.sender.globalShortcut({
      userId: 'U0ALICE',
      callbackId: 'write_doc',
      triggerId: '1234.5678.write',
    });
    expect(opened.status).toBe(200);
    const call = await h.fake.waitForCall('views.open');
    expect(call.args.trigger_id).toBe('1234.5678.write');
    expect(call.response.ok).toBe(true);
    const view = call.args.view as Json;
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'write_doc_modal',
      blocks: expect.arrayContaining([
        expect.objectContaining({
          type: 'input',
          block_id: 'write_doc_title',
          element: expect.objectContaining({ action_id: 'title', max_length: 150 }),
        }),
        expect.objectContaining({
          type: 'input',
          block_id: 'write_doc_body',
          element: expect.objectContaining({ multiline: true, max_length: 3000 }),
        }),
      ]),
    });
    const viewId = String((call.response.view as Json).id);
    const opened_view = h.fake.view(viewId);

    const { ctx } = h.mailroom;
    const blank = await h.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: 'write_doc_modal',
      view: opened_view,
      values: values('   ', 'The pager goes to whoever is on call.'),
    });
    expect(blank.status).toBe(200);
    expect(blank.json()).toEqual({
      response_action: 'errors',
      errors: { write_doc_title: 'Give the doc a title.' },
    });
    const cleared = await h.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: 'write_doc_modal',
      view: opened_view,
      values: values(null, null),
    });
    expect(cleared.json()).toMatchObject({
      response_action: 'errors',
      errors: {
        write_doc_title: expect.any(String),
        write_doc_body: 'Write something in the doc.',
      },
    });
    expect(ctx.knowledge.count()).toBe(0);

    const ok = await h.sender.viewSubmission({
      userId: 'U0ALICE',
      callbackId: 'write_doc_modal',
      view: opened_view,
      values: values(
        '  On-call & <pager> rules ',
        'The pager goes to whoever is on call.\nSwap in #ops.',
      ),
    });
    expect(ok.status).toBe(200);
    const answer = ok.json() as { response_action: string; view: Json };
    expect(answer.response_action).toBe('update');
    expect(answer.view).toMatchObject({ type: 'modal', title: { text: 'Doc saved' } });
    expect(JSON.stringify(answer.view)).toContain('On-call &amp; &lt;pager&gt; rules');

    expect(ctx.knowledge.count()).toBe(1);
    const [hit] = ctx.knowledge.search('pager on call', { isGuest: false, visibleChannelIds: [] });
    expect(hit?.document).toMatchObject({
      source: 'written',
      title: 'On-call & <pager> rules',
      body: 'The pager goes to whoever is on call.\nSwap in #ops.',
      visibility: 'public',
      authorId: 'U0ALICE',
    });
    expect(hit?.document.sourceKey).toMatch(/^written:[0-9a-f-]{36}$/);
    expect(h.logs.errors()).toEqual([]);
  });
});

describe('channel events', () => {
  it('keep membership of known channels current and mark archived and deleted ones', async () => {
    h = await start();
    const message = h.fake.seedMessage('C0SECRET', {
      user: 'U0BOB',
      text: 'Quarterly roadmap draft',
    });
    await save(h, 'U0ALICE', 'C0SECRET', message);
    const { ctx } = h.mailroom;
    const canSee = (userId: string) =>
      ctx.knowledge.search('roadmap', viewerOf(h as Harness, userId)).length;
    expect(canSee('U0CARA')).toBe(0);

    await h.sender.event(memberJoinedChannelEvent('U0CARA', 'C0SECRET', { channelType: 'G' }));
    await eventually(() => expect(ctx.channels.isMember('C0SECRET', 'U0CARA')).toBe(true));
    expect(canSee('U0CARA')).toBe(1);

    await h.sender.event(
      event({ type: 'member_left_channel', user: 'U0BOB', channel: 'C0SECRET', channel_type: 'G' }),
    );
    await eventually(() => expect(ctx.channels.isMember('C0SECRET', 'U0BOB')).toBe(false));
    expect(canSee('U0BOB')).toBe(0);

    // A channel Mailroom never saw is not recorded.
    await h.sender.event(memberJoinedChannelEvent('U0CARA', 'C0ELSEWHERE'));
    await h.sender.event(event({ type: 'channel_archive', channel: 'C0SECRET', user: 'U0ALICE' }));
    await eventually(() => expect(ctx.channels.get('C0SECRET')?.archived).toBe(true));
    expect(ctx.channels.get('C0ELSEWHERE')).toBeUndefined();
    expect(ctx.channels.isMember('C0ELSEWHERE', 'U0CARA')).toBe(false);

    await h.sender.event(
      event({ type: 'channel_unarchive', channel: 'C0SECRET', user: 'U0ALICE' }),
    );
    await eventually(() => expect(ctx.channels.get('C0SECRET')?.archived).toBe(false));
    await h.sender.event(event({ type: 'group_archive', channel: 'C0SECRET' }));
    await eventually(() => expect(ctx.channels.get('C0SECRET')?.archived).toBe(true));

    await h.sender.event(event({ type: 'group_deleted', channel: 'C0SECRET' }));
    await eventually(() => expect(ctx.channels.get('C0SECRET')?.deleted).toBe(true));

    await save(
      h,
      'U0ALICE',
      'C0GENERAL',
      h.fake.seedMessage('C0GENERAL', { user: 'U0ALICE', text: 'hi all' }),
    );
    await h.sender.event(event({ type: 'channel_deleted', channel: 'C0GENERAL' }));
    await eventually(() => expect(ctx.channels.get('C0GENERAL')?.deleted).toBe(true));
    expect(h.logs.errors()).toEqual([]);
  });
});
