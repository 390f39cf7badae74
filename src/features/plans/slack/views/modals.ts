import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { context, section } from '../../../../core/slack/views/blocks.js';
import { truncate } from '../../../../core/slack/views/mrkdwn.js';
import {
  type HowContent,
  LEVELS,
  MAX_TEXT,
  MAX_TITLE,
  STAGES,
  type Stage,
  type StageContent,
  type WhatContent,
} from '../../domain/plan.js';
import type { Plan, PlanStage } from '../../store/plan-repository.js';
import { PLAN_VIEWS } from './ids.js';
import { planLink, stageName } from './text.js';

/** What a plan's forms carry in their private metadata: claims, checked again on submit. */
export interface StartMetadata {
  channelId: string;
}
export interface StageMetadata {
  stageId: number;
  stage: Stage;
}

const plain = (text: string) => ({
  type: 'plain_text' as const,
  text: truncate(text, 150),
  emoji: true,
});

const option = (value: string, text: string): PlainTextOption => ({ text: plain(text), value });

function textInput(input: {
  blockId: string;
  label: string;
  initial?: string | undefined;
  multiline?: boolean;
  optional?: boolean;
  hint?: string;
  placeholder?: string;
  max?: number;
}): KnownBlock {
  return {
    type: 'input',
    block_id: input.blockId,
    label: plain(input.label),
    optional: input.optional ?? false,
    ...(input.hint ? { hint: plain(input.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: input.blockId,
      multiline: input.multiline ?? false,
      max_length: input.max ?? MAX_TEXT,
      ...(input.initial ? { initial_value: truncate(input.initial, input.max ?? MAX_TEXT) } : {}),
      ...(input.placeholder ? { placeholder: plain(input.placeholder) } : {}),
    },
  } as KnownBlock;
}

function selectInput(
  blockId: string,
  label: string,
  options: PlainTextOption[],
  initial?: string,
): KnownBlock {
  const chosen = options.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: {
      type: 'static_select',
      action_id: blockId,
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    },
  } as KnownBlock;
}

function modal(
  callbackId: string,
  title: string,
  submit: string,
  metadata: unknown,
  blocks: KnownBlock[],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title),
    submit: plain(submit),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** The form `/plan` and *Start a plan from this* open: title, target date, goal, each stage's reviewers. */
export function startPlanModal(input: {
  channelId: string;
  title: string;
  goal?: string;
  today: string;
}): ModalView {
  const reviewers = (stage: Stage): KnownBlock =>
    ({
      type: 'input',
      block_id: `plan_reviewers_${stage}`,
      label: plain(`Reviewers of the ${stage}`),
      hint: plain(
        stage === 'who'
          ? 'Optional. They review the tasks’ owners once every task has an owner who accepted; with none, you accept the who yourself.'
          : 'People who can see this channel; each is asked in their own working hours.',
      ),
      ...(stage === 'who' ? { optional: true } : {}),
      element: {
        type: 'multi_users_select',
        action_id: `plan_reviewers_${stage}`,
        max_selected_items: 20,
      },
    }) as KnownBlock;
  return modal(
    PLAN_VIEWS.start,
    'Start a plan',
    'Start',
    { channelId: input.channelId } satisfies StartMetadata,
    [
      section(
        `A plan for <#${input.channelId}>: why, then what, then how, each stage reviewed before the next one opens.`,
      ),
      textInput({ blockId: 'plan_title', label: 'Title', initial: input.title, max: MAX_TITLE }),
      {
        type: 'input',
        block_id: 'plan_target',
        label: plain('Target date'),
        element: { type: 'datepicker', action_id: 'plan_target', initial_date: input.today },
      } as KnownBlock,
      textInput({
        blockId: 'plan_goal',
        label: 'The goal (you can finish the why later)',
        initial: input.goal,
        multiline: true,
        optional: true,
      }),
      ...STAGES.map(reviewers),
    ],
  );
}

/** A stage's form, started from its latest revision, or its draft. */
export function stageModal(input: {
  plan: Plan;
  stage: PlanStage;
  content: StageContent | undefined;
  draft: Record<string, string> | null;
  scope: WhatContent['inScope'];
}): ModalView {
  const { plan, stage } = input;
  const metadata: StageMetadata = { stageId: stage.id, stage: stage.stage };
  const intro = context(
    `The ${stageName(stage.stage)} of ${planLink(plan)}. Submitting it stores a new revision and asks its reviewers, each in their own hours.`,
  );
  const title = `The ${stageName(stage.stage)}`;
  switch (stage.stage) {
    case 'why': {
      const why = input.content?.stage === 'why' ? input.content.content : undefined;
      return modal(PLAN_VIEWS.stage, title, 'Submit for review', metadata, [
        intro,
        textInput({
          blockId: 'why_goal',
          label: 'The goal',
          initial: why?.goal ?? input.draft?.why_goal,
          multiline: true,
        }),
        textInput({
          blockId: 'why_asked_by',
          label: 'Who asked for it',
          initial: why?.askedBy,
          max: 600,
        }),
        textInput({
          blockId: 'why_objective',
          label: 'The objective it serves',
          initial: why?.objective,
          multiline: true,
        }),
        textInput({
          blockId: 'why_success',
          label: 'How success is measured',
          initial: why?.success,
          multiline: true,
        }),
      ]);
    }
    case 'what': {
      const what = input.content?.stage === 'what' ? input.content.content : undefined;
      return modal(PLAN_VIEWS.stage, title, 'Submit for review', metadata, [
        intro,
        textInput({
          blockId: 'what_in_scope',
          label: 'In scope',
          initial: what?.inScope.map((item) => `${item.priority}: ${item.text}`).join('\n'),
          multiline: true,
          hint: 'One item a line, each starting with “must:” or “should:”.',
          placeholder: 'must: sign-in with SSO',
        }),
        textInput({
          blockId: 'what_out_of_scope',
          label: 'Out of scope',
          initial: what?.outOfScope.join('\n'),
          multiline: true,
          hint: 'One item a line.',
        }),
      ]);
    }
    case 'how':
      return modal(PLAN_VIEWS.stage, title, 'Submit for review', metadata, [
        intro,
        ...howBlocks(
          input.content?.stage === 'how' ? input.content.content : undefined,
          input.scope,
        ),
      ]);
    case 'who':
      throw new Error('The who has no form: its owners are proposed task by task');
  }
}

const LEVEL_OPTIONS = LEVELS.map((level) => option(level, level));

function howBlocks(how: HowContent | undefined, scope: WhatContent['inScope']): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const approach of ['fast', 'robust'] as const) {
    const current = how?.options.find((o) => o.approach === approach);
    const label = approach === 'fast' ? 'Fast but mediocre' : 'Robust but slower';
    blocks.push(
      section(`*${label}*`),
      textInput({
        blockId: `how_${approach}_name`,
        label: `${label}: the option`,
        initial: current?.name,
        max: 300,
      }),
      selectInput(`how_${approach}_effort`, 'Effort', LEVEL_OPTIONS, current?.effort),
      selectInput(`how_${approach}_risk`, 'Risk', LEVEL_OPTIONS, current?.risk),
      selectInput(`how_${approach}_quality`, 'Quality', LEVEL_OPTIONS, current?.quality),
      textInput({
        blockId: `how_${approach}_time`,
        label: 'Time it takes',
        initial: current?.time,
        max: 100,
        placeholder: '3 weeks',
      }),
    );
  }
  const choices = [
    option('fast', 'The fast but mediocre one'),
    option('robust', 'The robust but slower one'),
  ];
  blocks.push(
    {
      type: 'input',
      block_id: 'how_choice',
      label: plain('Which do you choose, given the resources and constraints?'),
      element: {
        type: 'radio_buttons',
        action_id: 'how_choice',
        options: choices,
        ...(how ? { initial_option: choices.find((c) => c.value === how.chosen) } : {}),
      },
    } as KnownBlock,
    textInput({
      blockId: 'how_because',
      label: 'Why this one',
      initial: how?.because,
      multiline: true,
    }),
    textInput({
      blockId: 'how_questions',
      label: 'Open questions for experts',
      initial: how?.questions.join('\n'),
      multiline: true,
      optional: true,
      hint: 'One question a line.',
    }),
    section(
      `*In scope, from the accepted what*\n${scope.map((item, index) => `${index + 1}. ${item.priority}: ${truncate(item.text, 120)}`).join('\n') || '_nothing_'}`,
    ),
    textInput({
      blockId: 'how_tasks',
      label: 'Tasks',
      initial: how?.tasks
        .map((t) => `${t.title} | ${t.scopeItem} | ${t.estimate} | ${t.due}`)
        .join('\n'),
      multiline: true,
      max: 3000,
      hint: 'One a line: title | in-scope item number | estimate (4h, 3d, 2w) | due date (YYYY-MM-DD).',
      placeholder: 'Build the token endpoint | 1 | 3d | 2026-04-10',
    }),
  );
  return blocks;
}

/** A reviewer's concern on a stage to re-check: it reopens the stage's review. */
export function recheckConcernModal(plan: Plan, stage: PlanStage): ModalView {
  return modal(PLAN_VIEWS.concern, 'Raise a concern', 'Raise it', { stageId: stage.id }, [
    section(
      `The ${stageName(stage.stage)} of ${planLink(plan)} is to re-check. Your concern reopens its review and blocks it until it is settled.`,
    ),
    textInput({ blockId: 'plan_concern', label: 'Your concern', multiline: true, max: 3000 }),
  ]);
}
