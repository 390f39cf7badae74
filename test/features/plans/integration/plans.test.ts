import { describe, expect, it } from 'vitest';
import {
  acceptReview,
  answerConcern,
  answerReview,
  latestReviewOf,
  withdrawConcern,
} from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  concernOnRecheck,
  confirmRecheck,
  InvalidPlan,
  PLAN_STAGE_REVIEW_KIND,
  plansOwnedBy,
  stagesAwaitingReview,
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
      profile('UPAT', { timeZone: 'Pacific/Auckland' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UBEA', { timeZone: 'Europe/Berlin' }),
      profile('UGONE', { deleted: true }),
      profile('UGUEST', { isGuest: true }),
      profile('UOUT'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'plan', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPLAN', ['UOWN', 'UPAT', 'UEVE', 'UBOB', 'UBEA', 'UGONE'], clock());
  return { clock, ctx };
}

type Ctx = ReturnType<typeof world>['ctx'];

function start(ctx: Ctx, patch: Partial<Parameters<typeof startPlan>[1]> = {}) {
  return startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CPLAN',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT', 'UEVE'], what: ['UBOB'], how: ['UBEA', 'UEVE'] },
    ...patch,
  });
}

const WHY = {
  why_goal: 'Partners integrate without us',
  why_asked_by: 'Sales',
  why_objective: 'Grow partner revenue',
  why_success: 'Five partners live by June',
};
const WHAT = {
  what_in_scope: 'must: API keys\nshould: usage dashboard',
  what_out_of_scope: 'Billing',
};

