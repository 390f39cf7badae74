import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS } from '../../../../src/core/slack/views/review.js';
import { exportPlans } from '../../../../src/features/plans/services/export.js';
import {
  acceptStage,
  startPlan as startPlanService,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { CANVAS_EDIT_EVERY_MS } from '../../../../src/features/plans/slack/canvas-sync.js';
import { textOf } from '../../../support/blocks.js';
import type { CanvasRefusal, FakeCanvas } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  at,
  CHANNEL,
  channels,
  dms,
  homeTextOf,
  OWEN,
  PRIYA,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
  users,
  WHY,
  writeStage,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const theCanvas = (harness: Harness): Promise<FakeCanvas> =>
  eventually(() => {
    const [canvas, ...more] = [...harness.fake.canvases.values()];
    if (!canvas) throw new Error('no canvas yet');
    expect(more).toEqual([]);
    return canvas;
  });

/** Moves the clock on and runs the minute's work: what the 10 s rule held back goes now. */
async function later(harness: Harness, ms: number) {
  harness.clock.advance(ms);
  await harness.mailroom.tick();
}

const edits = (harness: Harness) => harness.fake.callsTo('canvases.edit').length;
const canvasDms = (harness: Harness) =>
  dms(harness, OWEN).filter((m) => m.text.includes('has no canvas'));

describe('a plan’s canvas', () => {
  it('is the channel’s canvas, made with the plan, and kept in step as its stages change', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const plan = await startPlan(harness);
    const canvas = await theCanvas(harness);
    expect(canvas.channelTab).toBe(CHANNEL);
    expect(canvas.title).toBe('Partner API · plan 1');
    expect(canvas.markdown).toContain('# Partner API');
    expect(canvas.markdown).toContain('This canvas is kept by Mailroom from the plan');
    expect(canvas.markdown).toContain(`Change the plan from its message in ![](#${CHANNEL}).`);
    expect(canvas.markdown).toContain('## Why (draft)');
    expect(canvas.markdown).not.toContain('## History');
    expect(harness.fake.callsTo('canvases.access.set')).toEqual([]);
    expect(harness.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'live',
      kind: 'channel',
      canvasId: canvas.id,
    });

    // The why is written within 10 s of the canvas: it waits for the next minute's work.
    await writeStage(harness, plan.id, 'Write the why', WHY);
    expect(edits(harness)).toBe(0);
    await later(harness, CANVAS_EDIT_EVERY_MS);
    expect(edits(harness)).toBe(1);
    expect(canvas.markdown).toContain('## Why (in review)');
    expect(canvas.markdown).toContain('**Goal:** Partners integrate without our help');

    // Priya's card reaches her; she agrees more than 10 s after the last edit: the canvas shows
    // it at once, after her click.
    await later(harness, CANVAS_EDIT_EVERY_MS);
    const before = edits(harness);
    harness.clock.advance(CANVAS_EDIT_EVERY_MS);
    await press(harness, PRIYA, reviewCard(harness, PRIYA, 'Please review'), REVIEW_ACTIONS.agree);
    await eventually(() => expect(edits(harness)).toBe(before + 1));
    expect(canvas.markdown).toContain(`- Agreed: ![](@${PRIYA})`);
    // Nothing changed since: the next minute edits nothing.
    await later(harness, CANVAS_EDIT_EVERY_MS);
    expect(edits(harness)).toBe(before + 1);
    expect(harness.logs.errors()).toEqual([]);
  });

  it('takes a burst of 20 stage changes in at most one edit each 10 s, and ends in step', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const plan = await startPlan(harness);
    const canvas = await theCanvas(harness);
    const why = ctx.plans.stagesOf(plan.id)[0];
    if (!why) throw new Error('no why');
    const form = {
      why_goal: 'Partners integrate without our help',
      why_asked_by: 'Sales',
      why_objective: 'Grow partner revenue',
      why_success: 'Five partners live',
    };
    // 20 changes, one a second: ten revisions of the why, each accepted.
    for (let n = 1; n <= 10; n++) {
      submitStage(ctx, {
        userId: OWEN,
        stageId: why.id,
        stage: 'why',
        form: { ...form, why_success: `Five partners live, take ${n}` },
      });
      await later(harness, 1000);
      acceptStage(ctx, { userId: OWEN, stageId: why.id, proceed: true });
      await later(harness, 1000);
    }
    // 20 s of changes: the 10 s rule allows an edit at 10 s and at 20 s, no more.
    expect(edits(harness)).toBeLessThanOrEqual(2);
    await later(harness, CANVAS_EDIT_EVERY_MS);
    expect(edits(harness)).toBeLessThanOrEqual(3);
    expect(canvas.markdown).toContain('### Revision 10,');
    expect(canvas.markdown).toContain('Five partners live, take 10');
    expect(canvas.markdown).toContain('## Why (accepted)');
    expect(ctx.plans.canvases.get(plan.id)?.edits).toBe(edits(harness));
  });

  it('takes a burst on two plans at once in at most one edit per plan each 10 s, the last state winning', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const first = await startPlan(harness);
    const second = (() => {
      const { plan } = startPlanService(ctx, {
        ownerId: OWEN,
        channelId: CHANNEL,
        title: 'Billing export',
        targetDate: '2026-04-30',
        today: '2026-03-09',
        reviewers: { why: [PRIYA], what: [PRIYA], how: [PRIYA] },
      });
      return plan;
    })();
    await later(harness, CANVAS_EDIT_EVERY_MS);
    const canvasIdOf = (planId: number) => ctx.plans.canvases.get(planId)?.canvasId ?? '';
    await eventually(() => expect(canvasIdOf(second.id)).not.toBe(''));
    await later(harness, CANVAS_EDIT_EVERY_MS);

    // Each plan's why revised, then accepted, one change a second for 12 s; each edit noted
    // with when it was made.
    const editedAt = new Map<string, number[]>();
    let seen = harness.fake.callsTo('canvases.edit').length;
    const note = () => {
      const calls = harness.fake.callsTo('canvases.edit');
      for (const call of calls.slice(seen)) {
        const id = String(call.args.canvas_id);
        editedAt.set(id, [...(editedAt.get(id) ?? []), harness.clock()]);
      }
      seen = calls.length;
    };
    const whyOf = (planId: number) => {
      const why = ctx.plans.stagesOf(planId)[0];
      if (!why) throw new Error('no why');
      return why;
    };
    for (let take = 1; take <= 6; take++) {
      for (const plan of [first, second]) {
        submitStage(ctx, {
          userId: OWEN,
          stageId: whyOf(plan.id).id,
          stage: 'why',
          form: {
            why_goal: `${plan.title}, take ${take}`,
            why_asked_by: 'Sales',
            why_objective: 'Grow partner revenue',
            why_success: 'Five partners live',
          },
        });
      }
      await later(harness, 1000);
      note();
      for (const plan of [first, second]) {
        acceptStage(ctx, { userId: OWEN, stageId: whyOf(plan.id).id, proceed: true });
      }
      await later(harness, 1000);
      note();
    }
    await later(harness, CANVAS_EDIT_EVERY_MS);
    note();
    for (const plan of [first, second]) {
      const times = editedAt.get(canvasIdOf(plan.id)) ?? [];
      expect(times.length).toBeGreaterThanOrEqual(2);
      for (const [i, at] of times.entries()) {
        if (i > 0) expect(at - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(CANVAS_EDIT_EVERY_MS);
      }
      const markdown = harness.fake.canvases.get(canvasIdOf(plan.id))?.markdown ?? '';
      expect(markdown).toContain(`**Goal:** ${plan.title}, take 6`);
      expect(markdown).toContain('## Why (accepted)');
      expect(markdown).not.toContain(`${plan.title}, take 5`);
    }
  });

  it('is a standalone canvas shared with the private channel alone when the channel’s canvas is refused', async () => {
    const harness = await startMailroom({
      now: START,
      slack: { users, channels },
      prepare: (fake) => {
        fake.canvasRefusal = 'team_tier_cannot_create_channel_canvases';
      },
    });
    h = harness;
    const plan = await startPlan(harness);
    const canvas = await theCanvas(harness);
    expect(canvas.channelTab).toBeNull();
    await eventually(() => expect(canvas.access).toEqual([{ id: CHANNEL, level: 'read' }]));
    const shared = harness.fake.callsTo('canvases.access.set');
    expect(shared).toHaveLength(1);
    // That channel, read only; no person, and never the workspace.
    expect(channels.find((c) => c.id === CHANNEL)?.isPrivate).toBe(true);
    expect(JSON.parse(String(shared[0]?.args.channel_ids))).toEqual([CHANNEL]);
    expect(shared[0]?.args.access_level).toBe('read');
    expect(shared[0]?.args.user_ids).toBeUndefined();
    expect(Object.keys(shared[0]?.args ?? {}).sort()).toEqual([
      'access_level',
      'canvas_id',
      'channel_ids',
    ]);
    expect(harness.mailroom.ctx.plans.canvases.get(plan.id)).toMatchObject({
      state: 'live',
      kind: 'standalone',
      shared: true,
    });
    expect(canvasDms(harness)).toEqual([]);
  });
});

