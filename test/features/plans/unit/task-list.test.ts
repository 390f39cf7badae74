import { describe, expect, it } from 'vitest';
import {
  rowFingerprint,
  TASK_LIST_COLUMNS,
  taskListName,
  taskListRow,
  taskListState,
  taskListStates,
} from '../../../../src/features/plans/domain/task-list.js';
import { TASK_STATE_NAMES, TASK_STATES } from '../../../../src/features/plans/domain/who.js';
import { LIST_METHOD_TIERS } from '../../../../src/features/plans/slack/list-sync.js';
import {
  noListText,
  taskListCells,
  taskListSchema,
} from '../../../../src/features/plans/slack/views/task-list.js';
import type { Plan } from '../../../../src/features/plans/store/plan-repository.js';
import { loadSlackSample } from '../../../support/fake-slack.js';

const task = {
  id: 7,
  position: 0,
  title: 'Token endpoint',
  ownerId: 'U0PRIYA',
  due: '2026-04-10',
  state: 'accepted' as const,
};
const plan = { title: 'Partner API', permalink: 'https://example.slack.com/archives/C1/p1' };

describe('a plan’s tasks as a List', () => {
  it('offers one choice per task state, read through one function', () => {
    expect(taskListStates().map((s) => s.value)).toEqual([...TASK_STATES]);
    for (const state of TASK_STATES) {
      expect(taskListState(state)).toEqual({ value: state, label: TASK_STATE_NAMES[state] });
    }
    const select = taskListSchema().find((c) => c.key === 'state');
    expect(select?.options?.choices?.map((c) => [c.value, c.label])).toEqual(
      TASK_STATES.map((s) => [s, TASK_STATE_NAMES[s]]),
    );
  });

  it('has a text task as its primary column, a user owner Slack does not notify, a date, a select and a link', () => {
    const schema = taskListSchema();
    expect(schema.map((c) => [c.key, c.type])).toEqual(
      TASK_LIST_COLUMNS.map((c) => [c.key, c.type]),
    );
    expect(schema.filter((c) => c.is_primary_column)).toEqual([
      { key: 'task', name: 'Task', type: 'text', is_primary_column: true },
    ]);
    expect(schema.find((c) => c.key === 'owner')?.options?.notify_users).toBe(false);
    expect(taskListName('Partner API')).toBe('Partner API: tasks');
  });

  it('gives each task’s item its cells, clearing the owner when there is none', () => {
    const row = taskListRow(task, plan);
    expect(row).toMatchObject({ taskId: 7, number: 1, state: { value: 'accepted' } });
    const columns = { task: 'C1', number: 'C2', owner: 'C3', due: 'C4', state: 'C5', plan: 'C6' };
    const cells = taskListCells(columns, row);
    expect(cells.map((c) => c.column_id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    expect(cells).toContainEqual({ column_id: 'C3', user: ['U0PRIYA'] });
    expect(cells).toContainEqual({ column_id: 'C4', date: ['2026-04-10'] });
    expect(cells).toContainEqual({ column_id: 'C5', select: ['accepted'] });
    const unowned = taskListCells(columns, taskListRow({ ...task, ownerId: null }, plan));
    expect(unowned).toContainEqual({ column_id: 'C3', user: [] });
    expect(rowFingerprint(taskListRow({ ...task, ownerId: null }, plan))).not.toBe(
      rowFingerprint(row),
    );
    expect(rowFingerprint(taskListRow(task, plan))).toBe(rowFingerprint(row));
  });

  it('calls each Lists method at the tier Slack publishes for it', () => {
    const tiers = loadSlackSample<Record<string, string>>('web-api/rate_limit_tiers.json');
    for (const [method, tier] of Object.entries(LIST_METHOD_TIERS)) {
      expect(`${method}: ${tiers[method]}`).toBe(`${method}: Tier${tier}`);
    }
  });

  it('tells the owner why there is no List, and that nothing is lost', () => {
    const owned = { ...plan, id: 1, ownerId: 'U0OWEN', channelId: 'C0PARTNERS' } as Plan;
    const text = noListText(owned, 'lists_disabled_user_team');
    expect(text).toContain('Lists are turned off in this workspace');
    expect(text).toContain('Nothing is lost');
    expect(text).toContain('<#C0PARTNERS>');
    expect(noListText(owned, 'something_new')).toContain('Slack refused it (something_new)');
  });
});
