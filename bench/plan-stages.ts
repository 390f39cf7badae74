/**
 * A plan's stage changes at size: a plan whose how has 50 tasks, with 10 reviewers for each
 * stage, through the real app (its HTTP receiver, Bolt, the delivery worker, the canvas sync)
 * against the fake Slack on loopback, every request signed as Slack signs it. For each stage
 * change (the plan started, each stage submitted and accepted, the why revised so that the what
 * and the how are to re-check) it counts the Web API calls the change makes, by method, and
 * times it from the request until the last call it caused, over several plans. It also counts
 * the canvas edits against the changes to the plan that would each have edited it (the 10 s
 * rule gathers the reviewers' answers).
 */
import { REVIEW_ACTIONS } from '../src/core/slack/views/review.js';
import { findButton, textOf } from '../test/support/blocks.js';
import type { FakeChannel, FakeUser, Json, StoredMessage } from '../test/support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../test/support/harness.js';
import type { BenchResult } from './run.js';

const START = '2026-03-09T10:00:00Z';
const CHANNEL = 'C0PLANS';
const BOT = 'U0MAILBOT';
const OWNER = 'U0OWNER';
const STAGES = ['why', 'what', 'how'] as const;
type StageName = (typeof STAGES)[number];

export interface PlanBenchSize {
  tasks: number;
  reviewersPerStage: number;
  /** Plans taken through every change: the figures are over these. */
  repeats: number;
}

export const FULL_SIZE: PlanBenchSize = { tasks: 50, reviewersPerStage: 10, repeats: 5 };

/** The changes each plan goes through, in order. */
export const CHANGES = [
  'start',
  'submit why',
  'accept why',
  'submit what',
  'accept what',
  'submit how',
  'accept how',
  'revise why',
] as const;
export type Change = (typeof CHANGES)[number];

export interface PlanBenchMeasurement {
  size: PlanBenchSize;
  /** Per change: the time each repeat took (ms) and its calls by method, summed over repeats. */
  changes: Record<Change, { ms: number[]; calls: Record<string, number> }>;
  /** Over every plan: the changes that altered what its canvas shows, and the edits made. */
  canvas: { created: number; changes: number; edits: number };
}

const reviewerId = (stage: StageName, i: number) =>
  `U0${stage.toUpperCase()}${String(i).padStart(3, '0')}`;

function world(size: PlanBenchSize): { users: FakeUser[]; channels: FakeChannel[] } {
  const reviewers = STAGES.flatMap((stage) =>
    Array.from({ length: size.reviewersPerStage }, (_, i) => reviewerId(stage, i)),
  );
  return {
    users: [OWNER, ...reviewers].map((id) => ({ id, name: id.toLowerCase(), tz: 'UTC' })),
    channels: [{ id: CHANNEL, name: 'plans', members: [OWNER, ...reviewers, BOT] }],
  };
}

const input = (value: string) => ({ type: 'plain_text_input', value });
const field = (blockId: string, value: Json) => ({ [blockId]: { [blockId]: value } });
const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

function forms(size: PlanBenchSize) {
  const tasks = Array.from(
    { length: size.tasks },
    (_, i) => `Task ${i + 1} | ${(i % 2) + 1} | ${(i % 5) + 1}d | 2026-04-${String(10 + (i % 15))}`,
  ).join('\n');
  return {
    start: (title: string) => ({
      ...field('plan_title', input(title)),
      ...field('plan_target', { type: 'datepicker', selected_date: '2026-04-30' }),
      ...field('plan_goal', input('')),
      ...Object.assign(
        {},
        ...STAGES.map((stage) =>
          field(`plan_reviewers_${stage}`, {
            type: 'multi_users_select',
            selected_users: Array.from({ length: size.reviewersPerStage }, (_, i) =>
              reviewerId(stage, i),
            ),
          }),
        ),
      ),
    }),
    why: (success: string) => ({
      ...field('why_goal', input('Partners integrate without our help')),
      ...field('why_asked_by', input('Sales')),
      ...field('why_objective', input('Grow partner revenue')),
      ...field('why_success', input(success)),
    }),
    what: {
      ...field('what_in_scope', input('must: API keys per partner\nshould: a usage dashboard')),
      ...field('what_out_of_scope', input('Billing partners')),
    },
    how: {
      ...field('how_fast_name', input('Static keys')),
      ...field('how_fast_effort', select('low')),
      ...field('how_fast_risk', select('high')),
      ...field('how_fast_quality', select('low')),
      ...field('how_fast_time', input('1 week')),
      ...field('how_robust_name', input('OAuth client credentials')),
      ...field('how_robust_effort', select('high')),
      ...field('how_robust_risk', select('low')),
      ...field('how_robust_quality', select('high')),
      ...field('how_robust_time', input('4 weeks')),
      ...field('how_choice', { type: 'radio_buttons', selected_option: { value: 'robust' } }),
      ...field('how_because', input('Partners keep keys for years.')),
      ...field('how_questions', input('')),
      ...field('how_tasks', input(tasks)),
    },
  };
}