describe('a workspace that refuses canvases', () => {
  it.each<[CanvasRefusal, 'standalone' | 'none']>([
    ['channel_canvas_already_exists', 'standalone'],
    ['free_team_canvas_tab_already_exists', 'standalone'],
    ['team_tier_cannot_create_channel_canvases', 'standalone'],
    ['canvas_disabled_user_team', 'none'],
    ['restricted_action', 'none'],
  ])(
    '%s: falls back (%s canvas), keeping the message, the export and Home',
    async (refusal, fallback) => {
      const harness = await startMailroom({
        now: START,
        slack: { users, channels },
        prepare: (fake) => {
          fake.canvasRefusal = refusal;
        },
      });
      h = harness;
      const { ctx } = harness.mailroom;
      const plan = await startPlan(harness);
      await at(harness, START);
      await writeStage(harness, plan.id, 'Write the why', WHY);
      await later(harness, CANVAS_EDIT_EVERY_MS);
      await later(harness, CANVAS_EDIT_EVERY_MS);

      if (fallback === 'standalone') {
        const canvas = await theCanvas(harness);
        expect(canvas.channelTab).toBeNull();
        expect(canvas.access).toEqual([{ id: CHANNEL, level: 'read' }]);
        expect(canvas.markdown).toContain('## Why (in review)');
        expect(canvasDms(harness)).toEqual([]);
      } else {
        expect(harness.fake.canvases.size).toBe(0);
        expect(ctx.plans.canvases.get(plan.id)).toMatchObject({
          state: 'unavailable',
          problem: refusal,
        });
        // Told once, why; later changes and minutes say nothing more.
        const told = await eventually(() => {
          const found = canvasDms(harness);
          expect(found).toHaveLength(1);
          return found[0]?.text ?? '';
        });
        expect(told).toContain(
          refusal === 'restricted_action'
            ? 'an admin restricted who may create canvases here'
            : 'canvases are turned off in this workspace',
        );
        expect(told).toContain('Nothing is lost');
        expect(harness.fake.callsTo('canvases.edit')).toEqual([]);
        expect(canvasDms(harness)).toHaveLength(1);
      }

      // The plan's message, its export and Home hold the plan as if canvases were there.
      expect(textOf((await planSaying(harness, plan.id, 'Why*: in review')).blocks)).toContain(
        'Partner API',
      );
      const dir = mkdtempSync(join(tmpdir(), 'mailroom-canvas-'));
      try {
        await exportPlans(ctx, dir, { includePrivate: true });
        expect(readFileSync(join(dir, 'plan-0001-partner-api.md'), 'utf8')).toContain(
          '**Goal:** Partners integrate without our help',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(await homeTextOf(harness, OWEN)).toContain('Partner API');
    },
  );
});
