/**
 * No single canvas call stops anything: a canvas method that fails (a dropped connection, a
 * 500, a hang until the client gives up, `canvas_not_found` after a deletion, a rate limit)
 * costs its own plan that attempt and no more. The tick ends, requests are answered, the other
 * plans' canvases are kept in step and the delivery worker delivers, and the plan itself catches
 * up once Slack answers again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enqueuePost } from '../../../../src/core/services/posts.js';
import { submitStage } from '../../../../src/features/plans/services/plans.js';
import { CANVAS_EDIT_EVERY_MS } from '../../../../src/features/plans/slack/canvas-sync.js';
import type { FakeCanvas, FakeSlack } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  BERTA,
  CHANNEL,
  channels,
  dms,
  NOAH,
  OWEN,
  PRIYA,
  START,
  slash,
  startPlan,
  startValues,
  submit,
  users,
  WHY,
  writeStage,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const WHY_FORM = {
  why_goal: 'Partners integrate without our help',
  why_asked_by: 'Sales',
  why_objective: 'Grow partner revenue',
  why_success: 'Five partners live',
};

/** A second plan in the same channel: its canvas is a standalone one (the channel has its own). */
async function startSecondPlan(harness: Harness) {
  const { view } = await slash(harness, OWEN, 'Billing export');
  if (!view) throw new Error('no form');
  await submit(
    harness,
    OWEN,
    view,
    startValues({ why: [AROHA, PRIYA], what: [NOAH], how: [BERTA] }, 'Billing export'),
  );
  const plan = harness.mailroom.ctx.plans.ownedBy(OWEN).find((p) => p.title === 'Billing export');
  if (!plan) throw new Error('no second plan');
  return plan;
}

const canvasOf = (harness: Harness, planId: number): FakeCanvas => {
  const id = harness.mailroom.ctx.plans.canvases.get(planId)?.canvasId;
  const canvas = id ? harness.fake.canvases.get(id) : undefined;
  if (!canvas) throw new Error(`plan ${planId} has no canvas`);
  return canvas;
};

/** Two plans, each with its canvas made and in step, the 10 s since their last edit gone. */
async function twoPlans() {
  const harness = await startMailroom({ now: START, slack: { users, channels } });
  h = harness;
  const first = await startPlan(harness);
  const second = await startSecondPlan(harness);
  harness.clock.advance(CANVAS_EDIT_EVERY_MS);
  await harness.mailroom.tick();
  await eventually(() => {
    expect(canvasOf(harness, first.id).channelTab).toBe(CHANNEL);
    expect(canvasOf(harness, second.id).access).toEqual([{ id: CHANNEL, level: 'read' }]);
  });
  harness.clock.advance(CANVAS_EDIT_EVERY_MS);
  return { harness, first, second };
}

/** Writes the why of a plan straight through the use case (no request to trigger a sync). */
function writeWhy(harness: Harness, planId: number) {
  const { ctx } = harness.mailroom;
  const why = ctx.plans.stagesOf(planId).find((s) => s.stage === 'why');
  if (!why) throw new Error('no why');
  submitStage(ctx, { userId: OWEN, stageId: why.id, stage: 'why', form: WHY_FORM });
}

/** A post queued for Noah: the delivery worker sends it whatever the canvases do. */
function queueNote(harness: Harness, key: string) {
  enqueuePost(harness.mailroom.ctx, {
    channelId: NOAH,
    message: { text: `A note for Noah (${key})` },
    key,
  });
}
const noteDelivered = (harness: Harness, key: string) =>
  dms(harness, NOAH).some((m) => m.text === `A note for Noah (${key})`);

const canvasDms = (harness: Harness) =>
  dms(harness, OWEN).filter((m) => m.text.includes('has no canvas'));

