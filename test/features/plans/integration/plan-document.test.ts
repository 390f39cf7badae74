import { describe, expect, it } from 'vitest';
import { viewerOf } from '../../../../src/core/services/authorization.js';
import { searchKnowledge } from '../../../../src/core/services/knowledge.js';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  planSourceKey,
  removePlanDocument,
  syncPlanDocument,
} from '../../../../src/features/plans/services/document.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  ctx.members.upsertProfiles(
    [
      profile('UOWN'),
      profile('UPAT'),
      profile('UBOB'),
      profile('UOUT'),
      profile('UGUEST', { isGuest: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPRIV', name: 'partners', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPRIV', ['UOWN', 'UPAT', 'UBOB'], clock());
  ctx.channels.upsert(
    { id: 'CPUB', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPUB', ['UOWN', 'UPAT', 'UBOB'], clock());
  return { clock, ctx };
}

type Ctx = ReturnType<typeof world>['ctx'];

function start(ctx: Ctx, channelId: string) {
  return startPlan(ctx, {
    ownerId: 'UOWN',
    channelId,
    title: 'Partner onboarding portal',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UPAT'] },
  }).plan;
}

const WHY = {
  why_goal: 'Partners integrate without waiting on our engineers',
  why_asked_by: 'Sales',
  why_objective: 'Grow partner revenue',
  why_success: 'Five partners live by June',
};
const WHAT = {
  what_in_scope: 'must: self-serve sandbox credentials\nshould: usage dashboard',
  what_out_of_scope: 'Billing',
};
const HOW = {
  how_fast_name: 'Reuse the v1 tokens',
  how_fast_effort: 'low',
  how_fast_risk: 'high',
  how_fast_quality: 'low',
  how_fast_time: '1 week',
  how_robust_name: 'OAuth with rotation',
  how_robust_effort: 'high',
  how_robust_risk: 'low',
  how_robust_quality: 'high',
  how_robust_time: '4 weeks',
  how_choice: 'robust',
  how_because: 'Partners keep these for years.',
  how_questions: 'Which rotation period suits the auditors?',
  how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10\nDashboard page | 2 | 4h | 2026-04-20',
};

const stageOf = (ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') => {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found;
};

function passStage(
  ctx: Ctx,
  planId: number,
  stage: 'why' | 'what' | 'how',
  form: Record<string, string>,
) {
  const id = stageOf(ctx, planId, stage).id;
  submitStage(ctx, { userId: 'UOWN', stageId: id, stage, form });
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  acceptStage(ctx, { userId: 'UOWN', stageId: id });
}

const documentOf = (ctx: Ctx, planId: number) =>
  ctx.knowledge.findBySourceKey(planSourceKey(planId));
const found = (ctx: Ctx, userId: string, text: string, documentId: number | undefined) =>
  searchKnowledge(ctx, viewerOf(ctx, userId), text).hits.some(
    (hit) => hit.document.id === documentId,
  );

describe('a plan in the knowledge base', () => {
  it('is found by the members of its private channel, and by nobody outside it', () => {
    const { ctx } = world();
    const plan = start(ctx, 'CPRIV');
    passStage(ctx, plan.id, 'why', WHY);
    const document = documentOf(ctx, plan.id);
    expect(document).toMatchObject({
      source: 'plan',
      visibility: 'channel',
      channelId: 'CPRIV',
      authorId: 'UOWN',
    });
    expect(found(ctx, 'UBOB', 'partner onboarding portal', document?.id)).toBe(true);
    expect(found(ctx, 'UOUT', 'partner onboarding portal', document?.id)).toBe(false);
    expect(found(ctx, 'UGUEST', 'partner onboarding portal', document?.id)).toBe(false);
  });

  it('in a public channel is found by the team, but not by a guest outside the channel', () => {
    const { ctx } = world();
    const plan = start(ctx, 'CPUB');
    const document = documentOf(ctx, plan.id);
    expect(document?.visibility).toBe('public');
    expect(found(ctx, 'UOUT', 'partner onboarding portal', document?.id)).toBe(true);
    expect(found(ctx, 'UGUEST', 'partner onboarding portal', document?.id)).toBe(false);
  });

  it('holds its title, why, what, how and tasks, kept current as each stage changes', () => {
    const { ctx } = world();
    const plan = start(ctx, 'CPRIV');
    expect(documentOf(ctx, plan.id)?.body).toContain('Why (draft):');
    passStage(ctx, plan.id, 'why', WHY);
    expect(documentOf(ctx, plan.id)?.body).toContain('Goal: Partners integrate');
    expect(documentOf(ctx, plan.id)?.body).toContain('What (draft):');
    passStage(ctx, plan.id, 'what', WHAT);
    expect(documentOf(ctx, plan.id)?.body).toContain('- must: self-serve sandbox credentials');
    const how = stageOf(ctx, plan.id, 'how');
    submitStage(ctx, { userId: 'UOWN', stageId: how.id, stage: 'how', form: HOW });
    const body = documentOf(ctx, plan.id)?.body ?? '';
    expect(body).toContain('How (in review):');
    expect(body).toContain('Chosen: OAuth with rotation.');
    expect(body).toContain('- Token endpoint (scope item 1, estimate 3d, due 2026-04-10)');
    expect(body).toContain('- Which rotation period suits the auditors?');
    expect(found(ctx, 'UPAT', 'oauth rotation token endpoint', documentOf(ctx, plan.id)?.id)).toBe(
      true,
    );
    // One document, whatever the number of changes.
    expect(
      ctx.db.$client.prepare("SELECT count(*) AS n FROM documents WHERE source = 'plan'").get(),
    ).toEqual({ n: 1 });
  });

  it('is deleted with its plan: nobody finds it any more', () => {
    const { ctx, clock } = world();
    const plan = start(ctx, 'CPRIV');
    const document = documentOf(ctx, plan.id);
    ctx.db.$client.prepare('DELETE FROM plans WHERE id = ?').run(plan.id);
    expect(syncPlanDocument(ctx, plan.id, clock())).toBeUndefined();
    expect(documentOf(ctx, plan.id)).toBeUndefined();
    expect(found(ctx, 'UBOB', 'partner onboarding portal', document?.id)).toBe(false);
    expect(removePlanDocument(ctx, plan.id)).toBe(false);
  });
});
