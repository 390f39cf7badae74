import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findButton, textOf } from '../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../support/harness.js';

/**
 * Who may do what, sent as Slack sends it: every action, view and command that names an object,
 * by its owner, by an outsider, by a guest, and by someone who may see the object but not do
 * this to it, with the ids in values and private metadata chosen by the sender.
 */

// Monday 10:00 UTC: everyone below works 09:00-17:00 UTC, so what is queued is delivered at once.
const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';

const ASKER = 'U0ASKER';
const EXPERT = 'U0EXPERT';
/** In the private channel: may see its questions, but they are not theirs to answer. */
const PEER = 'U0PEER';
/** A full member, in #general only. */
const OUTSIDER = 'U0OUT';
/** A multi-channel guest, in #guests only. */
const GUEST = 'U0GUEST';
const ADMIN = 'U0ADMIN';

const users: FakeUser[] = [
  { id: ASKER, name: 'ada', tz: 'UTC' },
  { id: EXPERT, name: 'eve', tz: 'UTC' },
  { id: PEER, name: 'pat', tz: 'UTC' },
  { id: OUTSIDER, name: 'otto', tz: 'UTC' },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
  { id: ADMIN, name: 'ana', tz: 'UTC', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ASKER, EXPERT, PEER, OUTSIDER, ADMIN, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [ASKER, PEER, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [ASKER, GUEST, BOT] },
];

const SECRET_QUESTION = 'Who approves the Falcon budget this quarter?';
const SECRET_BLOCKER = 'Falcon staging keys';
const CHANNEL_QUESTION = 'Where is visitor parking?';
const FORGED = 'FORGED by someone who may not';

/** Everything an object could give away; no refusal may contain any of it. */
const REVEALING = [
  SECRET_QUESTION,
  CHANNEL_QUESTION,
  'Falcon',
  'Holiday calendar',
  'Deploy runbook',
  'Guest wifi',
  SECRET_BLOCKER,
  'Falcon rehearsal',
  `<@${ASKER}>`,
];

/** What the world holds once built: the ids a forger would put in a request. */
interface World {
  h: Harness;
  /** Asked in the private channel, with the expert. */
  secretQuestion: number;
  secretItem: number;
  /** Asked in #general; no expert was left, so it was put to #general. */
  channelQuestion: number;
  /** Drafts: each person's /ask that the docs answered, not settled yet. */
  askerDraft: number;
  outsiderDraft: number;
  guestDraft: number;
  handbookDoc: number;
  generalDoc: number;
  secretDoc: number;
  /** A message in #general, and the one in the private channel. */
  generalMessage: Json;
  secretMessage: Json;
  /** The asker's standup in the private channel; the peer's prompt for `standupDate` and blocker. */
  secretStandup: number;
  standupDate: string;
  secretBlocker: number;
}

async function slash(h: Harness, userId: string, command: string, text: string, channelId: string) {
  h.fake.responses.length = 0;
  await h.sender.slashCommand({ command, text, userId, channelId });
  const reply = await h.fake.waitForResponse();
  return { text: `${reply.body.text}\n${textOf(reply.body.blocks)}`, blocks: reply.body.blocks };
}

async function buildWorld(): Promise<World> {
  const h = await startMailroom({ now: NOW, slack: { users, channels } });
  const { ctx } = h.mailroom;
  const added = await slash(
    h,
    ADMIN,
    '/mailroom',
    `experts add falcon, parking <@${EXPERT}|eve>`,
    'C0GENERAL',
  );
  expect(added.text).toContain('Added');
  await slash(
    h,
    ADMIN,
    '/mailroom',
    `experts add <#C0SECRET|secret> <@${EXPERT}|eve>`,
    'C0GENERAL',
  );

  const at = h.clock();
  const doc = (input: Parameters<typeof ctx.knowledge.upsert>[0]) =>
    ctx.knowledge.upsert(input, at).document.id;
  const handbookDoc = doc({
    title: 'Holiday calendar',
    body: 'Public holidays are listed per country in the HR portal.',
    source: 'import',
    sourceKey: 'import:holidays.md',
  });
  const generalDoc = doc({
    title: 'Deploy runbook',
    body: 'Run make ship from main.',
    source: 'message',
    channelId: 'C0GENERAL',
  });
  const secretDoc = doc({
    title: 'Falcon launch date',
    body: 'Falcon launches on 1 April; keep it quiet.',
    source: 'message',
    channelId: 'C0SECRET',
    visibility: 'channel',
  });
  doc({
    title: 'Guest wifi',
    body: 'The guest wifi password is on the whiteboard.',
    source: 'message',
    channelId: 'C0GUESTS',
  });

  const secret = await slash(h, ASKER, '/ask', SECRET_QUESTION, 'C0SECRET');
  expect(secret.text).toContain(`I asked <@${EXPERT}>`);
  const general = await slash(h, ASKER, '/ask', CHANNEL_QUESTION, 'C0GENERAL');
  expect(general.text).toContain(`I asked <@${EXPERT}>`);
  await h.mailroom.tick();
  const [secretItem, channelItem] = ctx.queue.openForRecipient(EXPERT);
  if (!secretItem || !channelItem) throw new Error('the expert should have two questions');

  // The expert passes the #general question on with nobody to suggest: it goes to #general.
  await h.sender.viewSubmission({
    userId: EXPERT,
    callbackId: 'question_reassign_modal',
    privateMetadata: JSON.stringify({ itemId: channelItem.id }),
    values: { reassign_to: { reassign_user: { type: 'users_select', selected_user: null } } },
  });
  await h.fake.waitForCall('chat.postMessage', (call) => call.args.channel === 'C0GENERAL');
  const channelQuestion = Number(channelItem.payload.questionId);
  // The asker is told last, once the question was put to the channel.
  await eventually(() =>
    expect(ctx.queue.findByKey(`question-exhausted:${channelQuestion}`)).toBeDefined(),
  );

  const draft = async (userId: string, text: string, channelId: string) => {
    const reply = await slash(h, userId, '/ask', text, channelId);
    expect(reply.text).toContain('The team already wrote about this');
    return Number(findButton(reply.blocks, 'ask_a_person').value);
  };
  const askerDraft = await draft(ASKER, 'Holiday calendar', 'C0GENERAL');
  const outsiderDraft = await draft(OUTSIDER, 'Holiday calendar', 'C0GENERAL');
  const guestDraft = await draft(GUEST, 'Guest wifi password', 'C0GUESTS');

  const generalMessage = h.fake.seedMessage('C0GENERAL', {
    user: PEER,
    text: 'Lunch is at noon on Fridays',
  });
  const saved = await h.sender.messageShortcut({
    userId: PEER,
    callbackId: 'save_to_mailroom',
    channelId: 'C0GENERAL',
    message: withoutChannel(generalMessage),
  });
  expect(saved.status).toBe(200);
  await eventually(() =>
    expect(ctx.knowledge.findBySourceKey(`message:C0GENERAL:${generalMessage.ts}`)).toBeDefined(),
  );
  const secretMessage = h.fake.seedMessage('C0SECRET', {
    user: PEER,
    text: 'The Falcon codename is pineapple',
  });
  await h.mailroom.tick();
  const standup = await buildStandup(h);
  h.fake.calls.length = 0;
  h.fake.responses.length = 0;
  return {
    h,
    secretQuestion: Number(secretItem.payload.questionId),
    secretItem: secretItem.id,
    channelQuestion,
    askerDraft,
    outsiderDraft,
    guestDraft,
    handbookDoc,
    generalDoc,
    secretDoc,
    generalMessage: withoutChannel(generalMessage),
    secretMessage: withoutChannel(secretMessage),
    ...standup,
  };
}

const standupSetupValues = (members: string[]) => {
  const selected = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  return {
    standup_name: { value: { type: 'plain_text_input', value: 'Falcon standup' } },
    standup_questions: { value: { type: 'plain_text_input', value: 'Done?\nNext?' } },
    standup_blockers: { value: { type: 'checkboxes', selected_options: [selected('yes')] } },
    standup_days: {
      value: { type: 'checkboxes', selected_options: ['1', '2', '3', '4', '5'].map(selected) },
    },
    standup_prompt_mode: {
      value: { type: 'radio_buttons', selected_option: selected('team_zone') },
    },
    standup_prompt_time: { value: { type: 'timepicker', selected_time: '10:01' } },
    standup_team_zone: { value: { type: 'plain_text_input', value: 'UTC' } },
    standup_member_mode: { value: { type: 'radio_buttons', selected_option: selected('chosen') } },
    standup_members: { value: { type: 'multi_users_select', selected_users: members } },
    standup_destination: { value: { type: 'radio_buttons', selected_option: selected('thread') } },
    standup_report_time: { value: { type: 'timepicker', selected_time: '17:00' } },
    standup_reminder: { value: { type: 'static_select', selected_option: selected('none') } },
  };
};

const standupAnswerValues = (text: string, blocker: string | null, owner: string | null) => ({
  standup_q0: { value: { type: 'plain_text_input', value: text } },
  standup_q1: { value: { type: 'plain_text_input', value: text } },
  standup_blocker: { value: { type: 'plain_text_input', value: blocker } },
  standup_blocker_owner: { value: { type: 'users_select', selected_user: owner } },
});

/**
 * A standup in the private channel, run by the asker for the asker and the peer: the peer is
 * asked at 10:01 and answers with a blocker for the asker.
 */
async function buildStandup(h: Harness) {
  const { ctx } = h.mailroom;
  await h.sender.slashCommand({
    command: '/standup',
    text: '',
    userId: ASKER,
    channelId: 'C0SECRET',
  });
  await eventually(() => expect(ctx.channels.isMember('C0SECRET', BOT)).toBe(true));
  const view = (await eventually(() => {
    const call = h.fake.callsTo('views.open').at(-1);
    if (!call || !JSON.stringify(call.args.view).includes('standup_setup'))
      throw new Error('no form');
    return call.args.view;
  })) as Json;
  await h.sender.viewSubmission({
    userId: ASKER,
    callbackId: 'standup_setup',
    privateMetadata: String(view.private_metadata),
    values: standupSetupValues([ASKER, PEER]),
  });
  const [standup] = ctx.standups.inChannel('C0SECRET');
  if (!standup) throw new Error('no standup');
  h.clock.advance(60_000);
  await h.mailroom.tick();
  const standupDate = '2026-03-09';
  await h.sender.viewSubmission({
    userId: PEER,
    callbackId: 'standup_answer_modal',
    privateMetadata: JSON.stringify({ standupId: standup.id, date: standupDate }),
    values: standupAnswerValues('Falcon rehearsal', SECRET_BLOCKER, ASKER),
  });
  const blocker = await eventually(() => {
    const found = ctx.standups.openBlockers(standup.id)[0];
    if (!found) throw new Error('no blocker');
    return found;
  });
  // The answer is in the channel, and the peer's prompt says so.
  await eventually(() => {
    expect(ctx.standups.entryFor(standup.id, PEER, standupDate)?.postedTs).not.toBeNull();
    expect(h.fake.callsTo('chat.update').some((c) => String(c.args.channel).startsWith('D'))).toBe(
      true,
    );
  });
  await h.mailroom.tick();
  return { secretStandup: standup.id, standupDate, secretBlocker: blocker.id };
}

function withoutChannel(message: Json): Json {
  const { channel: _channel, ...rest } = message;
  return rest;
}

// ---------------------------------------------------------------- sending one request

type Request =
  | { kind: 'button'; actionId: string; value: string; channelId?: string }
  | { kind: 'view'; callbackId: string; metadata: unknown; values: Json }
  | { kind: 'command'; command: string; text: string; channelId?: string }
  | { kind: 'shortcut'; channelId: string; message: Json };

const answerValues = (text: string) => ({
  answer: { answer_text: { type: 'plain_text_input', value: text } },
});
const reassignValues = (userId: string | null) => ({
  reassign_to: { reassign_user: { type: 'users_select', selected_user: userId } },
});

/**
 * Sends the request as `userId` and returns what they were told: the ephemeral reply (for a
 * button, a command or a shortcut) or the response to a view submission. For a button that
 * opens a modal instead, the modal.
 */
async function send(h: Harness, userId: string, request: Request): Promise<string> {
  h.fake.responses.length = 0;
  switch (request.kind) {
    case 'button': {
      const opened = h.fake.callsTo('views.open').length;
      await h.sender.blockAction({
        userId,
        actionId: request.actionId,
        value: request.value,
        channelId: request.channelId ?? 'C0GENERAL',
      });
      return Promise.race([
        h.fake.waitForResponse().then((reply) => JSON.stringify(reply.body)),
        eventually(() => {
          const call = h.fake.callsTo('views.open')[opened];
          if (!call) throw new Error('no modal yet');
          return `modal ${JSON.stringify(call.args.view)}`;
        }),
      ]);
    }
    case 'view': {
      const response = await h.sender.viewSubmission({
        userId,
        callbackId: request.callbackId,
        privateMetadata: JSON.stringify(request.metadata),
        values: request.values,
      });
      return response.body;
    }
    case 'command': {
      await h.sender.slashCommand({
        userId,
        command: request.command,
        text: request.text,
        channelId: request.channelId ?? 'C0GENERAL',
      });
      return JSON.stringify((await h.fake.waitForResponse()).body);
    }
    case 'shortcut': {
      await h.sender.messageShortcut({
        userId,
        callbackId: 'save_to_mailroom',
        channelId: request.channelId,
        message: request.message,
      });
      return JSON.stringify((await h.fake.waitForResponse()).body);
    }
  }
}

/** What must not change when a request is refused. */
const STATE = {
  questions: 'id',
  question_followers: 'question_id, user_id',
  queue_items: 'id',
  documents: 'id',
  document_aliases: 'id',
  channel_members: 'channel_id, member_id',
  topic_experts: 'id',
  standups: 'id',
  standup_members: 'standup_id, member_id',
  standup_entries: 'id',
  standup_blockers: 'id',
  standup_days: 'standup_id, date',
} as const;

function snapshot(h: Harness): Record<string, unknown[]> {
  const db = h.mailroom.ctx.db.$client;
  return Object.fromEntries(
    Object.entries(STATE).map(([table, order]) => [
      table,
      db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all(),
    ]),
  );
}

const WRITES = [
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'views.open',
  'views.push',
];

// ---------------------------------------------------------------- the matrix

const MSG = {
  noItem: 'I can’t find that question in your queue.',
  noOwnItem: 'I can’t find that in your queue.',
  noQuestion: 'I can’t find that question any more.',
  noDraft: 'I can’t find that question. Please ask again with `/ask`.',
  notYours: 'That question isn’t yours to answer',
  noDocument: 'I can’t find that document',
  notAdmin: 'Only workspace admins',
  notYourConversation: 'I can only save messages from conversations I know you are in',
  noMessage: 'I can’t find that message in Slack',
  noPrompt: 'I can’t find that standup prompt.',
  noBlocker: 'I can’t find that blocker in your queue.',
  noStandup: 'I can’t find that standup any more.',
  notStandupOwner: 'Only the standup’s owner or a workspace admin can change it.',
  notInChannel: 'Only members of a channel can set up its standup',
};

type Who = 'owner' | 'outsider' | 'guest' | 'bystander';

interface Case {
  /** The action id, view callback or command. */
  name: string;
  who: Who;
  as: string;
  request: (w: World) => Request;
  /** What the reply says. */
  says: string;
}

/** Refusals: each is sent into one shared world, and must leave it exactly as it was. */
const refusals: Case[] = [
  ...(['question_answer', 'question_reassign', 'question_snooze'] as const).flatMap((actionId) =>
    (
      [
        ['outsider', OUTSIDER],
        ['guest', GUEST],
        ['bystander', PEER],
        ['bystander', ASKER],
      ] as const
    ).map(
      ([who, as]): Case => ({
        name: actionId,
        who,
        as,
        request: (w) => ({ kind: 'button', actionId, value: String(w.secretItem) }),
        says: actionId === 'question_snooze' ? MSG.noOwnItem : MSG.noItem,
      }),
    ),
  ),
  ...(
    [
      ['outsider', OUTSIDER, 'secretQuestion', MSG.noQuestion],
      ['guest', GUEST, 'channelQuestion', MSG.noQuestion],
      ['guest', GUEST, 'secretQuestion', MSG.noQuestion],
      ['bystander', PEER, 'secretQuestion', MSG.notYours],
      ['bystander', ASKER, 'channelQuestion', MSG.notYours],
    ] as const
  ).map(
    ([who, as, question, says]): Case => ({
      name: 'question_answer_channel',
      who,
      as,
      request: (w) => ({
        kind: 'button',
        actionId: 'question_answer_channel',
        value: String(w[question]),
      }),
      says,
    }),
  ),
  ...(
    [
      ['outsider', OUTSIDER, 'secretQuestion', MSG.noQuestion],
      ['guest', GUEST, 'channelQuestion', MSG.noQuestion],
      ['bystander', PEER, 'secretQuestion', MSG.notYours],
      ['bystander', ASKER, 'channelQuestion', MSG.notYours],
    ] as const
  ).map(
    ([who, as, question, says]): Case => ({
      name: 'question_answer_modal',
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'question_answer_modal',
        metadata: {
          questionId: w[question],
          itemId: question === 'secretQuestion' ? w.secretItem : null,
        },
        values: answerValues(FORGED),
      }),
      says,
    }),
  ),
  ...(
    [
      ['outsider', OUTSIDER],
      ['guest', GUEST],
      ['bystander', PEER],
    ] as const
  ).map(
    ([who, as]): Case => ({
      name: 'question_reassign_modal',
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'question_reassign_modal',
        metadata: { itemId: w.secretItem },
        values: reassignValues(as),
      }),
      says: MSG.noItem,
    }),
  ),
  {
    name: 'ask_this_answers',
    who: 'outsider',
    as: OUTSIDER,
    request: (w) => thisAnswers(w.outsiderDraft, w.secretDoc),
    says: MSG.noDocument,
  },
  {
    name: 'ask_this_answers',
    who: 'guest',
    as: GUEST,
    request: (w) => thisAnswers(w.guestDraft, w.handbookDoc),
    says: MSG.noDocument,
  },
  {
    name: 'ask_this_answers',
    who: 'guest',
    as: GUEST,
    request: (w) => thisAnswers(w.guestDraft, w.generalDoc),
    says: MSG.noDocument,
  },
  {
    name: 'ask_this_answers',
    who: 'bystander',
    as: OUTSIDER,
    request: (w) => thisAnswers(w.askerDraft, w.generalDoc),
    says: MSG.noDraft,
  },
  ...(['ask_a_person', 'ask_anyway'] as const).flatMap((actionId) =>
    (
      [
        ['outsider', OUTSIDER, 'askerDraft'],
        ['guest', GUEST, 'askerDraft'],
        ['bystander', PEER, 'secretQuestion'],
      ] as const
    ).map(
      ([who, as, question]): Case => ({
        name: actionId,
        who,
        as,
        request: (w) => ({ kind: 'button', actionId, value: String(w[question]) }),
        says: MSG.noDraft,
      }),
    ),
  ),
  {
    name: 'ask_follow',
    who: 'outsider',
    as: OUTSIDER,
    request: (w) => follow(w.outsiderDraft, w.secretQuestion),
    says: MSG.noQuestion,
  },
  {
    name: 'ask_follow',
    who: 'guest',
    as: GUEST,
    request: (w) => follow(w.guestDraft, w.channelQuestion),
    says: MSG.noQuestion,
  },
  {
    name: 'ask_follow',
    who: 'guest',
    as: GUEST,
    request: (w) => follow(w.guestDraft, w.secretQuestion),
    says: MSG.noQuestion,
  },
  {
    name: 'ask_follow',
    who: 'bystander',
    as: PEER,
    request: (w) => follow(w.askerDraft, w.secretQuestion),
    says: MSG.noDraft,
  },
  {
    name: 'save_to_mailroom',
    who: 'outsider',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'shortcut',
      channelId: 'C0SECRET',
      message: { ...w.secretMessage, text: FORGED },
    }),
    says: MSG.notYourConversation,
  },
  {
    name: 'save_to_mailroom',
    who: 'guest',
    as: GUEST,
    request: (w) => ({ kind: 'shortcut', channelId: 'C0GENERAL', message: w.generalMessage }),
    says: MSG.notYourConversation,
  },
  {
    name: 'save_to_mailroom',
    who: 'bystander',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'shortcut',
      channelId: 'C0GENERAL',
      message: { ...w.generalMessage, text: FORGED },
    }),
    // The message is taken from Slack, not from the payload: the saved document stays as it was.
    says: 'Already in Mailroom, nothing changed: *Lunch is at noon on Fridays*',
  },
  {
    name: 'save_to_mailroom',
    who: 'bystander',
    as: OUTSIDER,
    request: () => ({
      kind: 'shortcut',
      channelId: 'C0GENERAL',
      message: { ts: '1773050000.000100', user: ASKER, text: FORGED },
    }),
    says: MSG.noMessage,
  },
  {
    name: '/mailroom experts',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'command',
      command: '/mailroom',
      text: `experts add falcon <@${OUTSIDER}|otto>`,
    }),
    says: MSG.notAdmin,
  },
  {
    name: '/mailroom experts',
    who: 'guest',
    as: GUEST,
    request: () => ({
      kind: 'command',
      command: '/mailroom',
      text: 'experts remove falcon',
      channelId: 'C0GUESTS',
    }),
    says: MSG.notAdmin,
  },
  {
    name: '/mailroom experts',
    who: 'bystander',
    as: PEER,
    request: () => ({
      kind: 'command',
      command: '/mailroom',
      text: `experts add <#C0SECRET|secret> <@${PEER}|pat>`,
    }),
    says: MSG.notAdmin,
  },
  ...(['standup_answer', 'standup_skip'] as const).flatMap((actionId) =>
    (
      [
        ['outsider', OUTSIDER],
        ['guest', GUEST],
        ['outsider', ADMIN],
      ] as const
    ).map(
      ([who, as]): Case => ({
        name: actionId,
        who,
        as,
        request: (w) => ({
          kind: 'button',
          actionId,
          value: `${w.secretStandup}:${w.standupDate}`,
        }),
        says: MSG.noPrompt,
      }),
    ),
  ),
  ...(
    [
      ['outsider', OUTSIDER],
      ['guest', GUEST],
    ] as const
  ).map(
    ([who, as]): Case => ({
      name: 'standup_answer_modal',
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'standup_answer_modal',
        metadata: { standupId: w.secretStandup, date: w.standupDate },
        values: standupAnswerValues(FORGED, FORGED, null),
      }),
      says: MSG.noPrompt,
    }),
  ),
  ...(['standup_blocker_resolved', 'standup_blocker_not_me'] as const).flatMap((actionId) =>
    (
      [
        ['outsider', OUTSIDER],
        ['guest', GUEST],
        ['bystander', PEER],
      ] as const
    ).map(
      ([who, as]): Case => ({
        name: actionId,
        who,
        as,
        request: (w) => ({ kind: 'button', actionId, value: String(w.secretBlocker) }),
        says: MSG.noBlocker,
      }),
    ),
  ),
  ...(
    [
      ['outsider', OUTSIDER],
      ['bystander', PEER],
    ] as const
  ).map(
    ([who, as]): Case => ({
      name: 'standup_blocker_pass',
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'standup_blocker_pass',
        metadata: { blockerId: w.secretBlocker },
        values: { standup_pass_to: { value: { type: 'users_select', selected_user: as } } },
      }),
      says: MSG.noBlocker,
    }),
  ),
  ...(['standup_edit', 'standup_pause', 'standup_delete'] as const).flatMap((actionId) =>
    (
      [
        ['outsider', OUTSIDER, MSG.noStandup],
        ['guest', GUEST, MSG.noStandup],
        ['outsider', ADMIN, MSG.noStandup],
        ['bystander', PEER, MSG.notStandupOwner],
      ] as const
    ).map(
      ([who, as, says]): Case => ({
        name: actionId,
        who,
        as,
        request: (w) => ({ kind: 'button', actionId, value: String(w.secretStandup) }),
        says,
      }),
    ),
  ),
  {
    name: 'standup_setup',
    who: 'bystander',
    as: PEER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'standup_setup',
      metadata: { channelId: 'C0SECRET', standupId: w.secretStandup },
      values: standupSetupValues([PEER]),
    }),
    says: MSG.notStandupOwner,
  },
  {
    name: 'standup_setup',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'view',
      callbackId: 'standup_setup',
      metadata: { channelId: 'C0SECRET', standupId: null },
      values: standupSetupValues([OUTSIDER]),
    }),
    says: MSG.notInChannel,
  },
  {
    name: '/standup history',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({ kind: 'command', command: '/standup', text: `history <@${PEER}|pat>` }),
    says: `No standup answers from <@${PEER}> that you can see.`,
  },
];

