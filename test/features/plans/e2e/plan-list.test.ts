import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import { exportPlans } from '../../../../src/features/plans/services/export.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { declineAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { readForm } from '../../../../src/features/plans/slack/form.js';
import { LIST_EDIT_EVERY_MS } from '../../../../src/features/plans/slack/list-sync.js';
import { planListItems, planLists } from '../../../../src/features/plans/store/schema.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeList, Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  BERTA,
  CHANNEL,
  channels,
  dms,
  field,
  HOW,
  homeTextOf,
  input,
  NOAH,
  OWEN,
  PRIYA,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
  users,
  WHAT,
  WHY,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Submits a stage through the plan's use cases, every reviewer agrees, and the owner accepts. */
function submitAndAccept(
  harness: Harness,
  planId: number,
  name: 'why' | 'what' | 'how',
  form: Json,
) {
  const { ctx } = harness.mailroom;
  const stage = ctx.plans.stagesOf(planId).find((s) => s.stage === name);
  if (!stage) throw new Error(`no ${name}`);
  submitStage(ctx, { userId: OWEN, stageId: stage.id, stage: name, form: readForm(form) });
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  acceptStage(ctx, { userId: OWEN, stageId: stage.id });
}

function acceptUpToHow(harness: Harness, planId: number) {
  submitAndAccept(harness, planId, 'why', WHY);
  submitAndAccept(harness, planId, 'what', WHAT);
  submitAndAccept(harness, planId, 'how', HOW);
}

/** A revised how with these task lines, accepted. */
const reviseHow = (harness: Harness, planId: number, tasks: string[]) =>
  submitAndAccept(harness, planId, 'how', {
    ...HOW,
    ...field('how_tasks', input(tasks.join('\n'))),
  });

/** Moves the clock on and runs the minute's work: what the 10 s rule held back goes now. */
async function later(harness: Harness, ms = LIST_EDIT_EVERY_MS) {
  harness.clock.advance(ms);
  await harness.mailroom.tick();
}

const theList = (harness: Harness): Promise<FakeList> =>
  eventually(() => {
    const [list, ...more] = [...harness.fake.lists.values()];
    if (!list) throw new Error('no List yet');
    expect(more).toEqual([]);
    return list;
  });

const rows = (harness: Harness, list: FakeList) =>
  harness.fake.listRows(list.id).sort((a, b) => Number(a['#']) - Number(b['#']));
const calls = (harness: Harness, method: string) => harness.fake.callsTo(method).length;
const listDms = (harness: Harness) =>
  dms(harness, OWEN).filter((m) => m.text.includes('have no Slack List'));

async function planWithTasks(harness: Harness) {
  const plan = await startPlan(harness);
  acceptUpToHow(harness, plan.id);
  const [first = 0, second = 0] = harness.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
  return { plan, first, second };
}

const propose = (harness: Harness, taskId: number, candidateId: string) =>
  proposeOwner(harness.mailroom.ctx, { userId: OWEN, taskId, candidateId });

