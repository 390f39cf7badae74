/**
 * A decision: why a choice was needed, the options, what was chosen at what cost, and who owns
 * what follows. Pure rules: what a well-formed decision is, how its status may change, what
 * changed between two versions, what its input amounts to. Nothing here reads the clock.
 */

/** `proposed` and `accepted` when logged; later `superseded` (by another decision) or `reversed`. */
export const DECISION_STATUSES = ['proposed', 'accepted', 'superseded', 'reversed'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** The statuses a decision may be logged with. */
export const LOGGED_STATUSES = ['proposed', 'accepted'] as const;
export type LoggedStatus = (typeof LOGGED_STATUSES)[number];

/** Still in force: it can be edited, superseded or reversed. */
export function isCurrent(status: DecisionStatus): boolean {
  return status === 'proposed' || status === 'accepted';
}

export interface DecisionOption {
  name: string;
  /** What speaks for it. */
  pros: string;
  /** What speaks against it. */
  cons: string;
}

export interface FollowUpDraft {
  text: string;
  ownerId: string;
  /** A local date, `YYYY-MM-DD`, or null. */
  dueOn: string | null;
}

/** What a person writes in the decision form, checked. */
export interface DecisionDraft {
  title: string;
  why: string;
  options: DecisionOption[];
  chosen: string;
  tradeOff: string;
  ownerIds: string[];
  consultedIds: string[];
  followUps: FollowUpDraft[];
  status: LoggedStatus;
  /** A local date, `YYYY-MM-DD`, or null. */
  revisitOn: string | null;
}

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
} as const;

/** Checks an objection's reason, a comment, or why a decision is reversed. */
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

// ---------------------------------------------------------------- status

/** How a decision's status may change, and by which act. */
const NEXT: Record<DecisionStatus, readonly DecisionStatus[]> = {
  proposed: ['accepted', 'superseded', 'reversed'],
  accepted: ['superseded', 'reversed'],
  superseded: [],
  reversed: [],
};

export function canBecome(from: DecisionStatus, to: DecisionStatus): boolean {
  return NEXT[from].includes(to);
}

// ---------------------------------------------------------------- revisions

/** The parts of a decision an edit may change. */
export interface DecisionContent {
  title: string;
  why: string;
  options: DecisionOption[];
  chosen: string;
  tradeOff: string;
  ownerIds: string[];
  consultedIds: string[];
  followUps: FollowUpDraft[];
  revisitOn: string | null;
}

export interface FieldChange {
  field: keyof DecisionContent;
  /** The value before and after, as text a person can read (people as `<@U…>`). */
  before: string;
  after: string;
}

const FIELD_ORDER: (keyof DecisionContent)[] = [
  'title',
  'why',
  'options',
  'chosen',
  'tradeOff',
  'ownerIds',
  'consultedIds',
  'followUps',
  'revisitOn',
];

/** What changed between two versions, field by field, each as readable text. */
export function diffDecision(before: DecisionContent, after: DecisionContent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELD_ORDER) {
    const was = describeField(before, field);
    const now = describeField(after, field);
    if (was !== now) changes.push({ field, before: was, after: now });
  }
  return changes;
}

/** One field of a decision as text, the way revisions record it. */
export function describeField(content: DecisionContent, field: keyof DecisionContent): string {
  switch (field) {
    case 'options':
      return content.options
        .map((o, i) => {
          const parts = [`${i + 1}. ${o.name}`];
          if (o.pros) parts.push(`for: ${o.pros}`);
          if (o.cons) parts.push(`against: ${o.cons}`);
          return parts.join('; ');
        })
        .join('\n');
    case 'ownerIds':
    case 'consultedIds':
      return [...content[field]]
        .sort()
        .map((id) => `<@${id}>`)
        .join(', ');
    case 'followUps':
      return content.followUps
        .map((f) => `${f.text} (<@${f.ownerId}>${f.dueOn ? `, due ${f.dueOn}` : ''})`)
        .join('\n');
    case 'revisitOn':
      return content.revisitOn ?? '';
    default:
      return content[field];
  }
}

/** What a person sees as the field's name in a revision. */
export const FIELD_LABELS: Record<keyof DecisionContent, string> = {
  title: 'title',
  why: 'why',
  options: 'options',
  chosen: 'chosen option',
  tradeOff: 'trade-off',
  ownerIds: 'owners',
  consultedIds: 'people consulted',
  followUps: 'follow-ups',
  revisitOn: 'revisit date',
};

/** How each kind of revision reads in a decision's history. */
const REVISION_LABELS: Record<string, string> = {
  logged: 'logged',
  edited: 'edited',
  accepted: 'accepted',
  superseded: 'superseded',
  reversed: 'reversed',
  confirmed: 'confirmed it still stands',
  follow_up_done: 'follow-up done',
};

export function revisionLabel(change: string): string {
  return REVISION_LABELS[change] ?? change.replace(/_/g, ' ');
}

// ---------------------------------------------------------------- input

export type InputKind = 'agree' | 'object' | 'comment';

export interface DecisionInput {
  id: number;
  userId: string;
  kind: InputKind;
  text: string;
  createdAt: number;
}

export interface InputSummary {
  /** Whose latest stance is agreement, in the order they agreed. */
  agreed: string[];
  /** Whose latest stance is an objection, with its reason. */
  objections: DecisionInput[];
  comments: DecisionInput[];
}

/**
 * Where everyone stands: a person's latest Agree or Object counts (objecting after agreeing
 * withdraws the agreement); every comment is kept.
 */
export function summarizeInput(inputs: readonly DecisionInput[]): InputSummary {
  const stance = new Map<string, DecisionInput>();
  const comments: DecisionInput[] = [];
  for (const input of [...inputs].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    if (input.kind === 'comment') comments.push(input);
    else {
      stance.delete(input.userId);
      stance.set(input.userId, input);
    }
  }
  const stances = [...stance.values()];
  return {
    agreed: stances.filter((s) => s.kind === 'agree').map((s) => s.userId),
    objections: stances.filter((s) => s.kind === 'object'),
    comments,
  };
}

// ---------------------------------------------------------------- files

/**
 * A stable file name for the decision's exported record: its number, then its title in
 * lower-case ASCII words (`0007-use-postgres-for-billing.md`), as ADR tools name them.
 */
export function decisionFileName(id: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return `${String(id).padStart(4, '0')}-${slug || 'decision'}.md`;
}

/** The number a file name made by decisionFileName starts with. */
export function decisionIdOfFile(fileName: string): number | undefined {
  const match = /^(\d{4,})-[a-z0-9-]*\.md$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

// ---------------------------------------------------------------- queue keys

/** Every input item of a decision, for all its owners. */
export const decisionInputPrefix = (decisionId: number) => `decision-input:${decisionId}:`;
/** The input items of one owner for one decision: at most one is open at a time. */
export const ownerInputPrefix = (decisionId: number, ownerId: string) =>
  `${decisionInputPrefix(decisionId)}${ownerId}:`;
export const followUpItemKey = (followUpId: number) => `decision-follow-up:${followUpId}`;
export const revisitPrefix = (decisionId: number) => `decision-revisit:${decisionId}:`;
export const revisitItemKey = (decisionId: number, revisitOn: string, ownerId: string) =>
  `${revisitPrefix(decisionId)}${revisitOn}:${ownerId}`;
