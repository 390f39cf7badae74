import { addDays, type IsoWeekday, isValidTimeZone } from '../../../core/domain/local-time.js';
import { formatClock, parseClock } from '../../../core/domain/time-text.js';
import {
  type DayOff,
  dateKey,
  mondayOf,
  PROMPT_MODES,
  type PromptMode,
  parseDateKey,
  type StandupTiming,
} from './schedule.js';

/**
 * A standup: what it asks, when, of whom, and where the answers go. Pure rules about its
 * setup and its days; the schedule itself is standup-schedule.ts.
 */

export const DESTINATIONS = ['thread', 'summary'] as const;
/** `thread`: each answer in the day's thread, as it comes; `summary`: all of them at the report. */
export type Destination = (typeof DESTINATIONS)[number];

export const MEMBER_MODES = ['channel', 'chosen'] as const;
/** `channel`: everyone in the channel (as it changes); `chosen`: the people picked. */
export type MemberMode = (typeof MEMBER_MODES)[number];

/** Minutes after a prompt for the one reminder; null: no reminder. */
export const REMINDER_CHOICES = [null, 60, 120, 240] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

export const STANDUP_STATES = ['active', 'paused', 'deleted'] as const;
export type StandupState = (typeof STANDUP_STATES)[number];

export interface StandupConfig extends StandupTiming {
  name: string;
  /** The questions, in order; the last one's answer is offered as the next day's first. */
  questions: string[];
  /** Also asks "Anything blocking you?" with who can unblock it. */
  asksBlockers: boolean;
  memberMode: MemberMode;
  /** The people asked in `chosen` mode. */
  chosenMemberIds: string[];
  destination: Destination;
  reminderAfterMinutes: ReminderChoice;
  daysOff: DayOff[];
  everyOtherWeekFrom: string | null;
}

export const CADENCES = ['weekly', 'every_other_week'] as const;
export const MAX_DAYS_OFF = 366;

export const DEFAULT_QUESTIONS = [
  'What did you do since your last update?',
  'What will you do today?',
] as const;
export const BLOCKER_QUESTION = 'Anything blocking you?';
export const MAX_QUESTIONS = 10;
export const MAX_QUESTION_CHARS = 200;
export const MAX_NAME_CHARS = 80;
export const MAX_CHOSEN_MEMBERS = 500;

/** The setup form as typed: every field a string (or list of strings), unchecked. */
export interface StandupSetupInput {
  name: string;
  questionsText: string;
  asksBlockers: boolean;
  days: readonly string[];
  promptMode: string;
  promptTime: string;
  teamZone: string;
  memberMode: string;
  chosenMemberIds: readonly string[];
  destination: string;
  reportTime: string;
  reminder: string;
  /** One a line: "2026-12-25 Christmas", or "2026-06-01 to 2026-06-03 Offsite". */
  daysOffText?: string;
  /** `weekly` (the default) or `every_other_week`. */
  cadence?: string;
  /** A date in the first week of an every-other-week standup (a datepicker's YYYY-MM-DD). */
  cadenceStart?: string;
}

export type SetupField =
  | 'name'
  | 'questions'
  | 'days'
  | 'promptMode'
  | 'promptTime'
  | 'teamZone'
  | 'members'
  | 'destination'
  | 'reportTime'
  | 'reminder'
  | 'daysOff'
  | 'cadence';

