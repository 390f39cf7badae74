import type { KnownBlock } from '@slack/types';
import type { Concern, Reviewer } from '../../../../core/domain/review.js';
import type { StartedReview } from '../../../../core/services/reviews.js';
import {
  actions,
  context,
  header,
  type Message,
  section,
} from '../../../../core/slack/views/blocks.js';
import { mention, oneLine, userText } from '../../../../core/slack/views/mrkdwn.js';
import { reviewStartedText } from '../../../../core/slack/views/review.js';
import {
  type HowContent,
  STAGE_NAMES,
  STATE_NAMES,
  type StageContent,
  type StageState,
  type WhatContent,
  type WhoContent,
  type WhyContent,
} from '../../domain/plan.js';
import { OWNED_TASK_STATES } from '../../domain/who.js';
import type { PlanView } from '../../services/plans.js';
import { isComplete, ownersOf } from '../../services/who-stage.js';
import type { Plan, PlanRevision, PlanStage, PlanTask } from '../../store/plan-repository.js';
import { PLAN_ACTIONS } from './ids.js';
import { planLink, stageLink, stageName } from './text.js';
import { whoBlocks } from './who.js';

const STATE_MARKS: Record<StageState, string> = {
  not_started: '⚪',
  draft: '✏️',
  in_review: '🔎',
  accepted: '✅',
  recheck: '🔁',
};

const people = (ids: readonly string[]) =>
  ids.length > 0 ? ids.map(mention).join(', ') : 'nobody';

/**
 * The plan's one message in its channel: its title, owner and target date, and each stage's
 * state with a link to its thread, and the owner's next step on each (written, reviewed,
 * accepted) as buttons; anyone else pressing one is told it is the owner's.
 */
export function planMessage(view: PlanView): Message {
  const { plan, stages } = view;
  const tasks = view.tasks ?? [];
  const complete = isComplete(stages);
  const blocks: KnownBlock[] = [
    header(`Plan: ${plan.title}`),
    context(
      `Owner ${mention(plan.ownerId)} · target date *${plan.targetDate}* · why, then what, then how, then who: each stage opens once the one before it is accepted.`,
    ),
  ];
  if (complete) {
    blocks.push(
      section(
        '🎉 *This plan is complete*: every stage is accepted, and every task has an owner who accepted it.',
      ),
    );
  }
  for (const stage of stages) {
    const thread = stage.permalink ? ` · <${stage.permalink}|its thread>` : '';
    const revision = stage.revision > 0 ? ` · revision ${stage.revision}` : '';
    const reviewers =
      stage.stage === 'who' && stage.reviewerIds.length === 0
        ? 'none: the plan’s owner accepts it once every task is accepted'
        : people(stage.reviewerIds);
    blocks.push(
      section(
        `${STATE_MARKS[stage.state]} *${STAGE_NAMES[stage.stage]}*: ${STATE_NAMES[stage.state]}${revision}${thread}${stage.stage === 'who' ? whoProgress(stage, tasks) : ''}\nReviewers: ${reviewers}`,
      ),
    );
    const button = stage.stage === 'who' ? whoButton(stage, tasks) : stageButton(stage);
    if (button) blocks.push(actions(`plan_stage:${stage.id}`, [button]));
  }
  blocks.push(...whoBlocks(tasks));
  return {
    text: complete
      ? `Plan: ${oneLine(plan.title)} (complete)`
      : `Plan: ${oneLine(plan.title)} (why ${STATE_NAMES[stages[0]?.state ?? 'draft']})`,
    blocks,
  };
}

/** How far the who is: how many tasks have an owner who accepted, while it is open. */
function whoProgress(stage: PlanStage, tasks: readonly PlanTask[]): string {
  if (stage.state !== 'draft' || tasks.length === 0) return '';
  const accepted = tasks.filter((task) => OWNED_TASK_STATES.includes(task.state)).length;
  return ` · ${accepted} of ${tasks.length} task${tasks.length === 1 ? '' : 's'} accepted by their owner`;
}

