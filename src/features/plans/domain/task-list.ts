/**
 * A plan's tasks as a Slack List: its columns, and what each task's item holds. Pure: the
 * Slack side turns these into the List's schema and cells.
 */
import { TASK_STATE_NAMES, TASK_STATES, type TaskState } from './who.js';

/** The List's columns, in order: the key Mailroom knows each by, its name and its kind. */
export const TASK_LIST_COLUMNS = [
  { key: 'task', name: 'Task', type: 'text' },
  { key: 'number', name: '#', type: 'number' },
  { key: 'owner', name: 'Owner', type: 'user' },
  { key: 'due', name: 'Due date', type: 'date' },
  { key: 'state', name: 'State', type: 'select' },
  { key: 'plan', name: 'Plan', type: 'link' },
] as const;

export type TaskListColumnKey = (typeof TASK_LIST_COLUMNS)[number]['key'];

/** A task's state as the List's select shows it: one choice per state the who knows. */
export interface TaskListState {
  value: TaskState;
  label: string;
}

/** Every state a task can be in, as the List's state column offers them. */
export function taskListStates(): TaskListState[] {
  return TASK_STATES.map((state) => taskListState(state));
}

/** The one place a task's state is read for the List: a new state needs nothing more here. */
export function taskListState(state: TaskState): TaskListState {
  return { value: state, label: TASK_STATE_NAMES[state] };
}

/** What a task's item holds. */
export interface TaskListRow {
  taskId: number;
  /** The task's place in the how's outline, counted from 1: how a retry finds its item. */
  number: number;
  title: string;
  ownerId: string | null;
  /** YYYY-MM-DD. */
  due: string;
  state: TaskListState;
  /** The plan's message, once posted. */
  planLink: { url: string; title: string } | undefined;
}

/** A task's row, from the task and its plan. */
export function taskListRow(
  task: {
    id: number;
    position: number;
    title: string;
    ownerId: string | null;
    due: string;
    state: TaskState;
  },
  plan: { title: string; permalink: string | null },
): TaskListRow {
  return {
    taskId: task.id,
    number: task.position + 1,
    title: task.title,
    ownerId: task.ownerId,
    due: task.due,
    state: taskListState(task.state),
    planLink: plan.permalink ? { url: plan.permalink, title: plan.title } : undefined,
  };
}

/** The List's name: the plan's, so it is found beside it. */
export function taskListName(planTitle: string): string {
  return `${planTitle}: tasks`;
}

/** The row as one string, to tell whether the item already shows it. */
export function rowFingerprint(row: TaskListRow): string {
  return JSON.stringify([
    row.number,
    row.title,
    row.ownerId,
    row.due,
    row.state.value,
    row.planLink?.url ?? null,
    row.planLink?.title ?? null,
  ]);
}
