import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptStage,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { askExperts } from '../../../../src/features/plans/services/questions.js';
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
 * The authorization matrix for the how's questions to experts: Ask the experts and its form,
 * Answer and its form, sent as Slack sends them by an outsider, a guest, someone who may see the
 * plan but not do this, and with ids chosen by the sender. A refusal changes nothing, sends
 * nothing and reveals nothing; the owner and the expert may.
 */

// Monday 10:00 UTC: everyone works 09:00-17:00 UTC.
const NOW = '2026-03-09T10:00:00Z';
const BOT = 'U0MAILBOT';
const OWNER = 'U0OWNER';
/** Reviews every stage, and owns the topic "secrets". */
const PRIYA = 'U0PRIYA';
/** In the plan's channel, reviewing nothing. */
const PEER = 'U0PEER';
const OUTSIDER = 'U0OUT';
const GUEST = 'U0GUEST';

const users: FakeUser[] = [
  { id: OWNER, name: 'owen', tz: 'UTC' },
  { id: PRIYA, name: 'priya', tz: 'UTC' },
  { id: PEER, name: 'pat', tz: 'UTC' },
  { id: OUTSIDER, name: 'otto', tz: 'UTC' },
  { id: GUEST, name: 'gus', tz: 'UTC', isRestricted: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [OWNER, PRIYA, PEER, OUTSIDER, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [OWNER, PRIYA, PEER, BOT] },
  { id: 'C0GUESTS', name: 'guests', members: [OWNER, GUEST, BOT] },
];

const FORGED = 'FORGED by someone who may not';
const ROTATE = 'How often should Falcon secrets rotate?';
const CONTRACT = 'Who signs the Falcon contract?';
const HOW = {
  how_fast_name: 'Static keys',
  how_fast_effort: 'low',
  how_fast_risk: 'high',
  how_fast_quality: 'low',
  how_fast_time: '1 week',
  how_robust_name: 'OAuth',
  how_robust_effort: 'high',
  how_robust_risk: 'low',
  how_robust_quality: 'high',
  how_robust_time: '4 weeks',
  how_choice: 'robust',
  how_because: 'Keys last years.',
  how_questions: `${ROTATE}\n${CONTRACT}`,
  how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10',
};

/** The plan in #secret: its how submitted, its first question put to Priya, its second to nobody yet. */
interface World {
  h: Harness;
  why: number;
  how: number;
  question: number;
}

let saved: SavedWorld;

async function buildWorld(): Promise<SavedWorld> {
  const h = await startMailroom({ now: NOW, slack: { users, channels } });
  const { ctx } = h.mailroom;
  await h.mailroom.tick();
  ctx.channels.setMembers('C0SECRET', [OWNER, PRIYA, PEER, BOT], ctx.clock());
  ctx.experts.add('keyword', 'secrets', PRIYA, OWNER, ctx.clock());
  const { plan } = startPlan(ctx, {
    ownerId: OWNER,
    channelId: 'C0SECRET',
    title: 'Falcon partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: [PRIYA], what: [PRIYA], how: [PRIYA] },
  });
  const [why, what, how] = ctx.plans.stagesOf(plan.id);
  if (!why || !what || !how) throw new Error('no stages');
  submitStage(ctx, {
    userId: OWNER,
    stageId: why.id,
    stage: 'why',
    form: {
      why_goal: 'Falcon',
      why_asked_by: 'Sales',
      why_objective: 'Revenue',
      why_success: 'Five',
    },
  });
  acceptStage(ctx, { userId: OWNER, stageId: why.id, proceed: true });
  submitStage(ctx, {
    userId: OWNER,
    stageId: what.id,
    stage: 'what',
    form: { what_in_scope: 'must: Falcon keys', what_out_of_scope: 'Billing' },
  });
  acceptStage(ctx, { userId: OWNER, stageId: what.id, proceed: true });
  submitStage(ctx, { userId: OWNER, stageId: how.id, stage: 'how', form: HOW });
  askExperts(ctx, { userId: OWNER, stageId: how.id, revision: 1, picks: {} });
  await h.mailroom.tick();
  const world = await saveWorld(h);
  await h.stop();
  return world;
}

async function freshWorld(): Promise<World> {
  const h = await startFromSaved(saved);
  const { ctx } = h.mailroom;
  const plan = ctx.plans.ownedBy(OWNER)[0];
  const [why, , how] = ctx.plans.stagesOf(plan?.id ?? 0);
  const question = how && ctx.planQuestions.find(how.id, ROTATE);
  if (!why || !how || !question) throw new Error('the world is not as built');
  return { h, why: why.id, how: how.id, question: question.id };
}

beforeAll(async () => {
  saved = await buildWorld();
}, 60_000);

type Request =
  | { kind: 'button'; actionId: string; value: string }
  | { kind: 'view'; callbackId: string; metadata: unknown; values: Json };

async function send(h: Harness, userId: string, request: Request): Promise<string> {
  h.fake.responses.length = 0;
  const answered = replyOrModal(h);
  if (request.kind === 'view') {
    const response = await h.sender.viewSubmission({
      userId,
      callbackId: request.callbackId,
      privateMetadata: JSON.stringify(request.metadata),
      values: request.values,
    });
    return response.body;
  }
  await h.sender.blockAction({
    userId,
    actionId: request.actionId,
    value: request.value,
    channelId: 'C0GENERAL',
  });
  return answered();
}

const TABLES = [
  'plans',
  'plan_stages',
  'plan_revisions',
  'plan_questions',
  'queue_items',
  'documents',
];

const snapshot = (h: Harness) => tableSnapshot(h, TABLES);

const WRITES = ['chat.postMessage', 'chat.update', 'views.open', 'views.push'];

const MSG = {
  noPlan: 'I can’t find that plan.',
  noQuestion: 'I can’t find that question.',
  ownerAsks: 'Only the plan’s owner can ask its experts.',
  expertAnswers: 'Only the expert the question was put to can answer it.',
  empty: 'The answer is empty',
  pickSees: 'Pick someone who can see the plan’s channel.',
  pickOwner: 'You own the plan: pick someone else to answer it.',
};

type Target = 'how' | 'why' | 'forged';
interface Case {
  name: string;
  who: string;
  as: string;
  request: (w: World) => Request;
  says: string;
}

const stageId = (w: World, target: Target) => (target === 'forged' ? 999999 : w[target]);
const askButton =
  (target: Target) =>
  (w: World): Request => ({
    kind: 'button',
    actionId: 'plan_ask_experts',
    value: String(stageId(w, target)),
  });
const askForm =
  (target: Target, picks: Record<number, string> = {}) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_ask_experts_modal',
    metadata: { stageId: stageId(w, target), revision: 1 },
    values: Object.fromEntries(
      Object.entries(picks).map(([index, user]) => [
        `plan_question_pick_${index}`,
        { [`plan_question_pick_${index}`]: { type: 'users_select', selected_user: user } },
      ]),
    ),
  });
