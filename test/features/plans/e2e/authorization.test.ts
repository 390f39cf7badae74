import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptStage,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { markBlocked } from '../../../../src/features/plans/services/task-progress.js';
import { acceptAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import type { FakeChannel, FakeUser, Json } from '../../../support/fake-slack.js';
import {
  type Harness,
  type SavedWorld,
  saveWorld,
  startFromSaved,
  startMailroom,
} from '../../../support/harness.js';
import { replyOrModal, tableSnapshot } from '../../../support/matrix.js';

/**
 * The authorization matrix for plans: every command, shortcut, button and form of the plans
 * capability, sent as Slack sends it, by an outsider, a guest, someone who may see the plan
 * but not do this to it, and with ids in values and private metadata chosen by the sender.
 * A refusal changes nothing, sends nothing and reveals nothing; the people it is for may.
 */

// Monday 10:00 UTC: everyone works 09:00-17:00 UTC.
const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';
const OWNER = 'U0OWNER';
/** Reviews the why and the how. */
const PRIYA = 'U0PRIYA';
/** Reviews the what. */
const NOAH = 'U0NOAH';
/** In the plan's channel, reviewing nothing. */
const PEER = 'U0PEER';
const OUTSIDER = 'U0OUT';
const GUEST = 'U0GUEST';

const users: FakeUser[] = [
  { id: OWNER, name: 'owen', tz: 'UTC' },
  { id: PRIYA, name: 'priya', tz: 'UTC' },
  { id: NOAH, name: 'noah', tz: 'UTC' },
  { id: PEER, name: 'pat', tz: 'UTC' },
  { id: OUTSIDER, name: 'otto', tz: 'UTC' },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [OWNER, PRIYA, NOAH, PEER, OUTSIDER, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [OWNER, PRIYA, NOAH, PEER, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [OWNER, GUEST, BOT] },
];

const TITLE = 'Falcon partner API';
const FORGED = 'FORGED by someone who may not';
const WHY = {
  why_goal: 'Falcon partners integrate alone',
  why_asked_by: 'Sales',
  why_objective: 'Falcon revenue',
  why_success: 'Five partners',
};
const WHAT = { what_in_scope: 'must: Falcon keys', what_out_of_scope: 'Billing' };
const HOW = {
  how_fast_name: 'Falcon static keys',
  how_fast_effort: 'low',
  how_fast_risk: 'high',
  how_fast_quality: 'low',
  how_fast_time: '1 week',
  how_robust_name: 'Falcon OAuth',
  how_robust_effort: 'high',
  how_robust_risk: 'low',
  how_robust_quality: 'high',
  how_robust_time: '4 weeks',
  how_choice: 'robust',
  how_because: 'Falcon keys live for years',
  how_tasks: 'Falcon token endpoint | 1 | 3d | 2026-04-10\nFalcon docs | 1 | 2d | 2026-04-20',
};

/** The plan in #secret: its why revised and in review, its what to re-check, its how open. */
interface World {
  h: Harness;
  why: number;
  what: number;
  how: number;
  /** A task of Noah's plan in #secret, whose how is accepted: its who is open. */
  task: number;
  /** The who of Noah's plan: open, its first task proposed to Priya, not yet accepted. */
  who: number;
  /** The docs task of Noah's plan: Pat's, accepted, blocked on Priya. */
  docs: number;
  /** Priya's item asking her to unblock the docs task. */
  blocker: number;
  /** The who of the plan in #secret: not started, its how not accepted. */
  earlyWho: number;
  /** Priya's assignment of that task, delivered, waiting for her answer. */
  assignment: number;
  /** Pat's assignment of it before the task went to Priya: stale. */
  stale: number;
  secretMessage: Json;
}

let saved: SavedWorld;

async function buildWorld(): Promise<SavedWorld> {
  const h = await startMailroom({ now: NOW, slack: { users, channels } });
  const { ctx } = h.mailroom;
  await h.mailroom.tick();
  ctx.channels.setMembers('C0SECRET', [OWNER, PRIYA, NOAH, PEER, BOT], ctx.clock());
  const { plan } = startPlan(ctx, {
    ownerId: OWNER,
    channelId: 'C0SECRET',
    title: TITLE,
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: [PRIYA], what: [NOAH], how: [PRIYA] },
  });
  const [why, what] = ctx.plans.stagesOf(plan.id);
  if (!why || !what) throw new Error('no stages');
  submitStage(ctx, { userId: OWNER, stageId: why.id, stage: 'why', form: WHY });
  acceptStage(ctx, { userId: OWNER, stageId: why.id, proceed: true });
  submitStage(ctx, { userId: OWNER, stageId: what.id, stage: 'what', form: WHAT });
  acceptStage(ctx, { userId: OWNER, stageId: what.id, proceed: true });
  submitStage(ctx, { userId: OWNER, stageId: why.id, stage: 'why', form: WHY });
  const tasks = startPlan(ctx, {
    ownerId: NOAH,
    channelId: 'C0SECRET',
    title: `${TITLE}: tasks`,
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: [PRIYA], what: [PRIYA], how: [PRIYA] },
  }).plan;
  for (const stage of ctx.plans.stagesOf(tasks.id)) {
    if (stage.stage === 'who') continue;
    const form = { why: WHY, what: WHAT, how: HOW }[stage.stage];
    submitStage(ctx, { userId: NOAH, stageId: stage.id, stage: stage.stage, form });
    acceptStage(ctx, { userId: NOAH, stageId: stage.id, proceed: true });
  }
  const [task, docs] = ctx.plans.tasksOf(tasks.id);
  if (!task || !docs) throw new Error('no task');
  // Pat owns the docs task and said it is blocked, on Priya.
  proposeOwner(ctx, { userId: NOAH, taskId: docs.id, candidateId: PEER });
  const docsItem = ctx.queue.withKeyPrefix(`plan-task-assignment:${docs.id}:`)[0];
  acceptAssignment(ctx, { userId: PEER, itemId: docsItem?.id ?? 0 });
  markBlocked(ctx, { userId: PEER, taskId: docs.id, reason: 'Falcon keys', unblockerId: PRIYA });
  proposeOwner(ctx, { userId: NOAH, taskId: task.id, candidateId: PEER });
  h.clock.set('2026-03-09T10:01:00Z');
  proposeOwner(ctx, { userId: NOAH, taskId: task.id, candidateId: PRIYA });
  await h.mailroom.tick();
  const world = await saveWorld(h);
  await h.stop();
  return world;
}

