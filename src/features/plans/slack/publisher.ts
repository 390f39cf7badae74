import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { Review } from '../../../core/domain/review.js';
import { enqueuePost, postKey, purposeOf } from '../../../core/services/posts.js';
import { latestReviewOf } from '../../../core/services/reviews.js';
import { permalinkOf } from '../../../core/slack/conversations.js';
import { errorLine } from '../../../core/slack/failures.js';
import type { PlansContext } from '../context.js';
import { howDecisionOf } from '../services/decision.js';
import { syncPlanDocument } from '../services/document.js';
import {
  acceptedScope,
  PLAN_STAGE_REVIEW_KIND,
  planView,
  type SubmittedStage,
} from '../services/plans.js';
import { askedQuestionsOf, hasUnaskedQuestions } from '../services/questions.js';
import type { WhoSettled } from '../services/who-stage.js';
import type { Plan, PlanStage } from '../store/plan-repository.js';
import {
  acceptedPost,
  concernPost,
  holdsPost,
  planMessage,
  postProblemText,
  recheckPost,
  revisionMessage,
  stageMessage,
  submittedText,
  whoReopenedPost,
} from './views/message.js';
import { questionBlocks } from './views/questions.js';

/**
 * The plans' Slack side: the plan's one message in its channel, a message per stage whose
 * thread holds that stage's revisions, answers and concerns. Each is posted once through the
 * delivery worker (a queued post); afterwards the plan's and the stages' messages are rewritten
 * in place as the stages change.
 */

const planKey = (planId: number) => `plan:${planId}`;
const stageKey = (stageId: number) => `plan-stage:${stageId}`;

/** Queues the plan's message for its channel; the worker posts it once. */
export function postPlan(ctx: PlansContext, plan: Plan): void {
  enqueuePost(ctx, {
    channelId: plan.channelId,
    message: planMessage(planView(ctx, plan)),
    key: planKey(plan.id),
    purpose: { kind: 'plan', planId: plan.id },
  });
}

/** Into a stage's thread (its message is posted first, once). */
export function intoThread(
  ctx: PlansContext,
  plan: Plan,
  stage: PlanStage,
  key: string,
  message: { text: string; blocks: unknown[] },
  purpose?: Record<string, unknown>,
): void {
  enqueuePost(ctx, {
    channelId: plan.channelId,
    parentKey: postKey(stageKey(stage.id)),
    message,
    key: `${stageKey(stage.id)}:${key}`,
    ...(purpose ? { purpose } : {}),
  });
}

/**
 * A stage was submitted: its message (the first time), the revision and its review's start in
 * its thread, and a note in the thread of each later stage that is now to re-check.
 */
export function publishSubmitted(ctx: PlansContext, submitted: SubmittedStage): void {
  const { plan, stage, revision, review } = submitted;
  enqueuePost(ctx, {
    channelId: plan.channelId,
    message: stageMessage(plan, stage, review.reviewers, undefined, howQuestions(ctx, stage)),
    key: stageKey(stage.id),
    purpose: { kind: 'plan_stage', stageId: stage.id },
  });
  intoThread(
    ctx,
    plan,
    stage,
    `revision:${revision.number}`,
    revisionMessage(stage, revision, acceptedScope(ctx, plan), {
      reviewerIds: review.reviewers.map((r) => r.memberId),
      windowHours: review.review.windowHours,
    }),
  );
  for (const later of submitted.recheck) {
    intoThread(
      ctx,
      plan,
      later,
      `recheck:${stage.id}:${revision.number}`,
      recheckPost(stage, later),
    );
  }
}

/**
 * A stage's review changed: what is new in it (an answer, a concern raised, answered or settled,
 * the acceptance) goes into the stage's thread, once each, whichever listener changed it.
 */
export function publishReviewChange(ctx: PlansContext, stageId: number, review: Review): void {
  const stage = ctx.plans.stage(stageId);
  const plan = stage && ctx.plans.get(stage.planId);
  if (!stage || !plan) return;
  const at = `review:${review.id}`;
  for (const concern of ctx.reviews.concernsOf(review.id)) {
    const key = `${at}:concern:${concern.id}`;
    intoThread(ctx, plan, stage, `${key}:raised`, concernPost(concern, 'raised', plan.ownerId));
    if (concern.answer !== null) {
      intoThread(
        ctx,
        plan,
        stage,
        `${key}:answered:${concern.answeredAt ?? 0}`,
        concernPost(concern, 'answered', plan.ownerId),
      );
    }
    if (concern.state !== 'open') {
      intoThread(
        ctx,
        plan,
        stage,
        `${key}:${concern.state}`,
        concernPost(concern, concern.state, plan.ownerId),
      );
    }
  }
  if (review.state === 'accepted') {
    intoThread(ctx, plan, stage, `${at}:accepted`, acceptedPost(stage, review.silentAtAcceptance));
  }
}

/** A reviewer said a stage to re-check still holds. */
export function publishHolds(
  ctx: PlansContext,
  plan: Plan,
  stage: PlanStage,
  memberId: string,
  settled: boolean,
): void {
  intoThread(
    ctx,
    plan,
    stage,
    `holds:${memberId}:${stage.updatedAt}`,
    holdsPost(memberId, settled, stage),
  );
}

const planPurpose = z.object({ kind: z.literal('plan'), planId: z.number() });
const stagePurpose = z.object({ kind: z.literal('plan_stage'), stageId: z.number() });

