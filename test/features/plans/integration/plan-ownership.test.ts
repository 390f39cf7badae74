import { describe, expect, it } from 'vitest';
import { applyProfile } from '../../../../src/core/services/directory.js';
import { PLAIN_NAMING } from '../../../../src/core/services/naming.js';
import { ownerLeft, takeOver } from '../../../../src/core/services/ownership.js';
import { latestReviewOf } from '../../../../src/core/services/reviews.js';
import { planOwnershipSubject } from '../../../../src/features/plans/services/ownership.js';
import {
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

/**
 * Ola owns a plan in #launch; Pat (Auckland) and Eve (Kolkata) review its why, Bob (New York)
 * its what. Nia is named in MAILROOM_ADMINS. Ola leaves the workspace while the why is in review.
 */

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock, { admins: ['UNIA'] });
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  const refreshed: number[] = [];
  ctx.hooks.onOwnership(planOwnershipSubject(ctx, (id) => refreshed.push(id)));
  ctx.members.upsertProfiles(
    [
      profile('UOLA'),
      profile('UPAT', { timeZone: 'Pacific/Auckland' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UNIA'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CLAUNCH', name: 'launch', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CLAUNCH', ['UOLA', 'UPAT', 'UEVE', 'UBOB'], clock());
  const { plan } = startPlan(ctx, {
    ownerId: 'UOLA',
    channelId: 'CLAUNCH',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT', 'UEVE'], what: ['UBOB'], how: ['UBOB'] },
  });
  const why = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'why');
  if (!why) throw new Error('no why');
  submitStage(ctx, {
    userId: 'UOLA',
    stageId: why.id,
    stage: 'why',
    form: {
      why_goal: 'Partners integrate without us',
      why_asked_by: 'Sales',
      why_objective: 'Grow partner revenue',
      why_success: 'Five partners live by June',
    },
  });
  return { clock, ctx, refreshed, plan, whyId: why.id };
}

describe('a plan whose owner leaves the workspace', () => {
  it('is offered to its reviewers who may see it, then the admins; the first to take it over owns it and its open review', () => {
    const w = world();
    expect(applyProfile(w.ctx, profile('UOLA', { deleted: true }))).toBe(true);
    const { offers } = ownerLeft(w.ctx, 'UOLA');
    expect(offers.map((o) => [o.objectKind, o.objectId, o.candidateIds])).toEqual([
      ['plan', w.plan.id, ['UPAT', 'UEVE', 'UBOB', 'UNIA']],
    ]);
    const [offer] = offers;
    if (!offer) throw new Error('nothing was offered');

    w.clock.advance(60_000);
    takeOver(w.ctx, { offerId: offer.id, userId: 'UEVE', naming: PLAIN_NAMING });
    expect(w.ctx.plans.get(w.plan.id)?.ownerId).toBe('UEVE');
    expect(latestReviewOf(w.ctx, PLAN_STAGE_REVIEW_KIND, w.whyId)?.ownerId).toBe('UEVE');
    expect(w.refreshed).toEqual([w.plan.id]);
    // Bob comes second: refused, and the plan stays Eve's.
    expect(() =>
      takeOver(w.ctx, { offerId: offer.id, userId: 'UBOB', naming: PLAIN_NAMING }),
    ).toThrow('@UEVE took it over first.');
    expect(w.ctx.plans.get(w.plan.id)?.ownerId).toBe('UEVE');
  });

  it('leaves out a reviewer who has left the channel, and offers nothing for plans someone else owns', () => {
    const w = world();
    w.ctx.channels.setMembers('CLAUNCH', ['UOLA', 'UEVE', 'UBOB'], w.clock());
    applyProfile(w.ctx, profile('UOLA', { deleted: true }));
    const [offer] = ownerLeft(w.ctx, 'UOLA').offers;
    expect(offer?.candidateIds).toEqual(['UEVE', 'UBOB', 'UNIA']);
    expect(ownerLeft(w.ctx, 'UPAT').offers).toEqual([]);
  });
});