const answerButton =
  (forged = false) =>
  (w: World): Request => ({
    kind: 'button',
    actionId: 'plan_question_answer',
    value: String(forged ? 999999 : w.question),
  });
const answerForm =
  (text: string, forged = false) =>
  (w: World): Request => ({
    kind: 'view',
    callbackId: 'plan_question_answer_modal',
    metadata: { questionId: forged ? 999999 : w.question },
    values: { plan_answer: { plan_answer: { type: 'plain_text_input', value: text } } },
  });

const strangers = [
  ['outsider', OUTSIDER],
  ['guest', GUEST],
] as const;
const byStrangers = (name: string, request: Case['request'], says: string): Case[] =>
  strangers.map(([who, as]) => ({ name, who, as, request, says }));

const refusals: Case[] = [
  ...byStrangers('plan_ask_experts', askButton('how'), MSG.noPlan),
  {
    name: 'plan_ask_experts',
    who: 'bystander',
    as: PEER,
    request: askButton('how'),
    says: MSG.ownerAsks,
  },
  {
    name: 'plan_ask_experts',
    who: 'reviewer',
    as: PRIYA,
    request: askButton('how'),
    says: MSG.ownerAsks,
  },
  {
    name: 'plan_ask_experts (forged id)',
    who: 'owner',
    as: OWNER,
    request: askButton('forged'),
    says: MSG.noPlan,
  },
  {
    name: 'plan_ask_experts (not a how)',
    who: 'owner',
    as: OWNER,
    request: askButton('why'),
    says: MSG.noPlan,
  },
  ...byStrangers('plan_ask_experts_modal', askForm('how', { 1: PEER }), MSG.noPlan),
  {
    name: 'plan_ask_experts_modal',
    who: 'bystander',
    as: PEER,
    request: askForm('how', { 1: PEER }),
    says: MSG.ownerAsks,
  },
  {
    name: 'plan_ask_experts_modal (forged id)',
    who: 'owner',
    as: OWNER,
    request: askForm('forged', { 1: PEER }),
    says: MSG.noPlan,
  },
  {
    name: 'plan_ask_experts_modal (an outsider picked)',
    who: 'owner',
    as: OWNER,
    request: askForm('how', { 1: OUTSIDER }),
    says: MSG.pickSees,
  },
  {
    name: 'plan_ask_experts_modal (a guest picked)',
    who: 'owner',
    as: OWNER,
    request: askForm('how', { 1: GUEST }),
    says: MSG.pickSees,
  },
  {
    name: 'plan_ask_experts_modal (the owner picked)',
    who: 'owner',
    as: OWNER,
    request: askForm('how', { 1: OWNER }),
    says: MSG.pickOwner,
  },
  ...byStrangers('plan_question_answer', answerButton(), MSG.noQuestion),
  {
    name: 'plan_question_answer',
    who: 'bystander',
    as: PEER,
    request: answerButton(),
    says: MSG.expertAnswers,
  },
  {
    name: 'plan_question_answer',
    who: 'owner',
    as: OWNER,
    request: answerButton(),
    says: MSG.expertAnswers,
  },
  {
    name: 'plan_question_answer (forged id)',
    who: 'expert',
    as: PRIYA,
    request: answerButton(true),
    says: MSG.noQuestion,
  },
  ...byStrangers('plan_question_answer_modal', answerForm(FORGED), MSG.noQuestion),
  {
    name: 'plan_question_answer_modal',
    who: 'bystander',
    as: PEER,
    request: answerForm(FORGED),
    says: MSG.expertAnswers,
  },
  {
    name: 'plan_question_answer_modal',
    who: 'owner',
    as: OWNER,
    request: answerForm(FORGED),
    says: MSG.expertAnswers,
  },
  {
    name: 'plan_question_answer_modal (forged id)',
    who: 'expert',
    as: PRIYA,
    request: answerForm(FORGED, true),
    says: MSG.noQuestion,
  },
  {
    name: 'plan_question_answer_modal (an empty answer)',
    who: 'expert',
    as: PRIYA,
    request: answerForm('   '),
    says: MSG.empty,
  },
];

