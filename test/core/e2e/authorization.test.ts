import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSubject } from '../../../src/core/services/review-subject.js';
import {
  acceptReview,
  answerConcern,
  raiseConcern,
  startReview,
} from '../../../src/core/services/reviews.js';
import type { RawDecisionDraft } from '../../../src/features/decisions/domain/draft.js';
import { endDecision } from '../../../src/features/decisions/services/change.js';
import { giveInput } from '../../../src/features/decisions/services/input.js';
import { followUpOwnerLeft } from '../../../src/features/decisions/services/leavers.js';
import { logDecision } from '../../../src/features/decisions/services/log.js';
import { findButton, textOf } from '../../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../../support/fake-slack.js';
import {
  eventually,
  type Harness,
  type SavedWorld,
  saveWorld,
  startFromSaved,
  startMailroom,
} from '../../support/harness.js';
import { replyOrModal, tableSnapshot } from '../../support/matrix.js';

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
  /** The asker's meetings with the expert (and the peer): out for votes, a draft, a closed vote. */
  votingMeeting: number;
  draftMeeting: number;
  closedMeeting: number;
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

// Questions the docs half answer go to the expert at once here: these tests are about who
// may see and do what, and the hold has tests of its own.
const ENV = { ASK_HOLD_MINUTES: '0' };

async function buildWorld(): Promise<World> {
  const h = await startMailroom({ now: NOW, slack: { users, channels }, env: ENV });
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
  const meetings = await buildMeetings(h);
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
    ...meetings,
    ...standup,
  };
}

/**
 * `/meet` by the asker: a social meeting out for votes (with the expert and the admin), a draft
 * and a vote the expert closed (with the expert alone).
 */
async function buildMeetings(h: Harness) {
  const { ctx } = h.mailroom;
  // Replies to earlier requests may still be arriving: wait for the one each request gets,
  // so that none arrives later, in the middle of a row.
  const seen = (mark: string) =>
    h.fake.responses.filter((r) => JSON.stringify(r.body).includes(mark));
  const reply = async (mark: string) => {
    const before = seen(mark).length;
    await eventually(() => expect(seen(mark).length).toBe(before + 1));
    return seen(mark)[before] as (typeof h.fake.responses)[number];
  };
  const propose = async (text: string) => {
    const card = reply(text.split(' with ')[0] ?? text);
    await h.sender.slashCommand({ command: '/meet', text, userId: ASKER, channelId: 'C0GENERAL' });
    return Number(findButton((await card).body.blocks, 'meet_cancel').value);
  };
  const send = async (meetingId: number) => {
    const sent = reply('Sent to');
    await h.sender.blockAction({
      userId: ASKER,
      actionId: 'meet_send',
      value: String(meetingId),
      channelId: 'C0GENERAL',
    });
    await sent;
  };
  const votingMeeting = await propose(
    `Falcon team lunch with <@${EXPERT}|eve> <@${ADMIN}|ana> next week`,
  );
  await send(votingMeeting);
  const draftMeeting = await propose(`Falcon launch review with <@${EXPERT}|eve> next week`);
  const closedMeeting = await propose(`Falcon coffee with <@${EXPERT}|eve> next week`);
  await send(closedMeeting);
  for (const slot of [0, 1, 2]) {
    const noted = reply('Noted');
    await h.sender.blockAction({
      userId: EXPERT,
      actionId: `meet_vote_${slot}_works`,
      value: `${closedMeeting}:${slot}:works`,
      channelId: 'C0GENERAL',
    });
    await noted;
  }
  expect(ctx.meetings.get(votingMeeting)?.state).toBe('voting');
  expect(ctx.meetings.get(draftMeeting)?.state).toBe('draft');
  expect(ctx.meetings.get(closedMeeting)?.state).toBe('closed');
  return { votingMeeting, draftMeeting, closedMeeting };
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

/**
 * A world of its own for each test: built once, kept (its database, its fake Slack, its time),
 * then each copy starts Mailroom afresh on a copy of that database.
 */
async function copyOf<W extends { h: Harness }>(
  kept: Promise<{ saved: SavedWorld; ids: Omit<W, 'h'> }>,
  env: Record<string, string> = {},
): Promise<W> {
  const { saved, ids } = await kept;
  return { ...structuredClone(ids), h: await startFromSaved(saved, { env }) } as W;
}

async function keep<W extends { h: Harness }>(
  world: W,
): Promise<{ saved: SavedWorld; ids: Omit<W, 'h'> }> {
  const { h, ...ids } = world;
  try {
    return { saved: await saveWorld(h), ids };
  } finally {
    await h.stop();
  }
}

let keptWorld: Promise<{ saved: SavedWorld; ids: Omit<World, 'h'> }> | undefined;
function freshWorld(): Promise<World> {
  keptWorld ??= buildWorld().then(keep);
  return copyOf<World>(keptWorld, ENV);
}

function withoutChannel(message: Json): Json {
  const { channel: _channel, ...rest } = message;
  return rest;
}

// ---------------------------------------------------------------- sending one request

type Request =
  | { kind: 'button'; actionId: string; value: string; channelId?: string }
  | { kind: 'select'; actionId: string; value: string }
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
      const answered = replyOrModal(h);
      await h.sender.blockAction({
        userId,
        actionId: request.actionId,
        value: request.value,
        channelId: request.channelId ?? 'C0GENERAL',
      });
      return answered();
    }
    case 'select': {
      await h.sender.blockAction({
        userId,
        actionId: request.actionId,
        action: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: request.value },
        },
        channelId: 'C0GENERAL',
      });
      return JSON.stringify((await h.fake.waitForResponse()).body);
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
  meetings: 'id',
  meeting_votes: 'meeting_id, voter_id, slot_index',
  standups: 'id',
  standup_members: 'standup_id, member_id',
  standup_entries: 'id',
  standup_blockers: 'id',
  standup_days: 'standup_id, date',
  audit_entries: 'id',
} as const;

const snapshot = (h: Harness) => tableSnapshot(h, STATE);

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
  noMeeting: 'I can’t find that meeting.',
  notRequester: 'Only the person who proposed this meeting can do that.',
  voteClosed: 'The vote on this meeting has closed.',
  ownMeeting: 'You proposed this meeting: the others vote',
  notYourConversation: 'I can only save messages from conversations I know you are in',
  noMessage: 'I can’t find that message in Slack',
  noPrompt: 'I can’t find that standup prompt.',
  noBlocker: 'I can’t find that blocker in your queue.',
  noStandup: 'I can’t find that standup any more.',
  notStandupOwner: 'Only the standup’s owner or a workspace admin can change it.',
  notInChannel: 'Only members of a channel can set up its standup',
  notWhereYouAre: 'I can’t confirm you are in the conversation this form was opened in.',
};