async function freshWorld(): Promise<World> {
  const h = await startFromSaved(saved);
  const stages = h.mailroom.ctx.plans.ownedBy(OWNER)[0];
  const [why, what, how, earlyWho] = h.mailroom.ctx.plans.stagesOf(stages?.id ?? 0);
  const who = h.mailroom.ctx.plans
    .stagesOf(h.mailroom.ctx.plans.ownedBy(NOAH)[0]?.id ?? 0)
    .find((stage) => stage.stage === 'who');
  const secretMessage = h.fake.seedMessage('C0SECRET', {
    user: PEER,
    text: 'Falcon partners want keys',
  });
  const [task, docs] = h.mailroom.ctx.plans.tasksOf(h.mailroom.ctx.plans.ownedBy(NOAH)[0]?.id ?? 0);
  const blocker = h.mailroom.ctx.queue.withKeyPrefix(`plan-task-blocked:${docs?.id ?? 0}:`)[0];
  if (!why || !what || !how || !task || !who || !earlyWho || !docs || !blocker) {
    throw new Error('the world is not as built');
  }
  const items = h.mailroom.ctx.queue.withKeyPrefix(`plan-task-assignment:${task.id}:`);
  const assignment = items.find((item) => item.recipientId === PRIYA);
  const stale = items.find((item) => item.recipientId === PEER);
  if (assignment?.state !== 'delivered' || stale?.state !== 'expired') {
    throw new Error('the assignments are not as built');
  }
  return {
    assignment: assignment.id,
    stale: stale.id,
    h,
    why: why.id,
    what: what.id,
    how: how.id,
    task: task.id,
    who: who.id,
    earlyWho: earlyWho.id,
    docs: docs.id,
    blocker: blocker.id,
    secretMessage: secretMessage as Json,
  };
}

beforeAll(async () => {
  saved = await buildWorld();
}, 60_000);

type Request =
  | { kind: 'button'; actionId: string; value: string }
  | { kind: 'select'; actionId: string; value: string }
  | { kind: 'view'; callbackId: string; metadata: unknown; values: Json }
  | { kind: 'command'; text: string; channelId: string }
  | { kind: 'shortcut'; channelId: string; message: Json };

