import { describe, expect, it } from 'vitest';
import {
  myTasksBlocks,
  previewBlocks,
  taskOwnerModal,
  whoBlocks,
} from '../../../../src/features/plans/slack/views/who.js';
import type { Plan, PlanTask } from '../../../../src/features/plans/store/plan-repository.js';
import { textOf } from '../../../support/blocks.js';

const plan: Plan = {
  id: 1,
  title: 'Keys <!channel> & <@U0EVIL>',
  ownerId: 'U0OWEN',
  channelId: 'C0PLAN',
  targetDate: '2026-04-30',
  messageTs: '1.0',
  permalink: null,
  postProblem: null,
  createdAt: 0,
  updatedAt: 0,
};

const task = (patch: Partial<PlanTask> = {}): PlanTask => ({
  id: 7,
  planId: 1,
  position: 0,
  title: 'Rotate <!here> keys',
  scopeItem: 1,
  estimate: '3d',
  blockReason: null,
  unblockerId: null,
  overdueRemindedFor: null,
  declineReason: null,
  due: '2026-04-10',
  ownerId: null,
  state: 'unassigned',
  updatedAt: 0,
  ...patch,
});

describe('the who’s views', () => {
  it('lists each task with its estimate, due date, owner and state, and a menu of the tasks', () => {
    const blocks = whoBlocks([
      task(),
      task({ id: 8, position: 1, title: 'Docs', ownerId: 'U0NOAH', state: 'proposed' }),
    ]);
    const shown = textOf(blocks);
    expect(shown).toContain('*Who*: 1 of 2 tasks with an owner proposed');
    expect(shown).toContain('3d · due *2026-04-10* · no owner yet');
    expect(shown).toContain('Docs · 3d · due *2026-04-10* · <@U0NOAH>, proposed');
    // The sections are mrkdwn: what people typed is escaped there; the menu is plain text.
    expect(textOf(blocks.slice(0, -1))).not.toContain('<!here>');
    const menu = JSON.stringify(blocks.at(-1));
    expect(menu).toContain('"text":"1. Rotate <!here> keys"');
    expect(menu).toContain('"action_id":"plan_choose_task"');
    expect(menu).toContain('"value":"8"');
    expect(whoBlocks([])).toEqual([]);
  });

  it('shows the overlap, an absence and the load as counts, and a refusal in the modal', () => {
    const preview = {
      plan,
      task: task(),
      candidateId: 'U0BOB',
      overlaps: [
        { memberId: 'U0OWEN', hours: 12.5 },
        { memberId: 'U0NOAH', hours: 0 },
      ],
      away: {
        until: Date.parse('2026-03-16T00:00:00Z'),
        why: ':palm_tree: <!channel> off',
        source: 'slack' as const,
      },
      load: { queueItems: 1, tasks: 3 },
    };
    const shown = textOf(previewBlocks(preview));
    expect(shown).toContain('12.5 h a week with <@U0OWEN> · 0 h a week with <@U0NOAH>');
    expect(shown).toContain('Away during the task');
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('1 open item in their queue · 3 open plan tasks');
    const modal = taskOwnerModal({ plan, task: task(), picked: 'U0GUS', refusal: 'No, because.' });
    expect(modal.private_metadata).toBe('{"taskId":7}');
    expect(textOf(modal.blocks)).toContain('⛔ No, because.');
    expect(textOf(modal.blocks)).not.toContain('<!');
    expect(JSON.stringify(modal.blocks)).toContain('"initial_user":"U0GUS"');
  });
});

describe('my tasks on Home', () => {
  it('groups them by plan, each with its estimate, due date and state, mentioning nobody', () => {
    const shown = textOf(
      myTasksBlocks([{ plan, tasks: [task({ ownerId: 'U0BOB', state: 'proposed' })] }]),
    );
    expect(shown).toContain('*My tasks (1)*');
    expect(shown).toContain('Keys');
    expect(shown).toContain('3d · due *2026-04-10* · proposed');
    expect(shown).not.toContain('<!');
    expect(shown).not.toContain('<@U0EVIL>');
    expect(myTasksBlocks([])).toEqual([]);
  });
});