const meetFormValues = (topic: string, people: string[]) => ({
  meet_topic: { meet_topic: { type: 'plain_text_input', value: topic } },
  meet_people: { meet_people: { type: 'multi_users_select', selected_users: people } },
  meet_duration: { meet_duration: { type: 'static_select', selected_option: { value: '30' } } },
  meet_window: {
    meet_window: { type: 'static_select', selected_option: { value: 'next_week' } },
  },
  meet_kind: { meet_kind: { type: 'radio_buttons', selected_option: { value: 'social' } } },
});

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
  // The Home tab's Done and Snooze until… on someone else's item.
  ...(
    [
      ['outsider', OUTSIDER],
      ['guest', GUEST],
      ['bystander', PEER],
      ['bystander', ASKER],
    ] as const
  ).flatMap(([who, as]): Case[] => [
    {
      name: 'home_item_done',
      who,
      as,
      request: (w) => ({ kind: 'button', actionId: 'home_item_done', value: String(w.secretItem) }),
      says: MSG.noOwnItem,
    },
    {
      name: 'home_item_snooze',
      who,
      as,
      request: (w) => ({
        kind: 'select',
        actionId: 'home_item_snooze',
        value: `${w.secretItem}:next_week`,
      }),
      says: MSG.noOwnItem,
    },
  ]),
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
  ...(
    [
      ['outsider', OUTSIDER, 'secretQuestion', MSG.noDraft],
      ['guest', GUEST, 'channelQuestion', MSG.noDraft],
      ['bystander', PEER, 'channelQuestion', MSG.noDraft],
    ] as const
  ).map(
    ([who, as, question, says]): Case => ({
      name: 'ask_now',
      who,
      as,
      request: (w) => ({ kind: 'button', actionId: 'ask_now', value: String(w[question]) }),
      says,
    }),
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
  // The audit trail is for the people who change team settings: everyone else is told so.
  ...(
    [
      ['outsider', OUTSIDER, 'C0GENERAL'],
      ['guest', GUEST, 'C0GUESTS'],
      ['bystander', PEER, 'C0SECRET'],
      ['bystander', EXPERT, 'C0GENERAL'],
    ] as const
  ).map(
    ([who, as, channelId]): Case => ({
      name: '/mailroom audit',
      who,
      as,
      request: () => ({ kind: 'command', command: '/mailroom', text: 'audit', channelId }),
      says: MSG.notAdmin,
    }),
  ),
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
  // "Ask at the start of their working day", offered after a setup: only who may edit the standup.
  ...(
    [
      ['outsider', OUTSIDER, MSG.noStandup],
      ['guest', GUEST, MSG.noStandup],
      ['outsider', ADMIN, MSG.noStandup],
      ['bystander', PEER, MSG.notStandupOwner],
    ] as const
  ).map(
    ([who, as, says]): Case => ({
      name: 'standup_member_work_start',
      who,
      as,
      request: (w) => ({
        kind: 'button',
        actionId: 'standup_member_work_start',
        value: `${w.secretStandup}:${PEER}`,
      }),
      says,
    }),
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

const meetingButton =
  (actionId: string, value: (w: World) => string) =>
  (w: World): Request => ({
    kind: 'button',
    actionId,
    value: value(w),
  });
const agendaValues = {
  meet_agenda: { meet_agenda: { type: 'plain_text_input', value: FORGED } },
  meet_outcome: { meet_outcome: { type: 'plain_text_input', value: FORGED } },
};

/** Meetings: only participants vote, only while the vote is open; the rest is the requester's. */
refusals.push(
  ...(
    [
      ['outsider', PEER, MSG.noMeeting],
      ['guest', GUEST, MSG.noMeeting],
      ['bystander', ASKER, MSG.ownMeeting],
    ] as const
  ).map(
    ([who, as, says]): Case => ({
      name: 'meet_vote_0_works',
      who,
      as,
      request: meetingButton('meet_vote_0_works', (w) => `${w.votingMeeting}:0:works`),
      says,
    }),
  ),
  {
    name: 'meet_vote_0_cannot',
    who: 'bystander',
    as: EXPERT,
    request: meetingButton('meet_vote_0_cannot', (w) => `${w.closedMeeting}:0:cannot`),
    says: MSG.voteClosed,
  },
  ...(
    [
      ['bystander', EXPERT, MSG.notRequester],
      ['outsider', PEER, MSG.noMeeting],
    ] as const
  ).map(
    ([who, as, says]): Case => ({
      name: 'meet_confirm_0',
      who,
      as,
      request: meetingButton('meet_confirm_0', (w) => `${w.votingMeeting}:0`),
      says,
    }),
  ),
  ...(
    [
      ['bystander', EXPERT, MSG.notRequester],
      ['guest', GUEST, MSG.noMeeting],
    ] as const
  ).map(
    ([who, as, says]): Case => ({
      name: 'meet_cancel',
      who,
      as,
      request: meetingButton('meet_cancel', (w) => String(w.votingMeeting)),
      says,
    }),
  ),
  ...(
    [
      ['bystander', EXPERT, MSG.notRequester],
      ['outsider', OUTSIDER, MSG.noMeeting],
    ] as const
  ).map(
    ([who, as, says]): Case => ({
      name: 'meet_switch_kind',
      who,
      as,
      request: meetingButton('meet_switch_kind', (w) => `${w.draftMeeting}:social`),
      says,
    }),
  ),
  {
    name: 'meet_send',
    who: 'outsider',
    as: OUTSIDER,
    request: meetingButton('meet_send', (w) => String(w.draftMeeting)),
    says: MSG.noMeeting,
  },
  {
    name: 'meet_write_instead',
    who: 'bystander',
    as: EXPERT,
    request: meetingButton('meet_write_instead', (w) => String(w.draftMeeting)),
    says: MSG.notRequester,
  },
  {
    name: 'meet_add_agenda',
    who: 'bystander',
    as: EXPERT,
    request: meetingButton('meet_add_agenda', (w) => String(w.draftMeeting)),
    says: MSG.notRequester,
  },
  {
    name: 'meet_agenda',
    who: 'bystander',
    as: EXPERT,
    request: (w) => ({
      kind: 'view',
      callbackId: 'meet_agenda',
      metadata: { meetingId: w.draftMeeting },
      values: agendaValues,
    }),
    says: MSG.notRequester,
  },
  {
    name: 'meet_preview',
    who: 'outsider',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'meet_preview',
      metadata: { meetingId: w.draftMeeting },
      values: {},
    }),
    says: MSG.noMeeting,
  },
  // The form's origin is a claim: a private channel, a public one the sender is not in, a DM
  // between other people. None becomes a membership, a poll channel or a thread's channel.
  ...(
    [
      ['outsider', OUTSIDER, 'C0SECRET'],
      ['guest', GUEST, 'C0SECRET'],
      ['outsider', OUTSIDER, 'C0GUESTS'],
      ['guest', GUEST, 'C0GENERAL'],
      ['outsider', OUTSIDER, 'D0ASKER'],
    ] as const
  ).map(
    ([who, as, originChannelId]): Case => ({
      name: `meet_form from ${originChannelId}`,
      who,
      as,
      request: () => ({
        kind: 'view',
        callbackId: 'meet_form',
        metadata: { originChannelId },
        values: meetFormValues(FORGED, [EXPERT]),
      }),
      says: MSG.notWhereYouAre,
    }),
  ),
  {
    name: '/meet ledger',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({ kind: 'command', command: '/meet', text: 'ledger <#C0SECRET|secret>' }),
    says: 'I can’t find that channel, or you aren’t in it.',
  },
);

function thisAnswers(draft: number, documentId: number): Request {
  return { kind: 'button', actionId: 'ask_this_answers', value: `${draft}:${documentId}` };
}

function follow(draft: number, existing: number): Request {
  return { kind: 'button', actionId: 'ask_follow', value: `${draft}:${existing}` };
}