/** Sends the request as `userId`: what they were told, or the modal that opened. */
async function send(h: Harness, userId: string, request: Request): Promise<string> {
  h.fake.responses.length = 0;
  const answered = replyOrModal(h);
  switch (request.kind) {
    case 'button':
      await h.sender.blockAction({
        userId,
        actionId: request.actionId,
        value: request.value,
        channelId: 'C0GENERAL',
      });
      return answered();
    case 'select':
      await h.sender.blockAction({
        userId,
        actionId: request.actionId,
        action: { type: 'static_select', selected_option: { value: request.value } },
        channelId: 'C0GENERAL',
      });
      return answered();
    case 'view': {
      const response = await h.sender.viewSubmission({
        userId,
        callbackId: request.callbackId,
        privateMetadata: JSON.stringify(request.metadata),
        values: request.values,
      });
      return response.body;
    }
    case 'command':
      await h.sender.slashCommand({
        command: '/plan',
        text: request.text,
        userId,
        channelId: request.channelId,
      });
      return answered();
    case 'shortcut':
      await h.sender.messageShortcut({
        userId,
        callbackId: 'start_plan',
        channelId: request.channelId,
        message: request.message,
      });
      return answered();
  }
}

const TABLES = [
  'plans',
  'plan_stages',
  'plan_revisions',
  'plan_tasks',
  'reviews',
  'review_reviewers',
  'review_concerns',
  'queue_items',
  'channel_members',
];

const snapshot = (h: Harness) => tableSnapshot(h, TABLES);

const WRITES = [
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'views.open',
  'views.push',
];

const MSG = {
  noPlan: 'I can’t find that plan.',
  ownerWrites: 'Only the plan’s owner can write and submit its stages.',
  ownerAccepts: 'Only the plan’s owner can accept its stages.',
  inReview: 'The why is under review',
  gate: 'The what opens once the why is accepted',
  notInReview: 'The how is not under review',
  reviewersOnly: 'Only the reviewers of the what can re-check it.',
  noRecheck: 'The why is no longer waiting to be re-checked.',
  notYourChannel: 'I can’t confirm you are in the channel this plan is for',
  outOfDate: 'This form is out of date',
  inAChannel: 'A plan lives in the channel it is for',
  noTask: 'I can’t find that task.',
  ownerProposes: 'Only the plan’s owner can propose owners for its tasks.',
  cannotOwn: 'so can’t own a task',
  noAssignment: 'I can’t find that task proposed to you.',
  movedOn: 'This task is no longer waiting for your answer',
  ownerAcceptsWho: 'Only the plan’s owner can accept its who.',
  notEveryTask: 'once every task has an owner who accepted it: 1 of 2 have. Nothing was changed.',
  taskOwnerOnly: 'Only the task’s owner can mark it done or blocked.',
  notAccepted: 'This task isn’t accepted by its owner yet',
  noBlocker: 'I can’t find that blocked task asking you.',
  whoNotOpen: 'The who opens once the how is accepted. Nothing was changed.',
  whoHasNoForm: 'The who has no form',
};

type Which = 'why' | 'what' | 'how';
interface Case {
  name: string;
  who: string;
  as: string;
  request: (w: World) => Request;
  says: string;
}

const button =
  (actionId: string, which: Which | 'forged') =>
  (w: World): Request => ({
    kind: 'button',
    actionId,
    value: which === 'forged' ? '999999' : String(w[which]),
  });
const stageForm =
  (which: Which | 'forged', stage: Which) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_stage_modal',
    metadata: { stageId: which === 'forged' ? 999999 : w[which], stage },
    values: { why_goal: { why_goal: { type: 'plain_text_input', value: FORGED } } },
  });
const concernForm =
  (which: Which | 'forged') =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_recheck_concern_modal',
    metadata: { stageId: which === 'forged' ? 999999 : w[which] },
    values: { plan_concern: { plan_concern: { type: 'plain_text_input', value: FORGED } } },
  });
const startForm = (channelId: string) => (): Request => ({
  kind: 'view',
  callbackId: 'plan_start_modal',
  metadata: { channelId },
  values: {
    plan_title: { plan_title: { type: 'plain_text_input', value: FORGED } },
    plan_target: { plan_target: { type: 'datepicker', selected_date: '2026-04-30' } },
    plan_reviewers_why: {
      plan_reviewers_why: { type: 'multi_users_select', selected_users: [PEER] },
    },
    plan_reviewers_what: {
      plan_reviewers_what: { type: 'multi_users_select', selected_users: [PEER] },
    },
    plan_reviewers_how: {
      plan_reviewers_how: { type: 'multi_users_select', selected_users: [PEER] },
    },
  },
});