describe('authorization matrix, plan questions: refusals change nothing and reveal nothing', () => {
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
      const writes = h.fake.calls.slice(firstCall).filter((call) => WRITES.includes(call.method));
      expect(writes).toEqual([]);
      const report = await h.mailroom.tick();
      expect(report.delivery.delivered).toBe(0);
      expect(snapshot(h)).toEqual(before);
      expect(h.logs.errors()).toEqual([]);
    },
  );
});

const allowed: (Case & { changed?: (w: World) => void })[] = [
  { name: 'plan_ask_experts', who: 'owner', as: OWNER, request: askButton('how'), says: 'modal' },
  {
    name: 'plan_ask_experts_modal (a member picked)',
    who: 'owner',
    as: OWNER,
    request: askForm('how', { 1: PEER }),
    says: 'Asked',
    changed: (w) =>
      expect(w.h.mailroom.ctx.planQuestions.find(w.how, CONTRACT)).toMatchObject({
        expertId: PEER,
        state: 'asked',
      }),
  },
  {
    name: 'plan_question_answer',
    who: 'expert',
    as: PRIYA,
    request: answerButton(),
    says: 'modal',
  },
  {
    name: 'plan_question_answer_modal',
    who: 'expert',
    as: PRIYA,
    request: answerForm('Every 90 days.'),
    says: '',
    changed: (w) =>
      expect(w.h.mailroom.ctx.planQuestions.get(w.question)).toMatchObject({
        state: 'answered',
        answerText: 'Every 90 days.',
      }),
  },
];

describe('authorization matrix, plan questions: the owner and the expert may', () => {
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