/** The view the last views.open call opened after `before` calls. */
async function openedView(harness: Harness, before: number): Promise<Json> {
  return eventually(() => {
    const call = harness.fake.callsTo('views.open')[before];
    if (!call) throw new Error('no form yet');
    return call.response.view as Json;
  });
}

async function submitView(harness: Harness, view: Json, values: Json): Promise<void> {
  const response = await harness.sender.viewSubmission({
    userId: OWNER,
    callbackId: String(view.callback_id),
    viewId: String(view.id),
    privateMetadata: String(view.private_metadata),
    values,
  });
  if (response.status !== 200 || (response.body !== '' && response.body.includes('errors'))) {
    throw new Error(`the form was refused: ${response.body}`);
  }
}

async function pressButton(
  harness: Harness,
  userId: string,
  message: StoredMessage,
  button: { value: string; blockId: string },
  actionId: string,
): Promise<void> {
  const response = await harness.sender.blockAction({
    userId,
    actionId,
    value: button.value,
    blockId: button.blockId,
    channelId: message.channel,
    message: { ts: message.ts, blocks: message.blocks },
  });
  if (response.status !== 200) throw new Error(`the click was refused (${response.status})`);
}

function labelled(message: StoredMessage, label: string) {
  for (const block of (message.blocks ?? []) as Json[]) {
    for (const element of (block.elements ?? []) as Json[]) {
      if ((element.text as Json | undefined)?.text === label) {
        return {
          value: String(element.value),
          blockId: String(block.block_id),
          actionId: String(element.action_id),
        };
      }
    }
  }
  throw new Error(`no button “${label}”`);
}