const stagesOf = (ctx: Ctx, planId: number) => ctx.plans.stagesOf(planId);
const stageId = (ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') => {
  const found = stagesOf(ctx, planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found.id;
};
const items = (ctx: Ctx, kind: string) =>
  ctx.db.$client
    .prepare('SELECT recipient_id, state FROM queue_items WHERE kind = ? ORDER BY id')
    .all(kind) as { recipient_id: string; state: string }[];
const rowCount = (ctx: Ctx) =>
  ctx.db.$client
    .prepare(
      'SELECT (SELECT count(*) FROM plan_revisions) + (SELECT count(*) FROM reviews) + (SELECT count(*) FROM queue_items) AS n',
    )
    .get() as { n: number };

/** Each reviewer agrees, then the owner accepts. */
function acceptAll(ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') {
  const id = stageId(ctx, planId, stage);
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  return acceptStage(ctx, { userId: 'UOWN', stageId: id });
}

describe('starting a plan', () => {
  it('stores its owner, channel, target date and each stage’s reviewers, the why open first', () => {
    const { ctx } = world();
    const { plan, skipped } = start(ctx, {
      goal: 'From a message',
      reviewers: { why: ['UPAT', 'UGONE'], what: ['UBOB'], how: ['UBEA'] },
    });
    expect(skipped).toEqual(['UGONE']);
    expect(plan).toMatchObject({ ownerId: 'UOWN', channelId: 'CPLAN', targetDate: '2026-04-30' });
    expect(stagesOf(ctx, plan.id).map((s) => [s.stage, s.state, s.reviewerIds])).toEqual([
      ['why', 'draft', ['UPAT']],
      ['what', 'not_started', ['UBOB']],
      ['how', 'not_started', ['UBEA']],
      ['who', 'not_started', []],
    ]);
    expect(stagesOf(ctx, plan.id)[0]?.draft).toEqual({ why_goal: 'From a message' });
  });

  it('refuses a guest outside the channel, someone outside it, the owner, and nobody, storing nothing', () => {
    const { ctx } = world();
    try {
      start(ctx, {
        reviewers: { why: ['UGUEST'], what: ['UOWN'], how: [] },
        targetDate: undefined,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPlan);
      const fields = (error as InvalidPlan).fields;
      expect(Object.keys(fields).sort()).toEqual([
        'plan_reviewers_how',
        'plan_reviewers_what',
        'plan_reviewers_why',
        'plan_target',
      ]);
    }
    expect(() =>
      start(ctx, { reviewers: { why: ['UOUT'], what: ['UBOB'], how: ['UBEA'] } }),
    ).toThrow(/can’t see/);
    expect(plansOwnedBy(ctx, 'UOWN')).toEqual([]);
  });

  it('refuses someone who is not in the channel as its owner', () => {
    const { ctx } = world();
    expect(() => start(ctx, { ownerId: 'UOUT' })).toThrow(/channel/);
  });
});

describe('the stages and their gate', () => {
  it('submits the why for review, each reviewer asked in their hours', () => {
    const { ctx } = world();
    const { plan } = start(ctx);
    const submitted = submitStage(ctx, {
      userId: 'UOWN',
      stageId: stageId(ctx, plan.id, 'why'),
      stage: 'why',
      form: WHY,
    });
    expect(submitted.stage).toMatchObject({ state: 'in_review', revision: 1 });
    expect(submitted.revision.content).toEqual({
      stage: 'why',
      content: {
        goal: 'Partners integrate without us',
        askedBy: 'Sales',
        objective: 'Grow partner revenue',
        success: 'Five partners live by June',
      },
    });
    expect(
      items(ctx, 'review_request')
        .map((i) => i.recipient_id)
        .sort(),
    ).toEqual(['UEVE', 'UPAT']);
    expect(stagesAwaitingReview(ctx, 'UPAT').map((w) => [w.stage.stage, w.why])).toEqual([
      ['why', 'review'],
    ]);
  });

  it('refuses the what before the why is accepted, a form with a missing field, and a forged stage, changing nothing', () => {
    const { ctx } = world();
    const { plan } = start(ctx);
    const before = rowCount(ctx);
    expect(() =>
      submitStage(ctx, {
        userId: 'UOWN',
        stageId: stageId(ctx, plan.id, 'what'),
        stage: 'what',
        form: WHAT,
      }),
    ).toThrow(/opens once the why is accepted/);
    expect(() =>
      submitStage(ctx, {
        userId: 'UOWN',
        stageId: stageId(ctx, plan.id, 'why'),
        stage: 'why',
        form: { ...WHY, why_success: '' },
      }),
    ).toThrow(InvalidPlan);
    expect(() =>
      submitStage(ctx, {
        userId: 'UOWN',
        stageId: stageId(ctx, plan.id, 'why'),
        stage: 'what',
        form: WHAT,
      }),
    ).toThrow(/out of date/);
    expect(() =>
      submitStage(ctx, {
        userId: 'UBOB',
        stageId: stageId(ctx, plan.id, 'why'),
        stage: 'why',
        form: WHY,
      }),
    ).toThrow('Only the plan’s owner');
    expect(() =>
      submitStage(ctx, { userId: 'UOWN', stageId: 999, stage: 'why', form: WHY }),
    ).toThrow('I can’t find that plan.');
    expect(rowCount(ctx)).toEqual(before);
    expect(stagesOf(ctx, plan.id).map((s) => s.state)).toEqual([
      'draft',
      'not_started',
      'not_started',
      'not_started',
    ]);
  });

  it('leaves out a reviewer who left the channel since, and refuses when nobody is left', () => {
    const { ctx, clock } = world();
    const { plan } = start(ctx);
    ctx.channels.setMembers('CPLAN', ['UOWN', 'UEVE', 'UBOB', 'UBEA'], clock());
    const why = stageId(ctx, plan.id, 'why');
    const submitted = submitStage(ctx, { userId: 'UOWN', stageId: why, stage: 'why', form: WHY });
    expect(submitted.leftOut).toEqual(['UPAT']);
    expect(submitted.review.reviewers.map((r) => r.memberId)).toEqual(['UEVE']);
    acceptStage(ctx, { userId: 'UOWN', stageId: why, proceed: true });
    ctx.channels.setMembers('CPLAN', ['UOWN', 'UEVE', 'UBEA'], clock());
    const before = rowCount(ctx);
    expect(() =>
      submitStage(ctx, {
        userId: 'UOWN',
        stageId: stageId(ctx, plan.id, 'what'),
        stage: 'what',
        form: WHAT,
      }),
    ).toThrow(/Nobody named to review the what can still see/);
    expect(rowCount(ctx)).toEqual(before);
  });

  it('opens the what once the why is accepted, and the how once the what is', () => {
    const { ctx } = world();
    const { plan } = start(ctx);
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: stageId(ctx, plan.id, 'why'),
      stage: 'why',
      form: WHY,
    });
    expect(acceptAll(ctx, plan.id, 'why').result.accepted).toBe(true);
    expect(stagesOf(ctx, plan.id).map((s) => s.state)).toEqual([
      'accepted',
      'draft',
      'not_started',
      'not_started',
    ]);
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: stageId(ctx, plan.id, 'what'),
      stage: 'what',
      form: WHAT,
    });
    acceptAll(ctx, plan.id, 'what');
    expect(stagesOf(ctx, plan.id).map((s) => s.state)).toEqual([
      'accepted',
      'accepted',
      'draft',
      'not_started',
    ]);
  });

  it('accepts the stage whichever button accepted its review (the window’s end card too)', () => {
    const { ctx } = world();
    const { plan } = start(ctx);
    const id = stageId(ctx, plan.id, 'why');
    submitStage(ctx, { userId: 'UOWN', stageId: id, stage: 'why', form: WHY });
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, id);
    acceptReview(ctx, { reviewId: review?.id ?? 0, userId: 'UOWN', proceed: true });
    expect(stagesOf(ctx, plan.id).map((s) => s.state)).toEqual([
      'accepted',
      'draft',
      'not_started',
      'not_started',
    ]);
  });

  it('waits for silent reviewers unless the owner proceeds', () => {
    const { ctx } = world();
    const { plan } = start(ctx);
    const id = stageId(ctx, plan.id, 'why');
    submitStage(ctx, { userId: 'UOWN', stageId: id, stage: 'why', form: WHY });
    const waiting = acceptStage(ctx, { userId: 'UOWN', stageId: id });
    expect(waiting.result.accepted).toBe(false);
    expect(ctx.plans.stage(id)?.state).toBe('in_review');
    expect(acceptStage(ctx, { userId: 'UOWN', stageId: id, proceed: true }).result.accepted).toBe(
      true,
    );
    expect(ctx.plans.stage(id)?.state).toBe('accepted');
  });
});

