import { canReceive } from '../../../core/domain/member.js';
import { OPEN_STATES } from '../../../core/domain/queue.js';
import { checkConcernText, type Review } from '../../../core/domain/review.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { Words } from '../../../core/services/naming.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import {
  type AcceptResult,
  acceptReview,
  latestReviewOf,
  raiseConcern,
  type StartedReview,
  startReview,
} from '../../../core/services/reviews.js';
import type { PlansContext } from '../context.js';
import {
  checkHow,
  checkTargetDate,
  checkTitle,
  checkWhat,
  checkWhy,
  type FormStage,
  gate,
  laterAccepted,
  MAX_TEXT,
  nextStage,
  PLAN_STAGE_REVIEW_KIND,
  type RawForm,
  STAGES,
  type Stage,
  type StageContent,
  type StageState,
  type WhatContent,
} from '../domain/plan.js';
import type { Plan, PlanRevision, PlanStage, PlanTask } from '../store/plan-repository.js';
import { authorizeStage, maySeePlan, mayTakePart } from './authorization.js';
import { logChosenHow } from './decision.js';
import { syncPlanDocument } from './document.js';
import { syncTasksFromHow } from './who.js';
import { settleWho } from './who-stage.js';

export { PLAN_STAGE_REVIEW_KIND } from '../domain/plan.js';

/** A form that cannot be saved: a problem per field, shown under it; nothing was stored. */
export class InvalidPlan extends UserFacingError {
  constructor(readonly fields: Record<string, Words>) {
    super((naming) =>
      Object.values(fields)
        .map((words) => (typeof words === 'string' ? words : words(naming)))
        .join(' '),
    );
    this.name = 'InvalidPlan';
  }
}

export const NOT_YOUR_CHANNEL =
  'I can’t confirm you are in the channel this plan is for: start it from a channel you are in.';

export const reviewersField = (stage: Stage) => `plan_reviewers_${stage}`;

export interface StartPlanInput {
  ownerId: string;
  channelId: string;
  title: string;
  targetDate: string | undefined;
  /** The owner's own date, YYYY-MM-DD: the target may not be before it. */
  today: string;
  goal?: string;
  /** Each form stage's reviewers, and the who's (optional: without them its owner accepts it). */
  reviewers: Record<FormStage, readonly string[]> & { who?: readonly string[] };
}

/**
 * Starts a plan: its owner, its channel, its target date and each stage's reviewers, who must
 * be people who may see the channel (a guest outside it may not). Deactivated accounts are
 * left out and named in `skipped`, for the owner to hear; nothing is stored when any field
 * has a problem.
 */
export function startPlan(
  ctx: PlansContext,
  input: StartPlanInput,
): { plan: Plan; skipped: string[] } {
  if (!mayTakePart(ctx, input.ownerId, input.channelId))
    throw new UserFacingError(NOT_YOUR_CHANNEL);
  const problems: Record<string, Words> = {};
  const title = checkTitle(input.title);
  if (!title.ok) problems.plan_title = title.problem;
  const target = checkTargetDate(input.targetDate, input.today);
  if (!target.ok) problems.plan_target = target.problem;
  const goal = (input.goal ?? '').trim();
  if (goal.length > MAX_TEXT) {
    problems.plan_goal = `The goal is ${goal.length} characters: please keep it to ${MAX_TEXT}.`;
  }
  const skipped = new Set<string>();
  const reviewers = {} as Record<Stage, string[]>;
  for (const stage of STAGES) {
    const chosen = reviewersOf(ctx, input, stage, skipped);
    if (chosen.ok) reviewers[stage] = chosen.ids;
    else problems[reviewersField(stage)] = chosen.problem;
  }
  if (Object.keys(problems).length > 0 || !title.ok || !target.ok) throw new InvalidPlan(problems);
  const plan = ctx.plans.create(
    {
      title: title.title,
      ownerId: input.ownerId,
      channelId: input.channelId,
      targetDate: target.date,
      reviewers,
      whyDraft: goal === '' ? null : { why_goal: goal },
    },
    ctx.clock(),
  );
  syncPlanDocument(ctx, plan.id, ctx.clock());
  return { plan, skipped: [...skipped] };
}