const chooseTask =
  (forged = false) =>
  (w: World): Request => ({
    kind: 'select',
    actionId: 'plan_choose_task',
    value: forged ? '999999' : String(w.task),
  });
const ownerForm =
  (candidateId: string, forged = false) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_task_owner_modal',
    metadata: { taskId: forged ? 999999 : w.task },
    values: {
      plan_task_owner: {
        plan_pick_owner: { type: 'users_select', selected_user: candidateId },
      },
    },
  });

const acceptWho =
  (which: 'who' | 'earlyWho' | 'forged') =>
  (w: World): Request => ({
    kind: 'button',
    actionId: 'plan_accept_who',
    value: which === 'forged' ? '999999' : String(w[which]),
  });

type TaskRef = 'task' | 'docs' | 'forged';
const taskIdOf = (w: World, which: TaskRef) => (which === 'forged' ? 999999 : w[which]);
const taskButton =
  (actionId: string, which: TaskRef) =>
  (w: World): Request => ({ kind: 'button', actionId, value: String(taskIdOf(w, which)) });
const markTask =
  (what: 'done' | 'blocked', which: TaskRef) =>
  (w: World): Request => ({
    kind: 'select',
    actionId: 'plan_mark_task',
    value: `${what}:${taskIdOf(w, which)}`,
  });
const blockForm =
  (which: TaskRef) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_block_task_modal',
    metadata: { taskId: taskIdOf(w, which) },
    values: {
      plan_block_reason: { plan_block_reason: { type: 'plain_text_input', value: FORGED } },
      plan_block_unblocker: {
        plan_block_unblocker: { type: 'users_select', selected_user: NOAH },
      },
    },
  });
const unblockButton =
  (which: 'blocker' | 'assignment' | 'forged') =>
  (w: World): Request => ({
    kind: 'button',
    actionId: 'plan_task_unblocked',
    value: String(which === 'forged' ? 999999 : w[which]),
  });

/** Done, Blocked…, Home's menu and the block form: only the task's owner, once accepted. */
const progressRefusals = (name: string, request: (which: TaskRef) => Case['request']) => [
  ...strangers.map(
    ([who, as]): Case => ({ name, who, as, request: request('docs'), says: MSG.noTask }),
  ),
  {
    name: `${name} (someone else's task)`,
    who: 'unblocker',
    as: PRIYA,
    request: request('docs'),
    says: MSG.taskOwnerOnly,
  },
  {
    name: `${name} (someone else's task)`,
    who: 'plan owner',
    as: NOAH,
    request: request('docs'),
    says: MSG.taskOwnerOnly,
  },
  {
    name: `${name} (forged id)`,
    who: 'task owner',
    as: PEER,
    request: request('forged'),
    says: MSG.noTask,
  },
  {
    name: `${name} (not accepted yet)`,
    who: 'proposed owner',
    as: PRIYA,
    request: request('task'),
    says: MSG.notAccepted,
  },
];

const strangers = [
  ['outsider', OUTSIDER],
  ['guest', GUEST],
] as const;

type Assignment = 'assignment' | 'stale' | 'forged';
const itemOf = (w: World, which: Assignment) => (which === 'forged' ? 999999 : w[which]);
const assignmentButton =
  (actionId: string, which: Assignment) =>
  (w: World): Request => ({ kind: 'button', actionId, value: String(itemOf(w, which)) });
const declineForm =
  (which: Assignment) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_decline_task_modal',
    metadata: { itemId: itemOf(w, which) },
    values: {
      plan_decline_reason: { plan_decline_reason: { type: 'plain_text_input', value: FORGED } },
    },
  });