export type SetupCheck =
  | { ok: true; config: StandupConfig }
  | { ok: false; errors: Partial<Record<SetupField, string>> };

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Checks every field at once, so a form can show each problem under its own input. */
export function checkStandupSetup(input: StandupSetupInput): SetupCheck {
  const errors: Partial<Record<SetupField, string>> = {};
  const name = input.name.trim() || 'Standup';
  if (name.length > MAX_NAME_CHARS)
    errors.name = `Keep the name under ${MAX_NAME_CHARS} characters.`;

  const questions = input.questionsText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (questions.length === 0 && !input.asksBlockers) {
    errors.questions = 'Add at least one question, one per line.';
  } else if (questions.length > MAX_QUESTIONS) {
    errors.questions = `Ask at most ${MAX_QUESTIONS} questions.`;
  } else if (questions.some((q) => q.length > MAX_QUESTION_CHARS)) {
    errors.questions = `Keep each question under ${MAX_QUESTION_CHARS} characters.`;
  }

  const days = WEEKDAYS.filter((day) => input.days.includes(String(day)));
  if (days.length === 0) errors.days = 'Pick at least one day.';

  const promptMode = PROMPT_MODES.find((mode) => mode === input.promptMode);
  if (!promptMode) errors.promptMode = 'Choose when each member is asked.';
  const promptMinute = readTime(input.promptTime);
  if (promptMode !== 'work_start' && promptMinute === null) {
    errors.promptTime = 'Pick a time of day, like 09:30.';
  }

  const teamZone = input.teamZone.trim();
  if (!isValidTimeZone(teamZone)) {
    errors.teamZone =
      teamZone === ''
        ? 'Name the team’s time zone, like Europe/Berlin.'
        : `I don’t know the time zone “${teamZone}”. Use a name like Europe/Berlin or America/New_York.`;
  }

  const memberMode = MEMBER_MODES.find((mode) => mode === input.memberMode);
  const chosenMemberIds = [...new Set(input.chosenMemberIds)];
  if (!memberMode) errors.members = 'Choose who is asked.';
  else if (memberMode === 'chosen' && chosenMemberIds.length === 0) {
    errors.members = 'Pick at least one person, or ask everyone in the channel.';
  } else if (chosenMemberIds.length > MAX_CHOSEN_MEMBERS) {
    errors.members = `Pick at most ${MAX_CHOSEN_MEMBERS} people, or ask everyone in the channel.`;
  }

  const destination = DESTINATIONS.find((d) => d === input.destination);
  if (!destination) errors.destination = 'Choose where the answers go.';

  const reportMinute = readTime(input.reportTime);
  if (reportMinute === null) errors.reportTime = 'Pick a time of day, like 17:00.';
  else if (
    promptMode === 'team_zone' &&
    promptMinute !== null &&
    reportMinute <= promptMinute &&
    !errors.teamZone
  ) {
    errors.reportTime = `The report sums up the day: pick a time after the ${formatClock(promptMinute)} prompt.`;
  }

  const reminder = readReminder(input.reminder);
  if (reminder === undefined) errors.reminder = 'Choose a reminder.';

  const daysOff = readDaysOff(input.daysOffText ?? '');
  if (typeof daysOff === 'string') errors.daysOff = daysOff;
  const cadence = CADENCES.find((c) => c === (input.cadence || 'weekly'));
  const firstWeek = parseDateKey(input.cadenceStart ?? '');
  if (!cadence) errors.cadence = 'Choose how often the standup runs.';
  else if (cadence === 'every_other_week' && !firstWeek)
    errors.cadence = 'Pick a day in the first week it runs.';

  if (
    Object.keys(errors).length > 0 ||
    !promptMode ||
    !memberMode ||
    !destination ||
    reportMinute === null ||
    reminder === undefined ||
    typeof daysOff === 'string'
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    config: {
      name,
      questions,
      asksBlockers: input.asksBlockers,
      days,
      promptMode,
      promptMinute: promptMinute ?? 0,
      teamZone,
      reportMinute,
      memberMode,
      chosenMemberIds: memberMode === 'chosen' ? chosenMemberIds : [],
      destination,
      reminderAfterMinutes: reminder,
      daysOff,
      everyOtherWeekFrom:
        cadence === 'every_other_week' && firstWeek ? dateKey(mondayOf(firstWeek)) : null,
    },
  };
}

const DAY_OFF_LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|-|until)\s*(\d{4}-\d{2}-\d{2}))?\s*(.*)$/i;

/** The days off as typed, one a line, each date once; a message when a line cannot be read. */
function readDaysOff(text: string): DayOff[] | string {
  const byDate = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = DAY_OFF_LINE.exec(line);
    const from = match?.[1] ? parseDateKey(match[1]) : null;
    const until = match?.[2] ? parseDateKey(match[2]) : from;
    if (!match || !from || !until) {
      return `I can’t read “${line.slice(0, 60)}”. Write a date and a label, like 2026-12-25 Christmas, or 2026-06-01 to 2026-06-03 Offsite.`;
    }
    const label = (match[3] ?? '').trim().slice(0, 80) || 'Day off';
    for (let date = from; dateKey(date) <= dateKey(until); date = addDays(date, 1)) {
      byDate.set(dateKey(date), label);
      if (byDate.size > MAX_DAYS_OFF) return `Mark at most ${MAX_DAYS_OFF} days off.`;
    }
  }
  return [...byDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, label]) => ({ date, label }));
}