function reviewersOf(
  ctx: PlansContext,
  input: StartPlanInput,
  stage: Stage,
  skipped: Set<string>,
): { ok: true; ids: string[] } | { ok: false; problem: Words } {
  const named = [...new Set(input.reviewers[stage] ?? [])];
  if (named.includes(input.ownerId)) {
    return {
      ok: false,
      problem: 'You own the plan, so you can’t review its stages: leave yourself out.',
    };
  }
  const unknown = named.filter((id) => {
    const member = ctx.members.get(id);
    return !member || member.isBot;
  });
  if (unknown.length > 0) {
    return {
      ok: false,
      problem: (naming) =>
        `I can’t ask ${unknown.map(naming.person).join(', ')} to review: I don’t know them as people I can message.`,
    };
  }
  const gone = named.filter((id) => {
    const member = ctx.members.get(id);
    return member !== undefined && !canReceive(member);
  });
  for (const id of gone) skipped.add(id);
  const ids = named.filter((id) => !gone.includes(id));
  const hidden = ids.filter((id) => !mayTakePart(ctx, id, input.channelId));
  if (hidden.length > 0) {
    return {
      ok: false,
      problem: (naming) =>
        `${hidden.map(naming.person).join(', ')} can’t see ${naming.channel(input.channelId)}, so can’t review this plan: add them to the channel, or choose someone else.`,
    };
  }
  if (ids.length === 0 && stage !== 'who') {
    return {
      ok: false,
      problem:
        gone.length > 0
          ? 'Everyone named here has left the workspace: please choose a reviewer who is still here.'
          : `Please choose at least one reviewer for the ${stage}.`,
    };
  }
  return { ok: true, ids };
}

/** Each stage's state, by stage. */
export function statesOf(stages: readonly PlanStage[]): Record<Stage, StageState> {
  const states: Record<Stage, StageState> = {
    why: 'not_started',
    what: 'not_started',
    how: 'not_started',
    who: 'not_started',
  };
  for (const stage of stages) states[stage.stage] = stage.state;
  return states;
}

/** The gate, for `stage` of `plan`: throws the reason a stage may not be written now. */
export function assertOpen(ctx: PlansContext, plan: Plan, stage: PlanStage): void {
  const verdict = gate(statesOf(ctx.plans.stagesOf(plan.id)), stage.stage);
  if (!verdict.open) throw new UserFacingError(verdict.why);
}

/** What the form of a stage starts from: its latest revision's content, or its draft. */
export function formStartOf(
  ctx: PlansContext,
  stage: PlanStage,
): { revision: PlanRevision | undefined; draft: Record<string, string> | null } {
  return { revision: ctx.plans.latestRevision(stage.id), draft: stage.draft };
}

/** The in-scope items of the plan's accepted what, which the how's tasks are tied to. */
export function acceptedScope(ctx: PlansContext, plan: Plan): WhatContent['inScope'] {
  const what = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'what');
  const content = what && ctx.plans.latestRevision(what.id)?.content;
  return content?.stage === 'what' ? content.content.inScope : [];
}

function contentOf(ctx: PlansContext, plan: Plan, stage: Stage, form: RawForm): StageContent {
  switch (stage) {
    case 'why': {
      const checked = checkWhy(form);
      if (!checked.ok) throw new InvalidPlan(checked.problems);
      return { stage, content: checked.value };
    }
    case 'what': {
      const checked = checkWhat(form);
      if (!checked.ok) throw new InvalidPlan(checked.problems);
      return { stage, content: checked.value };
    }
    case 'how': {
      const checked = checkHow(form, acceptedScope(ctx, plan).length, plan.targetDate);
      if (!checked.ok) throw new InvalidPlan(checked.problems);
      return { stage, content: checked.value };
    }
    case 'who':
      throw new UserFacingError(
        'The who has no form: propose an owner for each task from the plan’s message. Nothing was changed.',
      );
  }
}

