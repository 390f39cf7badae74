/** What a person writes in the decision form and in its remarks, checked field by field. */

import { checkWindowHours } from '../../../core/domain/review.js';
import type { DecisionDraft, DecisionOption, FollowUpDraft, LoggedStatus } from './decision.js';
import { LOGGED_STATUSES } from './decision.js';

/** The form as it arrives: anything may be missing or too long. */
export interface RawDecisionDraft {
  title?: string | null;
  why?: string | null;
  options?: {
    name?: string | null;
    pros?: string | null;
    cons?: string | null;
    neutral?: string | null;
  }[];
  chosen?: string | null;
  chosenBecause?: string | null;
  /** Undefined: the form does not show it (a decision logged with consequences instead). */
  tradeOff?: string | null;
  /** One per line (or already a list). */
  drivers?: string | readonly string[] | null;
  goodConsequences?: string | readonly string[] | null;
  badConsequences?: string | readonly string[] | null;
  confirmation?: string | null;
  /** Separated by commas (or already a list). */
  tags?: string | readonly string[] | null;
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
  chosenBecause: 1000,
  tradeOff: 1000,
  /** Drivers and consequences: the whole field, and each line of it. */
  listField: 2000,
  listItem: 300,
  listItems: 10,
  confirmation: 1000,
  tagsField: 200,
  tag: 30,
  tags: 5,
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
  chosenBecause: 'chosen_because',
  tradeOff: 'trade_off',
  drivers: 'drivers',
  goodConsequences: 'good_consequences',
  badConsequences: 'bad_consequences',
  confirmation: 'confirmation',
  tags: 'tags',
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
  optionNeutral: (i: number) => `option_neutral_${i}`,
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

/** Lines of a list field, each without a bullet someone typed before it, empty ones left out. */
function linesOf(value: string | readonly string[] | null | undefined): string[] {
  const lines = typeof value === 'string' ? block(value).split('\n') : [...(value ?? [])];
  return lines.map((line) => oneLine(line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))).filter(Boolean);
}

/** A list field (drivers, consequences): its items, or the problem with it. */
function checkList(
  value: string | readonly string[] | null | undefined,
  what: string,
): { items: string[]; problem?: string } {
  const L = DECISION_LIMITS;
  const items = linesOf(value);
  if (items.length > L.listItems) {
    return {
      items,
      problem: `Keep ${what} to ${L.listItems} lines or fewer (it has ${items.length}).`,
    };
  }
  const long = items.find((item) => Array.from(item).length > L.listItem);
  if (long !== undefined) {
    return {
      items,
      problem: `Keep each line of ${what} to ${L.listItem} characters or fewer (one has ${Array.from(long).length}).`,
    };
  }
  return { items };
}

const TAG = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_-]*$/u;

/**
 * Tags as typed: separated by commas or line breaks, each one single word (letters, digits,
 * `-` and `_`), written in lower case, at most five. Capitals are lowered; repeats are dropped.
 */