/** 'HH:MM' from 00:00 to 23:59 (a timepicker's value). */
function readTime(text: string): number | null {
  const minute = parseClock(text);
  return minute === null || minute >= 1440 ? null : minute;
}

function readReminder(text: string): ReminderChoice | undefined {
  if (text === '' || text === 'none') return null;
  return REMINDER_CHOICES.find((choice) => choice !== null && String(choice) === text);
}

/** How the prompt time reads: "09:30 in each member’s time zone". */
export function describePromptTime(
  config: Pick<StandupConfig, 'promptMode' | 'promptMinute' | 'teamZone'>,
): string {
  switch (config.promptMode as PromptMode) {
    case 'member_zone':
      return `${formatClock(config.promptMinute)} in each member’s time zone`;
    case 'team_zone':
      return `${formatClock(config.promptMinute)} ${config.teamZone}`;
    case 'work_start':
      return 'at the start of each member’s working day';
  }
}

// ---------------------------------------------------------------- a standup's days

export const ENTRY_STATUSES = ['prompted', 'answered', 'skipped', 'away', 'missed'] as const;
/**
 * A member's standup on one date: asked and waiting (`prompted`), answered, skipped by them,
 * not asked because they were away, or closed with no answer (`missed`).
 */
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** How a member took part over a stretch of days: answered of those they were asked. */
export interface Participation {
  memberId: string;
  answered: number;
  asked: number;
}

/** Away days do not count against anyone; an early or late answer counts as answered. */
export function participationOf(
  entries: readonly { memberId: string; status: EntryStatus }[],
): Participation[] {
  const byMember = new Map<string, Participation>();
  for (const entry of entries) {
    if (entry.status === 'away') continue;
    const row = byMember.get(entry.memberId) ?? {
      memberId: entry.memberId,
      answered: 0,
      asked: 0,
    };
    row.asked += 1;
    if (entry.status === 'answered') row.answered += 1;
    byMember.set(entry.memberId, row);
  }
  return [...byMember.values()];
}

/** Who did what on one day, for its report. */
export interface DayTally {
  answered: string[];
  /** Asked before the report, answered after it (their day stays open until their next prompt). */
  answeredLate: string[];
  skipped: string[];
  away: string[];
  /** Asked before the report, and no answer yet (or none before their next prompt). */
  noAnswer: string[];
  /** Asked at or after the report (a late zone): they answer into the thread. */
  stillOpen: string[];
  /** Not asked yet: their prompt for this date comes after the report. */
  notAskedYet: string[];
}

export function tallyDay(
  entries: readonly {
    memberId: string;
    status: EntryStatus;
    promptAt: number;
    answeredAt: number | null;
  }[],
  reportAt: number,
  pendingMemberIds: readonly string[],
): DayTally {
  const tally: DayTally = {
    answered: [],
    answeredLate: [],
    skipped: [],
    away: [],
    noAnswer: [],
    stillOpen: [],
    notAskedYet: [],
  };
  const seen = new Set<string>();
  for (const entry of entries) {
    seen.add(entry.memberId);
    const askedBeforeReport = entry.promptAt < reportAt;
    switch (entry.status) {
      case 'answered': {
        const late = askedBeforeReport && (entry.answeredAt ?? 0) > reportAt;
        (late ? tally.answeredLate : tally.answered).push(entry.memberId);
        break;
      }
      case 'skipped':
        tally.skipped.push(entry.memberId);
        break;
      case 'away':
        tally.away.push(entry.memberId);
        break;
      case 'missed':
        tally.noAnswer.push(entry.memberId);
        break;
      case 'prompted':
        (askedBeforeReport ? tally.noAnswer : tally.stillOpen).push(entry.memberId);
        break;
    }
  }
  for (const id of pendingMemberIds) if (!seen.has(id)) tally.notAskedYet.push(id);
  return tally;
}

/** How an answer stands to its day: given ahead of its prompt, late (after the report), or on time. */
export type AnswerTiming = 'ahead' | 'on_time' | 'late' | 'after_report';

export function answerTimingOf(
  entry: { promptAt: number; answeredAt: number | null },
  reportAt: number,
): AnswerTiming {
  const answeredAt = entry.answeredAt ?? entry.promptAt;
  if (answeredAt < entry.promptAt) return 'ahead';
  if (entry.promptAt >= reportAt) return 'after_report';
  return answeredAt > reportAt ? 'late' : 'on_time';
}
