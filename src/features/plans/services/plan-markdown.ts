import type { ReviewRecord } from '../../../core/services/reviews.js';
import {
  type HowContent,
  STAGE_NAMES,
  STATE_NAMES,
  type Stage,
  type StageContent,
  type WhatContent,
  type WhyContent,
} from '../domain/plan.js';
import { taskStateText } from '../domain/who.js';
import type { PlanRevision } from '../store/plan-repository.js';
import type { PlanRecord, PlanStageRecord } from './plan-record.js';

/** How the export names people and channels. */
export interface PlanMarkdownNames {
  person(userId: string): string;
  channel(channelId: string): string;
}

const minute = (instant: number) =>
  `${new Date(instant).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const stageName = (stage: Stage) => STAGE_NAMES[stage].toLowerCase();
const APPROACH_NAMES = { fast: 'fast but mediocre', robust: 'robust but slower' } as const;

/**
 * Typed words kept as words: an angle bracket (HTML, or Slack's own mention and link forms,
 * which neither a canvas nor a Markdown file reads as Slack does) and an image (`![…](…)`, which
 * a canvas reads as a mention or a file) are escaped.
 */
const words = (text: string) => text.replace(/</g, '\\<').replace(/!\[/g, '\\![');

/**
 * Text typed in Slack, as Markdown: each line break kept as a hard break, and a line that would
 * read as a heading, a fence or a rule escaped, so the document keeps its own sections.
 */
function paragraph(text: string): string {
  return words(text)
    .split('\n')
    .map((line) => line.replace(/^(\s*)(#|---|```|>)/, '$1\\$2'))
    .join('  \n');
}

/** A table cell or a list item: one line, its pipes escaped. */
const cell = (text: string) => words(text).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

export interface PlanMarkdownOptions {
  /**
   * The plan's canvas rather than its export: this note first (who keeps the canvas), then each
   * stage as it stands (its latest revision and review), without the history.
   */
  canvas?: { note: string };
}

/**
 * A whole plan as one Markdown document: its title, owner, channel and target date; each stage
 * with its state, every revision (who, when, its content in full) and each of its reviews
 * (the reviewers' answers, every concern and how it ended); the how's tasks, each with the
 * in-scope item it serves, its estimate and its due date; and the plan's history. Pure: the
 * same record and names always give the same text, so an export run again changes no file.
 */
export function planMarkdown(
  record: PlanRecord,
  names: PlanMarkdownNames,
  options: PlanMarkdownOptions = {},
): string {
  const { plan } = record;
  const lines = [`# ${cell(plan.title)}`, ''];
  if (options.canvas) lines.push(`_${options.canvas.note}_`, '');
  lines.push(
    `- Owner: ${names.person(plan.ownerId)}`,
    `- Channel: ${names.channel(plan.channelId)}`,
    `- Target date: ${plan.targetDate}`,
    `- Started: ${minute(plan.createdAt)}`,
  );
  if (plan.permalink) lines.push(`- In Slack: ${plan.permalink}`);
  lines.push('', '| Stage | State | Revision |', '| --- | --- | --- |');
  for (const { stage } of record.stages) {
    lines.push(`| ${STAGE_NAMES[stage.stage]} | ${STATE_NAMES[stage.state]} | ${stage.revision} |`);
  }
  const current = options.canvas !== undefined;
  for (const stage of record.stages) {
    if (stage.stage.stage === 'who') continue;
    lines.push('', ...stageSection(record, stage, names, current));
  }
  if (record.tasks.length > 0) lines.push('', ...whoLines(record, names, current));
  if (!current) lines.push('', '## History', '', ...historyLines(record, names));
  return `${lines.join('\n')}\n`;
}

function stageSection(
  record: PlanRecord,
  { stage, revisions: all, reviews }: PlanStageRecord,
  names: PlanMarkdownNames,
  current: boolean,
): string[] {
  const revisions = current ? all.slice(-1) : all;
  const lines = [`## ${STAGE_NAMES[stage.stage]} (${STATE_NAMES[stage.state]})`, ''];
  lines.push(
    `- Reviewers: ${stage.reviewerIds.length > 0 ? stage.reviewerIds.map(names.person).join(', ') : 'none'}`,
  );
  if (stage.state === 'recheck' && stage.confirmedIds.length > 0) {
    lines.push(`- Said it still holds: ${stage.confirmedIds.map(names.person).join(', ')}`);
  }
  if (stage.permalink) lines.push(`- Its thread: ${stage.permalink}`);
  if (revisions.length === 0) {
    lines.push('', 'Not written yet.');
    return lines;
  }
  for (const [index, revision] of revisions.entries()) {
    const next = revisions[index + 1];
    lines.push(
      '',
      `### Revision ${revision.number}, by ${names.person(revision.authorId)}, ${minute(revision.createdAt)}`,
      '',
      ...contentLines(record, revision, names),
    );
    const itsReviews = reviews.filter(
      (r) =>
        r.review.startedAt >= revision.createdAt &&
        (next === undefined || r.review.startedAt < next.createdAt),
    );
    const shown = current ? itsReviews.slice(-1) : itsReviews;
    for (const review of shown) {
      lines.push('', ...reviewLines(review, itsReviews.indexOf(review) > 0, names));
    }
  }
  return lines;
}