export interface SubmittedStage {
  plan: Plan;
  stage: PlanStage;
  revision: PlanRevision;
  review: StartedReview;
  /** Accepted later stages now to re-check, their reviewers told. */
  recheck: PlanStage[];
  /** Reviewers named who can no longer see the plan's channel: not asked, for the owner to hear. */
  leftOut: string[];
}

const recheckKey = (stageId: number, changed: PlanStage, revision: number, memberId: string) =>
  `plan-recheck:${stageId}:${changed.id}:${revision}:${memberId}`;

/**
 * The owner submits a stage: the gate first (every earlier stage accepted, this one not under
 * review), then every field; a new revision is stored and its review starts through the core.
 * Accepted stages after it become "to re-check", and each of their reviewers gets one DM, in
 * their hours. Nothing is stored when anything is refused.
 */
export function submitStage(
  ctx: PlansContext,
  input: { userId: string; stageId: number; stage: Stage; form: RawForm },
): SubmittedStage {
  const { plan, stage } = authorizeStage(ctx, input.userId, input.stageId, 'edit_stage');
  if (stage.stage !== input.stage) throw new UserFacingError(FORM_OUT_OF_DATE);
  assertOpen(ctx, plan, stage);
  const content = contentOf(ctx, plan, stage.stage, input.form);
  const subject = ctx.hooks.reviewSubject(PLAN_STAGE_REVIEW_KIND);
  if (!subject) throw new Error('Reviews of plan stages are not registered');
  // Someone who left the channel since the plan was started is no longer asked.
  const leftOut = stage.reviewerIds.filter((id) => !maySeePlan(ctx, plan.id, id));
  const reviewerIds = stage.reviewerIds.filter((id) => !leftOut.includes(id));
  if (reviewerIds.length === 0) {
    throw new UserFacingError(
      (naming) =>
        `Nobody named to review the ${stage.stage} can still see ${naming.channel(plan.channelId)}, so nobody can review it. Nothing was changed: add them back to the channel.`,
    );
  }
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const number = stage.revision + 1;
    const revision = ctx.plans.addRevision(stage.id, number, content, input.userId, now);
    const submitted = ctx.plans.updateStage(
      stage.id,
      { state: 'in_review', revision: number, draft: null, confirmedIds: [] },
      now,
      [stage.state],
    );
    if (!submitted) throw new UserFacingError(FORM_OUT_OF_DATE);
    // A stage to re-check that its owner revises is reviewed anew: the re-check DMs are spent.
    if (stage.state === 'recheck') settleRecheckItems(ctx, stage.id);
    const review = startReview(ctx, subject, {
      objectId: stage.id,
      ownerId: plan.ownerId,
      reviewerIds,
    });
    const recheck: PlanStage[] = [];
    const stages = ctx.plans.stagesOf(plan.id);
    for (const later of laterAccepted(statesOf(stages), stage.stage)) {
      const row = stages.find((s) => s.stage === later);
      if (!row) continue;
      const marked = ctx.plans.updateStage(row.id, { state: 'recheck', confirmedIds: [] }, now, [
        'accepted',
      ]);
      if (!marked) continue;
      recheck.push(marked);
      for (const memberId of marked.reviewerIds) {
        const member = ctx.members.get(memberId);
        if (!member || !canReceive(member)) continue;
        enqueueForRecipient(ctx, {
          kind: 'plan_recheck',
          recipientId: memberId,
          requesterId: plan.ownerId,
          payload: { stageId: marked.id, changedStageId: stage.id, revision: number },
          idempotencyKey: recheckKey(marked.id, stage, number, memberId),
        });
      }
    }
    syncPlanDocument(ctx, plan.id, now);
    return { plan, stage: submitted, revision, review, recheck, leftOut };
  });
}

