import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import { reverseDecision } from '../../../../src/features/decisions/services/change.js';
import { decisionLogOf } from '../../../../src/features/decisions/slack/decision-log.js';
import { howDecisionOf } from '../../../../src/features/plans/services/decision.js';
import { planMarkdown } from '../../../../src/features/plans/services/plan-markdown.js';
import { planRecord } from '../../../../src/features/plans/services/plan-record.js';
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

function world(options: { decisions?: boolean } = {}) {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  // Logging only queues the decision's message: no Web API call is made.
  if (options.decisions !== false) ctx.hooks.onDecisionLog(decisionLogOf(ctx, {} as WebClient));
  ctx.members.upsertProfiles([profile('UOWN'), profile('UPAT'), profile('UBOB')], clock());
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'plan', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPLAN', ['UOWN', 'UPAT', 'UBOB'], clock());
  const { plan } = startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CPLAN',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UPAT'] },
  });
  return { clock, ctx, plan };
}

type Ctx = ReturnType<typeof world>['ctx'];

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
  how_questions: '',
  how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10',
};

const stageOf = (ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') => {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found;
};

function pass(ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how', form: object) {
  const id = stageOf(ctx, planId, stage).id;
  submitStage(ctx, { userId: 'UOWN', stageId: id, stage, form: form as Record<string, string> });
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, id);
  if (!review) throw new Error('no review');
  for (const reviewer of ctx.reviews.reviewersOf(review.id)) {
    answerReview(ctx, { reviewId: review.id, userId: reviewer.memberId, answer: 'agree' });
  }
  acceptStage(ctx, { userId: 'UOWN', stageId: id });
}

function throughHow(ctx: Ctx, planId: number) {
  pass(ctx, planId, 'why', WHY);
  pass(ctx, planId, 'what', WHAT);
  pass(ctx, planId, 'how', HOW);
}

const decisionsOf = (ctx: Ctx) =>
  ctx.db.$client.prepare('SELECT id FROM decisions ORDER BY id').all() as { id: number }[];

