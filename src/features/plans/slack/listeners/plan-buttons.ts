import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { openModal } from '../../../../core/slack/modals.js';
import { onButton } from '../../../../core/slack/on-button.js';
import { section } from '../../../../core/slack/views/blocks.js';
import { acceptedText, waitingText } from '../../../../core/slack/views/review.js';
import type { PlansContext } from '../../context.js';
import { nextStage } from '../../domain/plan.js';
import { authorizeStage } from '../../services/authorization.js';
import { acceptedScope, acceptStage, assertOpen, confirmRecheck } from '../../services/plans.js';
import { publishHolds, refreshPlan } from '../publisher.js';
import { PLAN_ACTIONS } from '../views/ids.js';
import { holdsReply } from '../views/message.js';
import { recheckConcernModal, stageModal } from '../views/modals.js';
import { stageName } from '../views/text.js';

/** A button's value names a stage by id: a claim, checked by the plan's rule before anything else. */
const stageIdOf = (value: string | undefined) =>
  z.coerce.number().int().positive().catch(0).parse(value);

/**
 * The plan's buttons: the owner writes, revises and accepts its stages; a stage's reviewers say
 * whether a stage to re-check still holds. Anyone else is refused, and nothing changes.
 */
export function registerPlanButtons(app: App, ctx: PlansContext, publishHome: PublishHome): void {
  onButton(app, ctx, PLAN_ACTIONS.editStage, async ({ body, action, client }) => {
    const { plan, stage } = authorizeStage(
      ctx,
      body.user.id,
      stageIdOf(action.value),
      'edit_stage',
    );
    assertOpen(ctx, plan, stage);
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: stageModal({
        plan,
        stage,
        content: ctx.plans.latestRevision(stage.id)?.content,
        draft: stage.draft,
        scope: acceptedScope(ctx, plan),
      }),
    });
  });

  const accept = (actionId: string, proceed: boolean) =>
    onButton(app, ctx, actionId, async ({ body, action, reply, client }) => {
      const { plan, stage, result } = acceptStage(ctx, {
        userId: body.user.id,
        stageId: stageIdOf(action.value),
        proceed,
      });
      const title = {
        title: `The ${stageName(stage.stage)} of “${plan.title}”`,
        link: stage.permalink,
      };
      if (!result.accepted) {
        const text = waitingText(result.silent, result.windowEndsAt);
        await reply({
          text,
          blocks: [
            section(text),
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  text: { type: 'plain_text', text: 'Accept anyway' },
                  action_id: PLAN_ACTIONS.acceptAnyway,
                  value: String(stage.id),
                  style: 'primary',
                },
              ],
            },
          ],
        });
        return;
      }
      const next = nextStage(stage.stage);
      const opened =
        next && ctx.plans.stagesOf(plan.id).find((s) => s.stage === next)?.state === 'draft'
          ? ` The ${stageName(next)} is open: write it from the plan’s message.`
          : '';
      await reply({ text: `${acceptedText(title, result.silent)}${opened}` });
      // The review's change rewrote the plan's message; Home lists the next stage.
      await publishHome(client, body.user.id);
    });
  accept(PLAN_ACTIONS.acceptStage, false);
  accept(PLAN_ACTIONS.acceptAnyway, true);

  onButton(app, ctx, PLAN_ACTIONS.recheckHolds, async ({ body, action, reply, client }) => {
    const {
      plan,
      stage,
      settled: all,
    } = confirmRecheck(ctx, {
      userId: body.user.id,
      stageId: stageIdOf(action.value),
    });
    publishHolds(ctx, plan, stage, body.user.id, all);
    await reply({
      replace_original: true,
      text: holdsReply(plan, stage),
    });
    await refreshPlan(client, ctx, plan.id, [stage.id]);
    await publishHome(client, body.user.id);
  });

  onButton(app, ctx, PLAN_ACTIONS.recheckConcern, async ({ body, action, client }) => {
    const { plan, stage } = authorizeStage(ctx, body.user.id, stageIdOf(action.value), 'recheck');
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: recheckConcernModal(plan, stage),
    });
  });
}