export const FORM_OUT_OF_DATE =
  'This form is out of date: the plan changed since it was opened. Copy what you wrote, close it and open it again from the plan’s message.';

/**
 * What follows a change of a stage's review: once accepted, the stage is accepted and the
 * next one opens for its owner to write. Undefined when the review is not a stage's.
 */
export function afterStageReview(
  ctx: PlansContext,
  review: Review,
): { stage: PlanStage; opened: PlanStage | undefined } | undefined {
  const stage = ctx.plans.stage(review.objectId);
  if (!stage) return undefined;
  if (review.state !== 'accepted') return { stage, opened: undefined };
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const accepted = ctx.plans.updateStage(stage.id, { state: 'accepted' }, now, ['in_review']);
    if (!accepted) return { stage, opened: undefined };
    syncTasksFromHow(ctx, accepted);
    const next = nextStage(stage.stage);
    const row = next && ctx.plans.stagesOf(stage.planId).find((s) => s.stage === next);
    const opened = row && ctx.plans.updateStage(row.id, { state: 'draft' }, now, ['not_started']);
    // A how accepted again may have changed the tasks: the who follows them.
    if (accepted.stage === 'how' && !opened) settleWho(ctx, stage.planId);
    const plan = ctx.plans.get(stage.planId);
    if (plan && accepted.stage === 'how') logChosenHow(ctx, plan, accepted);
    syncPlanDocument(ctx, stage.planId, now);
    return { stage: accepted, opened };
  });
}

/** Closes the recheck DMs of a stage still open: for `memberId` alone, or for everyone. */
function settleRecheckItems(ctx: PlansContext, stageId: number, memberId?: string): void {
  const now = ctx.clock();
  for (const item of ctx.queue.openWithKeyPrefix(`plan-recheck:${stageId}:`)) {
    if (memberId && item.recipientId !== memberId) continue;
    if (!OPEN_STATES.includes(item.state)) continue;
    ctx.queue.transition(
      item,
      item.state === 'queued' || item.state === 'snoozed' ? 'expired' : 'done',
      now,
    );
  }
}

/**
 * A reviewer of a stage to re-check says it still holds; once every reviewer still here has,
 * it is accepted again.
 */
export function confirmRecheck(
  ctx: PlansContext,
  input: { userId: string; stageId: number },
): { plan: Plan; stage: PlanStage; settled: boolean } {
  const { plan, stage } = authorizeStage(ctx, input.userId, input.stageId, 'recheck');
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const confirmedIds = [...new Set([...stage.confirmedIds, input.userId])];
    const waiting = stage.reviewerIds.filter((id) => {
      const member = ctx.members.get(id);
      return member !== undefined && canReceive(member) && !confirmedIds.includes(id);
    });
    const settled = waiting.length === 0;
    const updated = ctx.plans.updateStage(
      stage.id,
      settled ? { state: 'accepted', confirmedIds: [] } : { confirmedIds },
      now,
      ['recheck'],
    );
    if (!updated) throw new UserFacingError('That stage is no longer waiting to be re-checked.');
    settleRecheckItems(ctx, stage.id, input.userId);
    syncPlanDocument(ctx, plan.id, now);
    return { plan, stage: updated, settled };
  });
}

/**
 * A reviewer of a stage to re-check raises a concern: its review reopens (its reviewers are
 * asked again, in their hours) with the concern in it, blocking it until it is settled.
 */
