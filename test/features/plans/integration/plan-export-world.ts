import { createContext } from '../../../../src/context.js';
import {
  answerConcern,
  answerReview,
  latestReviewOf,
  raiseConcern,
  withdrawConcern,
} from '../../../../src/core/services/reviews.js';
import { openDatabase } from '../../../../src/core/store/db.js';
import {
  acceptStage,
  confirmRecheck,
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { freshDatabase, profile, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';
const HOUR = 3600_000;

const WHY = {
  why_goal: 'Partners integrate without us',
  why_asked_by: 'Sales',
  why_objective: 'Grow partner revenue',
  why_success: 'Five partners live by June',
};
const WHAT = {
  what_in_scope: 'must: API keys\nshould: usage dashboard',
  what_out_of_scope: 'Billing | invoicing',
};
const HOW = {
  how_fast_name: 'Static keys',
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
  how_because: 'partners keep these for years.',
  how_questions: 'Which rotation period?',
  how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10\nUsage page | 2 | 4h | 2026-04-20',
};

/** Five people and two channels (one private): in a fresh database, or in the file at `databasePath`. */
export function world(databasePath?: string) {
  const clock = testClock(NOW);
  const ctx = createContext({
    db: databasePath ? openDatabase(databasePath) : freshDatabase(),
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    settings: { defaultTimeZone: 'UTC', admins: [], questionDueMs: 4 * 3600_000 },
  });
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  ctx.members.upsertProfiles(
    [
      profile('UOWN', { displayName: 'Olive' }),
      profile('UPAT', { displayName: 'Pat', timeZone: 'Pacific/Auckland' }),
      profile('UEVE', { displayName: 'Eve', timeZone: 'Asia/Kolkata' }),
      profile('UBOB', { displayName: 'Bob', timeZone: 'America/New_York' }),
      profile('UBEA', { displayName: 'Bea', timeZone: 'Europe/Berlin' }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'partners', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CSEC', name: 'secret', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  for (const channel of ['CPLAN', 'CSEC']) {
    ctx.channels.setMembers(channel, ['UOWN', 'UPAT', 'UEVE', 'UBOB', 'UBEA'], clock());
  }
  return { clock, ctx };
}
export type Ctx = ReturnType<typeof world>['ctx'];

const stageId = (ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') => {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found.id;
};
const reviewOf = (ctx: Ctx, planId: number, stage: 'why' | 'what' | 'how') => {
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stageId(ctx, planId, stage));
  if (!review) throw new Error('no review');
  return review;
};

/**
 * Partner API, why → how: Eve's concern on the why is answered and withdrawn; the what is
 * accepted; the why is revised once, so the what is to re-check until Bob says it holds; then
 * the how with its two tasks is accepted.
 */
export function partnerPlan(ctx: Ctx, clock: ReturnType<typeof testClock>, channelId = 'CPLAN') {
  const { plan } = startPlan(ctx, {
    ownerId: 'UOWN',
    channelId,
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: '2026-03-09',
    reviewers: { why: ['UPAT', 'UEVE'], what: ['UBOB'], how: ['UBEA'] },
  });
  const submit = (stage: 'why' | 'what' | 'how', form: Record<string, string>) =>
    submitStage(ctx, { userId: 'UOWN', stageId: stageId(ctx, plan.id, stage), stage, form });
  const accept = (stage: 'why' | 'what' | 'how') =>
    acceptStage(ctx, { userId: 'UOWN', stageId: stageId(ctx, plan.id, stage) });

  clock.advance(HOUR);
  submit('why', WHY);
  clock.advance(HOUR);
  const why = reviewOf(ctx, plan.id, 'why');
  answerReview(ctx, { reviewId: why.id, userId: 'UPAT', answer: 'agree' });
  const concern = raiseConcern(ctx, {
    reviewId: why.id,
    userId: 'UEVE',
    reason: 'Is revenue the | right objective?',
  });
  clock.advance(HOUR);
  answerConcern(ctx, { concernId: concern.id, userId: 'UOWN', answer: 'Yes: it is the OKR.' });
  clock.advance(HOUR);
  withdrawConcern(ctx, { concernId: concern.id, userId: 'UEVE' });
  accept('why');
  clock.advance(HOUR);
  submit('what', WHAT);
  answerReview(ctx, {
    reviewId: reviewOf(ctx, plan.id, 'what').id,
    userId: 'UBOB',
    answer: 'agree',
  });
  accept('what');
  clock.advance(24 * HOUR);
  submit('why', { ...WHY, why_success: 'Five partners live by May' });
  answerReview(ctx, {
    reviewId: reviewOf(ctx, plan.id, 'why').id,
    userId: 'UPAT',
    answer: 'agree',
  });
  answerReview(ctx, {
    reviewId: reviewOf(ctx, plan.id, 'why').id,
    userId: 'UEVE',
    answer: 'abstain',
  });
  accept('why');
  clock.advance(HOUR);
  confirmRecheck(ctx, { userId: 'UBOB', stageId: stageId(ctx, plan.id, 'what') });
  clock.advance(HOUR);
  submit('how', HOW);
  answerReview(ctx, {
    reviewId: reviewOf(ctx, plan.id, 'how').id,
    userId: 'UBEA',
    answer: 'agree',
  });
  accept('how');
  return ctx.plans.get(plan.id) ?? plan;
}