function thisAnswers(draft: number, documentId: number): Request {
  return { kind: 'button', actionId: 'ask_this_answers', value: `${draft}:${documentId}` };
}

function follow(draft: number, existing: number): Request {
  return { kind: 'button', actionId: 'ask_follow', value: `${draft}:${existing}` };
}

describe('authorization matrix: refusals change nothing and reveal nothing', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(async () => {
    await world?.h.stop();
  });

  it.each(refusals.map((row) => [`${row.name} by the ${row.who} ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      const { h } = world;
      const before = snapshot(h);
      const firstCall = h.fake.calls.length;

      const reply = await send(h, row.as, row.request(world));

      expect(reply).toContain(row.says);
      for (const secret of [...REVEALING, FORGED]) expect(reply).not.toContain(secret);
      expect(snapshot(h)).toEqual(before);
      const writes = h.fake.calls.slice(firstCall).filter((call) => WRITES.includes(call.method));
      expect(writes).toEqual([]);
      // Nothing was queued, so the minute tick sends nobody anything, forged or not.
      const report = await h.mailroom.tick();
      expect(report.delivery.delivered).toBe(0);
      const posted = h.fake.calls.slice(firstCall).filter((c) => c.method === 'chat.postMessage');
      expect(JSON.stringify(posted)).not.toContain(FORGED);
      expect(snapshot(h)).toEqual(before);
      expect(h.logs.errors()).toEqual([]);
    },
  );

  it('records when a question was put to its channel, whose members may then answer it', () => {
    const { ctx } = world.h.mailroom;
    expect(ctx.questions.get(world.channelQuestion)?.askedInChannelAt).toBe(Date.parse(NOW));
    expect(ctx.questions.get(world.secretQuestion)?.askedInChannelAt).toBeNull();
  });

  it('lists experts without naming a private channel to someone outside it', async () => {
    const { h } = world;
    const outsider = await send(h, OUTSIDER, {
      kind: 'command',
      command: '/mailroom',
      text: 'experts',
    });
    expect(outsider).toContain('“falcon”: eve');
    expect(outsider).not.toContain('C0SECRET');
    const member = await send(h, PEER, { kind: 'command', command: '/mailroom', text: 'experts' });
    expect(member).toContain('<#C0SECRET>: eve');
  });
});

/** What the owner may do, each in a world of its own (it changes things). */
const owners: (Case & {
  /** What the request did, besides the reply. */
  changed?: (w: World, reply: string) => void | Promise<void>;
})[] = [
  {
    name: 'question_answer',
    who: 'owner',
    as: EXPERT,
    request: (w) => ({ kind: 'button', actionId: 'question_answer', value: String(w.secretItem) }),
    says: SECRET_QUESTION,
    changed: (_w, reply) => expect(reply).toMatch(/^modal /),
  },
  {
    name: 'question_answer_channel',
    who: 'owner',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'button',
      actionId: 'question_answer_channel',
      value: String(w.channelQuestion),
    }),
    says: CHANNEL_QUESTION,
    changed: (_w, reply) => expect(reply).toMatch(/^modal /),
  },
  {
    name: 'question_reassign',
    who: 'owner',
    as: EXPERT,
    request: (w) => ({
      kind: 'button',
      actionId: 'question_reassign',
      value: String(w.secretItem),
    }),
    says: 'question_reassign_modal',
    changed: (_w, reply) => expect(reply).toMatch(/^modal /),
  },
  {
    name: 'question_snooze',
    who: 'owner',
    as: EXPERT,
    request: (w) => ({ kind: 'button', actionId: 'question_snooze', value: String(w.secretItem) }),
    says: 'Snoozed: I will bring it back',
    changed: (w) => expect(w.h.mailroom.ctx.queue.get(w.secretItem)?.state).toBe('snoozed'),
  },
  {
    name: 'question_answer_modal',
    who: 'owner',
    as: EXPERT,
    request: (w) => ({
      kind: 'view',
      callbackId: 'question_answer_modal',
      metadata: { questionId: w.secretQuestion, itemId: w.secretItem },
      values: answerValues('The CFO approves it.'),
    }),
    says: '"response_action":"update"',
    changed: (w) =>
      expect(w.h.mailroom.ctx.questions.get(w.secretQuestion)).toMatchObject({
        state: 'answered',
        answeredBy: EXPERT,
      }),
  },
  {
    name: 'question_answer_modal',
    who: 'owner',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'question_answer_modal',
      metadata: { questionId: w.channelQuestion, itemId: null },
      values: answerValues('Level -1, bays 20 to 30.'),
    }),
    says: '"response_action":"update"',
    changed: (w) =>
      expect(w.h.mailroom.ctx.questions.get(w.channelQuestion)).toMatchObject({
        state: 'answered',
        answeredBy: OUTSIDER,
      }),
  },
  {
    name: 'question_reassign_modal',
    who: 'owner',
    as: EXPERT,
    request: (w) => ({
      kind: 'view',
      callbackId: 'question_reassign_modal',
      metadata: { itemId: w.secretItem },
      values: reassignValues(PEER),
    }),
    says: '',
    changed: async (w) => {
      expect(w.h.mailroom.ctx.queue.get(w.secretItem)?.state).toBe('skipped');
      await eventually(() => expect(w.h.mailroom.ctx.queue.openForRecipient(PEER)).toHaveLength(1));
    },
  },
  {
    name: 'ask_this_answers',
    who: 'owner',
    as: ASKER,
    request: (w) => thisAnswers(w.askerDraft, w.handbookDoc),
    says: 'I noted your wording',
    changed: (w) =>
      expect(w.h.mailroom.ctx.knowledge.aliasesOf(w.handbookDoc)).toEqual(['holiday calendar']),
  },
  {
    name: 'ask_a_person',
    who: 'owner',
    as: ASKER,
    request: (w) => ({ kind: 'button', actionId: 'ask_a_person', value: String(w.askerDraft) }),
    says: 'I don’t know who could',
  },
  {
    name: 'ask_anyway',
    who: 'owner',
    as: ASKER,
    request: (w) => ({ kind: 'button', actionId: 'ask_anyway', value: String(w.askerDraft) }),
    says: 'I don’t know who could',
  },
  {
    name: 'ask_follow',
    who: 'owner',
    as: OUTSIDER,
    request: (w) => follow(w.outsiderDraft, w.channelQuestion),
    says: 'You are following this question',
    changed: (w) =>
      expect(
        w.h.mailroom.ctx.questions.followers(w.channelQuestion).map((f) => f.userId),
      ).toContain(OUTSIDER),
  },
  {
    name: 'save_to_mailroom',
    who: 'owner',
    as: PEER,
    request: (w) => ({ kind: 'shortcut', channelId: 'C0SECRET', message: w.secretMessage }),
    says: 'Saved to Mailroom',
    changed: (w) =>
      expect(
        w.h.mailroom.ctx.knowledge.findBySourceKey(`message:C0SECRET:${w.secretMessage.ts}`),
      ).toMatchObject({ visibility: 'channel', authorId: PEER }),
  },
  {
    name: 'standup_answer',
    who: 'owner',
    as: PEER,
    request: (w) => ({
      kind: 'button',
      actionId: 'standup_answer',
      value: `${w.secretStandup}:${w.standupDate}`,
      channelId: 'C0SECRET',
    }),
    says: 'standup_answer_modal',
    changed: (_w, reply) => expect(reply).toMatch(/^modal /),
  },
  {
    name: 'standup_answer_modal',
    who: 'owner',
    as: PEER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'standup_answer_modal',
      metadata: { standupId: w.secretStandup, date: w.standupDate },
      values: standupAnswerValues('Falcon rehearsal, take two', null, null),
    }),
    says: '"response_action":"update"',
    changed: (w) =>
      expect(
        w.h.mailroom.ctx.standups.entryFor(w.secretStandup, PEER, w.standupDate)?.answers,
      ).toEqual(['Falcon rehearsal, take two', 'Falcon rehearsal, take two']),
  },
  {
    name: 'standup_blocker_resolved',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'button',
      actionId: 'standup_blocker_resolved',
      value: String(w.secretBlocker),
    }),
    says: 'Resolved.',
    changed: (w) =>
      expect(w.h.mailroom.ctx.standups.blocker(w.secretBlocker)?.state).toBe('resolved'),
  },
  {
    name: 'standup_pause',
    who: 'owner',
    as: ASKER,
    request: (w) => ({ kind: 'button', actionId: 'standup_pause', value: String(w.secretStandup) }),
    says: 'Paused',
    changed: (w) => expect(w.h.mailroom.ctx.standups.get(w.secretStandup)?.state).toBe('paused'),
  },
  {
    name: 'standup_setup',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'standup_setup',
      metadata: { channelId: 'C0SECRET', standupId: w.secretStandup },
      values: standupSetupValues([ASKER]),
    }),
    says: 'Saved',
    changed: (w) =>
      expect(w.h.mailroom.ctx.standups.membersOf(w.secretStandup).map((m) => m.memberId)).toEqual([
        ASKER,
      ]),
  },
  {
    name: '/mailroom experts',
    who: 'owner',
    as: ADMIN,
    request: () => ({
      kind: 'command',
      command: '/mailroom',
      text: `experts add falcon <@${OUTSIDER}|otto>`,
    }),
    says: 'Added 1 expert assignment',
  },
];

describe('authorization matrix: owners may', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.h.stop();
    world = undefined;
  });

  it.each(owners.map((row) => [`${row.name} by the owner ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      world = await buildWorld();
      const reply = await send(world.h, row.as, row.request(world));
      expect(reply).toContain(row.says);
      await row.changed?.(world, reply);
      expect(world.h.logs.errors()).toEqual([]);
    },
  );
});

