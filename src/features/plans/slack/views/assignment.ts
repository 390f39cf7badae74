import type { KnownBlock, ModalView } from '@slack/types';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import {
  mention,
  oneLine,
  quote,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import { MAX_DECLINE_REASON } from '../../services/who.js';
import type { Plan, PlanTask } from '../../store/plan-repository.js';
import { DECLINE_REASON_BLOCK, PLAN_ACTIONS, PLAN_VIEWS } from './ids.js';
import { planLink } from './text.js';

const plain = (text: string) => ({
  type: 'plain_text' as const,
  text: truncate(text, 75),
  emoji: true,
});

/** The task as its proposed owner reads it: title, plan, estimate, due date and scope item. */
function taskText(plan: Plan, task: PlanTask): string {
  return `*${userText(task.title, 500)}*\nIn ${planLink(plan)} · estimate ${task.estimate} · due *${task.due}* · in-scope item ${task.scopeItem}`;
}

/** The DM of an assignment: the task, with Accept and Decline…. */
export function assignmentMessage(plan: Plan, task: PlanTask, itemId: number): Message {
  return {
    text: `${mention(plan.ownerId)} proposes you own a task of ${oneLine(plan.title)}`,
    blocks: [
      section(`📋 ${mention(plan.ownerId)} proposes you own this task:`),
      section(taskText(plan, task)),
      actions(`plan_task_assignment:${itemId}`, [
        {
          text: 'Accept',
          actionId: PLAN_ACTIONS.acceptTask,
          value: String(itemId),
          style: 'primary',
        },
        { text: 'Decline…', actionId: PLAN_ACTIONS.declineTask, value: String(itemId) },
      ]),
    ],
  };
}

/** The assignment's DM once the task was given to someone else: no buttons any more. */
export function reassignedMessage(plan: Plan, task: PlanTask): Message {
  return {
    text: `A task of ${oneLine(plan.title)} was given to someone else`,
    blocks: [
      section(taskText(plan, task)),
      context('↪️ This task was reassigned to someone else: nothing to answer here.'),
    ],
  };
}

/** What the proposed owner reads in place of the buttons once they answered. */
export function answeredText(plan: Plan, task: PlanTask, accepted: boolean): string {
  const title = `“${userText(task.title, 300)}” in ${planLink(plan)}`;
  return accepted
    ? `✅ You accepted ${title}. It is in My tasks on your Home.`
    : `↩️ You declined ${title}. ${mention(plan.ownerId)} will be told, to propose someone else.`;
}

/** The decline modal: the task, and an optional reason for the plan's owner. */
export function declineModal(plan: Plan, task: PlanTask, itemId: number): ModalView {
  return {
    type: 'modal',
    callback_id: PLAN_VIEWS.declineTask,
    private_metadata: JSON.stringify({ itemId }),
    title: plain('Decline the task'),
    submit: plain('Decline'),
    close: plain('Cancel'),
    blocks: [
      section(taskText(plan, task)),
      {
        type: 'input',
        block_id: DECLINE_REASON_BLOCK,
        optional: true,
        label: plain('Why? (optional, for the plan’s owner)'),
        element: {
          type: 'plain_text_input',
          action_id: DECLINE_REASON_BLOCK,
          multiline: true,
          max_length: MAX_DECLINE_REASON,
        },
      } as KnownBlock,
    ],
  };
}

/** The plan's owner is told of a decline: who, the reason, and Propose someone else. */
export function declinedMessage(
  plan: Plan,
  task: PlanTask,
  declinerId: string,
  reason: string,
  left = false,
): Message {
  if (left) {
    return {
      text: `A task of ${oneLine(plan.title)} has no owner`,
      blocks: [
        section(
          `🚪 ${mention(declinerId)} has been deactivated, so “${userText(task.title, 300)}” in ${planLink(plan)} has no owner again.`,
        ),
        actions(`plan_task_declined:${task.id}`, [
          {
            text: 'Propose someone else',
            actionId: PLAN_ACTIONS.proposeAgain,
            value: String(task.id),
          },
        ]),
      ],
    };
  }
  const blocks: KnownBlock[] = [
    section(
      `↩️ ${mention(declinerId)} declined “${userText(task.title, 300)}” in ${planLink(plan)}${reason ? ':' : ', without a reason.'}`,
    ),
  ];
  if (reason) blocks.push(section(quote(reason)));
  blocks.push(
    actions(`plan_task_declined:${task.id}`, [
      { text: 'Propose someone else', actionId: PLAN_ACTIONS.proposeAgain, value: String(task.id) },
    ]),
  );
  return { text: `A task of ${oneLine(plan.title)} was declined`, blocks };
}

/** What the plan's owner is told on accepting the who: the plan is complete. */
export function whoAcceptedText(plan: Plan): string {
  return `You accepted the who of ${planLink(plan)}: every task has an owner who accepted it, and the plan is complete.`;
}