/**
 * The who's button: accept it, once every task is accepted, when it has no reviewers (with
 * reviewers it goes to them by itself); accept its review while it is in review.
 */
function whoButton(stage: PlanStage, tasks: readonly PlanTask[]) {
  if (stage.state === 'in_review') return stageButton(stage);
  if (stage.state !== 'draft' || ownersOf(tasks) === undefined) return undefined;
  return {
    text: 'Accept the who',
    actionId: PLAN_ACTIONS.acceptWho,
    value: String(stage.id),
    style: 'primary' as const,
  };
}

function stageButton(stage: PlanStage) {
  const name = stageName(stage.stage);
  switch (stage.state) {
    case 'not_started':
      return undefined;
    case 'draft':
      return {
        text: stage.revision > 0 ? `Revise the ${name}` : `Write the ${name}`,
        actionId: PLAN_ACTIONS.editStage,
        value: String(stage.id),
        style: 'primary' as const,
      };
    case 'in_review':
      return {
        text: `Accept the ${name}`,
        actionId: PLAN_ACTIONS.acceptStage,
        value: String(stage.id),
      };
    case 'accepted':
    case 'recheck':
      return {
        text: `Revise the ${name}`,
        actionId: PLAN_ACTIONS.editStage,
        value: String(stage.id),
      };
  }
}

const ANSWERS: Record<Reviewer['state'], string> = {
  pending: 'has not answered',
  agreed: 'agreed',
  concern: 'raised a concern',
  abstained: 'abstained',
};

/**
 * A stage's own message in the channel, once first submitted: where its review stands, each
 * reviewer's answer kept current here; its thread holds its revisions, its concerns and their
 * resolution, and its acceptance.
 */
export function stageMessage(
  plan: Plan,
  stage: PlanStage,
  reviewers: readonly Reviewer[],
  decision?: { title: string; status: string; link: string | null },
  questions: readonly KnownBlock[] = [],
): Message {
  const text = `${STATE_MARKS[stage.state]} *The ${stageName(stage.stage)} of ${planLink(plan)}*: ${STATE_NAMES[stage.state]}, revision ${stage.revision}.`;
  const decided = decision
    ? [
        section(
          `*Decision logged:* ${decision.link ? `<${decision.link}|${oneLine(decision.title)}>` : oneLine(decision.title)} (${decision.status})`,
        ),
      ]
    : [];
  const answers =
    reviewers.length > 0
      ? reviewers.map((r) => `${mention(r.memberId)} ${ANSWERS[r.state]}`).join(' · ')
      : `Reviewers: ${people(stage.reviewerIds)}`;
  return {
    text: `The ${stageName(stage.stage)} of ${oneLine(plan.title)}: ${STATE_NAMES[stage.state]}`,
    blocks: [
      section(text),
      section(answers),
      ...decided,
      ...questions,
      context('Its revisions, concerns and their answers are in this thread.'),
    ],
  };
}

/** A revision of a stage, in full, into its thread, with who was asked to review it. */
export function revisionMessage(
  stage: PlanStage,
  revision: PlanRevision,
  scope: WhatContent['inScope'],
  review: { reviewerIds: readonly string[]; windowHours: number },
): Message {
  const title = `*Revision ${revision.number} of the ${stageName(stage.stage)}*, by ${mention(revision.authorId)}. Review asked of ${people(review.reviewerIds)}, each in their own working hours (${review.windowHours} working hours each).`;
  const body = contentText(revision.content, scope);
  return {
    text: `Revision ${revision.number} of the ${stageName(stage.stage)}`,
    blocks: [section(title), ...body.map((part) => section(part))],
  };
}

/** A stage's content as sections' texts, each within Slack's limit. */
export function contentText(content: StageContent, scope: WhatContent['inScope']): string[] {
  switch (content.stage) {
    case 'why':
      return whyText(content.content);
    case 'what':
      return whatText(content.content);
    case 'how':
      return howText(content.content, scope);
    case 'who':
      return [whoText(content.content)];
  }
}

