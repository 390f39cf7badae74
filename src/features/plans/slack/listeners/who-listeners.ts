import type { App, BlockAction, UsersSelectAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { logFailure } from '../../../../core/slack/failures.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { openModal, updateOwnModal } from '../../../../core/slack/modals.js';
import { slackWordsOf } from '../../../../core/slack/naming.js';
import { onButton, onSelect } from '../../../../core/slack/on-button.js';
import { slackErrorCode } from '../../../../core/slack/slack-errors.js';
import { type Message, section } from '../../../../core/slack/views/blocks.js';
import type { PlansContext } from '../../context.js';
import {
  acceptAssignment,
  authorizeAssignment,
  authorizeOwnerOfTask,
  declineAssignment,
  ownerPreview,
  proposeOwner,
} from '../../services/who.js';
import { acceptWho } from '../../services/who-stage.js';
import {
  declineMetadataSchema,
  readForm,
  readMetadata,
  readUser,
  taskOwnerMetadataSchema,
} from '../form.js';
import { publishWho, refreshPlan } from '../publisher.js';
import {
  answeredText,
  declineModal,
  reassignedMessage,
  whoAcceptedText,
} from '../views/assignment.js';
import { DECLINE_REASON_BLOCK, PLAN_ACTIONS, PLAN_VIEWS, TASK_OWNER_BLOCK } from '../views/ids.js';
import { acceptedTaskMessage } from '../views/task-progress.js';
import { taskOwnerModal } from '../views/who.js';
import { learnReviewers } from './plan-modals.js';

/** A menu option or a form's metadata names a task by id: a claim, checked before anything else. */
const taskIdOf = (value: string | undefined) =>
  z.coerce.number().int().positive().catch(0).parse(value);

/** A button names an assignment item by id: a claim, checked before anything else. */
const itemIdOf = taskIdOf;

/** Rewrites a delivered DM; one deleted since is left as it is. */
async function rewrite(
  client: WebClient,
  ctx: PlansContext,
  where: { deliveredChannel: string | null; deliveredTs: string | null },
  message: Message,
): Promise<void> {
  if (!where.deliveredChannel || !where.deliveredTs) return;
  try {
    await client.chat.update({
      channel: where.deliveredChannel,
      ts: where.deliveredTs,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    ctx.logger.warn(`could not rewrite a task's DM: ${slackErrorCode(error) ?? error}`);
  }
}

const OUT_OF_DATE = 'This form is out of date: close it and open it again from the plan’s message.';

/**
 * The who's menu and modal: the plan's owner chooses a task, picks a person and sees their
 * hours' overlap, absence and load, then proposes them. Anyone else is refused, and nothing
 * changes.
 */
export function registerWhoListeners(app: App, ctx: PlansContext, publishHome: PublishHome): void {
  onButton(app, ctx, PLAN_ACTIONS.proposeAgain, async ({ body, action, client }) => {
    const { plan, task } = authorizeOwnerOfTask(ctx, body.user.id, taskIdOf(action.value));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: taskOwnerModal({ plan, task }),
    });
  });

  onButton(app, ctx, PLAN_ACTIONS.acceptTask, async ({ body, action, reply, client }) => {
    const itemId = itemIdOf(action.value);
    const { plan, task, who } = acceptAssignment(ctx, { userId: body.user.id, itemId });
    const answered = acceptedTaskMessage(task, answeredText(plan, task, true));
    await reply({ replace_original: true, text: answered.text, blocks: answered.blocks });
    publishWho(ctx, who);
    await refreshPlan(client, ctx, plan.id, who ? [who.stage.id] : []);
    await publishHome(client, body.user.id);
    if (who?.submitted) await publishHome(client, plan.ownerId);
  });

  onButton(app, ctx, PLAN_ACTIONS.acceptWho, async ({ body, action, reply, client }) => {
    const accepted = acceptWho(ctx, { userId: body.user.id, stageId: taskIdOf(action.value) });
    if (accepted.submitted) {
      publishWho(ctx, { ...accepted, reopened: false });
    } else {
      await reply({ text: whoAcceptedText(accepted.plan) });
    }
    await refreshPlan(client, ctx, accepted.plan.id, [accepted.stage.id]);
    await publishHome(client, body.user.id);
  });

  onButton(app, ctx, PLAN_ACTIONS.declineTask, async ({ body, action, client }) => {
    const { item, plan, task } = authorizeAssignment(ctx, body.user.id, itemIdOf(action.value));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: declineModal(plan, task, item.id),
    });
  });

  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.declineTask, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(declineMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(DECLINE_REASON_BLOCK, OUT_OF_DATE));
        return;
      }
      let declined: ReturnType<typeof declineAssignment>;
      try {
        declined = declineAssignment(ctx, {
          userId: body.user.id,
          itemId: metadata.itemId,
          reason: readForm(view.state.values)[DECLINE_REASON_BLOCK] ?? '',
        });
      } catch (error) {
        await ack(modalFailure(DECLINE_REASON_BLOCK, error, logger));
        return;
      }
      await ack();
      const item = ctx.queue.get(metadata.itemId);
      if (item) {
        const text = answeredText(declined.plan, declined.task, false);
        await rewrite(client, ctx, item, { text, blocks: [section(text)] });
      }
      await refreshPlan(client, ctx, declined.plan.id, []);
      await publishHome(client, body.user.id);
    },
  );

  onSelect(app, ctx, PLAN_ACTIONS.chooseTask, async ({ body, action, client }) => {
    const { plan, task } = authorizeOwnerOfTask(
      ctx,
      body.user.id,
      taskIdOf(action.selected_option.value),
    );
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: taskOwnerModal({ plan, task }),
    });
  });

  app.action<BlockAction<UsersSelectAction>>(
    PLAN_ACTIONS.pickOwner,
    async ({ ack, body, action, client, logger }) => {
      await ack();
      const view = body.view;
      if (!view) return;
      const metadata = readMetadata(taskOwnerMetadataSchema, view.private_metadata);
      if (!metadata) return;
      const userId = body.user.id;
      try {
        const { plan, task } = authorizeOwnerOfTask(ctx, userId, metadata.taskId);
        const picked = action.selected_user;
        await learnReviewers(client, ctx, plan.channelId, [picked]);
        let next: ReturnType<typeof taskOwnerModal>;
        try {
          const preview = ownerPreview(ctx, { userId, taskId: task.id, candidateId: picked });
          next = taskOwnerModal({ plan, task, picked, preview });
        } catch (error) {
          if (!(error instanceof UserFacingError)) throw error;
          next = taskOwnerModal({ plan, task, picked, refusal: slackWordsOf(error) });
        }
        await updateOwnModal(client, ctx, { userId, viewId: view.id, hash: view.hash, view: next });
      } catch (error) {
        logFailure(logger, PLAN_ACTIONS.pickOwner, error);
      }
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.taskOwner, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(taskOwnerMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(TASK_OWNER_BLOCK, OUT_OF_DATE));
        return;
      }
      const candidateId = readUser(view.state.values, TASK_OWNER_BLOCK);
      if (!candidateId) {
        await ack(modalError(TASK_OWNER_BLOCK, 'Please pick who should own the task.'));
        return;
      }
      let proposed: ReturnType<typeof proposeOwner>;
      let previousOwner: string | null;
      try {
        const { plan, task } = authorizeOwnerOfTask(ctx, body.user.id, metadata.taskId);
        previousOwner = task.ownerId;
        await learnReviewers(client, ctx, plan.channelId, [candidateId]);
        proposed = proposeOwner(ctx, {
          userId: body.user.id,
          taskId: metadata.taskId,
          candidateId,
        });
      } catch (error) {
        await ack(modalFailure(TASK_OWNER_BLOCK, error, logger));
        return;
      }
      await ack();
      if (!proposed.changed) return;
      for (const item of proposed.reassigned) {
        await rewrite(client, ctx, item, reassignedMessage(proposed.plan, proposed.task));
      }
      publishWho(ctx, proposed.who);
      await refreshPlan(client, ctx, proposed.plan.id, proposed.who ? [proposed.who.stage.id] : []);
      // "My tasks" on their Home lists it, and no longer on the Home of whoever had it.
      await publishHome(client, candidateId);
      if (previousOwner) await publishHome(client, previousOwner);
    },
  );
}
