import type { Capability, CapabilityDeps } from '../../core/capability.js';
import type { PlansContext } from './context.js';
import { dropLeaver } from './services/leavers.js';
import { planOwnershipSubject } from './services/ownership.js';
import { plansOwnedBy, stagesAwaitingReview } from './services/plans.js';
import { planStageReviewSubject } from './services/review-subject.js';
import { remindOverdueTasks } from './services/task-progress.js';
import { myTasks } from './services/who.js';
import { PlanCanvasSync } from './slack/canvas-sync.js';
import { PlanListSync } from './slack/list-sync.js';
import { registerPlanButtons } from './slack/listeners/plan-buttons.js';
import { registerPlanCommand, registerStartPlanShortcut } from './slack/listeners/plan-command.js';
import { registerPlanModals } from './slack/listeners/plan-modals.js';
import { registerPlanQuestions } from './slack/listeners/plan-questions.js';
import { registerTaskProgressListeners } from './slack/listeners/task-progress-listeners.js';
import { registerWhoListeners } from './slack/listeners/who-listeners.js';
import { mayChangePlans } from './slack/plan-requests.js';
import {
  onPlanPosted,
  onPlanRefused,
  publishReviewChange,
  publishWho,
  publishWhoInReview,
  refreshPlan,
} from './slack/publisher.js';
import {
  describeQuestionItem,
  onAnswerPosted,
  renderQuestionItem,
} from './slack/question-publisher.js';
import {
  describePlanItem,
  renderAssignment,
  renderBlocker,
  renderDeclined,
  renderPlanItem,
  renderTaskNews,
} from './slack/renderers.js';
import { ScopeRetry } from './slack/scope-retry.js';
import { awaitingStagesBlocks, ownedPlansBlocks } from './slack/views/home-section.js';
import { PLAN_HELP_LINES } from './slack/views/message.js';
import { myTasksBlocks } from './slack/views/who.js';

/** `/plan`, *Start a plan from this*, the plan's message and its stages' threads, their reviews. */
export function plansCapability(ctx: PlansContext, deps: CapabilityDeps): Capability {
  const canvases = new PlanCanvasSync(deps.onceClient, ctx);
  const syncCanvases = () =>
    canvases.run().catch((error: unknown) => ctx.logger.warn('plan canvases failed', error));
  const lists = new PlanListSync(deps.onceClient, ctx);
  const syncLists = () =>
    lists.run().catch((error: unknown) => ctx.logger.warn('plan task lists failed', error));
  const scopes = new ScopeRetry(deps.onceClient, ctx);
  // A canvas or List refused for a scope now granted is made at once.
  const retryForScopes = async () => {
    const retried = await scopes.run();
    if (retried?.canvases) await syncCanvases();
    if (retried?.lists) await syncLists();
  };
  ctx.hooks.onReview(
    planStageReviewSubject(ctx, (stageId, review) => {
      publishReviewChange(ctx, stageId, review);
      const stage = ctx.plans.stage(stageId);
      if (stage?.stage === 'how' && review.state === 'accepted') {
        publishWhoInReview(ctx, stage.planId);
      }
      if (stage) {
        ctx.work.start(
          'refreshing a plan',
          refreshPlan(deps.client, ctx, stage.planId, [stage.id]),
        );
      }
    }),
  );
  ctx.hooks.onOwnership(
    planOwnershipSubject(ctx, (planId) =>
      ctx.work.start('refreshing a plan', refreshPlan(deps.client, ctx, planId)),
    ),
  );
  // Someone deactivated is dropped from the tasks they had, and from the blockers they were asked.
  ctx.hooks.onMemberLeft((userId) => {
    try {
      const { planIds, whos } = dropLeaver(ctx, userId);
      for (const who of whos) publishWho(ctx, who);
      for (const planId of planIds) {
        const stageIds = whos.filter((w) => w.plan.id === planId).map((w) => w.stage.id);
        ctx.work.start('refreshing a plan', refreshPlan(deps.client, ctx, planId, stageIds));
      }
    } catch (error) {
      ctx.logger.error(`could not drop ${userId} from plan tasks`, error);
    }
  });
  ctx.hooks.onDecisionLinked((decisionId) => {
    const stage = ctx.plans.stageOfDecision(decisionId);
    if (stage) {
      ctx.work.start('refreshing a plan', refreshPlan(deps.client, ctx, stage.planId, [stage.id]));
    }
  });
  return {
    name: 'plans',
    listen(app) {
      // What a request changed in a plan reaches its canvas and its List at once (within the
      // 10 s rule).
      app.use(async ({ body, next }) => {
        await next();
        if (mayChangePlans(body as Record<string, unknown>)) {
          ctx.work.start('keeping plan canvases in step', syncCanvases);
          ctx.work.start('keeping plan Lists in step', syncLists);
        }
      });
      registerPlanCommand(app, ctx);
      registerStartPlanShortcut(app, ctx);
      registerPlanButtons(app, ctx, deps.publishHome);
      registerPlanModals(app, ctx, deps.publishHome);
      registerWhoListeners(app, ctx, deps.publishHome);
      registerTaskProgressListeners(app, ctx, deps.publishHome);
      registerPlanQuestions(app, ctx, deps.publishHome);
    },
    renderers: {
      plan_recheck: (item) => renderPlanItem(ctx, item),
      plan_task_assignment: (item) => renderAssignment(ctx, item),
      plan_task_declined: (item) => renderDeclined(ctx, item),
      plan_task_blocked: (item) => renderBlocker(ctx, item),
      plan_task_news: (item) => renderTaskNews(ctx, item),
      plan_question: (item) => renderQuestionItem(ctx, item),
      plan_question_reminder: (item) => renderQuestionItem(ctx, item),
    },
    describe: (item) => describePlanItem(ctx, item) ?? describeQuestionItem(ctx, item),
    home: [
      {
        place: 'after_queue',
        blocks: (userId, zone) => awaitingStagesBlocks(stagesAwaitingReview(ctx, userId), zone),
      },
      { place: 'after_queue', blocks: (userId) => myTasksBlocks(myTasks(ctx, userId)) },
      { place: 'after_queue', blocks: (userId) => ownedPlansBlocks(plansOwnedBy(ctx, userId)) },
    ],
    helpLines: PLAN_HELP_LINES,
    // Canvases and Lists are made and kept in step beside the tick: what the 10 s rule held
    // back goes now.
    // Overdue tasks are found here too: each reminded once, in its owner's hours.
    // The scopes granted to Mailroom are looked at on start and once a day.
    tick(run) {
      run.background('plan-canvases', syncCanvases);
      run.background('plan-task-lists', syncLists);
      run.background('plan-scopes', retryForScopes);
      const overdueReminded = remindOverdueTasks(ctx);
      if (overdueReminded > 0) run.wake();
      return { overdueReminded };
    },
    delivery: {
      onPosted: (item, posted) => {
        onPlanPosted(deps.client, ctx, item, posted);
        onAnswerPosted(deps.client, ctx, item, posted);
      },
      onUndeliverable: (item, reason) => onPlanRefused(ctx, item, reason),
    },
  };
}
