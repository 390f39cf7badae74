import type { ActionsBlock, KnownBlock, ModalView } from '@slack/types';
import { actions, type Message, section } from '../../../../core/slack/views/blocks.js';
import { mention, oneLine, truncate, userText } from '../../../../core/slack/views/mrkdwn.js';
import { MAX_BLOCK_REASON } from '../../domain/who.js';
import { BLOCK_FIELDS } from '../../services/task-progress.js';
import type { Plan, PlanTask } from '../../store/plan-repository.js';
import { PLAN_ACTIONS, PLAN_VIEWS } from './ids.js';
import { planLink } from './text.js';

/** What the block modal carries in its private metadata: a claim, checked again on submit. */
export interface BlockTaskMetadata {
  taskId: number;
}

const plain = (text: string) => ({
  type: 'plain_text' as const,
  text: truncate(text, 75),
  emoji: true,
});

const quote = (text: string) => `>${userText(text, 2800).replace(/\n/g, '\n>')}`;

const titleIn = (plan: Plan, task: PlanTask) =>
  `“${userText(task.title, 300)}” in ${planLink(plan)}`;

/** Done and Blocked… for a task its owner accepted. */
export function taskProgressActions(task: PlanTask): KnownBlock {
  return actions(`plan_task_progress:${task.id}`, [
    { text: 'Done', actionId: PLAN_ACTIONS.taskDone, value: String(task.id), style: 'primary' },
    { text: 'Blocked…', actionId: PLAN_ACTIONS.taskBlocked, value: String(task.id) },
  ]);
}

/** The assignment's DM once accepted: what was answered, then Done and Blocked…. */
export function acceptedTaskMessage(task: PlanTask, text: string): Message {
  return { text, blocks: [section(text), taskProgressActions(task)] };
}

/** What the task's owner reads on marking it done. */
export function doneText(plan: Plan, task: PlanTask): string {
  return `🏁 You marked ${titleIn(plan, task)} done.`;
}

/** What the task's owner reads on marking it blocked. */
export function blockedText(plan: Plan, task: PlanTask): string {
  const unblocker = task.unblockerId ? mention(task.unblockerId) : 'who can unblock it';
  return `⛔ You marked ${titleIn(plan, task)} blocked. ${unblocker} will be asked in their working hours, and ${mention(plan.ownerId)} told.`;
}

/** The Blocked… modal: what blocks it, and who can unblock it. */
export function blockTaskModal(plan: Plan, task: PlanTask): ModalView {
  return {
    type: 'modal',
    callback_id: PLAN_VIEWS.blockTask,
    private_metadata: JSON.stringify({ taskId: task.id } satisfies BlockTaskMetadata),
    title: plain('The task is blocked'),
    submit: plain('Mark it blocked'),
    close: plain('Cancel'),
    blocks: [
      section(`*${userText(task.title, 500)}*\nIn ${planLink(plan)} · due *${task.due}*`),
      {
        type: 'input',
        block_id: BLOCK_FIELDS.reason,
        label: plain('What blocks it?'),
        element: {
          type: 'plain_text_input',
          action_id: BLOCK_FIELDS.reason,
          multiline: true,
          max_length: MAX_BLOCK_REASON,
        },
      } as KnownBlock,
      {
        type: 'input',
        block_id: BLOCK_FIELDS.unblocker,
        label: plain('Who can unblock it?'),
        hint: plain('Someone who can see the plan’s channel; they are asked in their hours.'),
        element: { type: 'users_select', action_id: BLOCK_FIELDS.unblocker },
      } as KnownBlock,
    ],
  };
}

/** The unblocker's DM: the task, its plan, what blocks it, and It’s unblocked. */
export function blockerMessage(
  plan: Plan,
  task: PlanTask,
  ownerId: string,
  reason: string,
  itemId: number,
): Message {
  return {
    text: `A task of ${oneLine(plan.title)} is blocked, and you can unblock it`,
    blocks: [
      section(
        `⛔ ${mention(ownerId)} says ${titleIn(plan, task)} (due *${task.due}*) is blocked, and that you can unblock it:`,
      ),
      section(quote(reason)),
      actions(`plan_task_blocked:${itemId}`, [
        {
          text: 'It’s unblocked',
          actionId: PLAN_ACTIONS.taskUnblocked,
          value: String(itemId),
          style: 'primary',
        },
      ]),
    ],
  };
}

/** What the unblocker reads in place of the button once they answered. */
export function unblockedText(plan: Plan, task: PlanTask): string {
  const owner = task.ownerId ? `${mention(task.ownerId)} will be told.` : '';
  return `✅ You said ${titleIn(plan, task)} is unblocked. ${owner}`.trim();
}

/** News of a task: to the plan's owner, it was blocked (why); to the task's owner, unblocked. */
export function taskNewsMessage(
  plan: Plan,
  task: PlanTask,
  what: 'blocked' | 'unblocked',
  byId: string,
  reason: string,
): Message {
  if (what === 'unblocked') {
    const text = `✅ ${mention(byId)} says ${titleIn(plan, task)} is unblocked: it is back to accepted.`;
    const blocks: KnownBlock[] = [section(text)];
    if (task.state === 'accepted' && task.ownerId) blocks.push(taskProgressActions(task));
    return { text: `A task of ${oneLine(plan.title)} is unblocked`, blocks };
  }
  const unblocker = task.unblockerId
    ? ` ${mention(task.unblockerId)} was asked to unblock it.`
    : '';
  return {
    text: `A task of ${oneLine(plan.title)} is blocked`,
    blocks: [
      section(`⛔ ${mention(byId)} marked ${titleIn(plan, task)} blocked:${unblocker}`),
      section(quote(reason)),
    ],
  };
}