describe('a canvas call that fails', () => {
  it('hanging until the client gives up, holds up neither the request’s answer, nor a delivery, nor the other plans’ canvases', async () => {
    const { harness, first, second } = await twoPlans();
    const hung = canvasOf(harness, first.id).id;
    harness.fake.hang('canvases.edit', { match: (args) => args.canvas_id === hung });

    // The why is written: the answer comes back while the edit it started hangs.
    await writeStage(harness, first.id, 'Write the why', WHY);
    await eventually(() => expect(harness.fake.hungCalls).toBe(1));
    // Another request is answered meanwhile, and the tick delivers what is due.
    const { view } = await slash(harness, OWEN, 'A third plan');
    expect(view?.type).toBe('modal');
    writeWhy(harness, second.id);
    queueNote(harness, 'during-hang');
    const ticked = harness.mailroom.tick();
    await eventually(() => expect(noteDelivered(harness, 'during-hang')).toBe(true));
    expect(harness.fake.hungCalls).toBe(1);

    // The client gives up on the hung call after its timeout: the run goes on to the second
    // plan, then, its 10 s since the failed attempt gone, tries the first again.
    harness.clock.advance(CANVAS_EDIT_EVERY_MS);
    harness.fake.releaseHung();
    await ticked;
    expect(canvasOf(harness, second.id).markdown).toContain('## Why (in review)');
    expect(canvasOf(harness, first.id).markdown).toContain('## Why (in review)');
    expect(harness.mailroom.ctx.plans.canvases.get(first.id)?.state).toBe('live');
    const edits = harness.fake.callsTo('canvases.edit').map((c) => [c.args.canvas_id, c.status]);
    expect(edits.slice(-3)).toEqual([
      [hung, 0],
      [canvasOf(harness, second.id).id, 200],
      [hung, 200],
    ]);
    expect(canvasDms(harness)).toEqual([]);
  });

  it.each([
    ['HTTP 500', (harness: Harness) => harness.fake.serverErrorNext('canvases.edit')],
    [
      'ok: false internal_error',
      (harness: Harness) => harness.fake.failNext('canvases.edit', 'internal_error'),
    ],
    [
      'a token Slack refuses for now',
      (harness: Harness) => harness.fake.failNext('canvases.edit', 'invalid_auth'),
    ],
  ])(
    '%s on one plan’s edit: the tick ends, the other plan is kept in step, the first catches up 10 s later',
    async (_what, fault) => {
      const { harness, first, second } = await twoPlans();
      writeWhy(harness, first.id);
      writeWhy(harness, second.id);
      queueNote(harness, 'tick');
      fault(harness); // the first edit of the run is the first plan's
      await harness.mailroom.tick();
      expect(noteDelivered(harness, 'tick')).toBe(true);
      expect(canvasOf(harness, second.id).markdown).toContain('## Why (in review)');
      expect(canvasOf(harness, first.id).markdown).toContain('## Why (draft)');

      // Within its 10 s the failed canvas is not edited again; after them, it is.
      harness.clock.advance(CANVAS_EDIT_EVERY_MS - 1000);
      await harness.mailroom.tick();
      expect(canvasOf(harness, first.id).markdown).toContain('## Why (draft)');
      harness.clock.advance(1000);
      await harness.mailroom.tick();
      expect(canvasOf(harness, first.id).markdown).toContain('## Why (in review)');
      expect(harness.mailroom.ctx.plans.canvases.get(first.id)?.state).toBe('live');
      expect(canvasDms(harness)).toEqual([]);
    },
  );

  it('canvas_not_found after someone deleted it: that plan has no canvas, its owner is told once, the other plan is kept in step', async () => {
    const { harness, first, second } = await twoPlans();
    harness.fake.canvases.delete(canvasOf(harness, first.id).id);
    writeWhy(harness, first.id);
    writeWhy(harness, second.id);
    queueNote(harness, 'tick');
    await harness.mailroom.tick();
    expect(noteDelivered(harness, 'tick')).toBe(true);
    expect(canvasOf(harness, second.id).markdown).toContain('## Why (in review)');
    expect(harness.mailroom.ctx.plans.canvases.get(first.id)).toMatchObject({
      state: 'unavailable',
      problem: 'canvas_not_found',
    });
    const told = await eventually(() => {
      const found = canvasDms(harness);
      expect(found).toHaveLength(1);
      return found[0]?.text ?? '';
    });
    expect(told).toContain('its canvas was deleted');
    harness.clock.advance(CANVAS_EDIT_EVERY_MS);
    await harness.mailroom.tick();
    expect(canvasDms(harness)).toHaveLength(1);
    expect(
      harness.fake.callsTo('canvases.edit').filter((c) => c.response.ok === false),
    ).toHaveLength(1);
  });

  it.each([
    [
      'HTTP 429 with Retry-After 30',
      (harness: Harness) => harness.fake.rateLimitNext('canvases.edit', { retryAfterSeconds: 30 }),
      30_000,
    ],
    [
      'ok: false ratelimited',
      (harness: Harness) => harness.fake.failNext('canvases.edit', 'ratelimited'),
      60_000,
    ],
  ])(
    '%s: edits wait out the limit, then both plans end in step; nobody is told there is no canvas',
    async (_what, fault, holdMs) => {
      const { harness, first, second } = await twoPlans();
      writeWhy(harness, first.id);
      writeWhy(harness, second.id);
      queueNote(harness, 'tick');
      fault(harness);
      const before = harness.fake.callsTo('canvases.edit').length;
      await harness.mailroom.tick();
      expect(noteDelivered(harness, 'tick')).toBe(true);
      // One call, refused: the rest of the edits wait, as Slack asked.
      expect(harness.fake.callsTo('canvases.edit')).toHaveLength(before + 1);
      harness.clock.advance(holdMs - 1000);
      await harness.mailroom.tick();
      expect(harness.fake.callsTo('canvases.edit')).toHaveLength(before + 1);
      harness.clock.advance(1000);
      await harness.mailroom.tick();
      expect(canvasOf(harness, first.id).markdown).toContain('## Why (in review)');
      // After a limit, one call, then Slack's sustained rate (Tier 3: about one every 1.2 s).
      harness.clock.advance(2000);
      await harness.mailroom.tick();
      expect(canvasOf(harness, second.id).markdown).toContain('## Why (in review)');
      expect(harness.mailroom.ctx.plans.canvases.get(first.id)?.state).toBe('live');
      expect(canvasDms(harness)).toEqual([]);
    },
  );
});

