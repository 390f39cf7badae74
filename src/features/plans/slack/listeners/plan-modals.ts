import type { App, Logger, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { PublishHome } from '../../../../core/capability.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { wordsWith } from '../../../../core/services/naming.js';
import { enqueuePost } from '../../../../core/services/posts.js';
import {
  confirmMembership,
  learnChannel,
  slackCountsIn,
} from '../../../../core/slack/conversations.js';
import { type ModalErrors, modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { SLACK_NAMING } from '../../../../core/slack/naming.js';
import type { PlansContext } from '../../context.js';
import { STAGES, type Stage } from '../../domain/plan.js';
import { mayTakePart } from '../../services/authorization.js';
import {
  concernOnRecheck,
  InvalidPlan,
  NOT_YOUR_CHANNEL,
  reviewersField,
  startPlan,
  submitStage,
} from '../../services/plans.js';
import {
  concernMetadataSchema,
  readForm,
  readMetadata,
  readUsers,
  stageMetadataSchema,
  startMetadataSchema,
} from '../form.js';
import { postPlan, publishSubmitted, refreshPlan } from '../publisher.js';
import { PLAN_VIEWS } from '../views/ids.js';
import { startedText, submittedText } from '../views/message.js';
import { todayOf } from './plan-command.js';

const OUT_OF_DATE = 'This form is out of date. Copy what you wrote, close it and open it again.';

/** A refusal as the form's errors: each field's problem under it, anything else under `where`. */
function formProblem(error: unknown, where: string, logger: Logger): ModalErrors {
  if (error instanceof InvalidPlan) {
    const errors = Object.fromEntries(
      Object.entries(error.fields).map(([field, words]) => [field, wordsWith(words, SLACK_NAMING)]),
    );
    return { response_action: 'errors', errors };
  }
  return modalFailure(where, error, logger);
}

/**
 * The plans' forms: starting a plan, a stage, and a concern on a stage to re-check. Problems
 * are shown under the field they concern and the form keeps everything typed; every id in a
 * form's metadata is checked again, as if typed by the sender.
 */
export function registerPlanModals(app: App, ctx: PlansContext, publishHome: PublishHome): void {
  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.start, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(startMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError('plan_title', OUT_OF_DATE));
        return;
      }
      const userId = body.user.id;
      const values = view.state.values;
      const form = readForm(values);
      const reviewers = Object.fromEntries(
        STAGES.map((stage) => [stage, readUsers(values, reviewersField(stage))]),
      ) as Record<Stage, string[]>;
      let started: ReturnType<typeof startPlan>;
      try {
        const { channelId } = metadata;
        // The metadata's channel is a claim: Slack's member list says.
        if (!(await slackCountsIn(client, ctx, channelId, userId))) {
          throw new UserFacingError(NOT_YOUR_CHANNEL);
        }
        await learnReviewers(client, ctx, channelId, Object.values(reviewers).flat());
        started = startPlan(ctx, {
          ownerId: userId,
          channelId,
          title: form.plan_title ?? '',
          targetDate: form.plan_target,
          today: todayOf(ctx, userId),
          goal: form.plan_goal ?? '',
          reviewers,
        });
      } catch (error) {
        await ack(formProblem(error, 'plan_title', logger));
        return;
      }
      await ack();
      postPlan(ctx, started.plan);
      enqueuePost(ctx, {
        channelId: userId,
        message: { text: startedText(started.plan, started.skipped) },
        key: `plan-started:${started.plan.id}`,
      });
      await publishHome(client, userId);
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.stage, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(stageMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(firstBlockOf(view.blocks), OUT_OF_DATE));
        return;
      }
      const userId = body.user.id;
      let submitted: ReturnType<typeof submitStage>;
      try {
        submitted = submitStage(ctx, {
          userId,
          stageId: metadata.stageId,
          stage: metadata.stage as Stage,
          form: readForm(view.state.values),
        });
      } catch (error) {
        await ack(formProblem(error, firstBlockOf(view.blocks), logger));
        return;
      }
      await ack();
      publishSubmitted(ctx, submitted);
      const { plan, stage, review } = submitted;
      enqueuePost(ctx, {
        channelId: userId,
        message: { text: submittedText(plan, stage, review, submitted.leftOut) },
        key: `plan-submitted:${stage.id}:${stage.revision}`,
      });
      await refreshPlan(client, ctx, plan.id, [
        stage.id,
        ...submitted.recheck.map((later) => later.id),
      ]);
      await publishHome(client, userId);
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.concern, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(concernMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError('plan_concern', OUT_OF_DATE));
        return;
      }
      try {
        concernOnRecheck(ctx, {
          userId: body.user.id,
          stageId: metadata.stageId,
          reason: readForm(view.state.values).plan_concern ?? '',
        });
      } catch (error) {
        await ack(formProblem(error, 'plan_concern', logger));
        return;
      }
      await ack();
      // The concern's change of the review rewrote the plan's message.
      await publishHome(client, body.user.id);
    },
  );
}

/** The form's first input, where a problem of the whole form is shown. */
function firstBlockOf(blocks: readonly unknown[]): string {
  for (const block of blocks) {
    const { type, block_id: id } = block as { type?: string; block_id?: string };
    if (type === 'input' && id) return id;
  }
  return 'why_goal';
}

/**
 * Learns from Slack what the reviewers' check needs: the channel, and whether each person named
 * who does not yet count as able to see it is in it after all (a guest of the channel, say).
 */
export async function learnReviewers(
  client: WebClient,
  ctx: PlansContext,
  channelId: string,
  people: readonly string[],
): Promise<void> {
  try {
    if (!ctx.channels.get(channelId)) await learnChannel(client, ctx, channelId);
    for (const id of new Set(people)) {
      if (!mayTakePart(ctx, id, channelId)) await confirmMembership(client, ctx, channelId, id);
    }
  } catch (error) {
    ctx.logger.warn(`could not look up ${channelId}; deciding on what Mailroom knows`, error);
  }
}