function whoText(who: WhoContent): string {
  const lines = who.tasks.map(
    (task, index) =>
      `${index + 1}. ${userText(task.title, 120)} · ${mention(task.ownerId)} · due ${task.due}`,
  );
  return `*Owners, each of whom accepted their task*\n${lines.join('\n')}`.slice(0, 2900);
}

function whyText(why: WhyContent): string[] {
  return [
    `*Goal*\n${userText(why.goal, 1400)}\n*Asked for by*\n${userText(why.askedBy, 600)}`,
    `*Objective it serves*\n${userText(why.objective, 1400)}\n*How success is measured*\n${userText(why.success, 1400)}`,
  ];
}

function whatText(what: WhatContent): string[] {
  const inScope = what.inScope
    .map((item, index) => `${index + 1}. *${item.priority}*: ${userText(item.text, 300)}`)
    .join('\n');
  const out = what.outOfScope.map((item) => `• ${userText(item, 300)}`).join('\n');
  return [`*In scope*\n${inScope}`, `*Out of scope*\n${out}`];
}

function howText(how: HowContent, scope: WhatContent['inScope']): string[] {
  const options = how.options
    .map((option) => {
      const kind = option.approach === 'fast' ? 'Fast but mediocre' : 'Robust but slower';
      const chosen = option.approach === how.chosen ? ' ✅ *chosen*' : '';
      return `*${kind}: ${userText(option.name, 300)}*${chosen}\neffort ${option.effort} · risk ${option.risk} · quality ${option.quality} · time ${userText(option.time, 100)}`;
    })
    .join('\n');
  const parts = [`${options}\n*Why this one*\n${userText(how.because, 1400)}`];
  if (how.questions.length > 0) {
    parts.push(
      `*Open questions for experts*\n${how.questions.map((q) => `• ${userText(q, 300)}`).join('\n')}`,
    );
  }
  const lines = how.tasks.map((task, index) => {
    const item = scope[task.scopeItem - 1];
    const serves = item ? `${task.scopeItem}. ${oneLine(item.text, 60)}` : `${task.scopeItem}`;
    return `${index + 1}. ${userText(task.title, 200)} · ${task.estimate} · due ${task.due} · for _${serves}_`;
  });
  for (let start = 0; start < lines.length; start += 12) {
    parts.push(`${start === 0 ? '*Tasks*\n' : ''}${lines.slice(start, start + 12).join('\n')}`);
  }
  return parts;
}

/** Into the stage's thread: a concern raised, answered, withdrawn or overridden. */
export function concernPost(
  concern: Concern,
  what: 'raised' | 'answered' | 'withdrawn' | 'overridden',
  ownerId: string,
): Message {
  let text: string;
  switch (what) {
    case 'raised':
      text = `⚠️ ${mention(concern.reviewerId)} raised a concern, which blocks acceptance:\n>${userText(concern.reason, 2500).replace(/\n/g, '\n>')}`;
      break;
    case 'answered':
      text = `${mention(ownerId)} answered the concern of ${mention(concern.reviewerId)}:\n>${userText(concern.answer ?? '', 2500).replace(/\n/g, '\n>')}`;
      break;
    case 'withdrawn':
      text = `${mention(concern.reviewerId)} withdrew their concern.`;
      break;
    case 'overridden':
      text = `${mention(ownerId)} went ahead despite the concern of ${mention(concern.reviewerId)}:\n>${userText(concern.overrideReason ?? '', 2500).replace(/\n/g, '\n>')}`;
      break;
  }
  return { text: text.split('\n')[0] ?? text, blocks: [section(text)] };
}

/** Into the stage's thread: it was accepted. */
export function acceptedPost(stage: PlanStage, silent: readonly string[]): Message {
  const quiet = silent.length > 0 ? ` Stayed silent: ${people(silent)}.` : '';
  const text = `✅ The ${stageName(stage.stage)} is accepted.${quiet}`;
  return { text, blocks: [section(text)] };
}

/** Into the who's thread: a task changed owner since its last revision, so it is open again. */
export function whoReopenedPost(): Message {
  const text =
    '↩️ A task changed owner since this revision, so the who is open again: once every task has an owner who accepted it, its next revision goes to its reviewers.';
  return { text, blocks: [section(text)] };
}

