/** What a person writes in the decision form and in its remarks, checked field by field. */

import { checkWindowHours } from '../../../core/domain/review.js';
import type { DecisionDraft, DecisionOption, FollowUpDraft, LoggedStatus } from './decision.js';
import { LOGGED_STATUSES } from './decision.js';

/** The form as it arrives: anything may be missing or too long. */
export interface RawDecisionDraft {
  title?: string | null;
  why?: string | null;
  options?: { name?: string | null; pros?: string | null; cons?: string | null }[];
  chosen?: string | null;
  tradeOff?: string | null;
  ownerIds?: readonly string[] | null;
  consultedIds?: readonly string[] | null;
  followUps?: { text?: string | null; ownerId?: string | null; dueOn?: string | null }[];
  status?: string | null;
  revisitOn?: string | null;
  reviewerIds?: readonly string[] | null;
  informedIds?: readonly string[] | null;
  /** The review window in working hours, as typed; empty for the default. */
  reviewHours?: string | null;
}

/** Limits in characters (and counts), also given to the form's inputs. */
export const DECISION_LIMITS = {
  title: 150,
  why: 3000,
  optionName: 150,
  optionPoint: 1000,
  chosen: 300,
  tradeOff: 1000,
  followUp: 300,
  reason: 1000,
  comment: 1000,
  /** Options and follow-ups one form holds (Slack allows 100 blocks in a modal). */
  options: 6,
  followUps: 6,
  people: 20,
} as const;

/**
 * The names of the form's fields, as the form's blocks are named: problems are reported under
 * each. Options and follow-ups are numbered from 0.
 */
export const DECISION_FIELDS = {
  title: 'title',
  why: 'why',
  chosen: 'chosen',
  tradeOff: 'trade_off',
  owners: 'owners',
  consulted: 'consulted',
  reviewers: 'reviewers',
  informed: 'informed',
  reviewHours: 'review_hours',
  status: 'status',
  revisitOn: 'revisit_on',
  optionName: (i: number) => `option_name_${i}`,
  optionPros: (i: number) => `option_pros_${i}`,
  optionCons: (i: number) => `option_cons_${i}`,
  followUpText: (i: number) => `follow_up_text_${i}`,
  followUpOwner: (i: number) => `follow_up_owner_${i}`,
  followUpDue: (i: number) => `follow_up_due_${i}`,
} as const;

export type DraftCheck =
  | {
      ok: true;
      draft: DecisionDraft;
      /** For each follow-up kept, the form row it came from (empty rows are left out). */
      followUpRows: number[];
    }
  | { ok: false; errors: Record<string, string> };

const oneLine = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const block = (text: string | null | undefined) => (text ?? '').replace(/\r\n?/g, '\n').trim();

function tooLong(what: string, text: string, max: number): string | undefined {
  const length = Array.from(text).length;
  return length > max
    ? `Keep ${what} to ${max} characters or fewer (it has ${length}).`
    : undefined;
}