/** Accept, Decline… and the decline form: only the person the task is proposed to, while it waits. */
const assignmentRefusals = (name: string, request: (which: Assignment) => Case['request']) => [
  ...strangers.map(
    ([who, as]): Case => ({
      name,
      who,
      as,
      request: request('assignment'),
      says: MSG.noAssignment,
    }),
  ),
  {
    name,
    who: 'plan owner',
    as: NOAH,
    request: request('assignment'),
    says: MSG.noAssignment,
  },
  {
    name: `${name} (someone else's, proposed before)`,
    who: 'bystander',
    as: PEER,
    request: request('assignment'),
    says: MSG.noAssignment,
  },
  {
    name: `${name} (forged id)`,
    who: 'proposed owner',
    as: PRIYA,
    request: request('forged'),
    says: MSG.noAssignment,
  },
  {
    name: `${name} (stale, after the task was reassigned)`,
    who: 'owner proposed before',
    as: PEER,
    request: request('stale'),
    says: MSG.movedOn,
  },
];

/** Every stranger refused alike, as if there were no plan. */
const byStrangers = (name: string, request: Case['request']): Case[] =>
  strangers.map(([who, as]) => ({ name, who, as, request, says: MSG.noPlan }));

const refusals: Case[] = [
  ...assignmentRefusals('plan_accept_task', (which) => assignmentButton('plan_accept_task', which)),
  ...assignmentRefusals('plan_decline_task', (which) =>
    assignmentButton('plan_decline_task', which),
  ),
  ...assignmentRefusals('plan_decline_task_modal', declineForm),
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'plan_propose_again',
      who,
      as,
      request: (w) => ({ kind: 'button', actionId: 'plan_propose_again', value: String(w.task) }),
      says: MSG.noTask,
    }),
  ),
  {
    name: 'plan_propose_again (a plan you do not own)',
    who: 'proposed owner',
    as: PRIYA,
    request: (w) => ({ kind: 'button', actionId: 'plan_propose_again', value: String(w.task) }),
    says: MSG.ownerProposes,
  },
  {
    name: 'plan_propose_again (forged id)',
    who: 'plan owner',
    as: NOAH,
    request: () => ({ kind: 'button', actionId: 'plan_propose_again', value: '999999' }),
    says: MSG.noTask,
  },
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'plan_choose_task',
      who,
      as,
      request: chooseTask(),
      says: MSG.noTask,
    }),
  ),
  {
    name: 'plan_choose_task (a plan you do not own)',
    who: 'bystander',
    as: PEER,
    request: chooseTask(),
    says: MSG.ownerProposes,
  },
  {
    name: 'plan_choose_task (forged id)',
    who: 'plan owner',
    as: NOAH,
    request: chooseTask(true),
    says: MSG.noTask,
  },
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'plan_task_owner_modal',
      who,
      as,
      request: ownerForm(as),
      says: MSG.noTask,
    }),
  ),
  {
    name: 'plan_task_owner_modal (a plan you do not own)',
    who: 'owner of another plan',
    as: OWNER,
    request: ownerForm(OWNER),
    says: MSG.ownerProposes,
  },
  {
    name: 'plan_task_owner_modal (forged id)',
    who: 'plan owner',
    as: NOAH,
    request: ownerForm(PEER, true),
    says: MSG.noTask,
  },
  {
    name: 'plan_task_owner_modal (a guest outside the channel)',
    who: 'plan owner',
    as: NOAH,
    request: ownerForm(GUEST),
    says: MSG.cannotOwn,
  },
  ...progressRefusals('plan_task_done', (which) => taskButton('plan_task_done', which)),
  ...progressRefusals('plan_task_blocked', (which) => taskButton('plan_task_blocked', which)),
  ...progressRefusals('plan_mark_task (done)', (which) => markTask('done', which)),
  ...progressRefusals('plan_mark_task (blocked)', (which) => markTask('blocked', which)),
  ...progressRefusals('plan_block_task_modal', blockForm),
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'plan_task_unblocked',
      who,
      as,
      request: unblockButton('blocker'),
      says: MSG.noBlocker,
    }),
  ),
  {
    name: 'plan_task_unblocked (someone else’s blocker)',
    who: 'task owner',
    as: PEER,
    request: unblockButton('blocker'),
    says: MSG.noBlocker,
  },
  {
    name: 'plan_task_unblocked (someone else’s blocker)',
    who: 'plan owner',
    as: NOAH,
    request: unblockButton('blocker'),
    says: MSG.noBlocker,
  },
  {
    name: 'plan_task_unblocked (an item that is no blocker)',
    who: 'unblocker',
    as: PRIYA,
    request: unblockButton('assignment'),
    says: MSG.noBlocker,
  },
  {
    name: 'plan_task_unblocked (forged id)',
    who: 'unblocker',
    as: PRIYA,
    request: unblockButton('forged'),
    says: MSG.noBlocker,
  },
  ...byStrangers('plan_accept_who', acceptWho('who')),
  {
    name: 'plan_accept_who',
    who: 'bystander',
    as: PEER,
    request: acceptWho('who'),
    says: MSG.ownerAcceptsWho,
  },
  {
    name: 'plan_accept_who',
    who: 'reviewer',
    as: PRIYA,
    request: acceptWho('who'),
    says: MSG.ownerAcceptsWho,
  },
  {
    name: 'plan_accept_who (forged id)',
    who: 'plan owner',
    as: NOAH,
    request: acceptWho('forged'),
    says: MSG.noPlan,
  },
  {
    name: 'plan_accept_who (before every task is accepted)',
    who: 'plan owner',
    as: NOAH,
    request: acceptWho('who'),
    says: MSG.notEveryTask,
  },
  {
    name: 'plan_accept_who (before the how is accepted)',
    who: 'owner',
    as: OWNER,
    request: acceptWho('earlyWho'),
    says: MSG.whoNotOpen,
  },
  {
    name: 'plan_edit_stage (the who, which has no form)',
    who: 'plan owner',
    as: NOAH,
    request: (w) => ({ kind: 'button', actionId: 'plan_edit_stage', value: String(w.who) }),
    says: MSG.whoHasNoForm,
  },
  ...byStrangers('plan_edit_stage', button('plan_edit_stage', 'how')),
  {
    name: 'plan_edit_stage',
    who: 'bystander',
    as: PEER,
    request: button('plan_edit_stage', 'how'),
    says: MSG.ownerWrites,
  },
  {
    name: 'plan_edit_stage',
    who: 'reviewer',
    as: PRIYA,
    request: button('plan_edit_stage', 'how'),
    says: MSG.ownerWrites,
  },
  {
    name: 'plan_edit_stage (forged id)',
    who: 'owner',
    as: OWNER,
    request: button('plan_edit_stage', 'forged'),
    says: MSG.noPlan,
  },
  {
    name: 'plan_edit_stage (in review)',
    who: 'owner',
    as: OWNER,
    request: button('plan_edit_stage', 'why'),
    says: MSG.inReview,
  },
  {
    name: 'plan_edit_stage (out of order)',
    who: 'owner',
    as: OWNER,
    request: button('plan_edit_stage', 'what'),
    says: MSG.gate,
  },
  ...(['plan_accept_stage', 'plan_accept_anyway'] as const).flatMap((actionId): Case[] => [
    ...byStrangers(actionId, button(actionId, 'why')),
    {
      name: actionId,
      who: 'reviewer',
      as: PRIYA,
      request: button(actionId, 'why'),
      says: MSG.ownerAccepts,
    },
    {
      name: `${actionId} (forged id)`,
      who: 'owner',
      as: OWNER,
      request: button(actionId, 'forged'),
      says: MSG.noPlan,
    },
    {
      name: `${actionId} (not in review)`,
      who: 'owner',
      as: OWNER,
      request: button(actionId, 'how'),
      says: MSG.notInReview,
    },
  ]),
  ...(['plan_recheck_holds', 'plan_recheck_concern'] as const).flatMap((actionId): Case[] => [
    ...byStrangers(actionId, button(actionId, 'what')),
    {
      name: actionId,
      who: 'bystander',
      as: PEER,
      request: button(actionId, 'what'),
      says: MSG.reviewersOnly,
    },
    {
      name: actionId,
      who: 'owner',
      as: OWNER,
      request: button(actionId, 'what'),
      says: MSG.reviewersOnly,
    },
    {
      name: `${actionId} (forged id)`,
      who: 'reviewer',
      as: NOAH,
      request: button(actionId, 'forged'),
      says: MSG.noPlan,
    },
    {
      name: `${actionId} (not to re-check)`,
      who: 'reviewer',
      as: PRIYA,
      request: button(actionId, 'why'),
      says: MSG.noRecheck,
    },
  ]),
  ...byStrangers('plan_stage_modal', stageForm('how', 'how')),
  {
    name: 'plan_stage_modal',
    who: 'bystander',
    as: PEER,
    request: stageForm('how', 'how'),
    says: MSG.ownerWrites,
  },
  {
    name: 'plan_stage_modal (forged id)',
    who: 'owner',
    as: OWNER,
    request: stageForm('forged', 'how'),
    says: MSG.noPlan,
  },
  {
    name: 'plan_stage_modal (forged stage)',
    who: 'owner',
    as: OWNER,
    request: stageForm('how', 'why'),
    says: MSG.outOfDate,
  },
  {
    name: 'plan_stage_modal (out of order)',
    who: 'owner',
    as: OWNER,
    request: stageForm('what', 'what'),
    says: MSG.gate,
  },
  ...byStrangers('plan_recheck_concern_modal', concernForm('what')),
  {
    name: 'plan_recheck_concern_modal',
    who: 'bystander',
    as: PEER,
    request: concernForm('what'),
    says: MSG.reviewersOnly,
  },
  {
    name: 'plan_recheck_concern_modal (forged id)',
    who: 'reviewer',
    as: NOAH,
    request: concernForm('forged'),
    says: MSG.noPlan,
  },
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'plan_start_modal',
      who,
      as,
      request: startForm('C0SECRET'),
      says: MSG.notYourChannel,
    }),
  ),
  {
    name: '/plan in a DM',
    who: 'owner',
    as: OWNER,
    request: () => ({ kind: 'command', text: TITLE, channelId: 'D0OWNER' }),
    says: MSG.inAChannel,
  },
  ...strangers.map(
    ([who, as]): Case => ({
      name: 'start_plan',
      who,
      as,
      request: (w) => ({ kind: 'shortcut', channelId: 'C0SECRET', message: w.secretMessage }),
      says: MSG.notYourChannel,
    }),
  ),
];

