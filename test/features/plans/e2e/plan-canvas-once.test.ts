/**
 * A plan's canvas is made exactly once. Mailroom records each create before it calls Slack; a
 * canvas whose creation was cut off (the process stopped after Slack made it, before Mailroom
 * recorded it) is found in Slack after the restart, recorded and kept in step, never made twice.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CANVAS_EDIT_EVERY_MS } from '../../../../src/features/plans/slack/canvas-sync.js';
import type { PlanCanvasRepository } from '../../../../src/features/plans/store/plan-canvas-repository.js';
import type { CanvasRefusal, FakeCanvas, FakeSlack } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import { tempDatabasePath } from '../../../support/store.js';
import {
  CHANNEL,
  channels,
  dms,
  OWEN,
  START,
  startPlan,
  users,
  WHY,
  writeStage,
} from './plan-world.js';

const running = new Set<Harness>();
afterEach(async () => {
  for (const harness of running) await harness.stop();
  running.clear();
});

async function start(
  databasePath: string,
  options: { now?: string; state?: ReturnType<FakeSlack['state']>; refusal?: CanvasRefusal } = {},
): Promise<Harness> {
  const harness = await startMailroom({
    now: options.now ?? START,
    slack: options.state ? { state: options.state } : { users, channels },
    databasePath,
    prepare: (fake) => {
      fake.canvasRefusal = options.refusal;
    },
  });
  running.add(harness);
  return harness;
}

/**
 * The process stops right after Slack made the canvas: the write that records it never happens
 * (every later write of a live canvas fails the same way, as in a process that is gone).
 */
function stopBeforeRecording(harness: Harness): void {
  const repository: PlanCanvasRepository = harness.mailroom.ctx.plans.canvases;
  const update = repository.update.bind(repository);
  vi.spyOn(repository, 'update').mockImplementation((planId, patch, now, fromStates) => {
    if (patch.state === 'live') throw new Error('the process stopped');
    return update(planId, patch, now, fromStates);
  });
}

/** Stops Mailroom and Slack, then starts both again where they were: the same database and workspace. */
async function restart(
  harness: Harness,
  databasePath: string,
  refusal?: CanvasRefusal,
): Promise<Harness> {
  const state = harness.fake.state();
  const now = new Date(harness.clock()).toISOString();
  await harness.stop();
  running.delete(harness);
  return start(databasePath, { now, state, ...(refusal ? { refusal } : {}) });
}

const onlyCanvas = (harness: Harness): FakeCanvas => {
  const all = [...harness.fake.canvases.values()];
  expect(all).toHaveLength(1);
  return all[0] as FakeCanvas;
};

/** Waits until the run that made the canvas has stopped where the process did. */
const cutOff = (harness: Harness) =>
  eventually(() =>
    expect(
      harness.logs.entries.some((e) => e.level === 'warn' && e.args[0] === 'plan canvases failed'),
    ).toBe(true),
  );

const canvasDms = (harness: Harness) =>
  dms(harness, OWEN).filter((m) => m.text.includes('has no canvas'));