/** `YYYY-MM-DD` naming a real calendar date. */
export function isLocalDateText(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Checks a decision form: every problem is reported under its own field, so the person fixes
 * all of them at once. Title, why and the chosen option are required, with at least one named
 * option and one owner. `today` (the person's local date) refuses a revisit date that is not
 * after it.
 */
export function checkDecisionDraft(raw: RawDecisionDraft, today?: string): DraftCheck {
  const errors: Record<string, string> = {};
  const F = DECISION_FIELDS;
  const L = DECISION_LIMITS;
  const fail = (field: string, message: string | undefined) => {
    if (message && !errors[field]) errors[field] = message;
  };

  const title = oneLine(raw.title);
  if (title === '') fail(F.title, 'Give the decision a title, so people can find it.');
  fail(F.title, tooLong('the title', title, L.title));

  const why = block(raw.why);
  if (why === '')
    fail(F.why, 'Say why a choice was needed: the goal, the request or the problem behind it.');
  fail(F.why, tooLong('the why', why, L.why));

  const options: DecisionOption[] = [];
  (raw.options ?? []).slice(0, L.options).forEach((option, i) => {
    const name = oneLine(option.name);
    const pros = block(option.pros);
    const cons = block(option.cons);
    if (name === '' && (pros !== '' || cons !== '')) {
      fail(F.optionName(i), 'Name this option, or clear what you wrote for and against it.');
    }
    fail(F.optionName(i), tooLong('an option’s name', name, L.optionName));
    fail(F.optionPros(i), tooLong('what speaks for it', pros, L.optionPoint));
    fail(F.optionCons(i), tooLong('what speaks against it', cons, L.optionPoint));
    if (name !== '') options.push({ name, pros, cons });
  });
  if (options.length === 0 && !errors[F.optionName(0)]) {
    fail(F.optionName(0), 'List at least one option you considered.');
  }

  const chosen = oneLine(raw.chosen);
  if (chosen === '') fail(F.chosen, 'Say which option you chose.');
  fail(F.chosen, tooLong('the chosen option', chosen, L.chosen));

  const tradeOff = block(raw.tradeOff);
  fail(F.tradeOff, tooLong('the trade-off', tradeOff, L.tradeOff));

  const ownerIds = unique(raw.ownerIds ?? []);
  if (ownerIds.length === 0) fail(F.owners, 'Name at least one owner.');
  if (ownerIds.length > L.people) fail(F.owners, `Name at most ${L.people} owners.`);
  const consultedIds = unique(raw.consultedIds ?? []).filter((id) => !ownerIds.includes(id));
  if (consultedIds.length > L.people) fail(F.consulted, `Name at most ${L.people} people.`);

  const reviewerIds = unique(raw.reviewerIds ?? []);
  const ownReview = reviewerIds.filter((id) => ownerIds.includes(id));
  if (ownReview.length > 0) {
    fail(F.reviewers, 'Its owners can’t review it too: take the owners out of the reviewers.');
  }
  if (reviewerIds.length > L.people) fail(F.reviewers, `Name at most ${L.people} reviewers.`);
  const informedIds = unique(raw.informedIds ?? []).filter(
    (id) => !ownerIds.includes(id) && !reviewerIds.includes(id),
  );
  if (informedIds.length > L.people) fail(F.informed, `Name at most ${L.people} people.`);
  const hoursText = (raw.reviewHours ?? '').trim();
  const hours = hoursText === '' ? undefined : Number(hoursText);
  const window = checkWindowHours(hours);
  if (!window.ok) fail(F.reviewHours, window.problem);

  const followUps: FollowUpDraft[] = [];
  const followUpRows: number[] = [];
  (raw.followUps ?? []).slice(0, L.followUps).forEach((followUp, i) => {
    const text = oneLine(followUp.text);
    const ownerId = followUp.ownerId?.trim() || '';
    const dueOn = followUp.dueOn?.trim() || null;
    if (text === '' && ownerId === '' && dueOn === null) return;
    if (text === '') fail(F.followUpText(i), 'Say what needs doing, or clear this follow-up.');
    fail(F.followUpText(i), tooLong('a follow-up', text, L.followUp));
    if (ownerId === '') fail(F.followUpOwner(i), 'Who owns this follow-up?');
    if (dueOn !== null && !isLocalDateText(dueOn)) fail(F.followUpDue(i), 'Pick a date.');
    followUps.push({ text, ownerId, dueOn });
    followUpRows.push(i);
  });

  const status = raw.status ?? '';
  if (!(LOGGED_STATUSES as readonly string[]).includes(status)) {
    fail(F.status, 'Choose whether it is proposed or already accepted.');
  }

  const revisitOn = raw.revisitOn?.trim() || null;
  if (revisitOn !== null) {
    if (!isLocalDateText(revisitOn)) fail(F.revisitOn, 'Pick a date.');
    else if (today !== undefined && revisitOn <= today)
      fail(F.revisitOn, 'Pick a revisit date after today.');
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      title,
      why,
      options,
      chosen,
      tradeOff,
      ownerIds,
      consultedIds,
      followUps,
      status: status as LoggedStatus,
      revisitOn,
      reviewerIds,
      informedIds,
      reviewHours: window.ok ? window.hours : 0,
    },
    followUpRows,
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
}

const REMARK_MISSING = {
  reason: 'Say why you object: the owners need the reason to weigh it.',
  comment: 'Write your comment.',
  reversal: 'Say why it is reversed, so the next person understands.',
  rejection: 'Say why it is rejected, so the next person understands.',
  deprecation: 'Say why it is deprecated, so the next person knows what to follow instead.',
} as const;

/** Checks an objection's reason, a comment, or why a decision is rejected, deprecated or reversed. */
export function checkRemark(
  text: string | null | undefined,
  kind: keyof typeof REMARK_MISSING,
): { ok: true; text: string } | { ok: false; problem: string } {
  const value = block(text);
  if (value === '') return { ok: false, problem: REMARK_MISSING[kind] };
  const problem =
    kind === 'comment'
      ? tooLong('the comment', value, DECISION_LIMITS.comment)
      : tooLong('the reason', value, DECISION_LIMITS.reason);
  return problem ? { ok: false, problem } : { ok: true, text: value };
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
function cutAtWord(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const space = head.search(/\s\S*$/);
  const cut = space > max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * A decision form begun from a message: the title is its first line, or that line's first
 * sentence, cut to the title's limit at a word boundary; the why is the whole message.
 * `text` is the message as plain text (mentions and links already readable).
 */
export function draftFromMessage(text: string): { title: string; why: string } {
  const whole = block(text);
  const firstLine = oneLine(whole.split('\n').find((line) => line.trim() !== '') ?? '');
  const sentence = /^(.+?[.!?])(\s|$)/.exec(firstLine)?.[1] ?? firstLine;
  const title = sentence.replace(/[.:;,]+$/, '').trim();
  return {
    title: cutAtWord(title, DECISION_LIMITS.title),
    why: cutAtWord(whole, DECISION_LIMITS.why),
  };
}
