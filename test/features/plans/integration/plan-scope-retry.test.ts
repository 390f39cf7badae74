import { describe, expect, it } from 'vitest';
import { startPlan } from '../../../../src/features/plans/services/plans.js';
import { type Ctx, world } from './who-world.js';

/** Three plans in #plan, each with a canvas and a List row Slack refused with `problems`. */
function refused(ctx: Ctx, problems: string[]) {
  return problems.map((problem, n) => {
    const { plan } = startPlan(ctx, {
      ownerId: 'UOWN',
      channelId: 'CPLAN',
      title: `Plan ${n + 1}`,
      targetDate: '2026-04-30',
      today: '2026-03-09',
      reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
    });
    const now = ctx.clock();
    ctx.plans.canvases.add(plan.id, now);
    ctx.plans.canvases.update(plan.id, { state: 'creating' }, now, ['pending']);
    ctx.plans.canvases.update(plan.id, { state: 'unavailable', problem }, now, ['creating']);
    ctx.plans.lists.claim(plan.id, now);
    ctx.plans.lists.update(plan.id, { state: 'unavailable', problem }, now, ['creating']);
    return plan.id;
  });
}

describe('canvases and Lists refused for a missing scope, once it is granted', () => {
  it('are to make again, once: other refusals stay final, and one refused again after its retry is not tried a third time', () => {
    const { ctx, clock } = world();
    const [scope = 0, restricted = 0, disabled = 0] = refused(ctx, [
      'missing_scope',
      'restricted_action',
      'lists_disabled_user_team',
    ]);
    clock.advance(60_000);
    const retriedAt = clock();
    expect(
      ctx.plans.canvases.retryRefused('missing_scope', retriedAt).map((c) => c.planId),
    ).toEqual([scope]);
    expect(ctx.plans.lists.retryRefused('missing_scope', retriedAt).map((l) => l.planId)).toEqual([
      scope,
    ]);
    expect(ctx.plans.canvases.get(scope)).toMatchObject({
      state: 'pending',
      problem: null,
      scopeRetriedAt: retriedAt,
    });
    expect(ctx.plans.lists.get(scope)).toMatchObject({ state: 'creating', problem: null });
    for (const planId of [restricted, disabled]) {
      expect(ctx.plans.canvases.get(planId)).toMatchObject({
        state: 'unavailable',
        scopeRetriedAt: null,
      });
      expect(ctx.plans.lists.get(planId)?.state).toBe('unavailable');
    }

    // Slack refuses it again: it stays without a canvas and a List.
    ctx.plans.canvases.update(scope, { state: 'unavailable', problem: 'missing_scope' }, clock(), [
      'pending',
    ]);
    ctx.plans.lists.update(scope, { state: 'unavailable', problem: 'missing_scope' }, clock(), [
      'creating',
    ]);
    clock.advance(24 * 60 * 60_000);
    expect(ctx.plans.canvases.retryRefused('missing_scope', clock())).toEqual([]);
    expect(ctx.plans.lists.retryRefused('missing_scope', clock())).toEqual([]);
  });

  it('made before and refused later (an edit) are kept in step again, not made anew', () => {
    const { ctx, clock } = world();
    const [planId = 0] = refused(ctx, ['missing_scope']);
    const now = clock();
    ctx.plans.canvases.update(planId, { canvasId: 'F0CANVAS' }, now, ['unavailable']);
    ctx.plans.lists.update(planId, { listId: 'F0LIST' }, now, ['unavailable']);
    ctx.plans.canvases.retryRefused('missing_scope', now);
    ctx.plans.lists.retryRefused('missing_scope', now);
    expect(ctx.plans.canvases.get(planId)).toMatchObject({ state: 'live', canvasId: 'F0CANVAS' });
    expect(ctx.plans.lists.get(planId)).toMatchObject({ state: 'live', listId: 'F0LIST' });
  });
});