function contentLines(
  record: PlanRecord,
  revision: PlanRevision,
  names: PlanMarkdownNames,
): string[] {
  const content: StageContent = revision.content;
  switch (content.stage) {
    case 'why':
      return whyLines(content.content);
    case 'what':
      return whatLines(content.content);
    case 'how': {
      const decision =
        revision.decisionId === null ? undefined : record.decisions[revision.decisionId];
      const logged = decision
        ? [
            '',
            `**Decision logged:** ${decision.link ? `[${cell(decision.title)}](${decision.link})` : cell(decision.title)} (${decision.status})`,
          ]
        : [];
      return [...howLines(content.content, scopeAt(record, revision.createdAt)), ...logged];
    }
    case 'who':
      return content.content.tasks.map(
        (task, i) =>
          `${i + 1}. ${cell(task.title)}: ${names.person(task.ownerId)}, due ${task.due}`,
      );
  }
}

/**
 * The who: its state, reviewers, revisions and reviews as any stage's (once it has one), then
 * each task of the accepted how with its owner, its state and its due date as they are now.
 */
function whoLines(record: PlanRecord, names: PlanMarkdownNames, current: boolean): string[] {
  const who = record.stages.find((s) => s.stage.stage === 'who');
  if (!who || who.stage.state === 'not_started')
    return ['## Who', '', ...ownerLines(record, names)];
  const section = stageSection(record, who, names, current);
  const written = who.revisions.length > 0 ? section : section.slice(0, -2);
  return [...written, '', '### The tasks now', '', ...ownerLines(record, names)];
}

/** Each task of the accepted how with its owner, its state and its due date. */
function ownerLines(record: PlanRecord, names: PlanMarkdownNames): string[] {
  const lines = ['| # | Task | Owner | State | Due |', '| --- | --- | --- | --- | --- |'];
  for (const task of record.tasks) {
    const owner = task.ownerId ? names.person(task.ownerId) : 'nobody yet';
    lines.push(
      `| ${task.position + 1} | ${cell(task.title)} | ${owner} | ${taskStateText(task)} | ${task.due} |`,
    );
  }
  return lines;
}

function whyLines(why: WhyContent): string[] {
  return [
    `**Goal:** ${paragraph(why.goal)}`,
    '',
    `**Asked for by:** ${paragraph(why.askedBy)}`,
    '',
    `**Objective it serves:** ${paragraph(why.objective)}`,
    '',
    `**How success is measured:** ${paragraph(why.success)}`,
  ];
}

function whatLines(what: WhatContent): string[] {
  return [
    '**In scope**',
    '',
    ...what.inScope.map((item, i) => `${i + 1}. ${item.priority}: ${cell(item.text)}`),
    '',
    '**Out of scope**',
    '',
    ...what.outOfScope.map((item) => `- ${cell(item)}`),
  ];
}

function howLines(how: HowContent, scope: WhatContent['inScope'] | undefined): string[] {
  const lines = [
    '**Options**',
    '',
    '| Option | Kind | Effort | Risk | Quality | Time |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const option of how.options) {
    lines.push(
      `| ${cell(option.name)} | ${APPROACH_NAMES[option.approach]} | ${option.effort} | ${option.risk} | ${option.quality} | ${cell(option.time)} |`,
    );
  }
  const chosen = how.options.find((o) => o.approach === how.chosen);
  lines.push(
    '',
    `**Chosen:** ${chosen ? cell(chosen.name) : how.chosen}, the ${APPROACH_NAMES[how.chosen]} option, because ${paragraph(how.because)}`,
  );
  if (how.questions.length > 0) {
    lines.push('', '**Open questions for experts**', '');
    for (const question of how.questions) lines.push(`- ${cell(question)}`);
  }
  lines.push(
    '',
    '**Tasks**',
    '',
    '| # | Task | Scope item | Estimate | Due |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const [i, task] of how.tasks.entries()) {
    const item = scope?.[task.scopeItem - 1];
    const serves = item
      ? `${task.scopeItem}. ${item.priority}: ${cell(item.text)}`
      : String(task.scopeItem);
    lines.push(`| ${i + 1} | ${cell(task.title)} | ${serves} | ${task.estimate} | ${task.due} |`);
  }
  return lines;
}

/** The what's scope as it stood at `instant`: its latest revision by then. */
function scopeAt(record: PlanRecord, instant: number): WhatContent['inScope'] | undefined {
  const what = record.stages.find((s) => s.stage.stage === 'what');
  const revision = [...(what?.revisions ?? [])]
    .reverse()
    .find((r) => r.createdAt <= instant && r.content.stage === 'what');
  return revision?.content.stage === 'what' ? revision.content.content.inScope : undefined;
}

