import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASK_ACTIONS } from '../../../src/features/ask/slack/views/ask.js';
import { WRITE_DOC } from '../../../src/features/ask/slack/views/documents.js';
import {
  QUESTION_ACTIONS,
  QUESTION_VIEWS,
} from '../../../src/features/ask/slack/views/question.js';
import { logDecision } from '../../../src/features/decisions/services/log.js';
import {
  DECISION_ACTIONS,
  DECISION_VIEWS,
} from '../../../src/features/decisions/slack/views/ids.js';
import { MEET_ACTIONS, MEET_VIEWS } from '../../../src/features/meetings/slack/views/ids.js';
import type { FakeChannel, FakeUser, Json } from '../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import { tempDatabasePath } from '../../support/store.js';

/**
 * Conversation ids in a payload are claims. Signed block actions, view submissions and message
 * shortcuts from one sender, with arbitrary conversation ids in their values, private metadata
 * and view state (private channels and a group DM the sender is not in among them), never
 * change the stored memberships, and never make Mailroom post, update a view or answer in a
 * conversation whose Slack member list lacks the sender. DMs to people Mailroom chose are
 * allowed. Fixed seed: a failure prints it with the shrunk example.
 */
const SEED = 20_261_207;
const RUNS = 100;
const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';

/** In a generated form, stands for whoever sends it. */
const SENDER = 'SENDER';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const ADMIN = 'U0ADMIN';
const GUEST = 'U0GUEST';
const NOBODY = 'U0NOBODY';

const users: FakeUser[] = [
  { id: ALICE, name: 'alice', tz: 'UTC' },
  { id: BOB, name: 'bob', tz: 'UTC' },
  { id: ADMIN, name: 'ana', tz: 'UTC', isAdmin: true },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ALICE, BOB, ADMIN, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [BOB, ADMIN, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [BOB, GUEST, BOT] },
  { id: 'C0OTHER', name: 'other', members: [BOB, BOT] },
  // A group DM between other people.
  { id: 'G0GROUP', name: 'mpdm-bob--ana-1', isPrivate: true, members: [BOB, ADMIN, BOT] },
];
/** Conversations a payload may name: real ones, DMs between others, and unknown ids. */
const conversationIds = [
  ...channels.map((channel) => channel.id),
  'D0BOB',
  'D0ADMIN',
  'D0ALICE',
  'C0UNKNOWN',
];

/** Who Slack counts in a conversation (a DM: its person and the bot). */
function slackMembers(channelId: string): string[] {
  const channel = channels.find((each) => each.id === channelId);
  if (channel) return channel.members;
  if (channelId.startsWith('D')) return [`U${channelId.slice(1)}`, BOT];
  return [];
}

// ------------------------------------------------------------------ generators

const conversation = fc.constantFrom(...conversationIds);
const smallId = fc.integer({ min: 1, max: 4 });
const ts = fc.constantFrom('1773050000.000100', '1773050001.000100', '1773050002.000100');
const words = fc.constantFrom('Lunch moves to noon', 'FORGED', 'Falcon', '');

const actionIds = [
  ...Object.values(DECISION_ACTIONS),
  ...Object.values(MEET_ACTIONS),
  'meet_vote_0_works',
  'meet_confirm_0',
  ...Object.values(ASK_ACTIONS),
  ...Object.values(QUESTION_ACTIONS),
];
const actionValue = fc.oneof(
  conversation,
  smallId.map(String),
  fc.tuple(smallId, fc.constantFrom('social', 'transactional')).map(([a, b]) => `${a}:${b}`),
  fc.tuple(smallId, fc.integer({ min: 0, max: 2 })).map(([a, b]) => `${a}:${b}:works`),
  words,
);

/** Private metadata as Mailroom writes it, with the conversations and ids chosen here. */
const meetMetadata = conversation.map((originChannelId) => ({ originChannelId }));
const decisionMetadata = fc.record({
  mode: fc.constantFrom('log', 'log', 'edit', 'supersede'),
  decisionId: fc.option(smallId, { nil: undefined }),
  channelId: fc.option(conversation, { nil: null, freq: 4 }),
  source: fc.option(fc.record({ channelId: conversation, ts }), { nil: undefined }),
  options: fc.constant(1),
  followUps: fc.constant(1),
});
const idMetadata = fc.oneof(
  smallId.map((decisionId) => ({ decisionId })),
  smallId.map((meetingId) => ({ meetingId })),
);
const metadata = fc.oneof(meetMetadata, decisionMetadata, idMetadata);