describe('authorization matrix: refusals change nothing and reveal nothing', () => {
  let world: World;
  beforeAll(async () => {
    world = await freshWorld();
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
  {
    name: '/mailroom audit',
    who: 'owner',
    as: ADMIN,
    request: () => ({ kind: 'command', command: '/mailroom', text: 'audit' }),
    says: `<@${ADMIN}> changed who answers <#C0SECRET>: nobody → <@${EXPERT}>`,
    changed: (w, reply) => {
      expect(reply).toContain(`<@${ADMIN}> changed who answers “falcon”: nobody → <@${EXPERT}>`);
      expect(w.h.mailroom.ctx.audit.count()).toBe(3);
    },
  },
];

owners.push(
  {
    name: 'meet_vote_0_works',
    who: 'owner',
    as: EXPERT,
    request: meetingButton('meet_vote_0_works', (w) => `${w.votingMeeting}:0:works`),
    says: 'Noted: works for',
    changed: (w) =>
      expect(w.h.mailroom.ctx.meetings.votes(w.votingMeeting)).toMatchObject([
        { voterId: EXPERT, slotIndex: 0, choice: 'works' },
      ]),
  },
  {
    name: 'meet_confirm_0',
    who: 'owner',
    as: ASKER,
    request: meetingButton('meet_confirm_0', (w) => `${w.closedMeeting}:0`),
    says: 'Confirmed:',
    changed: (w) => expect(w.h.mailroom.ctx.meetings.get(w.closedMeeting)?.state).toBe('confirmed'),
  },
  {
    name: 'meet_cancel',
    who: 'owner',
    as: ASKER,
    request: meetingButton('meet_cancel', (w) => String(w.votingMeeting)),
    says: 'Called off.',
    changed: (w) => expect(w.h.mailroom.ctx.meetings.get(w.votingMeeting)?.state).toBe('cancelled'),
  },
  {
    name: 'meet_switch_kind',
    who: 'owner',
    as: ASKER,
    request: meetingButton('meet_switch_kind', (w) => `${w.draftMeeting}:social`),
    says: 'You made this *social*',
  },
  {
    name: 'meet_agenda',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'meet_agenda',
      metadata: { meetingId: w.draftMeeting },
      values: agendaValues,
    }),
    says: '"callback_id":"meet_preview"',
  },
);

describe('authorization matrix: owners may', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.h.stop();
    world = undefined;
  });

  it.each(owners.map((row) => [`${row.name} by the owner ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      world = await freshWorld();
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
    world = await freshWorld();
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
    world = await freshWorld();
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
    world = await freshWorld();
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

// ---------------------------------------------------------------- decisions

/** Decisions of every kind, and the ids a forger would put in a request. */
interface DecisionWorld {
  h: Harness;
  /** Proposed in the private channel, owned by the asker; its follow-up is the peer's. */
  secret: number;
  /** Proposed in #general, owned by the asker, the expert consulted. */
  general: number;
  /** Accepted in #general; its follow-up is the expert's, in the expert's queue. */
  accepted: number;
  acceptedFollowUp: number;
  /** Kept for its owner (the asker) and the person consulted (the peer). */
  kept: number;
  /** The asker's item gathering input on the #general decision. */
  inputItem: number;
  /** In review in #general, owned by the asker, the expert its one reviewer; and its review. */
  inReview: number;
  inReviewReview: number;
  /** #general's decision offered to the admin alone, as if its owner (the asker) had left. */
  offer: number;
  /** The review of a decision rejected while in review (the expert its reviewer): closed. */
  closedReview: number;
  /**
   * A follow-up of an accepted #general decision whose owner left the workspace: the asker,
   * who logged the decision, is asked to name its new owner.
   */
  leaverFollowUp: number;
}

const SECRET_DECISION = 'Falcon budget goes to the launch';
const KEPT_DECISION = 'Falcon hiring plan';

function decisionDraft(title: string, patch: RawDecisionDraft = {}): RawDecisionDraft {
  return {
    title,
    why: 'The quarter needs a call.',
    options: [{ name: 'Option A', pros: 'fast', cons: 'fragile' }],
    chosen: 'Option A',
    tradeOff: 'fast now, fragile later',
    ownerIds: [ASKER],
    consultedIds: [],
    followUps: [],
    status: 'proposed',
    revisitOn: null,
    ...patch,
  };
}

async function buildDecisionWorld(): Promise<DecisionWorld> {
  const h = await startMailroom({ now: NOW, slack: { users, channels } });
  const { ctx } = h.mailroom;
  const at = h.clock();
  for (const channel of channels) {
    ctx.channels.upsert(
      {
        id: channel.id,
        name: channel.name,
        isPrivate: channel.isPrivate ?? false,
        isIm: false,
        archived: false,
      },
      at,
    );
    ctx.channels.setMembers(channel.id, channel.members, at);
  }
  const log = (draft: RawDecisionDraft, channelId: string | null) =>
    logDecision(ctx, { userId: ASKER, draft, channelId }).decision;
  const secret = log(
    decisionDraft(SECRET_DECISION, {
      followUps: [{ text: 'Tell finance', ownerId: PEER, dueOn: null }],
      tags: 'launchcode',
    }),
    'C0SECRET',
  );
  const general = log(
    decisionDraft('Lunch moves to noon', { consultedIds: [EXPERT], tags: 'lunch' }),
    'C0GENERAL',
  );
  const accepted = log(
    decisionDraft('Standups are async', {
      status: 'accepted',
      followUps: [{ text: 'Write the standup guide', ownerId: EXPERT, dueOn: null }],
    }),
    'C0GENERAL',
  );
  const kept = log(decisionDraft(KEPT_DECISION, { consultedIds: [PEER] }), null);
  const reviewed = logDecision(ctx, {
    userId: ASKER,
    draft: decisionDraft('Lunch menu is voted weekly', { reviewerIds: [EXPERT] }),
    channelId: 'C0GENERAL',
  });
  if (!reviewed.review) throw new Error('the decision in review has no review');
  const declined = logDecision(ctx, {
    userId: ASKER,
    draft: decisionDraft('Lunch is catered on Fridays', { reviewerIds: [EXPERT] }),
    channelId: 'C0GENERAL',
  });
  if (!declined.review) throw new Error('the declined decision has no review');
  endDecision(ctx, ASKER, declined.decision.id, 'reject', 'The budget is spent.');
  const offer = ctx.ownership.offer({
    objectKind: 'decision',
    objectId: general.id,
    leaverId: ASKER,
    candidateIds: [ADMIN],
    now: at,
  });
  ctx.members.upsertProfiles([{ ...LEAVER_PROFILE, deleted: false }], at);
  const pager = log(
    decisionDraft('On-call moves to weekly', {
      status: 'accepted',
      followUps: [{ text: 'Hand over the pager', ownerId: LEAVER_PROFILE.id, dueOn: null }],
    }),
    'C0GENERAL',
  );
  ctx.members.upsertProfiles([LEAVER_PROFILE], at);
  followUpOwnerLeft(ctx, LEAVER_PROFILE.id);
  const leaverFollowUp = ctx.decisions.followUps(pager.id)[0];
  giveInput(ctx, PEER, general.id, { kind: 'agree' });
  const inputItem = ctx.queue.openForRecipient(ASKER).find((i) => i.kind === 'decision_input');
  const followUp = ctx.decisions.followUps(accepted.id)[0];
  if (!inputItem || !followUp || !leaverFollowUp) {
    throw new Error('the decision world is incomplete');
  }
  await h.mailroom.tick();
  h.fake.calls.length = 0;
  h.fake.responses.length = 0;
  return {
    h,
    secret: secret.id,
    general: general.id,
    accepted: accepted.id,
    acceptedFollowUp: followUp.id,
    kept: kept.id,
    inputItem: inputItem.id,
    inReview: reviewed.decision.id,
    inReviewReview: reviewed.review.review.id,
    offer: offer.id,
    closedReview: declined.review.review.id,
    leaverFollowUp: leaverFollowUp.id,
  };
}

/** Someone who owned a follow-up and left the workspace; Slack no longer lists them. */
const LEAVER_PROFILE = {
  id: 'U0GONE',
  teamId: 'T0MAILROOM',
  name: 'gone',
  displayName: 'Gone',
  realName: null,
  timeZone: 'UTC',
  isBot: false,
  isAdmin: false,
  isGuest: false,
  deleted: true,
  slackStatusText: null,
  slackStatusEmoji: null,
  slackStatusExpiresAt: null,
  slackUpdatedAt: null,
};

let keptDecisionWorld: Promise<{ saved: SavedWorld; ids: Omit<DecisionWorld, 'h'> }> | undefined;
function freshDecisionWorld(): Promise<DecisionWorld> {
  keptDecisionWorld ??= buildDecisionWorld().then(keep);
  return copyOf<DecisionWorld>(keptDecisionWorld);
}

const DECISION_STATE = [
  'decisions',
  'decision_people',
  'decision_follow_ups',
  'decision_inputs',
  'decision_revisions',
  'decision_tags',
  'document_readers',
  'reviews',
  'review_reviewers',
  'review_concerns',
  'ownership_offers',
] as const;

function decisionSnapshot(h: Harness): Record<string, unknown[]> {
  const db = h.mailroom.ctx.db.$client;
  return {
    ...snapshot(h),
    ...Object.fromEntries(
      DECISION_STATE.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all()]),
    ),
  };
}

const DMSG = {
  unknown: 'I can’t find that decision.',
  edit: 'Only the decision’s owners can edit it.',
  accept: 'Only the decision’s owners can accept it.',
  supersede: 'Only the decision’s owners can supersede it.',
  reverse: 'Only the decision’s owners can reverse it.',
  reject: 'Only the decision’s owners can reject it.',
  deprecate: 'Only the decision’s owners can deprecate it.',
  stillProposed: 'That decision is still proposed: reject it instead.',
  settled: 'That decision is already accepted',
  notYourFollowUp: 'That follow-up belongs to someone else.',
  noFollowUp: 'I can’t find that follow-up.',
  noOwnItem: 'I can’t find that in your queue.',
  notYourConversation: 'I can’t log a decision there',
  notAsked: 'Mailroom asked someone else to name this follow-up’s new owner',
};

interface DecisionCase {
  name: string;
  who: Who;
  as: string;
  request: (w: DecisionWorld) => Request;
  says: string;
}

const decisionButton =
  (actionId: string, which: keyof Omit<DecisionWorld, 'h'>) =>
  (w: DecisionWorld): Request => ({ kind: 'button', actionId, value: String(w[which]) });

const FORGED_ID = 987654;

const formMetadata = (patch: Json) => ({
  channelId: 'C0GENERAL',
  options: 1,
  followUps: 1,
  ...patch,
});
const formValues = (title: string, owners: string[] = [ASKER]) => ({
  title: { value: { type: 'plain_text_input', value: title } },
  why: { value: { type: 'plain_text_input', value: FORGED } },
  // The chosen option is one of the options: what is forged is its name.
  option_name_0: { value: { type: 'plain_text_input', value: FORGED } },
  chosen: { value: { type: 'plain_text_input', value: FORGED } },
  owners: { value: { type: 'multi_users_select', selected_users: owners } },
  status: { value: { type: 'radio_buttons', selected_option: { value: 'accepted' } } },
});
const remark = (text: string) => ({ remark: { value: { type: 'plain_text_input', value: text } } });

/** Each decision button by the outsider, the guest, a bystander who sees it, and a forged id. */
const decisionButtonRefusals: DecisionCase[] = (
  [
    ['decision_agree', 'accepted', DMSG.settled],
    ['decision_object', 'accepted', DMSG.settled],
    ['decision_comment', 'kept', DMSG.unknown],
    ['decision_accept', 'secret', DMSG.accept],
    ['decision_edit', 'secret', DMSG.edit],
    ['decision_supersede', 'secret', DMSG.supersede],
    ['decision_reverse', 'secret', DMSG.reverse],
    ['decision_reject', 'secret', DMSG.reject],
    ['decision_deprecate', 'accepted', DMSG.deprecate],
    ['decision_details', 'kept', DMSG.unknown],
    ['decision_post', 'secret', DMSG.edit],
    ['decision_confirm', 'secret', DMSG.edit],
  ] as const
).flatMap(([actionId, seenBy, bystanderSays]): DecisionCase[] => [
  {
    name: actionId,
    who: 'outsider',
    as: OUTSIDER,
    request: decisionButton(actionId, 'secret'),
    says: DMSG.unknown,
  },
  {
    name: actionId,
    who: 'guest',
    as: GUEST,
    request: decisionButton(actionId, 'general'),
    says: DMSG.unknown,
  },
  {
    name: actionId,
    who: 'bystander',
    // The peer sees the private channel's decision and #general's, but owns neither; the
    // expert is in #general only, so the decision kept for its owners is unknown to them.
    as: seenBy === 'kept' ? EXPERT : PEER,
    request: decisionButton(actionId, seenBy),
    says: bystanderSays,
  },
  {
    name: actionId,
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({ kind: 'button', actionId, value: String(FORGED_ID) }),
    says: DMSG.unknown,
  },
]);

/**
 * Naming a new owner for a follow-up whose owner left, by its button and its form: only the
 * person asked (the asker, who logged the decision) may; a forged follow-up id reveals nothing.
 */
const newOwnerRefusals: DecisionCase[] = (
  [
    ['outsider', OUTSIDER, 'leaverFollowUp', DMSG.notAsked],
    ['bystander', PEER, 'leaverFollowUp', DMSG.notAsked],
    ['guest', GUEST, 'leaverFollowUp', DMSG.unknown],
    ['outsider', OUTSIDER, 'forged', DMSG.noFollowUp],
  ] as const
).flatMap(([who, as, which, says]): DecisionCase[] => {
  const followUpId = (w: DecisionWorld) => (which === 'forged' ? FORGED_ID : w[which]);
  return [
    {
      name: `decision_follow_up_owner${which === 'forged' ? ' (forged id)' : ''}`,
      who,
      as,
      request: (w) => ({
        kind: 'button',
        actionId: 'decision_follow_up_owner',
        value: String(followUpId(w)),
      }),
      says,
    },
    {
      name: `decision_follow_up_owner_modal${which === 'forged' ? ' (forged id)' : ''}`,
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'decision_follow_up_owner_modal',
        metadata: { followUpId: followUpId(w) },
        values: { new_owner: { value: { type: 'users_select', selected_user: as } } },
      }),
      says,
    },
  ];
});

const decisionRefusals: DecisionCase[] = [
  ...decisionButtonRefusals,
  ...newOwnerRefusals,
  {
    name: 'decision_follow_up_done',
    who: 'outsider',
    as: OUTSIDER,
    request: (w) => ({
      kind: 'button',
      actionId: 'decision_follow_up_done',
      value: String(w.h.mailroom.ctx.decisions.followUps(w.secret)[0]?.id),
    }),
    says: DMSG.unknown,
  },
  {
    name: 'decision_follow_up_done',
    who: 'bystander',
    as: PEER,
    request: decisionButton('decision_follow_up_done', 'acceptedFollowUp'),
    says: DMSG.notYourFollowUp,
  },
  {
    name: 'decision_follow_up_done',
    who: 'guest',
    as: GUEST,
    request: () => ({
      kind: 'button',
      actionId: 'decision_follow_up_done',
      value: String(FORGED_ID),
    }),
    says: DMSG.noFollowUp,
  },
  ...(
    [
      ['outsider', OUTSIDER],
      ['guest', GUEST],
      ['bystander', PEER],
    ] as const
  ).map(
    ([who, as]): DecisionCase => ({
      name: 'decision_input_seen',
      who,
      as,
      request: decisionButton('decision_input_seen', 'inputItem'),
      says: DMSG.noOwnItem,
    }),
  ),
  {
    name: 'decision_modal (log)',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'log', channelId: 'C0SECRET' }),
      values: formValues('Forged into the secret channel', [OUTSIDER]),
    }),
    says: DMSG.notYourConversation,
  },
  {
    name: 'decision_modal (log)',
    who: 'guest',
    as: GUEST,
    request: () => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'log' }),
      values: formValues('Forged into general', [GUEST]),
    }),
    says: DMSG.notYourConversation,
  },
  // A public channel the sender is not in, named by the form's metadata or its picker.
  {
    name: 'decision_modal (log)',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'log', channelId: 'C0GUESTS' }),
      values: formValues('Forged into the guests channel', [OUTSIDER]),
    }),
    says: DMSG.notYourConversation,
  },
  {
    name: 'decision_modal (log, post in)',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'log', channelId: null }),
      values: {
        ...formValues('Forged into the guests channel', [OUTSIDER]),
        post_in: { value: { type: 'conversations_select', selected_conversation: 'C0GUESTS' } },
      },
    }),
    says: DMSG.notYourConversation,
  },
  {
    name: 'decision_modal (log)',
    who: 'owner',
    as: ASKER,
    // May log in the private channel, but not name someone outside it.
    request: () => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'log', channelId: 'C0SECRET' }),
      values: formValues('Shared with an outsider', [ASKER, OUTSIDER]),
    }),
    says: `<@${OUTSIDER}> can’t see this conversation`,
  },
  ...(
    [
      ['edit', 'outsider', OUTSIDER, 'secret', DMSG.unknown],
      ['edit', 'bystander', PEER, 'secret', DMSG.edit],
      ['edit', 'guest', GUEST, 'general', DMSG.unknown],
      ['edit', 'outsider', OUTSIDER, 'forged', DMSG.unknown],
      ['supersede', 'outsider', OUTSIDER, 'secret', DMSG.unknown],
      ['supersede', 'bystander', EXPERT, 'general', DMSG.supersede],
    ] as const
  ).map(
    ([mode, who, as, which, says]): DecisionCase => ({
      name: `decision_modal (${mode})`,
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId: 'decision_modal',
        metadata: formMetadata({
          mode,
          decisionId: which === 'forged' ? FORGED_ID : w[which],
        }),
        values: formValues(FORGED),
      }),
      says,
    }),
  ),
  ...(
    [
      ['decision_object_modal', 'outsider', OUTSIDER, 'secret', DMSG.unknown],
      ['decision_object_modal', 'bystander', PEER, 'accepted', DMSG.settled],
      ['decision_comment_modal', 'outsider', OUTSIDER, 'kept', DMSG.unknown],
      ['decision_comment_modal', 'guest', GUEST, 'general', DMSG.unknown],
      ['decision_reverse_modal', 'bystander', PEER, 'secret', DMSG.reverse],
      ['decision_reverse_modal', 'guest', GUEST, 'general', DMSG.unknown],
      ['decision_reverse_modal', 'outsider', OUTSIDER, 'forged', DMSG.unknown],
      ['decision_reverse_modal', 'owner', ASKER, 'general', DMSG.stillProposed],
      ['decision_reject_modal', 'bystander', PEER, 'secret', DMSG.reject],
      ['decision_reject_modal', 'outsider', OUTSIDER, 'forged', DMSG.unknown],
      ['decision_reject_modal', 'owner', ASKER, 'accepted', 'deprecate or reverse it instead'],
      ['decision_deprecate_modal', 'bystander', PEER, 'accepted', DMSG.deprecate],
      ['decision_deprecate_modal', 'guest', GUEST, 'general', DMSG.unknown],
      ['decision_deprecate_modal', 'owner', ASKER, 'general', DMSG.stillProposed],
    ] as const
  ).map(
    ([callbackId, who, as, which, says]): DecisionCase => ({
      name: callbackId,
      who,
      as,
      request: (w) => ({
        kind: 'view',
        callbackId,
        metadata: { decisionId: which === 'forged' ? FORGED_ID : w[which] },
        values: remark(FORGED),
      }),
      says,
    }),
  ),
  // A decision in review: accepting or rejecting it is its owners' alone; its review's buttons
  // are its reviewers'; a forged review id reveals nothing.
  ...(
    [
      ['decision_accept', DMSG.accept],
      ['decision_reject', DMSG.reject],
    ] as const
  ).map(
    ([actionId, says]): DecisionCase => ({
      name: `${actionId} (in review)`,
      who: 'bystander',
      as: PEER,
      request: decisionButton(actionId, 'inReview'),
      says,
    }),
  ),
  {
    name: 'decision_reject_modal (in review)',
    who: 'bystander',
    as: PEER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_reject_modal',
      metadata: { decisionId: w.inReview },
      values: remark(FORGED),
    }),
    says: DMSG.reject,
  },
  ...(['review_agree', 'review_abstain', 'review_concern'] as const).flatMap(
    (actionId): DecisionCase[] => [
      {
        name: `${actionId} (a decision in review)`,
        who: 'owner',
        as: ASKER,
        request: decisionButton(actionId, 'inReviewReview'),
        says: 'Only the people asked to review this can answer it.',
      },
      {
        // Sees the decision in #general, but was not asked: the review is none of theirs.
        name: `${actionId} (a decision in review)`,
        who: 'bystander',
        as: PEER,
        request: decisionButton(actionId, 'inReviewReview'),
        says: 'I can’t find that review.',
      },
      {
        name: `${actionId} (a decision in review)`,
        who: 'guest',
        as: GUEST,
        request: decisionButton(actionId, 'inReviewReview'),
        says: 'I can’t find that review.',
      },
      {
        name: `${actionId} (a decision in review)`,
        who: 'outsider',
        as: OUTSIDER,
        request: () => ({ kind: 'button', actionId, value: String(FORGED_ID) }),
        says: 'I can’t find that review.',
      },
    ],
  ),
  // A review closed with its decision: its own reviewer's answers are refused, with why.
  ...(['review_agree', 'review_abstain', 'review_concern'] as const).map(
    (actionId): DecisionCase => ({
      name: `${actionId} (a closed review)`,
      who: 'owner',
      as: EXPERT,
      request: decisionButton(actionId, 'closedReview'),
      says: 'This review was closed: it was rejected. Nothing more can be added to it.',
    }),
  ),
  {
    name: 'review_proceed (a closed review)',
    who: 'owner',
    as: ASKER,
    request: decisionButton('review_proceed', 'closedReview'),
    says: 'This review was closed: it was rejected.',
  },
  {
    name: 'review_proceed (a decision in review)',
    who: 'bystander',
    as: EXPERT,
    request: decisionButton('review_proceed', 'inReviewReview'),
    says: 'Only the owner can accept it.',
  },
  // Taking over what an owner who left owned: only the people it was offered to; a forged
  // offer id, its other owner, a bystander who sees it and a guest are all refused alike.
  ...(
    [
      ['owner', ASKER, 'offer'],
      ['bystander', PEER, 'offer'],
      ['guest', GUEST, 'offer'],
      ['outsider', OUTSIDER, 'offer'],
      ['outsider', OUTSIDER, 'forged'],
      ['bystander', ADMIN, 'forged'],
    ] as const
  ).map(
    ([who, as, which]): DecisionCase => ({
      name: 'ownership_take_over',
      who,
      as,
      request: (w) => ({
        kind: 'button',
        actionId: 'ownership_take_over',
        value: String(which === 'forged' ? FORGED_ID : w.offer),
      }),
      says: 'Only the people Mailroom offered it to can take it over',
    }),
  ),
  {
    name: '/decision search',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({ kind: 'command', command: '/decision', text: 'search budget hiring plan' }),
    says: 'No decision you can see matches',
  },
  {
    name: '/decision list',
    who: 'guest',
    as: GUEST,
    request: () => ({ kind: 'command', command: '/decision', text: 'list', channelId: 'C0GUESTS' }),
    says: 'No decisions are logged in this conversation yet',
  },
  {
    // The private decision's tag is not named among the tags in use.
    name: '/decision list tag: (a private decision’s tag)',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({ kind: 'command', command: '/decision', text: 'list tag:launchcode' }),
    says: 'No decision you can see is tagged “launchcode”. Tags in use: lunch.',
  },
  {
    name: '/decision search status:',
    who: 'outsider',
    as: OUTSIDER,
    request: () => ({
      kind: 'command',
      command: '/decision',
      text: 'search falcon budget status:proposed',
    }),
    says: 'No decision you can see that is proposed matches',
  },
  {
    name: '/decision list status: tag:',
    who: 'guest',
    as: GUEST,
    request: () => ({
      kind: 'command',
      command: '/decision',
      text: 'list status:proposed tag:lunch',
      channelId: 'C0GUESTS',
    }),
    says: 'No decision you can see is tagged “lunch”: none has tags yet.',
  },
];

describe('authorization matrix, decisions: refusals change nothing and reveal nothing', () => {
  let world: DecisionWorld;
  beforeAll(async () => {
    world = await freshDecisionWorld();
  });
  afterAll(async () => {
    await world?.h.stop();
  });

  it.each(decisionRefusals.map((row) => [`${row.name} by the ${row.who} ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      const { h } = world;
      const before = decisionSnapshot(h);
      const firstCall = h.fake.calls.length;

      const reply = await send(h, row.as, row.request(world));

      expect(reply).toContain(row.says);
      for (const secret of [SECRET_DECISION, KEPT_DECISION, 'Falcon', FORGED]) {
        expect(reply).not.toContain(secret);
      }
      expect(decisionSnapshot(h)).toEqual(before);
      const writes = h.fake.calls.slice(firstCall).filter((call) => WRITES.includes(call.method));
      expect(writes).toEqual([]);
      const report = await h.mailroom.tick();
      expect(report.delivery.delivered).toBe(0);
      expect(decisionSnapshot(h)).toEqual(before);
      expect(h.logs.errors()).toEqual([]);
    },
  );
});

