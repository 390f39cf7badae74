/**
 * A plan: why, then what, then how, each stage a short form reviewed through the core's review
 * before the next one opens, then the who, the how's tasks with their owners. These are its
 * pure rules: the stages' order and states, the gate, and every field of every form, checked.
 */

/** The stages written with a form, in order. */
export const FORM_STAGES = ['why', 'what', 'how'] as const;
export type FormStage = (typeof FORM_STAGES)[number];

/**
 * Every stage, in order: the form stages, then the who, which no form writes: its revisions
 * are the tasks' owners as they stood once every task had an owner who accepted.
 */
export const STAGES = [...FORM_STAGES, 'who'] as const;
export type Stage = (typeof STAGES)[number];

/** The kind the core's reviews name a plan's stage by. */
export const PLAN_STAGE_REVIEW_KIND = 'plan_stage';

/**
 * not_started: an earlier stage is not accepted yet; draft: open for its owner to write;
 * in_review: submitted and under review; accepted; recheck: accepted, but an earlier stage
 * changed since, so its reviewers are asked to look again.
 */
export const STAGE_STATES = ['not_started', 'draft', 'in_review', 'accepted', 'recheck'] as const;
export type StageState = (typeof STAGE_STATES)[number];

export const STAGE_NAMES: Record<Stage, string> = {
  why: 'Why',
  what: 'What',
  how: 'How',
  who: 'Who',
};
export const STATE_NAMES: Record<StageState, string> = {
  not_started: 'not started',
  draft: 'draft',
  in_review: 'in review',
  accepted: 'accepted',
  recheck: 'to re-check',
};

export const MAX_TITLE = 150;
export const MAX_TEXT = 2000;
export const MAX_ITEMS = 30;
export const MAX_TASKS = 50;

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Whether the stage is written with a form (the who is not). */
export function isFormStage(stage: Stage): stage is FormStage {
  return (FORM_STAGES as readonly string[]).includes(stage);
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/** The stage after `stage`, if any. */
export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[stageIndex(stage) + 1];
}

/** A stage counts as accepted for the gate when its review ended in acceptance (even if it is to re-check). */
export function isAccepted(state: StageState): boolean {
  return state === 'accepted' || state === 'recheck';
}

/**
 * The gate: a stage may be written and submitted only once every stage before it is accepted,
 * and not while it is under review. The refusal says why, in the owner's words.
 */
/** Each stage's state: the who's may be left out where it does not matter. */
export type StageStates = Readonly<Record<FormStage, StageState>> &
  Readonly<Partial<Record<'who', StageState>>>;

export function gate(
  states: StageStates,
  stage: Stage,
): { open: true } | { open: false; why: string } {
  for (const earlier of STAGES.slice(0, stageIndex(stage))) {
    if (!isAccepted(states[earlier] ?? 'not_started')) {
      return {
        open: false,
        why: `The ${STAGE_NAMES[stage].toLowerCase()} opens once the ${STAGE_NAMES[earlier].toLowerCase()} is accepted: it is ${STATE_NAMES[states[earlier] ?? 'not_started']}. Nothing was changed.`,
      };
    }
  }
  if (states[stage] === 'in_review') {
    return {
      open: false,
      why: `The ${STAGE_NAMES[stage].toLowerCase()} is under review: its review has to end (answer its concerns, then accept it) before it changes again. Nothing was changed.`,
    };
  }
  return { open: true };
}

/**
 * The accepted form stages after `stage`: a change to `stage` asks their reviewers to re-check
 * them. The who is not among them: it follows its tasks, and reopens when they change.
 */
export function laterAccepted(states: StageStates, stage: Stage): Stage[] {
  return FORM_STAGES.slice(stageIndex(stage) + 1).filter((later) => states[later] === 'accepted');
}

/** One task in a revision of the who: its owner as it stood. */
export interface WhoTask {
  taskId: number;
  title: string;
  ownerId: string;
  due: string;
}

export interface WhoContent {
  tasks: WhoTask[];
}

/** Whether two revisions of the who give every task the same owner. */
export function sameOwners(a: WhoContent, b: WhoContent): boolean {
  if (a.tasks.length !== b.tasks.length) return false;
  return a.tasks.every((task, i) => {
    const other = b.tasks[i];
    return other !== undefined && other.taskId === task.taskId && other.ownerId === task.ownerId;
  });
}

// ---------------------------------------------------------------- the forms

export type Level = 'low' | 'medium' | 'high';
export const LEVELS: readonly Level[] = ['low', 'medium', 'high'];
export type Priority = 'must' | 'should';

export interface WhyContent {
  goal: string;
  askedBy: string;
  objective: string;
  success: string;
}

export interface ScopeItem {
  text: string;
  priority: Priority;
}