describe('authorization matrix, plans: refusals change nothing and reveal nothing', () => {
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
      for (const secret of ['Falcon', FORGED]) expect(reply).not.toContain(secret);
      expect(snapshot(h)).toEqual(before);
      // The refusal itself may come as an ephemeral; nothing else is written to Slack.
      const writes = h.fake.calls
        .slice(firstCall)
        .filter((call) => WRITES.includes(call.method) && call.method !== 'chat.postEphemeral');
      expect(writes).toEqual([]);
      const report = await h.mailroom.tick();
      expect(report.delivery.delivered).toBe(0);
      expect(snapshot(h)).toEqual(before);
      expect(h.logs.errors()).toEqual([]);
    },
  );
});

const allowed: (Case & { changed?: (w: World) => void })[] = [
  {
    name: 'plan_task_done',
    who: 'task owner',
    as: PEER,
    request: taskButton('plan_task_done', 'docs'),
    says: 'You marked',
    changed: (w) => expect(w.h.mailroom.ctx.plans.task(w.docs)?.state).toBe('done'),
  },
  {
    name: 'plan_task_blocked',
    who: 'task owner',
    as: PEER,
    request: taskButton('plan_task_blocked', 'docs'),
    says: 'modal',
  },
  {
    name: 'plan_mark_task',
    who: 'task owner',
    as: PEER,
    request: markTask('done', 'docs'),
    says: 'You marked',
    changed: (w) => expect(w.h.mailroom.ctx.plans.task(w.docs)?.state).toBe('done'),
  },
  {
    name: 'plan_block_task_modal',
    who: 'task owner',
    as: PEER,
    request: blockForm('docs'),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.plans.task(w.docs)).toMatchObject({
        state: 'blocked',
        blockReason: FORGED,
        unblockerId: NOAH,
      }),
  },
  {
    name: 'plan_task_unblocked',
    who: 'unblocker',
    as: PRIYA,
    request: unblockButton('blocker'),
    says: 'is unblocked',
    changed: (w) => expect(w.h.mailroom.ctx.plans.task(w.docs)?.state).toBe('accepted'),
  },
  {
    name: 'plan_accept_task',
    who: 'proposed owner',
    as: PRIYA,
    request: assignmentButton('plan_accept_task', 'assignment'),
    says: 'You accepted',
    changed: (w) =>
      expect(w.h.mailroom.ctx.plans.task(w.task)).toMatchObject({
        ownerId: PRIYA,
        state: 'accepted',
      }),
  },
  {
    name: 'plan_decline_task',
    who: 'proposed owner',
    as: PRIYA,
    request: assignmentButton('plan_decline_task', 'assignment'),
    says: 'modal',
  },
  {
    name: 'plan_decline_task_modal',
    who: 'proposed owner',
    as: PRIYA,
    request: declineForm('assignment'),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.plans.task(w.task)).toMatchObject({
        ownerId: null,
        state: 'declined',
        declineReason: FORGED,
      }),
  },
  {
    name: 'plan_propose_again',
    who: 'plan owner',
    as: NOAH,
    request: (w) => ({ kind: 'button', actionId: 'plan_propose_again', value: String(w.task) }),
    says: 'modal',
  },
  {
    name: 'plan_choose_task',
    who: 'plan owner',
    as: NOAH,
    request: chooseTask(),
    says: 'modal',
  },
  {
    name: 'plan_task_owner_modal',
    who: 'plan owner',
    as: NOAH,
    request: ownerForm(PEER),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.plans.task(w.task)).toMatchObject({
        ownerId: PEER,
        state: 'proposed',
      }),
  },
  {
    name: 'plan_edit_stage (once the why is accepted again)',
    who: 'owner',
    as: OWNER,
    request: (w) => {
      acceptStage(w.h.mailroom.ctx, { userId: OWNER, stageId: w.why, proceed: true });
      return button('plan_edit_stage', 'what')(w);
    },
    says: 'modal',
  },
  {
    name: 'plan_accept_stage',
    who: 'owner',
    as: OWNER,
    request: button('plan_accept_stage', 'why'),
    says: 'Not everyone has answered yet',
  },
  {
    name: 'plan_accept_anyway',
    who: 'owner',
    as: OWNER,
    request: button('plan_accept_anyway', 'why'),
    says: 'is accepted',
    changed: (w) => expect(w.h.mailroom.ctx.plans.stage(w.why)?.state).toBe('accepted'),
  },
  {
    name: 'plan_stage_modal (once the why is accepted again)',
    who: 'owner',
    as: OWNER,
    request: (w) => {
      acceptStage(w.h.mailroom.ctx, { userId: OWNER, stageId: w.why, proceed: true });
      return {
        kind: 'view',
        callbackId: 'plan_stage_modal',
        metadata: { stageId: w.what, stage: 'what' },
        values: {
          what_in_scope: { what_in_scope: { type: 'plain_text_input', value: 'must: keys' } },
          what_out_of_scope: { what_out_of_scope: { type: 'plain_text_input', value: 'Billing' } },
        },
      };
    },
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.plans.stage(w.what)).toMatchObject({
        state: 'in_review',
        revision: 2,
      }),
  },
  {
    name: 'plan_recheck_holds',
    who: 'reviewer',
    as: NOAH,
    request: button('plan_recheck_holds', 'what'),
    says: 'still holds',
    changed: (w) => expect(w.h.mailroom.ctx.plans.stage(w.what)?.state).toBe('accepted'),
  },
  {
    name: 'plan_recheck_concern',
    who: 'reviewer',
    as: NOAH,
    request: button('plan_recheck_concern', 'what'),
    says: 'modal',
  },
  {
    name: 'plan_recheck_concern_modal',
    who: 'reviewer',
    as: NOAH,
    request: concernForm('what'),
    says: '',
    changed: (w) => expect(w.h.mailroom.ctx.plans.stage(w.what)?.state).toBe('in_review'),
  },
  {
    name: '/plan',
    who: 'member',
    as: PEER,
    request: () => ({ kind: 'command', text: 'Another plan', channelId: 'C0SECRET' }),
    says: 'modal',
  },
  {
    name: 'start_plan',
    who: 'member',
    as: PEER,
    request: (w) => ({ kind: 'shortcut', channelId: 'C0SECRET', message: w.secretMessage }),
    says: 'modal',
  },
  {
    name: 'plan_start_modal',
    who: 'member',
    as: OWNER,
    request: startForm('C0SECRET'),
    says: '',
    changed: (w) => expect(w.h.mailroom.ctx.plans.ownedBy(OWNER)).toHaveLength(2),
  },
];

describe('authorization matrix, plans: the owner, the reviewers and the channel’s members may', () => {
  it.each(allowed.map((row) => [`${row.name} by the ${row.who} ${row.as}`, row] as const))(
    '%s',
    async (_title, row) => {
      const world = await freshWorld();
      try {
        const reply = await send(world.h, row.as, row.request(world));
        expect(reply).toContain(row.says);
        row.changed?.(world);
        expect(world.h.logs.errors()).toEqual([]);
      } finally {
        await world.h.stop();
      }
    },
  );
});
