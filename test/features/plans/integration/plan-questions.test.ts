import { describe, expect, it } from 'vitest';
import {
  acceptStage,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import {
  answerPlanQuestion,
  askExperts,
  routePlanQuestion,
} from '../../../../src/features/plans/services/questions.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';
const ROTATE = 'How often should secrets rotate?';
const CONTRACT = 'Who signs the contract?';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  ctx.members.upsertProfiles(
    [
      profile('UOWN'),
      profile('UPAT'),
      profile('UKOL', { timeZone: 'Asia/Kolkata' }),
      profile('UOUT'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'plan', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPLAN', ['UOWN', 'UPAT', 'UKOL'], clock());
  const { plan } = startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CPLAN',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT'], what: ['UPAT'], how: ['UPAT'] },
  });
  const [why, what, how] = ctx.plans.stagesOf(plan.id);
  if (!why || !what || !how) throw new Error('no stages');
  submitStage(ctx, {
    userId: 'UOWN',
    stageId: why.id,
    stage: 'why',
    form: {
      why_goal: 'Goal',
      why_asked_by: 'Sales',
      why_objective: 'Revenue',
      why_success: 'Five',
    },
  });
  acceptStage(ctx, { userId: 'UOWN', stageId: why.id, proceed: true });
  submitStage(ctx, {
    userId: 'UOWN',
    stageId: what.id,
    stage: 'what',
    form: { what_in_scope: 'must: API keys', what_out_of_scope: 'Billing' },
  });
  acceptStage(ctx, { userId: 'UOWN', stageId: what.id, proceed: true });
  submitStage(ctx, {
    userId: 'UOWN',
    stageId: how.id,
    stage: 'how',
    form: {
      how_fast_name: 'Static keys',
      how_fast_effort: 'low',
      how_fast_risk: 'high',
      how_fast_quality: 'low',
      how_fast_time: '1 week',
      how_robust_name: 'OAuth',
      how_robust_effort: 'high',
      how_robust_risk: 'low',
      how_robust_quality: 'high',
      how_robust_time: '4 weeks',
      how_choice: 'robust',
      how_because: 'Keys last years.',
      how_questions: `${ROTATE}\n${CONTRACT}`,
      how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10',
    },
  });
  return { clock, ctx, plan, how: how.id };
}

const items = (ctx: ReturnType<typeof world>['ctx']) =>
  ctx.db.$client
    .prepare(
      "SELECT kind, recipient_id, state, deliver_after FROM queue_items WHERE idempotency_key LIKE 'plan-question:%' ORDER BY id",
    )
    .all() as { kind: string; recipient_id: string; state: string; deliver_after: number }[];

describe('the how’s questions to experts', () => {
  it('routes by topic, never to the owner nor to someone outside the plan’s channel', () => {
    const { ctx, plan, clock } = world();
    ctx.experts.add('keyword', 'secrets', 'UOWN', 'UOWN', clock());
    ctx.experts.add('keyword', 'secrets', 'UOUT', 'UOWN', clock());
    expect(routePlanQuestion(ctx, plan, ROTATE)).toBeUndefined();
    ctx.experts.add('keyword', 'secrets', 'UKOL', 'UOWN', clock());
    expect(routePlanQuestion(ctx, plan, ROTATE)).toEqual({
      memberId: 'UKOL',
      reason: 'owns the topic “secrets”',
    });
  });

  it('queues each question once in the expert’s hours, its reminder two of their working days on, and lists those nobody was found for', () => {
    const { ctx, how, clock } = world();
    ctx.experts.add('keyword', 'secrets', 'UKOL', 'UOWN', clock());
    const first = askExperts(ctx, { userId: 'UOWN', stageId: how, revision: 1, picks: {} });
    expect(first.unrouted).toEqual([CONTRACT]);
    const again = askExperts(ctx, { userId: 'UOWN', stageId: how, revision: 1, picks: {} });
    expect(again.asked).toEqual([]);
    // 10:00Z on Monday is 15:30 in Kolkata: asked now; reminded on Wednesday at 09:00 IST.
    expect(items(ctx)).toEqual([
      {
        kind: 'plan_question',
        recipient_id: 'UKOL',
        state: 'queued',
        deliver_after: Date.parse(NOW),
      },
      {
        kind: 'plan_question_reminder',
        recipient_id: 'UKOL',
        state: 'queued',
        deliver_after: Date.parse('2026-03-11T03:30:00Z'),
      },
    ]);
    // The owner picks a member for the other question.
    const picked = askExperts(ctx, {
      userId: 'UOWN',
      stageId: how,
      revision: 1,
      picks: { 1: 'UPAT' },
    });
    expect(picked.asked.map((a) => [a.question.text, a.question.expertId])).toEqual([
      [CONTRACT, 'UPAT'],
    ]);
  });

  it('keeps the answer, writes it into the knowledge base for the plan’s channel, and closes the question and its reminder', () => {
    const { ctx, how, clock } = world();
    ctx.experts.add('keyword', 'secrets', 'UKOL', 'UOWN', clock());
    const { asked } = askExperts(ctx, { userId: 'UOWN', stageId: how, revision: 1, picks: {} });
    const questionId = asked[0]?.question.id ?? 0;
    const answered = answerPlanQuestion(ctx, {
      userId: 'UKOL',
      questionId,
      text: '  Every 90 days.  ',
    });
    expect(answered.question).toMatchObject({ state: 'answered', answerText: 'Every 90 days.' });
    expect(answered.document).toMatchObject({
      title: ROTATE,
      channelId: 'CPLAN',
      visibility: 'channel',
      authorId: 'UKOL',
    });
    expect(items(ctx).map((i) => i.state)).toEqual(['done', 'done']);
    expect(() => answerPlanQuestion(ctx, { userId: 'UKOL', questionId, text: 'Again' })).toThrow(
      'answered already',
    );
    expect(() =>
      answerPlanQuestion(ctx, { userId: 'UKOL', questionId, text: 'x'.repeat(3001) }),
    ).toThrow();
  });
});