describe('the plan’s tasks as a Slack List', () => {
  it('is made once the who has a first owner, with an item per task, and kept in step as owners are proposed, accepted, declined and changed', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first, second } = await planWithTasks(harness);
    await later(harness);
    // Tasks but no owner yet: no List.
    expect(harness.fake.lists.size).toBe(0);
    expect(calls(harness, 'slackLists.create')).toBe(0);

    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    expect(list.name).toBe('Partner API: tasks');
    expect(list.schema.map((c) => [c.name, c.type])).toEqual([
      ['Task', 'text'],
      ['#', 'number'],
      ['Owner', 'user'],
      ['Due date', 'date'],
      ['State', 'select'],
      ['Plan', 'link'],
    ]);
    expect(list.schema[0]?.is_primary_column).toBe(true);
    expect(textOf(list.description)).toContain('Kept by Mailroom from the plan');
    expect(rows(harness, list)).toEqual([
      {
        Task: 'Token endpoint',
        '#': '1',
        Owner: '@priya',
        'Due date': '2026-04-10',
        State: 'proposed',
        Plan: 'Partner API',
      },
      {
        Task: 'Usage dashboard',
        '#': '2',
        Owner: '',
        'Due date': '2026-04-24',
        State: 'no owner yet',
        Plan: 'Partner API',
      },
    ]);
    const permalink = ctx.plans.get(plan.id)?.permalink;
    const planCell = [...list.items.values()][0]?.cells.get(list.schema[5]?.id ?? '');
    expect(planCell?.link).toEqual([
      { original_url: permalink, display_as_url: false, display_name: 'Partner API' },
    ]);
    expect(ctx.plans.lists.get(plan.id)).toMatchObject({
      state: 'live',
      listId: list.id,
      shared: true,
    });

    // Priya accepts from her DM (15:30 in Kolkata): the List follows the click.
    await later(harness);
    const card = reviewCard(harness, PRIYA, 'proposes you own this task');
    expect((await press(harness, PRIYA, card, 'plan_accept_task')).text).toContain('You accepted');
    await eventually(() => expect(rows(harness, list)[0]?.State).toBe('accepted'));

    // Noah is proposed for the second and declines it.
    propose(harness, second, NOAH);
    await later(harness);
    expect(rows(harness, list)[1]).toMatchObject({ Owner: '@noah', State: 'proposed' });
    const [noahItem] = ctx.queue.openWithKeyPrefix(`plan-task-assignment:${second}:`);
    if (!noahItem) throw new Error('no assignment');
    declineAssignment(ctx, { userId: NOAH, itemId: noahItem.id, reason: 'On leave' });
    await later(harness);
    expect(rows(harness, list)[1]).toMatchObject({ Owner: '', State: 'declined' });

    // The first goes to Berta instead.
    propose(harness, first, BERTA);
    await later(harness);
    expect(rows(harness, list)[0]).toMatchObject({ Owner: '@berta', State: 'proposed' });

    // Nothing changed since: no call at all.
    const before = harness.fake.calls.filter((c) => c.method.startsWith('slackLists.')).length;
    await later(harness);
    await later(harness);
    expect(harness.fake.calls.filter((c) => c.method.startsWith('slackLists.')).length).toBe(
      before,
    );
    expect(calls(harness, 'slackLists.create')).toBe(1);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('adds and removes items as a revised how adds and removes tasks, keeping the owners in place', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { plan, first } = await planWithTasks(harness);
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    expect(list.items.size).toBe(2);

    reviseHow(harness, plan.id, [
      'Token endpoint v2 | 1 | 4d | 2026-04-11',
      'Usage dashboard | 2 | 2w | 2026-04-24',
      'Partner docs | 1 | 3d | 2026-04-28',
    ]);
    const updates = calls(harness, 'slackLists.items.update');
    await later(harness);
    expect(rows(harness, list).map((r) => [r.Task, r.Owner, r['Due date'], r.State])).toEqual([
      ['Token endpoint v2', '@priya', '2026-04-11', 'proposed'],
      ['Usage dashboard', '', '2026-04-24', 'no owner yet'],
      ['Partner docs', '', '2026-04-28', 'no owner yet'],
    ]);
    // Only the task that changed was rewritten; the new one was added.
    expect(calls(harness, 'slackLists.items.update')).toBe(updates + 1);
    expect(calls(harness, 'slackLists.items.create')).toBe(3);

    reviseHow(harness, plan.id, ['Token endpoint v2 | 1 | 4d | 2026-04-11']);
    await later(harness);
    expect(rows(harness, list).map((r) => r.Task)).toEqual(['Token endpoint v2']);
    expect(calls(harness, 'slackLists.items.delete')).toBe(2);
    expect(harness.mailroom.ctx.plans.lists.itemsOf(plan.id)).toHaveLength(1);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('takes a burst of 20 owner changes in at most one round of edits each 10 s, and ends in step', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first } = await planWithTasks(harness);
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    const rounds = ctx.plans.lists.get(plan.id)?.rounds ?? 0;
    const updates = calls(harness, 'slackLists.items.update');
    // 20 changes, one a second, each request after the other.
    for (let n = 1; n <= 20; n++) {
      propose(harness, first, n % 2 === 0 ? PRIYA : BERTA);
      await later(harness, 1000);
    }
    // 20 s of changes: the 10 s rule allows a round at 10 s and at 20 s, no more.
    expect(calls(harness, 'slackLists.items.update') - updates).toBeLessThanOrEqual(2);
    await later(harness);
    expect(calls(harness, 'slackLists.items.update') - updates).toBeLessThanOrEqual(3);
    expect((ctx.plans.lists.get(plan.id)?.rounds ?? 0) - rounds).toBeLessThanOrEqual(3);
    expect(rows(harness, list)[0]).toMatchObject({ Owner: '@priya', State: 'proposed' });
  });

  it('is shared read only with the plan’s private channel alone', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { first } = await planWithTasks(harness);
    expect(channels.find((c) => c.id === CHANNEL)?.isPrivate).toBe(true);
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    expect(list.access).toEqual([{ id: CHANNEL, level: 'read' }]);
    const shared = harness.fake.callsTo('slackLists.access.set');
    expect(shared).toHaveLength(1);
    expect(shared[0]?.args.user_ids).toBeUndefined();
  });

  it('keeps to each method’s tier when Slack paces it, finishing the round once Slack allows', async () => {
    const harness = await startMailroom({
      now: START,
      slack: { users, channels, enforceRateLimits: true },
    });
    h = harness;
    const { plan } = await planWithTasks(harness);
    const outline = Array.from(
      { length: 30 },
      (_, n) => `Task ${n + 1} | 1 | 1d | 2026-04-${String(1 + (n % 28)).padStart(2, '0')}`,
    );
    reviseHow(harness, plan.id, outline);
    const [first = 0] = harness.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    // Tier 3 allows a burst of 10 creates, then about 50 a minute.
    expect(list.items.size).toBeLessThan(30);
    for (let minute = 0; minute < 3; minute++) await later(harness, 60_000);
    expect(list.items.size).toBe(30);
    expect(harness.fake.callsTo('slackLists.items.create').filter((c) => c.status === 429)).toEqual(
      [],
    );
    expect(calls(harness, 'slackLists.items.create')).toBe(30);
  });
});

