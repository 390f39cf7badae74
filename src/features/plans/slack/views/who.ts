import type { KnownBlock, ModalView } from '@slack/types';
import { context, divider, section } from '../../../../core/slack/views/blocks.js';
import {
  mention,
  oneLine,
  slackDate,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import {
  NEEDS_UNBLOCKER,
  TASK_STATE_NAMES,
  type TaskState,
  taskStateText,
} from '../../domain/who.js';
import type { MyPlanTasks, OwnerPreview } from '../../services/who.js';
import type { Plan, PlanTask } from '../../store/plan-repository.js';
import { PLAN_ACTIONS, PLAN_VIEWS, TASK_OWNER_BLOCK } from './ids.js';
import { markTaskMenu, moreTasksMenu } from './task-progress.js';
import { planLink } from './text.js';

/** What the task owner modal carries in its private metadata: a claim, checked again on submit. */
export interface TaskOwnerMetadata {
  taskId: number;
}

const TASK_MARKS: Record<TaskState, string> = {
  unassigned: '⚪',
  proposed: '👤',
  accepted: '✅',
  declined: '↩️',
  blocked: '⛔',
  done: '🏁',
};

const plain = (text: string) => ({
  type: 'plain_text' as const,
  text: truncate(text, 75),
  emoji: true,
});

/** One task as a line: its title, estimate and due date, its owner and state. */
export function taskLine(task: PlanTask): string {
  const owner = task.ownerId ? `${mention(task.ownerId)}, ` : '';
  const blocked =
    task.state === 'blocked' && task.blockReason
      ? ` (${oneLine(task.blockReason, 120)}; ${task.unblockerId ? `${mention(task.unblockerId)} can unblock it` : NEEDS_UNBLOCKER})`
      : '';
  return `${TASK_MARKS[task.state]} ${userText(task.title, 300)} · ${task.estimate} · due *${task.due}* · ${owner}${TASK_STATE_NAMES[task.state]}${blocked}`;
}

/**
 * The who's part of the plan's message: each task with its estimate, due date, owner and state,
 * and one menu for the plan's owner to propose an owner for a task.
 */
export function whoBlocks(tasks: readonly PlanTask[]): KnownBlock[] {
  if (tasks.length === 0) return [];
  const owned = tasks.filter((t) => t.ownerId !== null).length;
  const blocks: KnownBlock[] = [
    section(
      `*Who*: ${owned} of ${tasks.length} task${tasks.length === 1 ? '' : 's'} with an owner proposed`,
    ),
  ];
  let chunk: string[] = [];
  let size = 0;
  for (const task of tasks) {
    const line = taskLine(task);
    if (size + line.length + 1 > 2900 && chunk.length > 0) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length > 0) blocks.push(section(chunk.join('\n')));
  blocks.push({
    type: 'actions',
    block_id: 'plan_who',
    elements: [
      {
        type: 'static_select',
        action_id: PLAN_ACTIONS.chooseTask,
        placeholder: plain('Propose an owner for…'),
        options: tasks.slice(0, 100).map((task, index) => ({
          text: plain(`${index + 1}. ${task.title.replace(/\s+/g, ' ')}`),
          value: String(task.id),
        })),
      },
    ],
  } as KnownBlock);
  return blocks;
}

function hoursText(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(2).replace(/0$/, '')} h`;
}

/** What the modal shows once a person is picked: overlap, absence, load, all before sending. */
export function previewBlocks(preview: OwnerPreview): KnownBlock[] {
  const overlap =
    preview.overlaps.length > 0
      ? preview.overlaps
          .map((o) => `${hoursText(o.hours)} a week with ${mention(o.memberId)}`)
          .join(' · ')
      : 'nobody else works on this task yet';
  const away = preview.away
    ? `⚠️ *Away during the task*: ${
        preview.away.source === 'slack'
          ? `their Slack status says “${oneLine(preview.away.why, 100)}”`
          : 'they set themselves away in Mailroom'
      }${preview.away.until !== null ? `, until ${slackDate(preview.away.until)}` : ', with no end date'}.`
    : '*Away*: not during the task, as far as their away setting and Slack status say.';
  const { queueItems, tasks } = preview.load;
  return [
    section(
      `*Working hours overlap* (a week on average until the task is due, each in their own zone): ${overlap}`,
    ),
    section(away),
    section(
      `*Load*: ${queueItems} open item${queueItems === 1 ? '' : 's'} in their queue · ${tasks} open plan task${tasks === 1 ? '' : 's'}`,
    ),
  ];
}

/**
 * The modal in which the plan's owner proposes an owner for a task: the task, a person picker,
 * and once someone is picked what their hours, absence and load say (or why they can't own it).
 */
export function taskOwnerModal(input: {
  plan: Plan;
  task: PlanTask;
  picked?: string | undefined;
  preview?: OwnerPreview | undefined;
  refusal?: string | undefined;
}): ModalView {
  const { plan, task } = input;
  const metadata: TaskOwnerMetadata = { taskId: task.id };
  const blocks: KnownBlock[] = [
    section(
      `*${userText(task.title, 500)}*\nEstimate ${task.estimate} · due *${task.due}* · in-scope item ${task.scopeItem} of “${oneLine(plan.title, 100)}”`,
    ),
    {
      type: 'input',
      block_id: TASK_OWNER_BLOCK,
      dispatch_action: true,
      label: plain('Who should own it?'),
      element: {
        type: 'users_select',
        action_id: PLAN_ACTIONS.pickOwner,
        ...(input.picked ? { initial_user: input.picked } : {}),
      },
    } as KnownBlock,
  ];
  if (input.preview) blocks.push(...previewBlocks(input.preview));
  else if (input.refusal) blocks.push(section(`⛔ ${input.refusal}`));
  else blocks.push(context('Pick someone to see their hours’ overlap, absence and load first.'));
  return {
    type: 'modal',
    callback_id: PLAN_VIEWS.taskOwner,
    private_metadata: JSON.stringify(metadata),
    title: plain('Propose an owner'),
    submit: plain('Propose'),
    close: plain('Cancel'),
    blocks,
  };
}

/** Plans "My tasks" shows one by one, and the tasks it lists of each: Home holds 100 blocks. */
const PLANS_SHOWN = 15;
const LINES_SHOWN = 20;

/**
 * The Home tab's "My tasks": each plan, then its tasks I own with their estimate, due date and
 * state, and a menu with Done and Blocked… for every one at work. A plan lists its first 20
 * tasks; the first 15 plans are shown one by one, the rest named, with one menu for all their
 * tasks. However many tasks and plans, every task at work is in a menu.
 */
export function myTasksBlocks(groups: readonly MyPlanTasks[]): KnownBlock[] {
  if (groups.length === 0) return [];
  const count = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  const blocks: KnownBlock[] = [divider(), section(`*My tasks (${count})*`)];
  for (const { plan, tasks } of groups.slice(0, PLANS_SHOWN)) {
    const lines = tasks
      .slice(0, LINES_SHOWN)
      .map(
        (task) =>
          `• ${userText(task.title, 200)} · ${task.estimate} · due *${task.due}* · ${taskStateText(task)}`,
      );
    const more = tasks.length - LINES_SHOWN;
    if (more > 0) lines.push(`…and ${more} more, each in the menu below.`);
    blocks.push(section(`${planLink(plan)}\n${lines.join('\n')}`));
    const menu = markTaskMenu(plan, tasks);
    if (menu) blocks.push(menu);
  }
  const rest = groups.slice(PLANS_SHOWN);
  if (rest.length > 0) {
    const names = rest.map(({ plan, tasks }) => `${planLink(plan)} (${tasks.length})`);
    blocks.push(section(truncate(`*${rest.length} more plans:* ${names.join(', ')}`, 3000)));
    const menu = moreTasksMenu(rest);
    if (menu) blocks.push(menu);
  }
  return blocks;
}