describe('a plan’s canvas, cut off between Slack making it and Mailroom recording it', () => {
  it('is the channel’s canvas found through conversations.info after a restart: one canvas, recorded, kept in step', async () => {
    const databasePath = tempDatabasePath();
    const first = await start(databasePath);
    stopBeforeRecording(first);
    const plan = await startPlan(first);
    await cutOff(first);
    const made = onlyCanvas(first);
    expect(made).toMatchObject({ channelTab: CHANNEL, title: 'Partner API · plan 1' });
    expect(first.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'creating',
      kind: 'channel',
      canvasId: null,
    });

    const second = await restart(first, databasePath);
    await second.mailroom.tick();
    expect(second.fake.callsTo('conversations.canvases.create')).toEqual([]);
    expect(second.fake.callsTo('canvases.create')).toEqual([]);
    expect(second.fake.callsTo('conversations.info').map((c) => c.args.channel)).toContain(CHANNEL);
    const canvas = onlyCanvas(second);
    expect(canvas.id).toBe(made.id);
    expect(second.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'live',
      kind: 'channel',
      canvasId: made.id,
    });
    // What it holds is not known: it is written once, then kept in step as the plan changes.
    expect(canvas.edits).toBe(1);
    expect(canvas.markdown).toContain('## Why (draft)');
    await writeStage(second, plan.id, 'Write the why', WHY);
    second.clock.advance(CANVAS_EDIT_EVERY_MS);
    await second.mailroom.tick();
    expect(onlyCanvas(second).markdown).toContain('## Why (in review)');
    expect(second.fake.callsTo('conversations.canvases.create')).toEqual([]);
    expect(canvasDms(second)).toEqual([]);
  });

  it('is the standalone canvas found through files.list after a restart: one canvas, shared with the channel alone, kept in step', async () => {
    const databasePath = tempDatabasePath();
    const refusal = 'team_tier_cannot_create_channel_canvases';
    const first = await start(databasePath, { refusal });
    stopBeforeRecording(first);
    const plan = await startPlan(first);
    await cutOff(first);
    const made = onlyCanvas(first);
    expect(made.channelTab).toBeNull();
    expect(first.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'creating',
      kind: 'standalone',
    });

    const second = await restart(first, databasePath, refusal);
    await second.mailroom.tick();
    // Looked for, not made: neither create is called again.
    expect(second.fake.callsTo('conversations.canvases.create')).toEqual([]);
    expect(second.fake.callsTo('canvases.create')).toEqual([]);
    const [listed] = second.fake.callsTo('files.list');
    expect(listed?.args.user).toBe(second.fake.identity.botUserId);
    const canvas = onlyCanvas(second);
    expect(canvas.id).toBe(made.id);
    expect(canvas.access).toEqual([{ id: CHANNEL, level: 'read' }]);
    expect(second.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'live',
      kind: 'standalone',
      canvasId: made.id,
      shared: true,
    });
    await writeStage(second, plan.id, 'Write the why', WHY);
    second.clock.advance(CANVAS_EDIT_EVERY_MS);
    await second.mailroom.tick();
    expect(onlyCanvas(second).markdown).toContain('## Why (in review)');
    expect(canvasDms(second)).toEqual([]);
  });

  it('is made after a restart when Slack never took the first call, and a channel canvas someone else made is not taken for it', async () => {
    const databasePath = tempDatabasePath();
    const first = await start(databasePath);
    // Someone made the channel's canvas by hand: it is not Mailroom's to rewrite.
    first.fake.canvases.set('F0THEIRS', {
      id: 'F0THEIRS',
      title: 'Team notes',
      markdown: '# Ours',
      channelTab: CHANNEL,
      access: [],
      edits: 0,
      created: Math.floor(Date.now() / 1000),
      creator: OWEN,
    });
    first.fake.hang('conversations.canvases.create');
    const plan = await startPlan(first);
    await eventually(() => expect(first.fake.hungCalls).toBe(1));
    first.fake.releaseHung(); // the connection drops before Slack took it
    await eventually(() =>
      expect(first.mailroom.ctx.plans.canvases.get(plan.id)?.state).toBe('creating'),
    );

    const second = await restart(first, databasePath);
    await second.mailroom.tick();
    const ours = [...second.fake.canvases.values()].filter((c) => c.id !== 'F0THEIRS');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ channelTab: null, access: [{ id: CHANNEL, level: 'read' }] });
    expect(second.fake.canvases.get('F0THEIRS')).toMatchObject({ markdown: '# Ours', edits: 0 });
    expect(second.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'live',
      kind: 'standalone',
      canvasId: ours[0]?.id,
    });
  });

  it.each([
    ['Slack never took the first call', false],
    ['Slack made it before the process stopped', true],
  ])(
    'falls back when canvases are restricted after the restart (%s): no canvas kept, the owner told once',
    async (_case, madeFirst) => {
      const databasePath = tempDatabasePath();
      const first = await start(databasePath);
      let plan: Awaited<ReturnType<typeof startPlan>>;
      if (madeFirst) {
        stopBeforeRecording(first);
        plan = await startPlan(first);
        await cutOff(first);
      } else {
        first.fake.hang('conversations.canvases.create');
        plan = await startPlan(first);
        await eventually(() => expect(first.fake.hungCalls).toBe(1));
        first.fake.releaseHung();
        await eventually(() =>
          expect(first.mailroom.ctx.plans.canvases.get(plan.id)?.state).toBe('creating'),
        );
      }

      const second = await restart(first, databasePath, 'restricted_action');
      await second.mailroom.tick();
      second.clock.advance(CANVAS_EDIT_EVERY_MS);
      await second.mailroom.tick();
      expect(second.fake.canvases.size).toBe(madeFirst ? 1 : 0);
      expect(second.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
        state: 'unavailable',
        problem: 'restricted_action',
      });
      const told = await eventually(() => {
        const found = canvasDms(second);
        expect(found).toHaveLength(1);
        return found[0]?.text ?? '';
      });
      expect(told).toContain('an admin restricted who may create canvases here');
      await writeStage(second, plan.id, 'Write the why', WHY);
      second.clock.advance(CANVAS_EDIT_EVERY_MS);
      await second.mailroom.tick();
      expect(canvasDms(second)).toHaveLength(1);
      expect(second.fake.callsTo('canvases.edit').filter((c) => c.response.ok)).toEqual([]);
    },
  );
});