describe('a change to an accepted stage', () => {
  function acceptedWhyAndWhat() {
    const w = world();
    const { plan } = start(w.ctx);
    submitStage(w.ctx, {
      userId: 'UOWN',
      stageId: stageId(w.ctx, plan.id, 'why'),
      stage: 'why',
      form: WHY,
    });
    acceptAll(w.ctx, plan.id, 'why');
    submitStage(w.ctx, {
      userId: 'UOWN',
      stageId: stageId(w.ctx, plan.id, 'what'),
      stage: 'what',
      form: WHAT,
    });
    acceptAll(w.ctx, plan.id, 'what');
    return { ...w, plan };
  }

  it('makes a new revision, reopens its review, and asks the later stage’s reviewers to re-check', () => {
    const { ctx, plan } = acceptedWhyAndWhat();
    const why = stageId(ctx, plan.id, 'why');
    const changed = submitStage(ctx, {
      userId: 'UOWN',
      stageId: why,
      stage: 'why',
      form: { ...WHY, why_success: 'Ten partners live by June' },
    });
    expect(changed.stage).toMatchObject({ state: 'in_review', revision: 2 });
    expect(ctx.plans.revisions(why).map((r) => r.number)).toEqual([1, 2]);
    expect(changed.recheck.map((s) => s.stage)).toEqual(['what']);
    expect(stagesOf(ctx, plan.id).map((s) => s.state)).toEqual([
      'in_review',
      'recheck',
      'draft',
      'not_started',
    ]);
    expect(items(ctx, 'plan_recheck')).toEqual([{ recipient_id: 'UBOB', state: 'queued' }]);
    expect(stagesAwaitingReview(ctx, 'UBOB').map((w) => w.why)).toEqual(['recheck']);
    // The how may not go ahead while the why is back in review.
    expect(() =>
      submitStage(ctx, {
        userId: 'UOWN',
        stageId: stageId(ctx, plan.id, 'how'),
        stage: 'how',
        form: {},
      }),
    ).toThrow(/opens once the why is accepted/);
  });

  it('stays accepted once its reviewers say it still holds', () => {
    const { ctx, plan } = acceptedWhyAndWhat();
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: stageId(ctx, plan.id, 'why'),
      stage: 'why',
      form: WHY,
    });
    const what = stageId(ctx, plan.id, 'what');
    expect(() => confirmRecheck(ctx, { userId: 'UEVE', stageId: what })).toThrow(
      'Only the reviewers of the what',
    );
    expect(confirmRecheck(ctx, { userId: 'UBOB', stageId: what }).settled).toBe(true);
    expect(ctx.plans.stage(what)?.state).toBe('accepted');
    expect(items(ctx, 'plan_recheck').map((i) => i.state)).toEqual(['expired']);
  });

  it('withdraws the re-check DMs when the owner revises the stage to re-check', () => {
    const { ctx, plan } = acceptedWhyAndWhat();
    const why = stageId(ctx, plan.id, 'why');
    submitStage(ctx, { userId: 'UOWN', stageId: why, stage: 'why', form: WHY });
    acceptStage(ctx, { userId: 'UOWN', stageId: why, proceed: true });
    const what = stageId(ctx, plan.id, 'what');
    expect(ctx.plans.stage(what)?.state).toBe('recheck');
    submitStage(ctx, { userId: 'UOWN', stageId: what, stage: 'what', form: WHAT });
    expect(ctx.plans.stage(what)).toMatchObject({ state: 'in_review', revision: 2 });
    expect(items(ctx, 'plan_recheck').map((i) => i.state)).toEqual(['expired']);
  });

  it('reopens only on a concern, which blocks it until answered and withdrawn', () => {
    const { ctx, plan } = acceptedWhyAndWhat();
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: stageId(ctx, plan.id, 'why'),
      stage: 'why',
      form: WHY,
    });
    const what = stageId(ctx, plan.id, 'what');
    expect(() => concernOnRecheck(ctx, { userId: 'UBOB', stageId: what, reason: ' ' })).toThrow(
      InvalidPlan,
    );
    const raised = concernOnRecheck(ctx, {
      userId: 'UBOB',
      stageId: what,
      reason: 'Ten needs SSO',
    });
    expect(ctx.plans.stage(what)?.state).toBe('in_review');
    const [concern] = ctx.reviews.concernsOf(raised.review.review.id);
    if (!concern) throw new Error('no concern');
    expect(() => acceptStage(ctx, { userId: 'UOWN', stageId: what, proceed: true })).toThrow(
      /concern/,
    );
    answerConcern(ctx, { concernId: concern.id, userId: 'UOWN', answer: 'SSO is in scope' });
    withdrawConcern(ctx, { concernId: concern.id, userId: 'UBOB' });
    expect(acceptStage(ctx, { userId: 'UOWN', stageId: what }).result.accepted).toBe(true);
    expect(ctx.plans.stage(what)?.state).toBe('accepted');
  });
});
