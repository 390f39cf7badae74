import { expect } from 'vitest';
import { answerQuestion } from '../../src/features/ask/services/answer.js';
import type { RawDecisionDraft } from '../../src/features/decisions/domain/draft.js';
import { logDecision } from '../../src/features/decisions/services/log.js';
import { ANSWER_FORM } from '../../src/features/standups/slack/views/messages.js';
import { SETUP } from '../../src/features/standups/slack/views/setup-modal.js';
import { findButton } from './blocks.js';
import type { FakeUser, Json, StoredMessage } from './fake-slack.js';
import { eventually, type Harness, startMailroom } from './harness.js';

/**
 * A team in which one member, about to leave, has left traces in every part of Mailroom: a
 * question asked, one answered, settings and hours, a standup answer posted in its channel
 * with a blocker, a decision logged, and an expert assignment. Built as people do it, through
 * the real receiver and the fake Slack.
 */

export const BOT = 'U0MAILBOT';
export const LEAVER = 'U0LEAVER';
export const EXPERT = 'U0EXPERT';
export const OWNER = 'U0OWNER';
export const ADMIN = 'U0ADMIN';
export const TEAM = 'C0TEAM';

export const LEAVER_QUESTION = 'How do refunds work for annual billing plans?';
export const LEAVER_ANSWER = 'Use the staging VPN profile from the wiki, then reconnect.';
export const STANDUP_WORDS = ['Closed the refunds ticket backlog', 'Pairing on the VPN rollout'];
export const BLOCKER_WORDS = 'Waiting on finance sign-off for refunds';