function reviewLines(
  { review, reviewers, informed, concerns, silent }: ReviewRecord,
  reopened: boolean,
  names: PlanMarkdownNames,
): string[] {
  const people = (ids: readonly string[]) => ids.map(names.person).join(', ');
  const ended =
    review.state === 'accepted' && review.acceptedAt !== null
      ? `accepted ${minute(review.acceptedAt)}`
      : 'open';
  const lines = [
    `**Review${reopened ? ', reopened by a concern' : ''}** (started ${minute(review.startedAt)}, ${ended})`,
    '',
    `- Reviewers: ${people(reviewers.map((r) => r.memberId))}`,
  ];
  const answered = (state: string) =>
    reviewers.filter((r) => r.state === state).map((r) => r.memberId);
  if (answered('agreed').length > 0) lines.push(`- Agreed: ${people(answered('agreed'))}`);
  if (answered('abstained').length > 0) lines.push(`- Abstained: ${people(answered('abstained'))}`);
  if (answered('concern').length > 0) {
    lines.push(`- Raised a concern: ${people(answered('concern'))}`);
  }
  if (silent.length > 0) {
    lines.push(
      `- ${review.state === 'open' ? 'Not answered yet' : 'Stayed silent'}: ${people(silent.map((s) => s.memberId))}`,
    );
  }
  if (informed.length > 0) lines.push(`- Informed: ${people(informed)}`);
  for (const concern of concerns) {
    const parts = [
      `- Concern from ${names.person(concern.reviewerId)} (${minute(concern.createdAt)}): ${cell(concern.reason)}`,
    ];
    if (concern.answer !== null) {
      const when = concern.answeredAt !== null ? ` (${minute(concern.answeredAt)})` : '';
      parts.push(`Answered${when}: ${cell(concern.answer)}`);
    }
    const when = concern.resolvedAt !== null ? ` ${minute(concern.resolvedAt)}` : '';
    if (concern.state === 'withdrawn') parts.push(`Withdrawn${when}.`);
    else if (concern.state === 'overridden') {
      parts.push(`Overridden${when}: ${cell(concern.overrideReason ?? '')}`);
    } else parts.push('Open.');
    lines.push(parts.join(' '));
  }
  return lines;
}

type HistoryEvent =
  | { at: number; kind: 'revision'; stage: Stage; revision: PlanRevision }
  | { at: number; kind: 'accepted'; stage: Stage }
  | { at: number; kind: 'reopened'; stage: Stage };

/**
 * The plan's history, oldest first: started; each stage submitted, revised, accepted, reopened
 * by a concern; and the accepted stages a revision of an earlier one marked to re-check.
 */
function historyLines(record: PlanRecord, names: PlanMarkdownNames): string[] {
  const events: HistoryEvent[] = [];
  for (const { stage, revisions, reviews } of record.stages) {
    for (const revision of revisions) {
      events.push({ at: revision.createdAt, kind: 'revision', stage: stage.stage, revision });
    }
    for (const [index, { review }] of reviews.entries()) {
      const previous = reviews[index - 1]?.review;
      const revised = revisions.some(
        (r) => r.createdAt <= review.startedAt && (!previous || r.createdAt > previous.startedAt),
      );
      if (previous && !revised) {
        events.push({ at: review.startedAt, kind: 'reopened', stage: stage.stage });
      }
      if (review.acceptedAt !== null) {
        events.push({ at: review.acceptedAt, kind: 'accepted', stage: stage.stage });
      }
    }
  }
  events.sort((a, b) => a.at - b.at);
  const lines = [
    `- ${minute(record.plan.createdAt)}, ${names.person(record.plan.ownerId)}: started`,
  ];
  const accepted = new Set<Stage>();
  const order = record.stages.map((s) => s.stage.stage);
  for (const event of events) {
    const name = stageName(event.stage);
    if (event.kind === 'revision') {
      const { number, authorId } = event.revision;
      lines.push(
        `- ${minute(event.at)}, ${names.person(authorId)}: ${number === 1 ? `submitted the ${name}` : `revised the ${name} (revision ${number})`}`,
      );
      accepted.delete(event.stage);
      if (number > 1) {
        for (const later of order.slice(order.indexOf(event.stage) + 1)) {
          if (accepted.has(later)) {
            lines.push(`- ${minute(event.at)}: the ${stageName(later)} marked to re-check`);
          }
        }
      }
    } else if (event.kind === 'accepted') {
      accepted.add(event.stage);
      lines.push(`- ${minute(event.at)}: the ${name} accepted`);
    } else {
      accepted.delete(event.stage);
      lines.push(`- ${minute(event.at)}: the ${name} reopened for review by a concern`);
    }
  }
  return lines;
}