/** What each may do, each in a world of its own. */
const decisionOwners: (DecisionCase & {
  changed?: (w: DecisionWorld, reply: string) => void | Promise<void>;
})[] = [
  {
    name: 'decision_agree',
    who: 'bystander',
    as: PEER,
    request: decisionButton('decision_agree', 'secret'),
    says: 'Noted your agreement',
    changed: (w) =>
      expect(w.h.mailroom.ctx.decisions.inputs(w.secret).map((i) => i.userId)).toEqual([PEER]),
  },
  ...(['decision_object', 'decision_comment'] as const).map(
    (actionId): DecisionCase => ({
      name: actionId,
      who: 'bystander',
      as: EXPERT,
      request: decisionButton(actionId, 'general'),
      says: 'modal',
    }),
  ),
  ...(['decision_edit', 'decision_supersede', 'decision_reject'] as const).map(
    (actionId): DecisionCase => ({
      name: actionId,
      who: 'owner',
      as: ASKER,
      request: decisionButton(actionId, 'secret'),
      says: SECRET_DECISION,
    }),
  ),
  ...(['decision_deprecate', 'decision_reverse'] as const).map(
    (actionId): DecisionCase => ({
      name: actionId,
      who: 'owner',
      as: ASKER,
      request: decisionButton(actionId, 'accepted'),
      says: 'Standups are async',
    }),
  ),
  {
    name: 'decision_details',
    who: 'bystander',
    as: PEER,
    request: decisionButton('decision_details', 'kept'),
    says: KEPT_DECISION,
  },
  {
    name: 'decision_follow_up_owner',
    who: 'owner',
    as: ASKER,
    request: decisionButton('decision_follow_up_owner', 'leaverFollowUp'),
    says: 'Hand over the pager',
  },
  {
    name: 'decision_follow_up_owner_modal',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_follow_up_owner_modal',
      metadata: { followUpId: w.leaverFollowUp },
      values: { new_owner: { value: { type: 'users_select', selected_user: EXPERT } } },
    }),
    says: `<@${EXPERT}> owns “Hand over the pager” now.`,
    changed: (w) => {
      const { decisions } = w.h.mailroom.ctx;
      const decisionId = decisions.followUp(w.leaverFollowUp)?.decisionId ?? 0;
      expect(
        decisions
          .followUps(decisionId)
          .filter((f) => f.state === 'open')
          .map((f) => [f.text, f.ownerId]),
      ).toEqual([['Hand over the pager', EXPERT]]);
    },
  },
  {
    name: 'decision_accept',
    who: 'owner',
    as: ASKER,
    request: decisionButton('decision_accept', 'secret'),
    says: 'Accepted',
    changed: (w) => expect(w.h.mailroom.ctx.decisions.get(w.secret)?.status).toBe('accepted'),
  },
  {
    name: 'decision_post',
    who: 'owner',
    as: ASKER,
    request: decisionButton('decision_post', 'secret'),
    says: 'Posted',
    changed: (w) =>
      eventually(() => expect(w.h.mailroom.ctx.decisions.get(w.secret)?.messageTs).not.toBeNull()),
  },
  {
    name: 'decision_confirm',
    who: 'owner',
    as: ASKER,
    request: decisionButton('decision_confirm', 'accepted'),
    says: 'still stands',
  },
  {
    name: 'decision_follow_up_done',
    who: 'owner',
    as: EXPERT,
    request: decisionButton('decision_follow_up_done', 'acceptedFollowUp'),
    says: 'Marked done',
    changed: (w) =>
      expect(w.h.mailroom.ctx.decisions.followUp(w.acceptedFollowUp)?.state).toBe('done'),
  },
  {
    name: 'ownership_take_over',
    who: 'owner',
    as: ADMIN,
    request: decisionButton('ownership_take_over', 'offer'),
    says: 'You took over Lunch moves to noon',
    changed: (w) => {
      const { decisions, ownership } = w.h.mailroom.ctx;
      expect(decisions.get(w.general)?.ownerIds).toEqual([ADMIN]);
      expect(decisions.revisions(w.general).at(-1)?.change).toBe('owner_changed');
      expect(ownership.get(w.offer)?.takenBy).toBe(ADMIN);
    },
  },
  {
    name: 'decision_input_seen',
    who: 'owner',
    as: ASKER,
    request: decisionButton('decision_input_seen', 'inputItem'),
    says: 'Marked as seen',
    changed: (w) => expect(w.h.mailroom.ctx.queue.get(w.inputItem)?.state).toBe('done'),
  },
  {
    name: 'decision_modal (edit)',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_modal',
      metadata: formMetadata({ mode: 'edit', decisionId: w.general }),
      values: formValues('Lunch moves to 12:30'),
    }),
    says: 'Saved your changes',
    changed: (w) =>
      expect(w.h.mailroom.ctx.decisions.get(w.general)?.title).toBe('Lunch moves to 12:30'),
  },
  {
    name: 'decision_object_modal',
    who: 'bystander',
    as: PEER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_object_modal',
      metadata: { decisionId: w.secret },
      values: remark('Too early to tell.'),
    }),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.decisions.inputs(w.secret)).toMatchObject([
        { userId: PEER, kind: 'object', text: 'Too early to tell.' },
      ]),
  },
  {
    name: 'decision_reverse_modal',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_reverse_modal',
      metadata: { decisionId: w.accepted },
      values: remark('Async standups lost the team’s rhythm.'),
    }),
    says: '',
    changed: (w) => expect(w.h.mailroom.ctx.decisions.get(w.accepted)?.status).toBe('reversed'),
  },
  {
    name: 'decision_reject_modal',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_reject_modal',
      metadata: { decisionId: w.general },
      values: remark('The canteen closes at noon.'),
    }),
    says: '',
    changed: (w) => expect(w.h.mailroom.ctx.decisions.get(w.general)?.status).toBe('rejected'),
  },
  {
    name: 'decision_deprecate_modal',
    who: 'owner',
    as: ASKER,
    request: (w) => ({
      kind: 'view',
      callbackId: 'decision_deprecate_modal',
      metadata: { decisionId: w.accepted },
      values: remark('Standups now happen in the weekly call.'),
    }),
    says: '',
    changed: (w) => {
      const { decisions } = w.h.mailroom.ctx;
      expect(decisions.get(w.accepted)?.status).toBe('deprecated');
      expect(decisions.revisions(w.accepted).at(-1)).toMatchObject({
        change: 'deprecated',
        note: 'Standups now happen in the weekly call.',
      });
    },
  },
  {
    name: '/decision search',
    who: 'bystander',
    as: PEER,
    request: () => ({ kind: 'command', command: '/decision', text: 'search falcon budget' }),
    says: SECRET_DECISION,
  },
  {
    name: '/decision list tag:',
    who: 'bystander',
    as: PEER,
    request: () => ({
      kind: 'command',
      command: '/decision',
      text: 'list status:proposed tag:launchcode',
      channelId: 'C0SECRET',
    }),
    says: SECRET_DECISION,
  },
];

