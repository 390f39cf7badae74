import { describe, expect, it } from 'vitest';
import {
  contentText,
  planMessage,
  recheckMessage,
} from '../../../../src/features/plans/slack/views/message.js';
import { stageModal } from '../../../../src/features/plans/slack/views/modals.js';
import type { Plan, PlanStage } from '../../../../src/features/plans/store/plan-repository.js';
import { textOf } from '../../../support/blocks.js';

const plan: Plan = {
  id: 1,
  title: 'Keys <!channel> & <@U0EVIL>',
  ownerId: 'U0OWEN',
  channelId: 'C0PLAN',
  targetDate: '2026-04-30',
  messageTs: '1.0',
  permalink: 'https://example.slack.com/archives/C0PLAN/p1',
  postProblem: null,
  createdAt: 0,
  updatedAt: 0,
};

const stage = (patch: Partial<PlanStage>): PlanStage => ({
  id: 1,
  planId: 1,
  stage: 'why',
  state: 'draft',
  reviewerIds: ['U0PRIYA'],
  draft: null,
  revision: 0,
  messageTs: null,
  permalink: null,
  confirmedIds: [],
  updatedAt: 0,
  ...patch,
});

/** Everything Slack reads as mrkdwn in a message: its text and its blocks' mrkdwn (plain text mentions nobody). */
function mrkdwnOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnOf);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.text === 'string' && record.type !== 'plain_text' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnOf)];
}

describe('the plan’s views', () => {
  it('shows each stage’s state, a link to its thread, and the owner’s next step', () => {
    const message = planMessage({
      plan,
      stages: [
        stage({ state: 'accepted', revision: 2, permalink: 'https://example.slack.com/t/1' }),
        stage({ id: 2, stage: 'what', state: 'in_review', revision: 1 }),
        stage({ id: 3, stage: 'how', state: 'not_started' }),
      ],
    });
    const shown = textOf(message.blocks);
    expect(shown).toContain(
      '*Why*: accepted · revision 2 · <https://example.slack.com/t/1|its thread>',
    );
    expect(shown).toContain('*What*: in review · revision 1');
    expect(shown).toContain('*How*: not started');
    expect(shown).toContain('Revise the why');
    expect(shown).toContain('Accept the what');
    expect(shown).not.toContain('the how');
  });

  it('never lets what people typed mention anyone', () => {
    const texts = [
      ...mrkdwnOf(planMessage({ plan, stages: [stage({})] })),
      ...mrkdwnOf(recheckMessage(plan, stage({ stage: 'what' }), stage({}), 2)),
      ...contentText(
        {
          stage: 'how',
          content: {
            options: [
              {
                approach: 'fast',
                name: '<!here>',
                effort: 'low',
                risk: 'low',
                quality: 'low',
                time: '<@U1>',
              },
              {
                approach: 'robust',
                name: 'b',
                effort: 'high',
                risk: 'low',
                quality: 'high',
                time: '1w',
              },
            ],
            chosen: 'fast',
            because: '<!everyone>',
            questions: ['<#C0SECRET>'],
            tasks: [{ title: '<@U0EVIL>', scopeItem: 1, estimate: '1d', due: '2026-04-01' }],
          },
        },
        [{ priority: 'must', text: '<!channel>' }],
      ),
    ];
    for (const text of texts) {
      for (const mention of [
        '<!channel>',
        '<@U0EVIL>',
        '<!here>',
        '<!everyone>',
        '<#C0SECRET>',
        '<@U1>',
      ]) {
        expect(text).not.toContain(mention);
      }
    }
  });

  it('fills a stage’s form from its latest revision, and the why’s goal from its draft', () => {
    const fromDraft = stageModal({
      plan,
      stage: stage({ draft: { why_goal: 'From a message' } }),
      content: undefined,
      draft: { why_goal: 'From a message' },
      scope: [],
    });
    expect(JSON.stringify(fromDraft)).toContain('"initial_value":"From a message"');
    const how = stageModal({
      plan,
      stage: stage({ id: 3, stage: 'how' }),
      content: undefined,
      draft: null,
      scope: [{ priority: 'must', text: 'API keys' }],
    });
    expect(how.blocks.length).toBeLessThanOrEqual(100);
    expect(textOf(how.blocks)).toContain('1. must: API keys');
    expect(JSON.parse(how.private_metadata ?? '{}')).toEqual({ stageId: 3, stage: 'how' });
  });
});