export function checkTags(
  value: string | readonly string[] | null | undefined,
): { ok: true; tags: string[] } | { ok: false; problem: string } {
  const L = DECISION_LIMITS;
  const typed = typeof value === 'string' ? value.split(/[,\n]/) : [...(value ?? [])];
  const tags: string[] = [];
  for (const raw of typed) {
    const tag = raw.trim().replace(/^#/, '').toLowerCase();
    if (tag === '') continue;
    if (/\s/.test(tag)) {
      const joined = tag.replace(/\s+/g, '-');
      return {
        ok: false,
        problem: `Each tag is a single word: “${tag}” has a space. Write it as one word (${joined}), or separate tags with commas.`,
      };
    }
    if (!TAG.test(tag)) {
      return {
        ok: false,
        problem: `“${tag}” can’t be a tag: use letters and digits, with - or _ inside a word.`,
      };
    }
    if (Array.from(tag).length > L.tag) {
      return { ok: false, problem: `Keep each tag to ${L.tag} characters or fewer.` };
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > L.tags) {
    return {
      ok: false,
      problem: `Use at most ${L.tags} tags (there are ${tags.length}): keep the ones people will filter by.`,
    };
  }
  return { ok: true, tags };
}

const sameName = (a: string, b: string) =>
  a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * The option the chosen field names: by its name (capitals aside) or its number (`2`,
 * `option 2`). Undefined when it names none of them.
 */
export function chosenOption(
  chosen: string,
  options: readonly DecisionOption[],
): string | undefined {
  const number = /^(?:option\s*)?#?(\d+)$/i.exec(chosen)?.[1];
  if (number !== undefined) {
    const byNumber = options[Number(number) - 1];
    if (byNumber) return byNumber.name;
  }
  return options.find((option) => sameName(option.name, chosen))?.name;
}

/** What a check needs beyond the form: the person's date, and a chosen option kept as it was. */
export interface DraftCheckOptions {
  /** The person's local date: a revisit date must come after it. */
  today?: string | undefined;
  /**
   * The chosen option a decision already has: kept as it is even if it names none of its
   * options (decisions logged before the choice was picked from them).
   */
  keptChosen?: string | undefined;
}

/**
 * Checks a decision form: every problem is reported under its own field, so the person fixes
 * all of them at once. Title, why and the chosen option are required, with at least one named
 * option and one owner; the chosen option must be one of the options, named or numbered.
 * `today` (the person's local date) refuses a revisit date that is not after it.
 */
export function checkDecisionDraft(
  raw: RawDecisionDraft,
  check: string | DraftCheckOptions = {},
): DraftCheck {
  const { today, keptChosen } = typeof check === 'string' ? { today: check } : check;
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
    const neutral = block(option.neutral);
    if (name === '' && (pros !== '' || cons !== '' || neutral !== '')) {
      fail(F.optionName(i), 'Name this option, or clear what you wrote for and against it.');
    }
    fail(F.optionName(i), tooLong('an option’s name', name, L.optionName));
    fail(F.optionPros(i), tooLong('what speaks for it', pros, L.optionPoint));
    fail(F.optionNeutral(i), tooLong('what weighs neither way', neutral, L.optionPoint));
    fail(F.optionCons(i), tooLong('what speaks against it', cons, L.optionPoint));
    if (name !== '' && options.some((o) => sameName(o.name, name))) {
      fail(F.optionName(i), 'Another option has this name: give each option its own.');
    }
    if (name !== '') options.push({ name, pros, cons, neutral });
  });
  if (options.length === 0 && !errors[F.optionName(0)]) {
    fail(F.optionName(0), 'List at least one option you considered.');
  }

  const typedChosen = oneLine(raw.chosen);
  let chosen = typedChosen;
  if (typedChosen === '') fail(F.chosen, 'Say which option you chose.');
  else if (keptChosen !== undefined && typedChosen === keptChosen) chosen = keptChosen;
  else if (options.length > 0) {
    const named = chosenOption(typedChosen, options);
    if (named === undefined) {
      const listed = options.map((o, i) => `${i + 1}. ${o.name}`).join('; ');
      fail(
        F.chosen,
        truncateText(
          `Pick one of the options above, by its name or its number (${listed}). Chose something else? Add it as an option.`,
          1900,
        ),
      );
    } else chosen = named;
  }
  fail(F.chosen, tooLong('the chosen option', chosen, L.chosen));
  const chosenBecause = block(raw.chosenBecause);
  fail(F.chosenBecause, tooLong('why it was chosen', chosenBecause, L.chosenBecause));

  const tradeOff = block(raw.tradeOff);
  fail(F.tradeOff, tooLong('the trade-off', tradeOff, L.tradeOff));

  const drivers = checkList(raw.drivers, 'the decision drivers');
  fail(F.drivers, drivers.problem);
  const good = checkList(raw.goodConsequences, 'the good consequences');
  fail(F.goodConsequences, good.problem);
  const bad = checkList(raw.badConsequences, 'the bad consequences');
  fail(F.badConsequences, bad.problem);
  const confirmation = block(raw.confirmation);
  fail(F.confirmation, tooLong('the confirmation', confirmation, L.confirmation));
  const tags = checkTags(raw.tags);
  if (!tags.ok) fail(F.tags, tags.problem);

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
      chosenBecause,
      tradeOff,
      drivers: drivers.items,
      goodConsequences: good.items,
      badConsequences: bad.items,
      confirmation,
      tags: tags.ok ? tags.tags : [],
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

function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
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