describe('a plan without a List', () => {
  it.each([
    ['a workspace without Lists', 'Lists are turned off in this workspace'],
    ['a List deleted', 'its List was deleted'],
    ['sharing refused', 'Slack refused to share its List with the channel'],
  ])(
    '%s: the plan keeps its message, export and Home; its owner is told once',
    async (what, why) => {
      const harness = await startMailroom({
        now: START,
        slack: { users, channels },
        prepare: (fake) => {
          if (what === 'a workspace without Lists') fake.listsRefusal = 'lists_disabled_user_team';
          if (what === 'sharing refused') fake.failNext('slackLists.access.set', 'access_denied');
        },
      });
      h = harness;
      const { ctx } = harness.mailroom;
      const { plan, first, second } = await planWithTasks(harness);
      propose(harness, first, PRIYA);
      await later(harness);
      if (what === 'a List deleted') {
        expect((await theList(harness)).items.size).toBe(2);
        harness.fake.lists.clear();
        propose(harness, second, NOAH);
        await later(harness);
      }
      expect(ctx.plans.lists.get(plan.id)?.state).toBe('unavailable');
      const told = await eventually(() => {
        const found = listDms(harness);
        expect(found).toHaveLength(1);
        return found[0]?.text ?? '';
      });
      expect(told).toContain(why);
      expect(told).toContain('Nothing is lost');

      // Later changes and minutes try nothing more and say nothing more.
      const tried = harness.fake.calls.filter((c) => c.method.startsWith('slackLists.')).length;
      propose(harness, first, BERTA);
      await later(harness);
      await later(harness);
      expect(harness.fake.calls.filter((c) => c.method.startsWith('slackLists.')).length).toBe(
        tried,
      );
      expect(listDms(harness)).toHaveLength(1);

      // The plan's message, its export and Home hold every task and its owner.
      await planSaying(harness, plan.id, 'Token endpoint · 3d · due *2026-04-10*');
      expect(ctx.plans.task(first)).toMatchObject({ ownerId: BERTA, state: 'proposed' });
      const dir = mkdtempSync(join(tmpdir(), 'mailroom-list-'));
      try {
        await exportPlans(ctx, dir, { includePrivate: true });
        const exported = readFileSync(join(dir, 'plan-0001-partner-api.md'), 'utf8');
        expect(exported).toContain('Token endpoint');
        expect(exported).toContain('Usage dashboard');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(await homeTextOf(harness, BERTA)).toContain('Token endpoint');
      expect(harness.logs.errors()).toEqual([]);
    },
  );
});

describe('a List made once', () => {
  it('finds an item Slack made whose answer was lost, instead of adding it twice', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first } = await planWithTasks(harness);
    // Slack makes the first item, then its answer is lost (the process stopped, or the network).
    let lost = false;
    harness.fake.onListWrite = ({ method }) => {
      if (method === 'slackLists.items.create' && !lost) {
        lost = true;
        throw new Error('the answer never arrives');
      }
    };
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    expect(list.items.size).toBe(1);
    expect(ctx.plans.lists.itemsOf(plan.id)).toMatchObject([{ taskId: first, itemId: null }]);

    await later(harness);
    expect(calls(harness, 'slackLists.items.list')).toBe(1);
    expect(list.items.size).toBe(2);
    expect(rows(harness, list).map((r) => [r.Task, r.Owner])).toEqual([
      ['Token endpoint', '@priya'],
      ['Usage dashboard', ''],
    ]);
    const recorded = ctx.plans.lists.itemsOf(plan.id).map((i) => i.itemId);
    expect(new Set(recorded)).toEqual(new Set(list.items.keys()));
  });

  it('leaves a List whose answer was lost unshared: the channel sees exactly one List, the one kept', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first } = await planWithTasks(harness);
    let lost = false;
    harness.fake.onListWrite = ({ method }) => {
      if (method === 'slackLists.create' && !lost) {
        lost = true;
        throw new Error('the answer never arrives');
      }
    };
    propose(harness, first, PRIYA);
    await later(harness);
    expect(ctx.plans.lists.get(plan.id)).toMatchObject({ state: 'creating', listId: null });
    await later(harness);
    const kept = ctx.plans.lists.get(plan.id);
    expect(kept).toMatchObject({ state: 'live', shared: true });
    const shared = [...harness.fake.lists.values()].filter((l) => l.access.length > 0);
    expect(shared.map((l) => l.id)).toEqual([kept?.listId]);
    expect(shared[0]?.access).toEqual([{ id: CHANNEL, level: 'read' }]);
    expect(harness.fake.lists.get(kept?.listId ?? '')?.items.size).toBe(2);
  });

  it('is not made twice by the client when Slack answers a create with a 500: one call per attempt, one List', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first } = await planWithTasks(harness);
    harness.fake.serverErrorNext('slackLists.create');
    propose(harness, first, PRIYA);
    await later(harness);
    // The failed call is not repeated on its own: the next attempt is Mailroom's, in its pace.
    expect(calls(harness, 'slackLists.create')).toBe(1);
    expect(ctx.plans.lists.get(plan.id)).toMatchObject({ state: 'creating', listId: null });
    await later(harness);
    expect(calls(harness, 'slackLists.create')).toBe(2);
    const list = await theList(harness);
    expect(ctx.plans.lists.get(plan.id)).toMatchObject({ state: 'live', listId: list.id });
    expect(list.items.size).toBe(2);
  });

  it('makes an item whose row was written but that Slack never made (a stop before the call)', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const { plan, first } = await planWithTasks(harness);
    propose(harness, first, PRIYA);
    await later(harness);
    const list = await theList(harness);
    // As if the process stopped after the item's row was written and before its call was made:
    // the List does not have it.
    ctx.db.update(planListItems).set({ itemId: null }).where(eq(planListItems.taskId, first)).run();
    list.items.delete([...list.items.keys()][0] ?? '');
    ctx.db.update(planLists).set({ editedAt: null }).where(eq(planLists.planId, plan.id)).run();
    await later(harness);
    expect(list.items.size).toBe(2);
    expect(rows(harness, list).map((r) => r.Task)).toEqual(['Token endpoint', 'Usage dashboard']);
  });
});
