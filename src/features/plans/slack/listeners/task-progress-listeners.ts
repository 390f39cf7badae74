import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { wordsWith } from '../../../../core/services/naming.js';
import { enqueuePost } from '../../../../core/services/posts.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { openModal } from '../../../../core/slack/modals.js';
import { SLACK_NAMING } from '../../../../core/slack/naming.js';
import { onButton, onSelect } from '../../../../core/slack/on-button.js';
import type { PlansContext } from '../../context.js';
import { InvalidPlan } from '../../services/plans.js';
import {
  authorizeTaskOwner,
  BLOCK_FIELDS,
  markBlocked,
  markDone,
  unblockTask,
} from '../../services/task-progress.js';
import type { Plan, PlanTask } from '../../store/plan-repository.js';
import { blockTaskMetadataSchema, readForm, readMetadata, readUser } from '../form.js';
import { refreshPlan } from '../publisher.js';
import { PLAN_ACTIONS, PLAN_VIEWS } from '../views/ids.js';
import { blockedText, blockTaskModal, doneText, unblockedText } from '../views/task-progress.js';

/** A button or menu names a task or an item by id: a claim, checked before anything else. */
const idOf = (value: string | undefined) =>
  z.coerce.number().int().positive().catch(0).parse(value);

const OUT_OF_DATE = 'This form is out of date: close it and open it again.';

/** After a task moved on: the plan's message, and the Homes of everyone it concerns. */
async function afterChange(
  client: WebClient,
  ctx: PlansContext,
  publishHome: PublishHome,
  plan: Plan,
  task: PlanTask,
  userId: string,
): Promise<void> {
  await refreshPlan(client, ctx, plan.id, []);
  const people = new Set([userId, task.ownerId, task.unblockerId].filter((id) => id !== null));
  for (const id of people) if (id) await publishHome(client, id);
}

/**
 * Done and Blocked… on a task its owner accepted (on the assignment's DM and in Home's "My
 * tasks"), the block modal, and It’s unblocked for the person a blocked task asks. Anyone else
 * is refused, and nothing changes.
 */
export function registerTaskProgressListeners(
  app: App,
  ctx: PlansContext,
  publishHome: PublishHome,
): void {
  const done = async (client: WebClient, userId: string, taskId: number) => {
    const { plan, task } = markDone(ctx, { userId, taskId });
    await afterChange(client, ctx, publishHome, plan, task, userId);
    return doneText(plan, task);
  };
  const openBlock = async (client: WebClient, userId: string, taskId: number, trigger: string) => {
    const { plan, task } = authorizeTaskOwner(ctx, userId, taskId);
    await openModal(client, ctx, { userId, triggerId: trigger, view: blockTaskModal(plan, task) });
  };

  onButton(app, ctx, PLAN_ACTIONS.taskDone, async ({ body, action, reply, client }) => {
    await reply({ text: await done(client, body.user.id, idOf(action.value)) });
  });

  onButton(app, ctx, PLAN_ACTIONS.taskBlocked, async ({ body, action, client }) => {
    await openBlock(client, body.user.id, idOf(action.value), body.trigger_id);
  });

  onSelect(app, ctx, PLAN_ACTIONS.markTask, async ({ body, action, reply, client }) => {
    const [what, id] = action.selected_option.value.split(':');
    const taskId = idOf(id);
    if (what === 'blocked') await openBlock(client, body.user.id, taskId, body.trigger_id);
    else await reply({ text: await done(client, body.user.id, taskId) });
  });

  app.view<ViewSubmitAction>(
    { callback_id: PLAN_VIEWS.blockTask, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(blockTaskMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(BLOCK_FIELDS.reason, OUT_OF_DATE));
        return;
      }
      const userId = body.user.id;
      let blocked: ReturnType<typeof markBlocked>;
      try {
        blocked = markBlocked(ctx, {
          userId,
          taskId: metadata.taskId,
          reason: readForm(view.state.values)[BLOCK_FIELDS.reason] ?? '',
          unblockerId: readUser(view.state.values, BLOCK_FIELDS.unblocker),
        });
      } catch (error) {
        if (error instanceof InvalidPlan) {
          const errors = Object.fromEntries(
            Object.entries(error.fields).map(([field, words]) => [
              field,
              wordsWith(words, SLACK_NAMING),
            ]),
          );
          await ack({ response_action: 'errors', errors });
          return;
        }
        await ack(modalFailure(BLOCK_FIELDS.reason, error, logger));
        return;
      }
      await ack();
      enqueuePost(ctx, {
        channelId: userId,
        message: { text: blockedText(blocked.plan, blocked.task) },
        key: `plan-task-blocked-said:${blocked.task.id}:${blocked.task.updatedAt}`,
      });
      await afterChange(client, ctx, publishHome, blocked.plan, blocked.task, userId);
    },
  );

  onButton(app, ctx, PLAN_ACTIONS.taskUnblocked, async ({ body, action, reply, client }) => {
    const { plan, task } = unblockTask(ctx, { userId: body.user.id, itemId: idOf(action.value) });
    await reply({ replace_original: true, text: unblockedText(plan, task) });
    await afterChange(client, ctx, publishHome, plan, task, body.user.id);
  });
}