const decisionValues = fc.record({ postIn: conversation, title: words }).map(
  ({ postIn, title }): Json => ({
    title: { value: { type: 'plain_text_input', value: title || 'A decision' } },
    why: { value: { type: 'plain_text_input', value: 'Because.' } },
    option_name_0: { value: { type: 'plain_text_input', value: 'Option A' } },
    chosen: { value: { type: 'plain_text_input', value: 'Option A' } },
    owners: { value: { type: 'multi_users_select', selected_users: [SENDER] } },
    status: { value: { type: 'radio_buttons', selected_option: { value: 'proposed' } } },
    post_in: { value: { type: 'conversations_select', selected_conversation: postIn } },
  }),
);
const meetValues = fc.record({ channel: fc.option(conversation, { nil: null, freq: 2 }) }).map(
  ({ channel }): Json => ({
    meet_topic: { meet_topic: { type: 'plain_text_input', value: 'Planning' } },
    meet_people: { meet_people: { type: 'multi_users_select', selected_users: [BOB] } },
    meet_channel: {
      meet_channel: { type: 'conversations_select', selected_conversation: channel },
    },
    meet_kind: { meet_kind: { type: 'radio_buttons', selected_option: { value: 'social' } } },
  }),
);
const writeDocValues = conversation.map(
  (channelId): Json => ({
    write_doc_title: { title: { type: 'plain_text_input', value: 'Visitor wifi' } },
    write_doc_body: { body: { type: 'plain_text_input', value: 'It is guest-42.' } },
    write_doc_channel: {
      channel: { type: 'static_select', selected_option: { value: channelId } },
    },
  }),
);
const remarkValues = fc.constant({
  remark: { value: { type: 'plain_text_input', value: 'FORGED remark' } },
});

/** A view a payload names: one Mailroom opened for Bob, or one nobody opened. */
const viewId = fc.constantFrom('bob', 'V0NOBODY');

type Request =
  | { kind: 'action'; actionId: string; value: string; where: string; view?: Json }
  | { kind: 'view'; callbackId: string; metadata: Json; values: Json; viewId: string }
  | { kind: 'shortcut'; callbackId: string; channelId: string; ts: string; text: string };

const buttonsInModals: fc.Arbitrary<Request> = fc
  .record({
    actionId: fc.constantFrom(...actionIds),
    value: actionValue,
    viewId,
    callbackId: fc.constantFrom(DECISION_VIEWS.form, DECISION_VIEWS.details, MEET_VIEWS.form),
    metadata,
  })
  .map(
    ({ actionId, value, viewId: id, callbackId, metadata: meta }): Request => ({
      kind: 'action',
      actionId,
      value,
      where: 'modal',
      view: {
        type: 'modal',
        id,
        callback_id: callbackId,
        private_metadata: JSON.stringify(meta),
      },
    }),
  );

const submissions: fc.Arbitrary<Request> = fc
  .oneof(
    fc.record({
      callbackId: fc.constant(DECISION_VIEWS.form),
      metadata: decisionMetadata,
      values: decisionValues,
    }),
    fc.record({
      callbackId: fc.constant(MEET_VIEWS.form),
      metadata: meetMetadata,
      values: meetValues,
    }),
    fc.record({
      callbackId: fc.constant(WRITE_DOC.callbackId),
      metadata: fc.constant({}),
      values: writeDocValues,
    }),
    fc.record({
      callbackId: fc.constantFrom(
        DECISION_VIEWS.object,
        DECISION_VIEWS.comment,
        DECISION_VIEWS.reverse,
        MEET_VIEWS.agenda,
        MEET_VIEWS.preview,
        QUESTION_VIEWS.answer,
      ),
      metadata: idMetadata,
      values: remarkValues,
    }),
  )
  .chain((submission) =>
    viewId.map((id): Request => ({ kind: 'view', ...submission, viewId: id })),
  );

const shortcuts: fc.Arbitrary<Request> = fc.record({
  kind: fc.constant('shortcut' as const),
  callbackId: fc.constantFrom('save_to_mailroom', 'log_decision', 'ask_mailroom'),
  channelId: conversation,
  ts,
  text: words,
});

const requests: fc.Arbitrary<Request> = fc.oneof(
  // Buttons in a conversation, buttons in a modal, form submissions, message shortcuts.
  fc.record({
    kind: fc.constant('action' as const),
    actionId: fc.constantFrom(...actionIds),
    value: actionValue,
    where: conversation,
  }),
  buttonsInModals,
  { arbitrary: submissions, weight: 3 },
  shortcuts,
);

// ------------------------------------------------------------------ the world

/**
 * Mailroom knows every conversation as Slack does; Bob has a decision form open, a decision is
 * proposed in each channel, and each channel has messages a shortcut may name.
 */
