import type { App, BlockAction, UsersSelectAction, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { logFailure } from '../../../../core/slack/failures.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { openModal, updateOwnModal } from '../../../../core/slack/modals.js';
import { slackWordsOf } from '../../../../core/slack/naming.js';
import { onSelect } from '../../../../core/slack/on-button.js';
import type { PlansContext } from '../../context.js';
import { authorizeOwnerOfTask, ownerPreview, proposeOwner } from '../../services/who.js';
import { readMetadata, readUser, taskOwnerMetadataSchema } from '../form.js';
import { refreshPlan } from '../publisher.js';
import { PLAN_ACTIONS, PLAN_VIEWS, TASK_OWNER_BLOCK } from '../views/ids.js';
import { taskOwnerModal } from '../views/who.js';
import { learnReviewers } from './plan-modals.js';

/** A menu option or a form's metadata names a task by id: a claim, checked before anything else. */
const taskIdOf = (value: string | undefined) =>
  z.coerce.number().int().positive().catch(0).parse(value);

const OUT_OF_DATE = 'This form is out of date: close it and open it again from the plan’s message.';

/**
 * The who's menu and modal: the plan's owner chooses a task, picks a person and sees their
 * hours' overlap, absence and load, then proposes them. Anyone else is refused, and nothing
 * changes.
 */
export function registerWhoListeners(app: App, ctx: PlansContext, publishHome: PublishHome): void {
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
      try {
        const { plan } = authorizeOwnerOfTask(ctx, body.user.id, metadata.taskId);
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
      await refreshPlan(client, ctx, proposed.plan.id, []);
      // "My tasks" on their Home lists it.
      await publishHome(client, candidateId);
    },
  );
}
