/**
 * A plan whose canvas or List Slack refused because Mailroom lacked the scope gets them once the
 * operator grants it and Mailroom restarts: auth.test's granted scopes say so at the first tick
 * and at most once a day after. Made exactly once; the owner hears nothing more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { proposeOwner } from '../../../../src/features/plans/services/who.js';
import { CANVAS_EDIT_EVERY_MS } from '../../../../src/features/plans/slack/canvas-sync.js';
import { SCOPE_CHECK_EVERY_MS } from '../../../../src/features/plans/slack/scope-retry.js';
import { FAKE_SLACK_DEFAULTS, type FakeSlack } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { tempDatabasePath } from '../../../support/store.js';
import {
  acceptUpToHow,
  CHANNEL,
  channels,
  dms,
  OWEN,
  PRIYA,
  START,
  startPlan,
  users,
} from './plan-world.js';

const running = new Set<Harness>();
afterEach(async () => {
  for (const harness of running) await harness.stop();
  running.clear();
});

/** The scopes before the operator added the canvas and List ones, and after. */
const BEFORE = [...FAKE_SLACK_DEFAULTS.scopes, 'files:read'];
const AFTER = [...BEFORE, 'canvases:write', 'lists:write', 'lists:read'];

async function start(
  databasePath: string,
  scopes: string[],
  options: { now?: string; state?: ReturnType<FakeSlack['state']> } = {},
): Promise<Harness> {
  const harness = await startMailroom({
    now: options.now ?? START,
    slack: options.state ? { state: options.state } : { users, channels },
    databasePath,
    prepare: (fake) => {
      fake.grantedScopes = scopes;
    },
  });
  running.add(harness);
  return harness;
}

const calls = (harness: Harness, method: string) => harness.fake.callsTo(method);
const made = (harness: Harness, method: string) =>
  calls(harness, method).filter((call) => call.response.ok === true).length;
const told = (harness: Harness, words: string) =>
  dms(harness, OWEN).filter((m) => m.text.includes(words));

/** Moves the clock on and runs the minute's work. */
async function later(harness: Harness, ms = CANVAS_EDIT_EVERY_MS) {
  harness.clock.advance(ms);
  await harness.mailroom.tick();
  await harness.mailroom.idle();
}

describe('a plan’s canvas and List refused for a missing scope', () => {
  it('are made once the scope is granted and Mailroom restarts, exactly once each; the owner is not told again', async () => {
    const databasePath = tempDatabasePath();
    const first = await start(databasePath, BEFORE);
    const plan = await startPlan(first);
    acceptUpToHow(first, plan.id);
    const [task = 0] = first.mailroom.ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(first.mailroom.ctx, { userId: OWEN, taskId: task, candidateId: PRIYA });
    await later(first);
    await later(first);
    const { plans } = first.mailroom.ctx;
    expect(plans.canvases.get(plan.id)).toMatchObject({
      state: 'unavailable',
      problem: 'missing_scope',
    });
    expect(plans.lists.get(plan.id)).toMatchObject({
      state: 'unavailable',
      problem: 'missing_scope',
    });
    expect(calls(first, 'conversations.canvases.create').map((c) => c.response.error)).toEqual([
      'missing_scope',
    ]);
    expect(calls(first, 'slackLists.create').map((c) => c.response.error)).toEqual([
      'missing_scope',
    ]);
    await later(first, 60_000);
    const noCanvas = await eventually(() => {
      const found = told(first, 'has no canvas');
      expect(found).toHaveLength(1);
      return found[0]?.text ?? '';
    });
    expect(noCanvas).toContain('once an admin grants it and reinstalls Mailroom');
    await eventually(() => expect(told(first, 'have no Slack List')).toHaveLength(1));
    // The scopes were looked at (auth.test) and still lack them: nothing is tried again.
    expect(first.fake.calls.some((c) => c.method === 'auth.test')).toBe(true);
    expect(calls(first, 'conversations.canvases.create')).toHaveLength(1);
    expect(calls(first, 'slackLists.create')).toHaveLength(1);

    // The operator adds canvases:write and lists:write and reinstalls; Mailroom restarts.
    const state = first.fake.state();
    const now = new Date(first.clock()).toISOString();
    await first.stop();
    running.delete(first);
    const second = await start(databasePath, AFTER, { now, state });
    await later(second, 1_000);
    await eventually(() => expect(second.fake.canvases.size).toBe(1));
    await eventually(() => expect(second.fake.lists.size).toBe(1));
    // The scopes are looked at once on start, then not for a day.
    const looks = calls(second, 'auth.test').length;
    for (const minutes of [1, 2, 60]) await later(second, minutes * 60_000);
    expect(calls(second, 'auth.test')).toHaveLength(looks);
    // A day on, they are looked at again: nothing more is made.
    await later(second, SCOPE_CHECK_EVERY_MS);
    await later(second);
    expect(calls(second, 'auth.test')).toHaveLength(looks + 1);

    const canvas = [...second.fake.canvases.values()][0];
    expect(canvas?.channelTab).toBe(CHANNEL);
    expect(canvas?.markdown).toContain('# Partner API');
    expect(made(second, 'conversations.canvases.create') + made(second, 'canvases.create')).toBe(1);
    expect(made(second, 'slackLists.create')).toBe(1);
    const list = [...second.fake.lists.values()][0];
    expect(list ? second.fake.listRows(list.id).map((r) => r.Task) : []).toEqual([
      'Token endpoint',
      'Usage dashboard',
    ]);
    const ctx = second.mailroom.ctx;
    expect(ctx.plans.canvases.get(plan.id)).toMatchObject({ state: 'live', problem: null });
    expect(ctx.plans.lists.get(plan.id)).toMatchObject({ state: 'live', problem: null });
    expect(told(second, 'has no canvas')).toHaveLength(1);
    expect(told(second, 'have no Slack List')).toHaveLength(1);
    expect(dms(second, OWEN).filter((m) => /canvas|List/.test(m.text))).toHaveLength(2);
    expect(second.logs.errors()).toEqual([]);
  });
});