async function world(databasePath: string): Promise<{ h: Harness; bobView: string }> {
  const h = await startMailroom({
    now: NOW,
    slack: { users, channels },
    env: { DATABASE_PATH: databasePath },
  });
  const { ctx } = h.mailroom;
  const at = h.clock();
  for (const id of conversationIds.filter((each) => each !== 'C0UNKNOWN')) {
    const channel = channels.find((each) => each.id === id);
    ctx.channels.upsert(
      {
        id,
        name: channel?.name ?? null,
        isPrivate: channel?.isPrivate ?? id.startsWith('D'),
        isIm: id.startsWith('D'),
        archived: false,
      },
      at,
    );
    ctx.channels.setMembers(id, slackMembers(id), at);
  }
  for (const channel of channels) {
    for (const messageTs of ['1773050000.000100', '1773050001.000100']) {
      h.fake.seedMessage(channel.id, { user: BOB, text: 'Bob’s words', ts: messageTs });
    }
    logDecision(ctx, {
      userId: BOB,
      channelId: channel.id,
      draft: {
        title: `Bob’s decision in ${channel.name}`,
        why: 'Because.',
        options: [{ name: 'Option A', pros: 'fast', cons: 'fragile' }],
        chosen: 'Option A',
        tradeOff: 'fast now',
        ownerIds: [BOB],
        consultedIds: [],
        followUps: [],
        status: 'proposed',
        revisitOn: null,
      },
    });
  }
  await h.sender.slashCommand({
    command: '/decision',
    text: 'Bob’s draft',
    userId: BOB,
    channelId: 'C0OTHER',
  });
  const opened = await h.fake.waitForCall('views.open');
  // Their memberships as they stand now: a later read of Slack's lists finds the same.
  h.clock.advance(60_000);
  h.fake.calls.length = 0;
  h.fake.responses.length = 0;
  return { h, bobView: String((opened.response.view as Json).id) };
}

async function send(h: Harness, senderId: string, bobView: string, request: Request) {
  switch (request.kind) {
    case 'action': {
      const view = request.view && {
        ...request.view,
        id: request.view.id === 'bob' ? bobView : request.view.id,
      };
      return h.sender.blockAction({
        userId: senderId,
        actionId: request.actionId,
        value: request.value,
        ...(view ? { view } : { channelId: request.where }),
      });
    }
    case 'view':
      return h.sender.viewSubmission({
        userId: senderId,
        callbackId: request.callbackId,
        privateMetadata: JSON.stringify(request.metadata),
        values: JSON.parse(
          JSON.stringify(request.values).replaceAll(`"${SENDER}"`, `"${senderId}"`),
        ),
        viewId: request.viewId === 'bob' ? bobView : request.viewId,
      });
    case 'shortcut':
      return h.sender.messageShortcut({
        userId: senderId,
        callbackId: request.callbackId,
        channelId: request.channelId,
        message: { type: 'message', user: BOB, ts: request.ts, text: request.text },
      });
  }
}

const memberships = (sqlite: Database.Database) =>
  sqlite
    .prepare('SELECT channel_id, member_id FROM channel_members ORDER BY channel_id, member_id')
    .all();

/** A conversation Mailroom wrote in: a channel or group DM (not a DM with one person). */
const isSharedConversation = (channelId: string) => /^[CG]/.test(channelId);

describe('conversation ids in payloads are claims', () => {
  it.each([
    ['a member', ALICE],
    ['a guest', GUEST],
    ['someone the directory does not know', NOBODY],
  ])(
    'from %s: no membership changes, and nothing goes where Slack does not count them',
    async (_who, senderId) => {
      const databasePath = tempDatabasePath();
      const { h, bobView } = await world(databasePath);
      const before = memberships(h.mailroom.ctx.db.$client);
      try {
        await fc.assert(
          fc.asyncProperty(requests, async (request) => {
            const response = await send(h, senderId, bobView, request);
            expect(response.status).toBeLessThan(500);
          }),
          { seed: SEED, numRuns: RUNS },
        );
        await h.mailroom.tick();
      } finally {
        await h.stop();
      }
      // Only views Mailroom opened for the sender (in this run) are updated.
      const ownViews = new Set(
        h.fake.calls
          .filter((call) => call.method === 'views.open' || call.method === 'views.push')
          .map((call) => String((call.response.view as Json | undefined)?.id)),
      );
      const updated = h.fake.callsTo('views.update').map((call) => String(call.args.view_id));
      expect(updated.filter((id) => !ownViews.has(id))).toEqual([]);

      const wrote = h.fake.calls.filter((call) =>
        ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(call.method),
      );
      const intruding = wrote
        .map((call) => String(call.args.channel))
        .filter((id) => isSharedConversation(id) && !slackMembers(id).includes(senderId));
      expect(intruding).toEqual([]);
      const inChannel = h.fake.responses.filter((r) => r.body.response_type === 'in_channel');
      expect(inChannel).toEqual([]);
      expect(h.logs.errors().map((entry) => entry.args)).toEqual([]);
      // Read once the app stopped, so that work started by a request has finished.
      const sqlite = new Database(databasePath, { readonly: true });
      const after = memberships(sqlite);
      sqlite.close();
      expect(after).toEqual(before);
    },
    60_000,
  );
});