describe('authorization matrix, decisions: the people they are for may', () => {
  let world: DecisionWorld | undefined;
  afterEach(async () => {
    await world?.h.stop();
    world = undefined;
  });

  it.each(decisionOwners.map((row) => [`${row.name} by the ${row.who} ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      world = await freshDecisionWorld();
      const reply = await send(world.h, row.as, row.request(world));
      expect(reply).toContain(row.says);
      await row.changed?.(world, reply);
      expect(world.h.logs.errors()).toEqual([]);
    },
  );
});

// ---------------------------------------------------------------- reviews

/**
 * Reviews in the core, of a test capability's proposals that only the asker, the peer and the
 * expert may see: the asker owns them. One is under review by the peer and the expert, with the
 * peer's concern answered; one waits on the expert alone; one was accepted.
 */
interface ReviewWorld {
  h: Harness;
  review: number;
  concern: number;
  quiet: number;
  accepted: number;
}

const REVIEWED_TITLE = 'Falcon rollout plan';
const MAY_SEE_PROPOSALS = [ASKER, PEER, EXPERT];

function proposals(): ReviewSubject {
  return {
    kind: 'matrix_proposal',
    describe: () => ({ title: REVIEWED_TITLE, link: null }),
    maySee: (_id, userId) => MAY_SEE_PROPOSALS.includes(userId),
  };
}

async function buildReviewWorld(): Promise<ReviewWorld> {
  const h = await startMailroom({ now: NOW, slack: { users, channels } });
  const { ctx } = h.mailroom;
  const subject = proposals();
  ctx.hooks.onReview(subject);
  const start = (objectId: number, reviewerIds: string[]) =>
    startReview(ctx, subject, { objectId, ownerId: ASKER, reviewerIds }).review.id;
  const review = start(1, [PEER, EXPERT]);
  const concern = raiseConcern(ctx, { reviewId: review, userId: PEER, reason: 'Falcon is late' });
  answerConcern(ctx, { concernId: concern.id, userId: ASKER, answer: 'Falcon ships Friday' });
  const quiet = start(2, [EXPERT]);
  const accepted = start(3, [EXPERT]);
  acceptReview(ctx, { reviewId: accepted, userId: ASKER, proceed: true });
  await h.mailroom.tick();
  h.fake.calls.length = 0;
  h.fake.responses.length = 0;
  return { h, review, concern: concern.id, quiet, accepted };
}

let keptReviewWorld: Promise<{ saved: SavedWorld; ids: Omit<ReviewWorld, 'h'> }> | undefined;
async function freshReviewWorld(): Promise<ReviewWorld> {
  keptReviewWorld ??= buildReviewWorld().then(keep);
  const world = await copyOf<ReviewWorld>(keptReviewWorld);
  world.h.mailroom.ctx.hooks.onReview(proposals());
  return world;
}

function reviewSnapshot(h: Harness): Record<string, unknown[]> {
  const db = h.mailroom.ctx.db.$client;
  return {
    ...snapshot(h),
    ...Object.fromEntries(
      ['reviews', 'review_reviewers', 'review_informed', 'review_concerns'].map((table) => [
        table,
        db.prepare(`SELECT * FROM ${table}`).all(),
      ]),
    ),
  };
}

const RMSG = {
  noReview: 'I can’t find that review.',
  notReviewer: 'Only the people asked to review this can answer it.',
  notOwnerAnswer: 'Only the owner answers concerns.',
  notOwnerOverride: 'Only the owner can go ahead despite a concern.',
  notRaiser: 'Only the reviewer who raised a concern can withdraw it.',
  notOwnerAccept: 'Only the owner can accept it.',
  ended: 'This review has ended',
};

interface ReviewCase {
  name: string;
  who: Who;
  as: string;
  request: (w: ReviewWorld) => Request;
  says: string;
}

const reviewButton =
  (actionId: string, which: keyof Omit<ReviewWorld, 'h'>) =>
  (w: ReviewWorld): Request => ({ kind: 'button', actionId, value: String(w[which]) });
const reviewView =
  (callbackId: string, which: keyof Omit<ReviewWorld, 'h'>) =>
  (w: ReviewWorld): Request => ({
    kind: 'view',
    callbackId,
    metadata: w[which],
    values: { review_text: { text: { type: 'plain_text_input', value: FORGED } } },
  });

const strangers = [
  ['outsider', OUTSIDER],
  ['guest', GUEST],
  ['outsider', ADMIN],
] as const;

const reviewRefusals: ReviewCase[] = [
  ...(['review_agree', 'review_abstain', 'review_concern'] as const).flatMap(
    (actionId): ReviewCase[] => [
      ...strangers.map(
        ([who, as]): ReviewCase => ({
          name: actionId,
          who,
          as,
          request: reviewButton(actionId, 'review'),
          says: RMSG.noReview,
        }),
      ),
      {
        name: actionId,
        who: 'bystander',
        as: ASKER,
        request: reviewButton(actionId, 'review'),
        says: RMSG.notReviewer,
      },
      {
        name: actionId,
        who: 'bystander',
        as: EXPERT,
        request: reviewButton(actionId, 'accepted'),
        says: RMSG.ended,
      },
    ],
  ),
  ...(
    [
      ['review_answer_concern', RMSG.notOwnerAnswer],
      ['review_override_concern', RMSG.notOwnerOverride],
    ] as const
  ).flatMap(([actionId, notOwner]): ReviewCase[] => [
    ...strangers.map(
      ([who, as]): ReviewCase => ({
        name: actionId,
        who,
        as,
        request: reviewButton(actionId, 'concern'),
        says: RMSG.noReview,
      }),
    ),
    ...[PEER, EXPERT].map(
      (as): ReviewCase => ({
        name: actionId,
        who: 'bystander',
        as,
        request: reviewButton(actionId, 'concern'),
        says: notOwner,
      }),
    ),
  ]),
  ...strangers.map(
    ([who, as]): ReviewCase => ({
      name: 'review_withdraw_concern',
      who,
      as,
      request: reviewButton('review_withdraw_concern', 'concern'),
      says: RMSG.noReview,
    }),
  ),
  ...[ASKER, EXPERT].map(
    (as): ReviewCase => ({
      name: 'review_withdraw_concern',
      who: 'bystander',
      as,
      request: reviewButton('review_withdraw_concern', 'concern'),
      says: RMSG.notRaiser,
    }),
  ),
  ...strangers.map(
    ([who, as]): ReviewCase => ({
      name: 'review_proceed',
      who,
      as,
      request: reviewButton('review_proceed', 'quiet'),
      says: RMSG.noReview,
    }),
  ),
  {
    name: 'review_proceed',
    who: 'bystander',
    as: EXPERT,
    request: reviewButton('review_proceed', 'quiet'),
    says: RMSG.notOwnerAccept,
  },
  ...strangers.map(
    ([who, as]): ReviewCase => ({
      name: 'review_concern_modal',
      who,
      as,
      request: reviewView('review_concern_modal', 'review'),
      says: RMSG.noReview,
    }),
  ),
  {
    name: 'review_concern_modal',
    who: 'bystander',
    as: ASKER,
    request: reviewView('review_concern_modal', 'review'),
    says: RMSG.notReviewer,
  },
  ...strangers.map(
    ([who, as]): ReviewCase => ({
      name: 'review_answer_modal',
      who,
      as,
      request: reviewView('review_answer_modal', 'concern'),
      says: RMSG.noReview,
    }),
  ),
  {
    name: 'review_answer_modal',
    who: 'bystander',
    as: PEER,
    request: reviewView('review_answer_modal', 'concern'),
    says: RMSG.notOwnerAnswer,
  },
  ...strangers.map(
    ([who, as]): ReviewCase => ({
      name: 'review_override_modal',
      who,
      as,
      request: reviewView('review_override_modal', 'concern'),
      says: RMSG.noReview,
    }),
  ),
  {
    name: 'review_override_modal',
    who: 'bystander',
    as: EXPERT,
    request: reviewView('review_override_modal', 'concern'),
    says: RMSG.notOwnerOverride,
  },
];

describe('authorization matrix, reviews: refusals change nothing and reveal nothing', () => {
  let world: ReviewWorld;
  beforeAll(async () => {
    world = await freshReviewWorld();
  });
  afterAll(async () => {
    await world?.h.stop();
  });

  it.each(reviewRefusals.map((row) => [`${row.name} by the ${row.who} ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      const { h } = world;
      const before = reviewSnapshot(h);
      const firstCall = h.fake.calls.length;

      const reply = await send(h, row.as, row.request(world));

      expect(reply).toContain(row.says);
      for (const secret of ['Falcon', FORGED]) expect(reply).not.toContain(secret);
      expect(reviewSnapshot(h)).toEqual(before);
      const writes = h.fake.calls.slice(firstCall).filter((call) => WRITES.includes(call.method));
      expect(writes).toEqual([]);
      const report = await h.mailroom.tick();
      expect(report.delivery.delivered).toBe(0);
      expect(reviewSnapshot(h)).toEqual(before);
      expect(h.logs.errors()).toEqual([]);
    },
  );
});

const reviewAllowed: (ReviewCase & {
  changed?: (w: ReviewWorld) => void;
})[] = [
  {
    name: 'review_agree',
    who: 'owner',
    as: EXPERT,
    request: reviewButton('review_agree', 'review'),
    says: 'You agreed to',
    changed: (w) =>
      expect(
        w.h.mailroom.ctx.reviews.reviewersOf(w.review).find((r) => r.memberId === EXPERT)?.state,
      ).toBe('agreed'),
  },
  {
    name: 'review_abstain',
    who: 'owner',
    as: EXPERT,
    request: reviewButton('review_abstain', 'review'),
    says: 'You abstained on',
  },
  {
    name: 'review_concern',
    who: 'owner',
    as: EXPERT,
    request: reviewButton('review_concern', 'review'),
    says: 'modal',
  },
  {
    name: 'review_concern_modal',
    who: 'owner',
    as: EXPERT,
    request: reviewView('review_concern_modal', 'review'),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.reviews.concernsOf(w.review).map((c) => c.reviewerId)).toEqual([
        PEER,
        EXPERT,
      ]),
  },
  ...(['review_answer_concern', 'review_override_concern'] as const).map(
    (actionId): ReviewCase => ({
      name: actionId,
      who: 'owner',
      as: ASKER,
      request: reviewButton(actionId, 'concern'),
      says: 'modal',
    }),
  ),
  {
    name: 'review_answer_modal',
    who: 'owner',
    as: ASKER,
    request: reviewView('review_answer_modal', 'concern'),
    says: '',
    changed: (w) => expect(w.h.mailroom.ctx.reviews.concern(w.concern)?.answer).toBe(FORGED),
  },
  {
    name: 'review_override_modal',
    who: 'owner',
    as: ASKER,
    request: reviewView('review_override_modal', 'concern'),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.reviews.concern(w.concern)).toMatchObject({
        state: 'overridden',
        overrideReason: FORGED,
      }),
  },
  {
    name: 'review_withdraw_concern',
    who: 'owner',
    as: PEER,
    request: reviewButton('review_withdraw_concern', 'concern'),
    says: 'You withdrew your concern',
  },
  {
    name: 'review_proceed',
    who: 'owner',
    as: ASKER,
    request: reviewButton('review_proceed', 'quiet'),
    says: 'is accepted',
    changed: (w) => expect(w.h.mailroom.ctx.reviews.get(w.quiet)?.state).toBe('accepted'),
  },
];

describe('authorization matrix, reviews: the owner and the reviewers may', () => {
  let world: ReviewWorld | undefined;
  afterEach(async () => {
    await world?.h.stop();
    world = undefined;
  });

  it.each(reviewAllowed.map((row) => [`${row.name} by ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      world = await freshReviewWorld();
      const reply = await send(world.h, row.as, row.request(world));
      expect(reply).toContain(row.says);
      row.changed?.(world);
      expect(world.h.logs.errors()).toEqual([]);
    },
  );
});
