import { answerReview, latestReviewOf } from '../../../../src/core/services/reviews.js';
import {
  acceptStage,
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { planStageReviewSubject } from '../../../../src/features/plans/services/review-subject.js';
import { acceptAssignment, proposeOwner } from '../../../../src/features/plans/services/who.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

/**
 * The world the plans' who, task and leaver tests share: a clock, a service context, people in
 * four zones and the private #plan channel, with a plan taken through its why, what and how.
 */

// Monday 2026-03-09, 10:00 UTC: New York moved to UTC−4 yesterday; London is on UTC+0 until
// the 29th.
export const NOW = '2026-03-09T10:00:00Z';

export type Ctx = ReturnType<typeof serviceContext>;
type Profile = ReturnType<typeof profile>;
export type FormStageName = 'why' | 'what' | 'how';

const profiles = (): Profile[] => [
  profile('UOWN', { timeZone: 'Europe/London' }),
  profile('UPAT', { timeZone: 'Pacific/Auckland' }),
  profile('UEVE', { timeZone: 'Asia/Kolkata' }),
  profile('UBOB', { timeZone: 'America/New_York' }),
  profile('UBEA', { timeZone: 'Europe/Berlin' }),
  profile('UGONE', { deleted: true }),
  profile('UGUEST', { isGuest: true }),
  profile('UOUT'),
];

const MEMBERS: readonly string[] = ['UOWN', 'UPAT', 'UEVE', 'UBOB', 'UBEA', 'UGONE'];

export interface WorldOptions {
  /** When the clock starts. */
  now?: string;
  /** The people in the workspace. */
  profiles?: readonly Profile[];
  /** The members of #plan. */
  members?: readonly string[];
  /** Hooks registered after the plan stages' review subject. */
  hooks?: (ctx: Ctx) => void;
}

export function world(options: WorldOptions = {}) {
  const clock = testClock(options.now ?? NOW);
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(planStageReviewSubject(ctx));
  options.hooks?.(ctx);
  ctx.members.upsertProfiles([...(options.profiles ?? profiles())], clock());
  ctx.channels.upsert(
    { id: 'CPLAN', name: 'plan', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPLAN', [...(options.members ?? MEMBERS)], clock());
  return { clock, ctx };
}

export const FORMS = {
  why: {
    why_goal: 'Partners integrate without us',
    why_asked_by: 'Sales',
    why_objective: 'Grow partner revenue',
    why_success: 'Five partners live by June',
  },
  what: { what_in_scope: 'must: API keys\nshould: usage dashboard', what_out_of_scope: 'Billing' },
  how: {
    how_fast_name: 'Reuse the v1 tokens',
    how_fast_effort: 'low',
    how_fast_risk: 'high',
    how_fast_quality: 'low',
    how_fast_time: '2 weeks',
    how_robust_name: 'OAuth client credentials',
    how_robust_effort: 'high',
    how_robust_risk: 'low',
    how_robust_quality: 'high',
    how_robust_time: '5 weeks',
    how_choice: 'robust',
    how_because: 'Partners need rotation',
    how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10\nUsage dashboard | 2 | 1w | 2026-04-20',
  },
} as const;

export type Forms = Record<FormStageName, Record<string, string>>;

export function stageOf(ctx: Ctx, planId: number, stage: FormStageName) {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === stage);
  if (!found) throw new Error(`no ${stage}`);
  return found;
}

export function submitAndAccept(
  ctx: Ctx,
  planId: number,
  stage: FormStageName,
  form: Record<string, string> = FORMS[stage],
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

export interface PlanToWhoOptions {
  /** The who's reviewers; without them the who has none named. */
  who?: string[];
  /** The plan's start day. */
  today?: string;
  /** The why's reviewers. */
  whyReviewers?: string[];
  /** The forms submitted for the why, the what and the how. */
  forms?: Forms;
}

/** A plan in #plan owned by UOWN (London), accepted up to the how. */
export function planToWho(ctx: Ctx, options: PlanToWhoOptions = {}) {
  const reviewers = { why: options.whyReviewers ?? ['UPAT'], what: ['UBOB'], how: ['UBEA'] };
  const { plan } = startPlan(ctx, {
    ownerId: 'UOWN',
    channelId: 'CPLAN',
    title: 'Partner API',
    targetDate: '2026-04-30',
    today: options.today ?? '2026-03-09',
    reviewers: options.who ? { ...reviewers, who: options.who } : reviewers,
  });
  const forms: Forms = options.forms ?? FORMS;
  submitAndAccept(ctx, plan.id, 'why', forms.why);
  submitAndAccept(ctx, plan.id, 'what', forms.what);
  submitAndAccept(ctx, plan.id, 'how', forms.how);
  return plan;
}

export const taskIds = (ctx: Ctx, planId: number) => ctx.plans.tasksOf(planId).map((t) => t.id);

/** Proposes `ownerId` for the task and has them accept it, as their assignment item does. */
export function own(ctx: Ctx, taskId: number, ownerId: string) {
  proposeOwner(ctx, { userId: 'UOWN', taskId, candidateId: ownerId });
  const item = ctx.queue
    .withKeyPrefix(`plan-task-assignment:${taskId}:`)
    .find((i) => i.recipientId === ownerId && i.state === 'queued');
  if (!item) throw new Error('no assignment');
  return acceptAssignment(ctx, { userId: ownerId, itemId: item.id });
}

export const whoOf = (ctx: Ctx, planId: number) => {
  const found = ctx.plans.stagesOf(planId).find((s) => s.stage === 'who');
  if (!found) throw new Error('no who');
  return found;
};