describe('a create call that fails', () => {
  const CREATE = 'conversations.canvases.create';
  const LOOK = 'conversations.info';
  it.each<[string, (fake: FakeSlack) => void, boolean, string[]]>([
    // Slack may have made it: looked for before it is made again.
    [
      'HTTP 500, Slack made nothing',
      (fake) => fake.serverErrorNext(CREATE),
      false,
      [CREATE, LOOK, CREATE],
    ],
    // Nothing was made: made again once the limit is over, with no need to look.
    [
      'HTTP 429 with Retry-After 20',
      (fake) => fake.rateLimitNext(CREATE, { retryAfterSeconds: 20 }),
      false,
      [CREATE, CREATE],
    ],
    [
      'ok: false ratelimited',
      (fake) => fake.failNext(CREATE, 'ratelimited'),
      false,
      [CREATE, CREATE],
    ],
    // Made, its answer lost: found, never made twice.
    [
      'the connection dropped after Slack made it',
      (fake) => fake.hang(CREATE, { afterProcessing: true }),
      true,
      [CREATE, LOOK],
    ],
  ])(
    '%s: the plan ends with one canvas, the channel’s, kept in step, each call made once',
    async (_what, fault, hangs, calls) => {
      const harness = await startMailroom({
        now: START,
        slack: { users, channels },
        prepare: fault,
      });
      h = harness;
      const plan = await startPlan(harness);
      if (hangs) {
        await eventually(() => expect(harness.fake.hungCalls).toBe(1));
        harness.fake.releaseHung();
        await eventually(() =>
          expect(harness.mailroom.ctx.plans.canvases.get(plan.id)?.state).toBe('creating'),
        );
      }
      for (let minute = 1; minute <= 2; minute++) {
        harness.clock.advance(60_000);
        await harness.mailroom.tick();
      }
      const all = [...harness.fake.canvases.values()];
      expect(all).toHaveLength(1);
      expect(all[0]?.channelTab).toBe(CHANNEL);
      expect(harness.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
        state: 'live',
        kind: 'channel',
        canvasId: all[0]?.id,
      });
      // The client repeated nothing on its own; Mailroom looked when Slack may have made it.
      const made = harness.fake.calls
        .filter((c) => c.method === CREATE || (c.method === LOOK && c.args.channel === CHANNEL))
        .map((c) => c.method);
      expect(made).toEqual(calls);
      await writeStage(harness, plan.id, 'Write the why', WHY);
      harness.clock.advance(CANVAS_EDIT_EVERY_MS);
      await harness.mailroom.tick();
      expect(all[0]?.markdown).toContain('## Why (in review)');
      expect(canvasDms(harness)).toEqual([]);
    },
  );
});
