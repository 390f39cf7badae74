import type { Refusal } from '../../../core/domain/authorization.js';
import { authorized, type ViewerContext, viewerOf } from '../../../core/services/authorization.js';
import type { PlansContext } from '../context.js';
import {
  mayReview,
  type PlanAction,
  type PlanFacts,
  planVerdict,
  type StageFacts,
} from '../domain/authorization.js';
import { STAGE_NAMES, STATE_NAMES } from '../domain/plan.js';
import type { Plan, PlanStage } from '../store/plan-repository.js';

/**
 * The plan rule of domain/authorization.ts with its facts looked up: every use case that names
 * a plan or one of its stages (an id in a button's value or a form's metadata, chosen by the
 * sender) goes through `authorizePlan` or `authorizeStage`.
 */

function isPublicChannel(ctx: Pick<PlansContext, 'channels'>, channelId: string): boolean {
  const channel = ctx.channels.get(channelId);
  return channel !== undefined && !channel.isPrivate && !channel.isIm;
}

export function planFactsOf(ctx: Pick<PlansContext, 'channels'>, plan: Plan): PlanFacts {
  return {
    ownerId: plan.ownerId,
    channelId: plan.channelId,
    inPublic: isPublicChannel(ctx, plan.channelId),
  };
}

export function stageFactsOf(stage: PlanStage): StageFacts {
  return { stage: stage.stage, state: stage.state, reviewerIds: stage.reviewerIds };
}

export const NO_SUCH_PLAN = 'I can’t find that plan.';

function refusalOf(action: PlanAction, refusal: Refusal, stage: PlanStage | undefined): string {
  if (refusal === 'unknown' || !stage) return NO_SUCH_PLAN;
  const name = `the ${STAGE_NAMES[stage.stage].toLowerCase()}`;
  switch (action) {
    case 'edit_stage':
      if (refusal === 'not_yours') return 'Only the plan’s owner can write and submit its stages.';
      return stage.stage === 'who'
        ? 'The who has no form: propose an owner for each task from the plan’s message. Nothing was changed.'
        : `${capital(name)} is under review: its review has to end (answer its concerns, then accept it) before it changes again. Nothing was changed.`;
    case 'accept_stage':
      return refusal === 'not_yours'
        ? 'Only the plan’s owner can accept its stages.'
        : `${capital(name)} is not under review, so there is nothing to accept.`;
    case 'accept_who':
      return refusal === 'not_yours'
        ? 'Only the plan’s owner can accept its who.'
        : stage.state === 'not_started'
          ? 'The who opens once the how is accepted. Nothing was changed.'
          : `${capital(name)} is ${STATE_NAMES[stage.state]}, so there is nothing to accept. Nothing was changed.`;
    case 'recheck':
      return refusal === 'not_yours'
        ? `Only the reviewers of ${name} can re-check it.`
        : `${capital(name)} is no longer waiting to be re-checked.`;
    default:
      return NO_SUCH_PLAN;
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The plan, if `userId` may see it; a refusal that says nothing of a plan they may not see. */
export function authorizePlan(
  ctx: ViewerContext & Pick<PlansContext, 'plans'>,
  userId: string,
  planId: number,
): Plan {
  return authorized(
    ctx.plans.get(planId),
    (plan) => planVerdict(viewerOf(ctx, userId), planFactsOf(ctx, plan), 'see'),
    () => NO_SUCH_PLAN,
  );
}

/** The stage and its plan, if `userId` may take `action` on it. */
export function authorizeStage(
  ctx: ViewerContext & Pick<PlansContext, 'plans'>,
  userId: string,
  stageId: number,
  action: Exclude<PlanAction, 'see'>,
): { plan: Plan; stage: PlanStage } {
  const stage = ctx.plans.stage(stageId);
  const plan = authorized(
    stage && ctx.plans.get(stage.planId),
    (found) =>
      stage
        ? planVerdict(viewerOf(ctx, userId), planFactsOf(ctx, found), action, stageFactsOf(stage))
        : { allowed: false, refusal: 'unknown' },
    (refusal) => refusalOf(action, refusal, stage),
  );
  if (!stage) throw new Error(`stage ${stageId} vanished`);
  return { plan, stage };
}

/** Whether the person may see the plan: the rule its stages' reviewers are held to. */
export function maySeePlan(ctx: PlansContext, planId: number, userId: string): boolean {
  const plan = ctx.plans.get(planId);
  return (
    plan !== undefined && planVerdict(viewerOf(ctx, userId), planFactsOf(ctx, plan), 'see').allowed
  );
}

/** Whether the person may start a plan in the channel, or review one of its stages. */
export function mayTakePart(ctx: ViewerContext, userId: string, channelId: string): boolean {
  return mayReview(viewerOf(ctx, userId), {
    channelId,
    inPublic: isPublicChannel(ctx, channelId),
  });
}