export interface WhatContent {
  inScope: ScopeItem[];
  outOfScope: string[];
}

export type Approach = 'fast' | 'robust';
export const APPROACHES: readonly Approach[] = ['fast', 'robust'];

export interface HowOption {
  approach: Approach;
  name: string;
  effort: Level;
  risk: Level;
  quality: Level;
  time: string;
}

export interface Task {
  title: string;
  /** The in-scope item of the accepted what it serves, counted from 1. */
  scopeItem: number;
  estimate: string;
  /** YYYY-MM-DD. */
  due: string;
}

export interface HowContent {
  options: HowOption[];
  chosen: Approach;
  because: string;
  questions: string[];
  tasks: Task[];
}

export type StageContent =
  | { stage: 'why'; content: WhyContent }
  | { stage: 'what'; content: WhatContent }
  | { stage: 'how'; content: HowContent }
  | { stage: 'who'; content: WhoContent };

/** What a form sends: each field by its name, as typed or chosen (absent when left empty). */
export type RawForm = Readonly<Record<string, string | undefined>>;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Record<string, string> };

const trimmed = (raw: RawForm, field: string) => (raw[field] ?? '').trim();

function required(
  raw: RawForm,
  field: string,
  label: string,
  problems: Record<string, string>,
  max = MAX_TEXT,
): string {
  const value = trimmed(raw, field);
  if (value === '') problems[field] = `Please fill in ${label}.`;
  else if (value.length > max) {
    problems[field] =
      `${capitalize(label)} is ${value.length} characters: please keep it to ${max}.`;
  }
  return value;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
    .filter((line) => line !== '');

/** A plan's title, as typed after `/plan` or in its form. */
export function checkTitle(
  title: string,
): { ok: true; title: string } | { ok: false; problem: string } {
  const text = title.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return {
      ok: false,
      problem:
        'A plan needs a title: type it after the command, like `/plan Launch the partner API`.',
    };
  }
  if (text.length > MAX_TITLE) {
    return {
      ok: false,
      problem: `That title is ${text.length} characters: please keep it to ${MAX_TITLE}, and put the rest in the why.`,
    };
  }
  return { ok: true, title: text };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A plan's target date: a real date, not before `today` (the owner's own date, YYYY-MM-DD). */
export function checkTargetDate(
  date: string | undefined,
  today: string,
): { ok: true; date: string } | { ok: false; problem: string } {
  if (!date) return { ok: false, problem: 'Please pick the date the plan aims for.' };
  if (!isDate(date)) return { ok: false, problem: 'That is not a date I can read.' };
  if (date < today)
    return { ok: false, problem: 'The target date has passed: pick today or later.' };
  return { ok: true, date };
}

export function checkWhy(raw: RawForm): Checked<WhyContent> {
  const problems: Record<string, string> = {};
  const value = {
    goal: required(raw, 'why_goal', 'the goal', problems),
    askedBy: required(raw, 'why_asked_by', 'who asked for it', problems),
    objective: required(raw, 'why_objective', 'the objective it serves', problems),
    success: required(raw, 'why_success', 'how success is measured', problems),
  };
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, value };
}

const PRIORITY_LINE = /^(must|should)\s*[:\-–]\s*(.+)$/i;

export function checkWhat(raw: RawForm): Checked<WhatContent> {
  const problems: Record<string, string> = {};
  const inScope: ScopeItem[] = [];
  const lines = linesOf(trimmed(raw, 'what_in_scope'));
  if (lines.length === 0) {
    problems.what_in_scope =
      'Please name at least one thing in scope, like “must: sign-in with SSO”.';
  } else if (lines.length > MAX_ITEMS) {
    problems.what_in_scope = `That is ${lines.length} items: please keep to ${MAX_ITEMS}, and split the plan if it needs more.`;
  } else {
    const bad: number[] = [];
    for (const [index, line] of lines.entries()) {
      const match = PRIORITY_LINE.exec(line);
      if (!match?.[1] || !match[2]) bad.push(index + 1);
      else inScope.push({ priority: match[1].toLowerCase() as Priority, text: match[2].trim() });
    }
    if (bad.length > 0) {
      problems.what_in_scope = `Start each line with “must:” or “should:” (line ${bad.join(', ')} does not).`;
    } else if (inScope.some((item) => item.text.length > 300)) {
      problems.what_in_scope = 'Keep each item to 300 characters.';
    }
  }
  const outOfScope = linesOf(trimmed(raw, 'what_out_of_scope'));
  if (outOfScope.length === 0) {
    problems.what_out_of_scope = 'Please name at least one thing that is out of scope.';
  } else if (outOfScope.length > MAX_ITEMS) {
    problems.what_out_of_scope = `That is ${outOfScope.length} items: please keep to ${MAX_ITEMS}.`;
  } else if (outOfScope.some((item) => item.length > 300)) {
    problems.what_out_of_scope = 'Keep each item to 300 characters.';
  }
  return Object.keys(problems).length > 0
    ? { ok: false, problems }
    : { ok: true, value: { inScope, outOfScope } };
}