describe('the chosen how, logged as a decision', () => {
  it('logs both options with their trade-offs, the why, the owner and the channel, linked both ways', () => {
    const { ctx, plan } = world();
    throughHow(ctx, plan.id);
    const how = stageOf(ctx, plan.id, 'how');
    const revision = ctx.plans.latestRevision(how.id);
    const decision = ctx.decisions.get(revision?.decisionId ?? 0);
    expect(decision).toMatchObject({
      title: 'Partner API: OAuth with rotation',
      chosen: 'OAuth with rotation',
      chosenBecause: 'Partners keep these for years.',
      status: 'accepted',
      loggedBy: 'UOWN',
      channelId: 'CPLAN',
      ownerIds: ['UOWN'],
      contextChannelId: 'CPLAN',
      contextText: 'The plan “Partner API”, how revision 1.',
    });
    expect(decision?.why).toContain('Goal: Partners integrate without us');
    expect(decision?.options.map((o) => [o.name, o.pros, o.cons])).toEqual([
      ['Reuse the v1 tokens', 'low effort', 'high risk, low quality'],
      ['OAuth with rotation', 'low risk, high quality', 'high effort'],
    ]);
    expect(decision?.options[1]?.neutral).toContain('time 4 weeks');
    expect(decision?.tradeOff).toBe(
      'it takes longer and costs more than “Reuse the v1 tokens”: 4 weeks against 1 week, high effort against low.',
    );
    // The plan's how links the decision; its message is queued for the plan's channel.
    expect(howDecisionOf(ctx, how)).toMatchObject({
      title: 'Partner API: OAuth with rotation',
      status: 'accepted',
    });
    expect(ctx.queue.findByKey(`post:decision:${decision?.id}`)).toBeDefined();
  });

  it('shows in the plan’s export and canvas: the decision under the how, and the tasks with their owners', () => {
    const { ctx, plan } = world();
    throughHow(ctx, plan.id);
    const names = { person: (id: string) => `@${id}`, channel: (id: string) => `#${id}` };
    const describe = (id: number) => ctx.hooks.decisionLog()?.describe(id);
    const exported = planMarkdown(planRecord(ctx, plan, describe), names);
    expect(exported).toContain('**Decision logged:** Partner API: OAuth with rotation (accepted)');
    expect(exported).toContain('## Who');
    expect(exported).toContain('| 1 | Token endpoint | nobody yet | no owner yet | 2026-04-10 |');
    // Without the decision log (an export run on its own), the rest is the same.
    const alone = planMarkdown(planRecord(ctx, plan), names);
    expect(alone).not.toContain('Decision logged');
    expect(alone).toContain('| 1 | Token endpoint |');
  });

  it('keeps the decision when a revised how chooses the same option, and supersedes it when it chooses the other', () => {
    const { ctx, plan } = world();
    throughHow(ctx, plan.id);
    const [first] = decisionsOf(ctx);
    pass(ctx, plan.id, 'how', { ...HOW, how_because: 'Partners keep these for years, truly.' });
    expect(decisionsOf(ctx)).toHaveLength(1);
    expect(ctx.plans.latestRevision(stageOf(ctx, plan.id, 'how').id)?.decisionId).toBe(first?.id);

    pass(ctx, plan.id, 'how', { ...HOW, how_choice: 'fast', how_because: 'The deal closes now.' });
    const ids = decisionsOf(ctx).map((d) => d.id);
    expect(ids).toHaveLength(2);
    const replacement = ctx.decisions.get(ids[1] ?? 0);
    expect(replacement).toMatchObject({
      chosen: 'Reuse the v1 tokens',
      supersedesId: first?.id,
      contextText: 'The plan “Partner API”, how revision 3.',
    });
    expect(ctx.decisions.get(first?.id ?? 0)?.status).toBe('superseded');
    expect(howDecisionOf(ctx, stageOf(ctx, plan.id, 'how'))?.title).toBe(
      'Partner API: Reuse the v1 tokens',
    );
  });

  it('logs a new decision, superseding nothing, when the one kept was reversed since', () => {
    const { ctx, plan } = world();
    throughHow(ctx, plan.id);
    const [first] = decisionsOf(ctx);
    reverseDecision(ctx, 'UOWN', first?.id ?? 0, 'Partners asked for something else.');
    pass(ctx, plan.id, 'how', { ...HOW, how_because: 'Partners asked for it again.' });
    const ids = decisionsOf(ctx).map((d) => d.id);
    expect(ids).toHaveLength(2);
    expect(ctx.decisions.get(ids[1] ?? 0)).toMatchObject({
      chosen: 'OAuth with rotation',
      supersedesId: null,
      status: 'accepted',
    });
    expect(ctx.decisions.get(first?.id ?? 0)?.status).toBe('reversed');
  });

  it('tells the owner when the decision cannot be logged, and the how stays accepted', () => {
    const { ctx, plan, clock } = world();
    pass(ctx, plan.id, 'why', WHY);
    pass(ctx, plan.id, 'what', WHAT);
    // The owner left the channel before the how was accepted.
    ctx.channels.setMembers('CPLAN', ['UPAT', 'UBOB'], clock());
    pass(ctx, plan.id, 'how', HOW);
    expect(stageOf(ctx, plan.id, 'how').state).toBe('accepted');
    expect(decisionsOf(ctx)).toEqual([]);
    const told = ctx.db.$client
      .prepare(
        "SELECT recipient_id, payload FROM queue_items WHERE idempotency_key LIKE '%plan-how-decision%'",
      )
      .all() as { recipient_id: string; payload: string }[];
    expect(told.map((t) => t.recipient_id)).toEqual(['UOWN']);
    expect(told[0]?.payload).toContain('could not be logged as a decision');
  });

  it('logs nothing when Mailroom runs without the decision log', () => {
    const { ctx, plan } = world({ decisions: false });
    throughHow(ctx, plan.id);
    expect(stageOf(ctx, plan.id, 'how').state).toBe('accepted');
    expect(decisionsOf(ctx)).toEqual([]);
  });
});