export function concernOnRecheck(
  ctx: PlansContext,
  input: { userId: string; stageId: number; reason: string },
): { plan: Plan; stage: PlanStage; review: StartedReview } {
  const { plan, stage } = authorizeStage(ctx, input.userId, input.stageId, 'recheck');
  const reason = checkConcernText(input.reason, 'the reason for your concern');
  if (!reason.ok) throw new InvalidPlan({ plan_concern: reason.problem });
  const subject = ctx.hooks.reviewSubject(PLAN_STAGE_REVIEW_KIND);
  if (!subject) throw new Error('Reviews of plan stages are not registered');
  const now = ctx.clock();
  return ctx.plans.inTransaction(() => {
    const reopened = ctx.plans.updateStage(
      stage.id,
      { state: 'in_review', confirmedIds: [] },
      now,
      ['recheck'],
    );
    if (!reopened) throw new UserFacingError('That stage is no longer waiting to be re-checked.');
    const review = startReview(ctx, subject, {
      objectId: stage.id,
      ownerId: plan.ownerId,
      reviewerIds: stage.reviewerIds,
    });
    raiseConcern(ctx, { reviewId: review.review.id, userId: input.userId, reason: reason.text });
    settleRecheckItems(ctx, stage.id);
    syncPlanDocument(ctx, plan.id, now);
    return { plan, stage: reopened, review };
  });
}

/**
 * The owner accepts a stage under review: refused while a concern is open; while reviewers
 * have not answered and their window is open, it says who, and `proceed` goes ahead.
 */
export function acceptStage(
  ctx: PlansContext,
  input: { userId: string; stageId: number; proceed?: boolean },
): { plan: Plan; stage: PlanStage; result: AcceptResult } {
  const { plan, stage } = authorizeStage(ctx, input.userId, input.stageId, 'accept_stage');
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
  if (review?.state !== 'open') throw new UserFacingError('That stage is not under review.');
  const result = acceptReview(ctx, {
    reviewId: review.id,
    userId: input.userId,
    proceed: input.proceed ?? false,
  });
  return { plan, stage: ctx.plans.stage(stage.id) ?? stage, result };
}

/** A plan with its stages, as its message and Home show it. */
export interface PlanView {
  plan: Plan;
  stages: PlanStage[];
  /** The tasks of its accepted how, once there is one. */
  tasks?: PlanTask[];
}

export function planView(ctx: PlansContext, plan: Plan): PlanView {
  return { plan, stages: ctx.plans.stagesOf(plan.id), tasks: ctx.plans.tasksOf(plan.id) };
}

/** The plans `userId` owns, newest first. */
export function plansOwnedBy(ctx: PlansContext, userId: string): PlanView[] {
  return ctx.plans.ownedBy(userId).map((plan) => planView(ctx, plan));
}

/** A stage waiting for someone: its review to answer (and when their window ends), or a re-check. */
export interface AwaitingStage {
  plan: Plan;
  stage: PlanStage;
  why: 'review' | 'recheck';
  /** Null when their window never ends (away with no end date), or for a re-check. */
  windowEndsAt: number | null;
}

/** The stages `userId` was asked to review and has not answered, or to re-check, oldest first. */
export function stagesAwaitingReview(ctx: PlansContext, userId: string): AwaitingStage[] {
  const waiting: AwaitingStage[] = [];
  const seen = new Set<number>();
  for (const review of [...ctx.reviews.involving(userId)].reverse()) {
    if (review.objectKind !== PLAN_STAGE_REVIEW_KIND || seen.has(review.objectId)) continue;
    seen.add(review.objectId);
    const stage = ctx.plans.stage(review.objectId);
    if (!stage || !maySeePlan(ctx, stage.planId, userId)) continue;
    const plan = ctx.plans.get(stage.planId);
    if (!plan) continue;
    if (review.state === 'open' && stage.state === 'in_review') {
      const reviewer = ctx.reviews
        .reviewersOf(review.id)
        .find((r) => r.memberId === userId && r.state === 'pending');
      if (reviewer)
        waiting.push({ plan, stage, why: 'review', windowEndsAt: reviewer.windowEndsAt });
    } else if (
      stage.state === 'recheck' &&
      stage.reviewerIds.includes(userId) &&
      !stage.confirmedIds.includes(userId)
    ) {
      waiting.push({ plan, stage, why: 'recheck', windowEndsAt: null });
    }
  }
  return waiting.reverse();
}