describe('guests and answers', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.h.stop();
    world = undefined;
  });

  it('gives a guest’s /ask only documents and questions from the guest’s conversations', async () => {
    world = await buildWorld();
    const { h } = world;
    const member = await slash(h, OUTSIDER, '/ask', 'When are public holidays?', 'C0GENERAL');
    expect(member.text).toContain('Holiday calendar');

    const handbook = await slash(h, GUEST, '/ask', 'When are public holidays?', 'C0GUESTS');
    expect(handbook.text).not.toContain('Holiday calendar');
    expect(handbook.text).not.toContain('HR portal');
    const general = await slash(h, GUEST, '/ask', 'How do we ship from main?', 'C0GUESTS');
    expect(general.text).not.toContain('Deploy runbook');
    const own = await slash(h, GUEST, '/ask', 'What is the guest wifi password?', 'C0GUESTS');
    expect(own.text).toContain('Guest wifi');
    // The same question is open in #general, which the guest is not in: no offer to follow it.
    const parking = await slash(h, GUEST, '/ask', CHANNEL_QUESTION, 'C0GUESTS');
    expect(parking.text).not.toContain('Someone already asked');
    expect(parking.text).not.toContain(`<@${ASKER}>`);
  });

  it('sends the answer only to followers who may still see the question', async () => {
    world = await buildWorld();
    const { h } = world;
    const dup = await slash(h, PEER, '/ask', 'Who approves the Falcon budget?', 'C0SECRET');
    expect(dup.text).toContain('Someone already asked');
    const button = findButton(dup.blocks, 'ask_follow');
    expect(
      await send(h, PEER, { kind: 'button', actionId: 'ask_follow', value: button.value }),
    ).toContain('You are following');
    await h.sender.event({
      type: 'member_left_channel',
      user: PEER,
      channel: 'C0SECRET',
      channel_type: 'G',
      event_ts: '1773050400.000100',
    });
    await eventually(() => expect(h.mailroom.ctx.channels.isMember('C0SECRET', PEER)).toBe(false));

    const answered = await send(h, EXPERT, {
      kind: 'view',
      callbackId: 'question_answer_modal',
      metadata: { questionId: world.secretQuestion, itemId: world.secretItem },
      values: answerValues('The CFO approves the Falcon budget.'),
    });
    expect(answered).toContain('"response_action":"update"');
    await h.mailroom.tick();
    const dms = (userId: string) =>
      h.fake
        .messagesIn(userId)
        .map((m) => textOf(m.blocks))
        .join('\n');
    expect(dms(ASKER)).toContain('The CFO approves the Falcon budget.');
    expect(dms(PEER)).not.toContain('The CFO approves');
  });

  it('keeps the answer to a question from a conversation Mailroom cannot describe inside it', async () => {
    world = await buildWorld();
    const { h } = world;
    h.fake.addChannel({ id: 'C0HIDDEN', name: 'hidden', isPrivate: true, members: [ASKER] });
    h.fake.failNext('conversations.info', 'channel_not_found');
    const asked = await slash(h, ASKER, '/ask', 'Is the Falcon demo recorded?', 'C0HIDDEN');
    expect(asked.text).toContain(`I asked <@${EXPERT}>`);
    await h.mailroom.tick();
    const item = h.mailroom.ctx.queue
      .openForRecipient(EXPERT)
      .find((each) => each.channelId === 'C0HIDDEN');
    const sent = await send(h, EXPERT, {
      kind: 'view',
      callbackId: 'question_answer_modal',
      metadata: { questionId: item?.payload.questionId, itemId: item?.id },
      values: answerValues('Yes, the Falcon demo recording is in the drive.'),
    });
    expect(sent).toContain('"response_action":"update"');
    const document = h.mailroom.ctx.knowledge.findBySourceKey(`answer:${item?.payload.questionId}`);
    expect(document).toMatchObject({ visibility: 'channel', channelId: 'C0HIDDEN' });
    const outsider = await slash(h, OUTSIDER, '/ask', 'Is the Falcon demo recorded?', 'C0GENERAL');
    expect(outsider.text).not.toContain('recording is in the drive');
  });
});
