import type { SlackListsCreateArguments, SlackListsItemsCreateArguments } from '@slack/web-api';
import {
  TASK_LIST_COLUMNS,
  type TaskListColumnKey,
  type TaskListRow,
  taskListStates,
} from '../../domain/task-list.js';
import type { TaskState } from '../../domain/who.js';
import type { Plan } from '../../store/plan-repository.js';
import { planLink } from './text.js';

type SlackListsSchemaColumn = NonNullable<SlackListsCreateArguments['schema']>[number];
type RichTextBlock = NonNullable<SlackListsCreateArguments['description_blocks']>[number];
export type SlackListsItemField = NonNullable<
  SlackListsItemsCreateArguments['initial_fields']
>[number];

/** Each state's colour in the List: a new state is given one here, or Mailroom does not build. */
const STATE_COLOURS: Record<TaskState, string> = {
  unassigned: 'gray',
  proposed: 'yellow',
  accepted: 'green',
  declined: 'red',
  blocked: 'orange',
  done: 'blue',
};

const text = (words: string): RichTextBlock[] => [
  {
    type: 'rich_text',
    elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: words }] }],
  },
];

/** The List's columns as slackLists.create takes them. */
export function taskListSchema(): SlackListsSchemaColumn[] {
  return TASK_LIST_COLUMNS.map((column): SlackListsSchemaColumn => {
    const base = { key: column.key, name: column.name, type: column.type };
    switch (column.key) {
      case 'task':
        return { ...base, is_primary_column: true };
      case 'number':
        return { ...base, options: { precision: 0 } };
      case 'owner':
        // Mailroom tells people of their tasks in their working hours: the List does not.
        return { ...base, options: { show_member_name: true, notify_users: false } };
      case 'state':
        return {
          ...base,
          options: {
            choices: taskListStates().map((state) => ({
              value: state.value,
              label: state.label,
              color: STATE_COLOURS[state.value],
            })),
          },
        };
      default:
        return base;
    }
  });
}

/** What the List says of itself: Mailroom keeps it, and where the tasks change. */
export function taskListDescription(plan: Plan): RichTextBlock[] {
  return text(
    `Kept by Mailroom from the plan “${plan.title}”: each task, its owner, due date and state, rewritten when a task changes, so an edit made here does not last. Owners are proposed from the plan’s message.`,
  );
}

/** The cells of a task's item, by the ids Slack gave the List's columns. */
export function taskListCells(
  columns: Record<string, string>,
  row: TaskListRow,
): SlackListsItemField[] {
  const id = (key: TaskListColumnKey) => columns[key] ?? key;
  return [
    { column_id: id('task'), rich_text: text(row.title) },
    { column_id: id('number'), number: [row.number] },
    { column_id: id('owner'), user: row.ownerId ? [row.ownerId] : [] },
    { column_id: id('due'), date: [row.due] },
    { column_id: id('state'), select: [row.state.value] },
    {
      column_id: id('plan'),
      link: row.planLink
        ? [
            {
              original_url: row.planLink.url,
              display_as_url: false,
              display_name: row.planLink.title,
            },
          ]
        : [],
    },
  ];
}

/** Why Slack gave no List, in the owner's words. */
const WHY_NO_LIST: Record<string, string> = {
  lists_disabled_user_team: 'Lists are turned off in this workspace',
  feature_not_enabled: 'this workspace’s plan has no Lists',
  not_allowed: 'this workspace does not allow Mailroom to make Lists',
  restricted_action: 'an admin restricted who may create Lists here',
  missing_scope:
    'Mailroom has not been granted the lists:write scope yet (once an admin grants it and reinstalls Mailroom, the List is made then)',
  list_not_found: 'its List was deleted',
  file_not_found: 'its List was deleted',
  file_deleted: 'its List was deleted',
  access_denied: 'Slack refused to share its List with the channel',
  channel_not_found: 'Slack refused to share its List with the channel',
};

/** The owner's one DM when the plan's tasks have no List: why, and that nothing is lost. */
export function noListText(plan: Plan, problem: string): string {
  const why = WHY_NO_LIST[problem] ?? `Slack refused it (${problem})`;
  return `The tasks of the plan ${planLink(plan)} have no Slack List in <#${plan.channelId}>: ${why}. Nothing is lost: the plan’s message, Home and its Markdown export show every task, its owner and its state. I won’t tell you again for this plan.`;
}