/** Waits until Slack has heard nothing new for a few polls; when the last call came. */
async function settled(harness: Harness): Promise<number> {
  let count = harness.fake.calls.length;
  let lastChange = performance.now();
  let quiet = 0;
  while (quiet < 5) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (harness.fake.calls.length === count) quiet += 1;
    else {
      count = harness.fake.calls.length;
      lastChange = performance.now();
      quiet = 0;
    }
  }
  return lastChange;
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** Takes `size.repeats` plans through every change, each measured on its own. */
export async function measurePlanStages(size: PlanBenchSize): Promise<PlanBenchMeasurement> {
  const harness = await startMailroom({ now: START, slack: world(size) });
  const { ctx } = harness.mailroom;
  const form = forms(size);
  const changes = Object.fromEntries(
    CHANGES.map((change) => [change, { ms: [] as number[], calls: {} as Record<string, number> }]),
  ) as PlanBenchMeasurement['changes'];
  let canvasChanges = 0;
  const canvasShows = (planId: number) => ctx.plans.canvases.get(planId)?.markdown;

  /** Runs `act` (the change), then the minute's work; its calls and time go to `change`. */
  async function measured(change: Change, act: () => Promise<void>): Promise<void> {
    await settled(harness);
    const before = harness.fake.calls.length;
    const started = performance.now();
    await act();
    await harness.mailroom.tick();
    const ended = await settled(harness);
    changes[change].ms.push(ended - started);
    for (const call of harness.fake.calls.slice(before)) {
      changes[change].calls[call.method] = (changes[change].calls[call.method] ?? 0) + 1;
    }
  }
  /** Past the 10 s rule, so that the next change edits the canvas on its own. */
  const nextChange = () => harness.clock.advance(11_000);

  try {
    for (let repeat = 1; repeat <= size.repeats; repeat++) {
      const title = `Partner API ${repeat}`;
      const opened = harness.fake.callsTo('views.open').length;
      await harness.sender.slashCommand({
        command: '/plan',
        text: title,
        userId: OWNER,
        channelId: CHANNEL,
      });
      const startForm = await openedView(harness, opened);
      let planId = 0;
      await measured('start', async () => {
        await submitView(harness, startForm, form.start(title));
        planId = await eventually(() => {
          const plan = ctx.plans.ownedBy(OWNER)[0];
          if (plan?.title !== title || !plan.messageTs) throw new Error('not posted yet');
          return plan.id;
        });
      });
      const planMessage = () => {
        const ts = ctx.plans.get(planId)?.messageTs;
        const found = harness.fake.messagesIn(CHANNEL).find((m) => m.ts === ts);
        if (!found) throw new Error('no plan message');
        return found;
      };
      const stage = (name: StageName) => {
        const found = ctx.plans.stagesOf(planId).find((s) => s.stage === name);
        if (!found) throw new Error(`no ${name}`);
        return found;
      };
      const write = async (change: Change, name: StageName, label: string, values: Json) => {
        const message = planMessage();
        const button = labelled(message, label);
        const formsBefore = harness.fake.callsTo('views.open').length;
        await pressButton(harness, OWNER, message, button, button.actionId);
        const view = await openedView(harness, formsBefore);
        await settled(harness);
        nextChange();
        const revision = stage(name).revision;
        await measured(change, async () => {
          await submitView(harness, view, values);
          await eventually(() => {
            if (stage(name).revision !== revision + 1) throw new Error('not submitted yet');
          });
        });
        canvasChanges += 1;
      };
      const accept = async (change: Change, name: StageName) => {
        // Each reviewer agrees on their card, as quickly as they can: one canvas edit at most.
        nextChange();
        for (let i = 0; i < size.reviewersPerStage; i++) {
          const id = reviewerId(name, i);
          const card = [...harness.fake.messagesIn(id)]
            .reverse()
            .find((m) => textOf(m.blocks).includes(title));
          if (!card) throw new Error(`${id} was not asked`);
          const before = canvasShows(planId);
          await pressButton(
            harness,
            id,
            card,
            findButton(card.blocks, REVIEW_ACTIONS.agree),
            REVIEW_ACTIONS.agree,
          );
          await settled(harness);
          if (i > 0 || canvasShows(planId) !== before) canvasChanges += 1;
        }
        nextChange();
        const message = planMessage();
        const button = labelled(message, `Accept the ${name}`);
        await measured(change, async () => {
          await pressButton(harness, OWNER, message, button, button.actionId);
          await eventually(() => {
            if (stage(name).state !== 'accepted') throw new Error('not accepted yet');
          });
        });
        canvasChanges += 1;
      };
      await write('submit why', 'why', 'Write the why', form.why('Five partners live by June'));
      await accept('accept why', 'why');
      await write('submit what', 'what', 'Write the what', form.what);
      await accept('accept what', 'what');
      await write('submit how', 'how', 'Write the how', form.how);
      await accept('accept how', 'how');
      await write('revise why', 'why', 'Revise the why', form.why('Five partners live by May'));
      nextChange();
      await harness.mailroom.tick();
      await settled(harness);
    }
    const canvases = ctx.plans.canvases.inStates(['live']);
    return {
      size,
      changes,
      canvas: {
        created: canvases.length,
        changes: canvasChanges,
        edits: canvases.reduce((sum, canvas) => sum + canvas.edits, 0),
      },
    };
  } finally {
    await harness.stop();
  }
}

/** The report's rows: per change, its calls by method (per plan) and its time. */
export function planBenchResult(measurement: PlanBenchMeasurement): BenchResult {
  const { size } = measurement;
  const workload = `${size.tasks} tasks, ${size.reviewersPerStage} reviewers per stage, ${size.repeats} plans, real app against the fake Slack on loopback`;
  const rows = CHANGES.map((change) => {
    const { ms, calls } = measurement.changes[change];
    const perPlan = Object.entries(calls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([method, n]) => `${method} ${Math.round((10 * n) / size.repeats) / 10}`)
      .join(', ');
    return {
      figure: `${change}: Web API calls per plan; p50 / p95`,
      value: `${perPlan || 'none'}; ${quantile(ms, 0.5).toFixed(0)} / ${quantile(ms, 0.95).toFixed(0)} ms`,
      workload,
    };
  });
  const { canvas } = measurement;
  rows.push({
    figure: 'canvas edits for the changes that altered each canvas',
    value: `${canvas.edits} edits for ${canvas.changes} changes (${canvas.created} canvases)`,
    workload: 'reviewers answering within the same 10 s are one edit',
  });
  return {
    title: 'A plan’s stage changes (50 tasks, 10 reviewers per stage)',
    rows,
    notes: [
      'Each change is timed from its request until the last Web API call it caused, the minute’s work (delivery, canvas sync) included; the calls are those the change made, by method.',
    ],
  };
}

export async function run(): Promise<BenchResult> {
  return planBenchResult(await measurePlanStages(FULL_SIZE));
}