const users: FakeUser[] = [
  { id: LEAVER, name: 'lea', realName: 'Lea Leaving', tz: 'Europe/London' },
  { id: EXPERT, name: 'eve', realName: 'Eve Expert', tz: 'Europe/London' },
  { id: OWNER, name: 'owen', realName: 'Owen Owner', tz: 'Europe/London' },
  { id: ADMIN, name: 'ana', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];
const channels = [{ id: TEAM, name: 'team', members: [LEAVER, EXPERT, OWNER, ADMIN, BOT] }];

export interface MemberWorld {
  h: Harness;
  askedQuestionId: number;
  answeredQuestionId: number;
  decisionId: number;
  /** The standup answer Mailroom posted in the channel for the leaver. */
  answerPost: StoredMessage;
}

async function slash(h: Harness, userId: string, command: string, text: string): Promise<Json> {
  h.fake.responses.length = 0;
  await h.sender.slashCommand({ command, text, userId, channelId: TEAM });
  return (await h.fake.waitForResponse()).body;
}

const selected = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

function standupSetup(): Json {
  return {
    [SETUP.name.block]: { value: { type: 'plain_text_input', value: 'Daily standup' } },
    [SETUP.questions.block]: {
      value: { type: 'plain_text_input', value: 'What did you do?\nWhat will you do today?' },
    },
    [SETUP.blockers.block]: { value: { type: 'checkboxes', selected_options: [selected('yes')] } },
    [SETUP.days.block]: {
      value: { type: 'checkboxes', selected_options: ['1', '2', '3', '4', '5'].map(selected) },
    },
    [SETUP.promptMode.block]: {
      value: { type: 'radio_buttons', selected_option: selected('member_zone') },
    },
    [SETUP.promptTime.block]: { value: { type: 'timepicker', selected_time: '09:30' } },
    [SETUP.teamZone.block]: { value: { type: 'plain_text_input', value: 'Europe/London' } },
    [SETUP.memberMode.block]: {
      value: { type: 'radio_buttons', selected_option: selected('chosen') },
    },
    [SETUP.members.block]: { value: { type: 'multi_users_select', selected_users: [LEAVER] } },
    [SETUP.destination.block]: {
      value: { type: 'radio_buttons', selected_option: selected('thread') },
    },
    [SETUP.reportTime.block]: { value: { type: 'timepicker', selected_time: '17:00' } },
    [SETUP.reminder.block]: { value: { type: 'static_select', selected_option: selected('120') } },
    [SETUP.daysOff.block]: { value: { type: 'plain_text_input', value: null } },
    [SETUP.cadence.block]: {
      value: { type: 'static_select', selected_option: selected('weekly') },
    },
    [SETUP.cadenceStart.block]: { value: { type: 'datepicker', selected_date: null } },
  };
}

async function setUpStandup(h: Harness): Promise<void> {
  await h.sender.slashCommand({ command: '/standup', text: '', userId: OWNER, channelId: TEAM });
  const call = await eventually(() => {
    const found = h.fake.callsTo('views.open')[0];
    if (!found) throw new Error('no modal yet');
    return found;
  });
  await eventually(() => expect(h.mailroom.ctx.channels.isMember(TEAM, BOT)).toBe(true));
  const view = call.args.view as Json;
  const response = await h.sender.viewSubmission({
    userId: OWNER,
    callbackId: SETUP.callbackId,
    privateMetadata: String(view.private_metadata),
    values: standupSetup(),
  });
  expect((response.json() as Json).response_action).toBe('update');
}

async function answerStandup(h: Harness): Promise<void> {
  const prompt = h.fake.messagesIn(LEAVER).at(-1) as StoredMessage;
  const opened = h.fake.callsTo('views.open').length;
  const button = findButton(prompt.blocks, 'standup_answer');
  await h.sender.blockAction({
    userId: LEAVER,
    actionId: 'standup_answer',
    value: button.value,
    blockId: button.blockId,
    channelId: prompt.channel,
    message: { ts: prompt.ts, blocks: prompt.blocks },
  });
  const call = await eventually(() => {
    const found = h.fake.callsTo('views.open')[opened];
    if (!found) throw new Error('no answer form yet');
    return found;
  });
  const view = call.args.view as Json;
  const values: Json = {};
  STANDUP_WORDS.forEach((text, i) => {
    values[ANSWER_FORM.question(i)] = { value: { type: 'plain_text_input', value: text } };
  });
  values[ANSWER_FORM.blocker] = { value: { type: 'plain_text_input', value: BLOCKER_WORDS } };
  values[ANSWER_FORM.blockerOwner] = { value: { type: 'users_select', selected_user: OWNER } };
  await h.sender.viewSubmission({
    userId: LEAVER,
    callbackId: String(view.callback_id),
    privateMetadata: String(view.private_metadata),
    values,
  });
}

function decisionDraft(): RawDecisionDraft {
  return {
    title: 'Refunds go through finance',
    why: 'Finance owns the ledger.',
    options: [{ name: 'Finance', pros: 'one ledger', cons: 'slower' }],
    chosen: 'Finance',
    tradeOff: 'slower refunds',
    ownerIds: [LEAVER],
    consultedIds: [],
    followUps: [],
    status: 'accepted',
    revisitOn: null,
  };
}

/** Monday evening in London: the world is built, then Tuesday's standup is answered and posted. */
export async function buildMemberWorld(databasePath?: string): Promise<MemberWorld> {
  const h = await startMailroom({
    now: '2026-03-09T20:00:00Z',
    slack: { users, channels },
    env: { ASK_HOLD_MINUTES: '0' },
    ...(databasePath ? { databasePath } : {}),
  });
  const { ctx } = h.mailroom;
  await slash(h, ADMIN, '/mailroom', `experts add refunds <@${EXPERT}|eve>`);
  await slash(h, ADMIN, '/mailroom', `experts add vpn <@${LEAVER}|lea>`);
  await slash(h, LEAVER, '/ask', LEAVER_QUESTION);
  await slash(h, EXPERT, '/ask', 'Where is the VPN profile for staging?');
  const asked = ctx.questions.askedBy(LEAVER)[0];
  const toAnswer = ctx.questions.askedBy(EXPERT)[0];
  if (!asked || !toAnswer) throw new Error('the questions were not asked');
  answerQuestion(ctx, { questionId: toAnswer.id, expertId: LEAVER, text: LEAVER_ANSWER });
  await slash(h, LEAVER, '/mailroom', 'hours 8-16 mon-thu');
  const decision = logDecision(ctx, { userId: LEAVER, draft: decisionDraft(), channelId: TEAM });

  await setUpStandup(h);
  h.clock.set('2026-03-10T09:30:00Z');
  await h.mailroom.tick();
  await answerStandup(h);
  await h.mailroom.tick();
  const answerPost = await eventually(() => {
    const found = h.fake
      .messagesIn(TEAM)
      .find((m) => JSON.stringify(m).includes(STANDUP_WORDS[0] as string));
    if (!found) throw new Error('the answer was not posted yet');
    return found;
  });
  await slash(h, LEAVER, '/mailroom', 'away until fri');
  return {
    h,
    askedQuestionId: asked.id,
    answeredQuestionId: toAnswer.id,
    decisionId: decision.decision.id,
    answerPost,
  };
}