/** Into a later stage's thread: an earlier stage changed, so it is to re-check. */
export function recheckPost(changed: PlanStage, stage: PlanStage): Message {
  const text = `🔁 ${stageLink(changed)} changed (revision ${changed.revision}), so the ${stageName(stage.stage)} is to re-check: its reviewers were asked, each in their hours. It reopens only if one of them raises a concern.`;
  return { text, blocks: [section(text)] };
}

/** Into the stage's thread: a reviewer says it still holds, or all of them have. */
export function holdsPost(memberId: string, settled: boolean, stage: PlanStage): Message {
  const text = settled
    ? `${mention(memberId)} says the ${stageName(stage.stage)} still holds: every reviewer has re-checked it, and it is accepted again.`
    : `${mention(memberId)} says the ${stageName(stage.stage)} still holds.`;
  return { text, blocks: [section(text)] };
}

/** A reviewer's DM: a stage they accepted is to re-check, since an earlier one changed. */
export function recheckMessage(
  plan: Plan,
  stage: PlanStage,
  changed: PlanStage,
  revision: number,
): Message {
  const text = `🔁 In ${planLink(plan)}, ${stageLink(changed)} changed (revision ${revision}). You review its ${stageLink(stage)}, which was accepted: does it still hold? It reopens only if you raise a concern.`;
  return {
    text: `The ${stageName(stage.stage)} of ${oneLine(plan.title)} is to re-check`,
    blocks: [
      section(text),
      actions(`plan_recheck:${stage.id}`, [
        {
          text: 'Still holds',
          actionId: PLAN_ACTIONS.recheckHolds,
          value: String(stage.id),
          style: 'primary',
        },
        { text: 'Raise a concern', actionId: PLAN_ACTIONS.recheckConcern, value: String(stage.id) },
      ]),
    ],
  };
}

/** What the owner is told when the plan was started. */
export function startedText(plan: Plan, skipped: readonly string[]): string {
  const lines = [
    `Started the plan ${planLink(plan)} in <#${plan.channelId}>. Write its why from the plan’s message: once its reviewers accept it, the what opens, then the how.`,
  ];
  if (skipped.length > 0) {
    lines.push(`Skipped ${people(skipped)} as reviewers: their account is deactivated.`);
  }
  return lines.join('\n');
}

/** What the owner is told when a stage was submitted: its review's start. */
export function submittedText(
  plan: Plan,
  stage: PlanStage,
  review: StartedReview,
  leftOut: readonly string[],
): string {
  const left =
    leftOut.length > 0
      ? `\nNot asked: ${people(leftOut)}, who can no longer see <#${plan.channelId}>.`
      : '';
  if (stage.stage === 'who') {
    return `Every task of ${planLink(plan)} has an owner who accepted it, so its who went to its reviewers (revision ${stage.revision}). ${reviewStartedText(review)}${left}`;
  }
  return `The ${stageName(stage.stage)} of ${planLink(plan)} is in review (revision ${stage.revision}). ${reviewStartedText(review)}${left}`;
}

/** What a reviewer is told when they said a stage to re-check still holds. */
export function holdsReply(plan: Plan, stage: PlanStage): string {
  return `Thank you: you said the ${stageName(stage.stage)} of ${planLink(plan)} still holds.`;
}

/** When the plan's message could not be posted. */
export function postProblemText(plan: Plan, problem: string): string {
  return problem === 'not_in_channel' || problem === 'channel_not_found'
    ? `I couldn’t post the plan “${oneLine(plan.title)}” in <#${plan.channelId}>: I’m not in that channel. Invite me with \`/invite @Mailroom\`; the plan is saved.`
    : `I couldn’t post the plan “${oneLine(plan.title)}” in <#${plan.channelId}> (${problem}); the plan is saved.`;
}

export const PLAN_HELP_LINES = [
  '• `/plan Launch the partner API`: plan in a channel, why then what then how, each stage a short form reviewed in the reviewers’ hours; also *Start a plan from this* on any message.',
];