/** The worker posted the plan's or a stage's message: its ts, then its permalink, are kept. */
export function onPlanPosted(
  client: WebClient,
  ctx: PlansContext,
  item: QueueItem,
  posted: { channel: string; ts: string },
): void {
  const plan = purposeOf(planPurpose, item);
  const stage = purposeOf(stagePurpose, item);
  if (!plan && !stage) return;
  const now = ctx.clock();
  if (plan) ctx.plans.update(plan.planId, { messageTs: posted.ts, postProblem: null }, now);
  if (stage) ctx.plans.updateStage(stage.stageId, { messageTs: posted.ts }, now);
  ctx.work.start(
    "looking up a plan's permalink",
    permalinkOf(client, posted.channel, posted.ts)
      .then(async (permalink) => {
        if (!permalink) return;
        if (plan) {
          ctx.plans.update(plan.planId, { permalink }, ctx.clock());
          syncPlanDocument(ctx, plan.planId, ctx.clock());
          await refreshPlan(client, ctx, plan.planId, []);
        }
        if (stage) {
          const updated = ctx.plans.updateStage(stage.stageId, { permalink }, ctx.clock());
          if (updated) await refreshPlan(client, ctx, updated.planId, []);
        }
      })
      .catch((error: unknown) => {
        ctx.logger.warn(`no permalink for a plan's message: ${errorLine(error)}`);
      }),
  );
}

/** The worker gave the plan's message up: the problem is kept, and its owner told in a DM. */
export function onPlanRefused(ctx: PlansContext, item: QueueItem, reason: string): void {
  const purpose = purposeOf(planPurpose, item);
  if (!purpose) return;
  const problem = /([a-z_]+)$/.exec(reason)?.[1] ?? 'unreachable';
  const plan = ctx.plans.update(purpose.planId, { postProblem: problem }, ctx.clock());
  if (!plan) return;
  enqueuePost(ctx, {
    channelId: plan.ownerId,
    message: { text: postProblemText(plan, problem) },
    key: `${item.idempotencyKey}:problem`,
  });
}

/** The how's questions to experts, and Ask the experts while some are not sent. */
const howQuestions = (ctx: PlansContext, stage: PlanStage) =>
  questionBlocks(stage, askedQuestionsOf(ctx, stage), hasUnaskedQuestions(ctx, stage));

/** The reviewers of the stage's latest review, with their answers. */
function reviewersOfStage(ctx: PlansContext, stage: PlanStage) {
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
  return review ? ctx.reviews.reviewersOf(review.id) : [];
}

/**
 * Rewrites the plan's message, and the messages of `stageIds` (every stage when not given), to
 * show them as they are now.
 */
export async function refreshPlan(
  client: WebClient,
  ctx: PlansContext,
  planId: number,
  stageIds?: readonly number[],
): Promise<void> {
  const plan = ctx.plans.get(planId);
  if (!plan) return;
  const view = planView(ctx, plan);
  const updates: { ts: string; message: { text: string; blocks: unknown[] } }[] = [];
  if (plan.messageTs) updates.push({ ts: plan.messageTs, message: planMessage(view) });
  for (const stage of view.stages) {
    if (!stage.messageTs || (stageIds && !stageIds.includes(stage.id))) continue;
    updates.push({
      ts: stage.messageTs,
      message: stageMessage(
        plan,
        stage,
        reviewersOfStage(ctx, stage),
        howDecisionOf(ctx, stage),
        howQuestions(ctx, stage),
      ),
    });
  }
  for (const update of updates) {
    try {
      await client.chat.update({
        channel: plan.channelId,
        ts: update.ts,
        text: update.message.text,
        blocks: update.message.blocks as never,
      });
    } catch (error) {
      // The record is right either way; a deleted message only stops showing it.
      ctx.logger.warn(`could not update a message of plan ${planId}: ${errorLine(error)}`);
    }
  }
}

/**
 * What settling the who did, in Slack: a who submitted to its reviewers gets its message, its
 * revision in its thread and its owner's note (each once); a who reopened after a review says
 * so in its thread.
 */
export function publishWho(ctx: PlansContext, settled: WhoSettled | undefined): void {
  if (!settled) return;
  const { plan, stage, submitted } = settled;
  if (settled.reopened && latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id)) {
    intoThread(ctx, plan, stage, `reopened:${stage.revision}`, whoReopenedPost());
  }
  if (!submitted) return;
  publishSubmitted(ctx, { ...submitted, recheck: [] });
  enqueuePost(ctx, {
    channelId: plan.ownerId,
    message: {
      text: submittedText(plan, submitted.stage, submitted.review, submitted.leftOut),
    },
    key: `plan-submitted:${submitted.stage.id}:${submitted.stage.revision}`,
  });
}

/**
 * The who as it stands, in Slack, when something other than a task's answer settled it (a
 * revised how accepted again): a who now in review gets its message, revision and owner's
 * note, each once.
 */
export function publishWhoInReview(ctx: PlansContext, planId: number): void {
  const plan = ctx.plans.get(planId);
  const stage = ctx.plans.stagesOf(planId).find((s) => s.stage === 'who');
  if (!plan || stage?.state !== 'in_review') return;
  const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, stage.id);
  const revision = ctx.plans.latestRevision(stage.id);
  if (review?.state !== 'open' || !revision) return;
  publishWho(ctx, {
    plan,
    stage,
    reopened: false,
    submitted: {
      plan,
      stage,
      revision,
      review: { review, reviewers: ctx.reviews.reviewersOf(review.id), skipped: [], away: [] },
      leftOut: [],
    },
  });
}