const ESTIMATE = /^\d+(\.\d+)?\s*(h|d|w)$/i;

/**
 * The how: both options with their trade-offs, the choice between them and why, the open
 * questions, and the tasks, each tied to an in-scope item of the accepted what (`scopeCount`
 * of them) and due by the plan's target date.
 */
export function checkHow(
  raw: RawForm,
  scopeCount: number,
  targetDate: string,
): Checked<HowContent> {
  const problems: Record<string, string> = {};
  const options: HowOption[] = APPROACHES.map((approach) => {
    const label = approach === 'fast' ? 'the fast option' : 'the robust option';
    const level = (field: string, what: string): Level => {
      const value = trimmed(raw, `how_${approach}_${field}`);
      if (!(LEVELS as readonly string[]).includes(value)) {
        problems[`how_${approach}_${field}`] = `Please pick the ${what} of ${label}.`;
        return 'medium';
      }
      return value as Level;
    };
    return {
      approach,
      name: required(raw, `how_${approach}_name`, `${label}’s name`, problems, 300),
      effort: level('effort', 'effort'),
      risk: level('risk', 'risk'),
      quality: level('quality', 'quality'),
      time: required(raw, `how_${approach}_time`, `the time ${label} takes`, problems, 100),
    };
  });
  const choice = trimmed(raw, 'how_choice');
  if (!(APPROACHES as readonly string[]).includes(choice)) {
    problems.how_choice =
      'Please choose: the fast but mediocre option, or the robust but slower one.';
  }
  const because = required(raw, 'how_because', 'why you choose it', problems);
  const questions = linesOf(trimmed(raw, 'how_questions'));
  if (questions.length > MAX_ITEMS) {
    problems.how_questions = `That is ${questions.length} questions: please keep to ${MAX_ITEMS}.`;
  } else if (questions.some((q) => q.length > 500)) {
    problems.how_questions = 'Keep each question to 500 characters.';
  }
  const tasks: Task[] = [];
  const taskLines = linesOf(trimmed(raw, 'how_tasks'));
  if (taskLines.length === 0) {
    problems.how_tasks =
      'Please outline at least one task, like “Build the token endpoint | 1 | 3d | 2026-04-10”.';
  } else if (taskLines.length > MAX_TASKS) {
    problems.how_tasks = `That is ${taskLines.length} tasks: please keep to ${MAX_TASKS}.`;
  } else {
    for (const [index, line] of taskLines.entries()) {
      const problem = taskProblem(line, scopeCount, targetDate, tasks);
      if (problem) {
        problems.how_tasks = `Line ${index + 1}: ${problem}`;
        break;
      }
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { options, chosen: choice as Approach, because, questions, tasks },
  };
}

/** Reads one task line, `title | scope item | estimate | due`, into `tasks`; the problem if it cannot. */
function taskProblem(
  line: string,
  scopeCount: number,
  targetDate: string,
  tasks: Task[],
): string | undefined {
  const parts = line.split('|').map((part) => part.trim());
  const [title = '', item = '', estimate = '', due = ''] = parts;
  if (parts.length !== 4 || title === '') {
    return 'write each task as “title | scope item number | estimate | due date”.';
  }
  if (title.length > 300) return 'keep the task’s title to 300 characters.';
  const scopeItem = Number(item);
  if (!Number.isInteger(scopeItem) || scopeItem < 1 || scopeItem > scopeCount) {
    return `“${item}” is not an in-scope item of the what: use a number from 1 to ${scopeCount}.`;
  }
  if (!ESTIMATE.test(estimate)) {
    return `“${estimate}” is not an estimate I can read: use hours, days or weeks, like 4h, 3d or 2w.`;
  }
  if (!isDate(due)) return `“${due}” is not a date: write it as YYYY-MM-DD.`;
  if (due > targetDate) return `it is due ${due}, after the plan’s target date (${targetDate}).`;
  tasks.push({ title, scopeItem, estimate: estimate.toLowerCase().replace(/\s+/g, ''), due });
  return undefined;
}

/** The first line of a message, as a plan's title: whole words, within the limit. */
export function titleFromMessage(text: string): string {
  const first =
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  const line = first.replace(/\s+/g, ' ');
  if (line.length <= MAX_TITLE) return line;
  const cut = line.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 40 ? cut.slice(0, space) : cut}…`;
}