/**
 * An overdue task: to its owner (`toOwner`), a reminder with Done and Blocked… while it is in
 * their hands; to the plan's owner, that it is overdue. Once done, it says so instead.
 */
export function overdueMessage(
  plan: Plan,
  task: PlanTask,
  ownerId: string,
  toOwner: boolean,
): Message {
  const text = `A task of ${oneLine(plan.title)} is overdue`;
  if (task.state === 'done') {
    return { text, blocks: [section(`🏁 ${titleIn(plan, task)} is done: nothing is overdue.`)] };
  }
  if (!toOwner) {
    return {
      text,
      blocks: [
        section(
          `⏰ ${titleIn(plan, task)}, owned by ${mention(ownerId)}, was due *${task.due}* and isn’t done yet. ${mention(ownerId)} was reminded in their working hours.`,
        ),
      ],
    };
  }
  const blocks: KnownBlock[] = [
    section(
      `⏰ ${titleIn(plan, task)} was due *${task.due}* and isn’t done yet. Is it done, or is something blocking it?`,
    ),
  ];
  if (task.ownerId === ownerId && (task.state === 'accepted' || task.state === 'blocked')) {
    blocks.push(taskProgressActions(task));
  }
  return { text, blocks };
}

/**
 * To a blocked task's owner: the person it waited on to unblock it was deactivated; Blocked…
 * names someone else, Done if it no longer needs them.
 */
export function unblockerLeftMessage(plan: Plan, task: PlanTask, leaverId: string): Message {
  const blocks: KnownBlock[] = [
    section(
      `⛔ ${mention(leaverId)}, who was asked to unblock ${titleIn(plan, task)}, has been deactivated. Name someone else who can unblock it with *Blocked…*.`,
    ),
  ];
  if (task.state === 'blocked' && task.ownerId) blocks.push(taskProgressActions(task));
  return {
    text: `A blocked task of ${oneLine(plan.title)} needs someone else to unblock it`,
    blocks,
  };
}

/** Slack's limits on a select menu: options in one list or one group, and groups in a menu. */
const MAX_OPTIONS = 100;
const MAX_GROUPS = 100;
/** A task takes two options, Done and Blocked…: this many fit in one list or one group. */
const TASKS_PER_LIST = MAX_OPTIONS / 2;

type MenuOption = { text: ReturnType<typeof plain>; value: string };
type MenuGroup = { label: ReturnType<typeof plain>; options: MenuOption[] };

const isAtWork = (task: PlanTask) => task.state === 'accepted' || task.state === 'blocked';

const markOptions = (tasks: readonly PlanTask[]): MenuOption[] =>
  tasks.flatMap((task) => [
    { text: plain(`Done: ${task.title.replace(/\s+/g, ' ')}`), value: `done:${task.id}` },
    { text: plain(`Blocked: ${task.title.replace(/\s+/g, ' ')}`), value: `blocked:${task.id}` },
  ]);

/**
 * The groups of a menu of many tasks, each at most 50 of them (Done and Blocked… for each):
 * labelled `label(first, last, part)` with the part's first and last task.
 */
function markGroups(
  tasks: readonly PlanTask[],
  label: (first: PlanTask, last: PlanTask, part: number) => string,
): MenuGroup[] {
  const groups: MenuGroup[] = [];
  for (let start = 0; start < tasks.length; start += TASKS_PER_LIST) {
    const part = tasks.slice(start, start + TASKS_PER_LIST);
    const first = part[0];
    const last = part[part.length - 1];
    if (!first || !last) continue;
    groups.push({
      label: plain(label(first, last, groups.length + 1)),
      options: markOptions(part),
    });
  }
  return groups;
}

function markMenu(blockId: string, placeholder: string, menu: object): ActionsBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'static_select',
        action_id: PLAN_ACTIONS.markTask,
        placeholder: plain(placeholder),
        ...menu,
      },
    ],
  } as ActionsBlock;
}

/**
 * Home's menu for a plan's tasks in "My tasks": Done or Blocked… for each task at work. A select
 * holds 100 options (50 tasks); more tasks are grouped, 50 to a group in the order given (soonest
 * due first), each group labelled with its tasks' due dates, so every one is in the menu and
 * typing a title finds it.
 */
export function markTaskMenu(plan: Plan, tasks: readonly PlanTask[]): KnownBlock | undefined {
  const open = tasks.filter(isAtWork);
  if (open.length === 0) return undefined;
  const placeholder = 'Mark a task done or blocked…';
  const blockId = `plan_my_tasks:${plan.id}`;
  if (open.length <= TASKS_PER_LIST) {
    return markMenu(blockId, placeholder, { options: markOptions(open) });
  }
  const groups = markGroups(
    open,
    (first, last) =>
      `${open.indexOf(first) + 1}–${open.indexOf(last) + 1} of ${open.length}, due ${first.due} to ${last.due}`,
  );
  return markMenu(blockId, placeholder, { option_groups: groups.slice(0, MAX_GROUPS) });
}

/**
 * One menu for the tasks at work in plans Home has no room to show one by one: a group per plan
 * (a plan of more than 50 such tasks takes a group per 50), labelled with its title.
 */
export function moreTasksMenu(
  groups: readonly { plan: Plan; tasks: readonly PlanTask[] }[],
): KnownBlock | undefined {
  const menu = groups.flatMap(({ plan, tasks }) => {
    const open = tasks.filter(isAtWork);
    const several = open.length > TASKS_PER_LIST;
    return markGroups(open, (_first, _last, part) =>
      several ? `${oneLine(plan.title)} (${part})` : oneLine(plan.title),
    );
  });
  if (menu.length === 0) return undefined;
  return markMenu('plan_my_tasks:more', 'Mark a task of another plan done or blocked…', {
    option_groups: menu.slice(0, MAX_GROUPS),
  });
}
