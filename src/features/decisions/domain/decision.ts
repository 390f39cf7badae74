/**
 * A decision: why a choice was needed, the options, what was chosen at what cost, and who owns
 * what follows. Pure rules: its fields, how its status may change, and the keys of its queue
 * items. Nothing here reads the clock.
 */

/**
 * `proposed` and `accepted` when logged, or `in_review` when logged with reviewers: it is then
 * accepted or rejected by its owners once the review allows. A proposal is then accepted, `rejected` (declined) or
 * superseded; an accepted decision may later be `superseded` (by another decision),
 * `deprecated` (no longer to follow, with a reason) or `reversed` (taken back, with a reason).
 */
export const DECISION_STATUSES = [
  'proposed',
  'in_review',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
  'reversed',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** The statuses a decision may be logged with. */
export const LOGGED_STATUSES = ['proposed', 'accepted'] as const;
export type LoggedStatus = (typeof LOGGED_STATUSES)[number];

/** Still in force: it can be edited, superseded or reversed. */
export function isCurrent(status: DecisionStatus): boolean {
  return status === 'proposed' || status === 'in_review' || status === 'accepted';
}

/** Not yet decided: a proposal, or a decision whose reviewers are being consulted. */
export function isOpenProposal(status: DecisionStatus): boolean {
  return status === 'proposed' || status === 'in_review';
}

export interface DecisionOption {
  name: string;
  /** What speaks for it ("Good, because…"). */
  pros: string;
  /** What speaks against it ("Bad, because…"). */
  cons: string;
  /** What weighs neither for nor against it ("Neutral, because…"); absent from older decisions. */
  neutral?: string;
}

export interface FollowUpDraft {
  text: string;
  ownerId: string;
  /** A local date, `YYYY-MM-DD`, or null. */
  dueOn: string | null;
}

/** The parts of a decision an edit may change. */
export interface DecisionContent {
  title: string;
  why: string;
  options: DecisionOption[];
  chosen: string;
  /** Why that option was chosen: "Chosen option: …, because <this>". */
  chosenBecause: string;
  /** The trade-off accepted, as decisions logged before consequences were kept name it. */
  tradeOff: string;
  /** The forces and concerns the choice had to answer, one each. */
  drivers: string[];
  /** What follows from the choice, for better and for worse, one each. */
  goodConsequences: string[];
  badConsequences: string[];
  /** How compliance with the decision will be checked. */
  confirmation: string;
  /** Up to five single lower-case words, to filter by. */
  tags: string[];
  ownerIds: string[];
  consultedIds: string[];
  followUps: FollowUpDraft[];
  /** A local date, `YYYY-MM-DD`, or null. */
  revisitOn: string | null;
}

/** What a person writes in the decision form, checked: the content, and the status it is logged with. */
export interface DecisionDraft extends DecisionContent {
  status: LoggedStatus;
  /** The people asked to review it: with any, it is logged in review. */
  reviewerIds: string[];
  /** The people told when it is accepted, rejected, superseded or reversed. */
  informedIds: string[];
  /** Each reviewer's window, in their working hours. */
  reviewHours: number;
}

/**
 * The consequences a decision reads with: a trade-off accepted (kept as it was written) reads
 * as the first "Bad, because…", followed by the bad consequences named since.
 */
export function consequencesOf(
  decision: Pick<DecisionContent, 'tradeOff' | 'goodConsequences' | 'badConsequences'>,
): { good: string[]; bad: string[] } {
  const bad = decision.tradeOff
    ? [decision.tradeOff, ...decision.badConsequences.filter((c) => c !== decision.tradeOff)]
    : decision.badConsequences;
  return { good: decision.goodConsequences, bad };
}

/**
 * How the decision will be confirmed: what its owners wrote, and its revisit date as the moment
 * it is looked at again. Each part is a paragraph; none when neither was given.
 */
export function confirmationOf(
  decision: Pick<DecisionContent, 'confirmation' | 'revisitOn'>,
  dateLabel: (date: string) => string = (date) => date,
): string[] {
  const parts = decision.confirmation ? [decision.confirmation] : [];
  if (decision.revisitOn) parts.push(`Revisit by ${dateLabel(decision.revisitOn)}.`);
  return parts;
}

/** Ways people type the statuses, each to the status it names. */
const STATUS_WORDS: Record<string, DecisionStatus> = {
  proposed: 'proposed',
  'in-review': 'in_review',
  in_review: 'in_review',
  'in review': 'in_review',
  inreview: 'in_review',
  review: 'in_review',
  accepted: 'accepted',
  rejected: 'rejected',
  deprecated: 'deprecated',
  superseded: 'superseded',
  reversed: 'reversed',
};

/** The status a person typed (`in review`, `in-review`, `Accepted`…), or undefined. */
export function statusNamed(text: string): DecisionStatus | undefined {
  return STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, ' ')];
}

/** How a status is typed in a filter: `in-review`, `accepted`. */
export const statusWord = (status: DecisionStatus) => status.replace('_', '-');

/** How a decision's status may change, and by which act. */
const NEXT: Record<DecisionStatus, readonly DecisionStatus[]> = {
  proposed: ['accepted', 'rejected', 'superseded'],
  in_review: ['accepted', 'rejected', 'superseded'],
  accepted: ['superseded', 'deprecated', 'reversed'],
  rejected: [],
  deprecated: [],
  superseded: [],
  reversed: [],
};

export function canBecome(from: DecisionStatus, to: DecisionStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Whether a superseded decision may be current again because the decision that superseded it
 * was reversed: it becomes accepted again, if the person reversing says so.
 */
export function mayBeReinstated(
  earlier: { status: DecisionStatus; supersededById: number | null },
  reversed: { id: number; status: DecisionStatus },
): boolean {
  return (
    earlier.status === 'superseded' &&
    earlier.supersededById === reversed.id &&
    reversed.status === 'reversed'
  );
}

/**
 * Who is asked to name a new owner for the follow-ups of a decision whose owner left the
 * workspace: whoever logged the decision, while they can be asked; otherwise its owners who can
 * (those who may edit it). `canAsk` says whether someone is active and may see the decision.
 * Nobody, when none of them can: whoever takes the decision over is asked then.
 */
export function askedForNewOwner(
  decision: { loggedBy: string; ownerIds: readonly string[] },
  leaverId: string,
  canAsk: (memberId: string) => boolean,
): string[] {
  if (decision.loggedBy !== leaverId && canAsk(decision.loggedBy)) return [decision.loggedBy];
  return decision.ownerIds.filter((id) => id !== leaverId && canAsk(id));
}

// ---------------------------------------------------------------- queue keys

/** Every input item of a decision, for all its owners. */
export const decisionInputPrefix = (decisionId: number) => `decision-input:${decisionId}:`;
/** The input items of one owner for one decision: at most one is open at a time. */
export const ownerInputPrefix = (decisionId: number, ownerId: string) =>
  `${decisionInputPrefix(decisionId)}${ownerId}:`;
export const followUpItemKey = (followUpId: number) => `decision-follow-up:${followUpId}`;
/** Every item asking for new owners of a decision's follow-ups whose owner left. */
export const ownerLeftPrefix = (decisionId: number) =>
  `decision-follow-up-owner-left:${decisionId}:`;
/** One person's item asking for new owners of what one leaver owned on one decision. */
export const ownerLeftItemKey = (decisionId: number, leaverId: string, recipientId: string) =>
  `${ownerLeftPrefix(decisionId)}${leaverId}:${recipientId}`;
/** The owner's item saying a reviewer of the decision left mid-review. */
export const reviewerLeftItemKey = (decisionId: number, leaverId: string) =>
  `decision-reviewer-left:${decisionId}:${leaverId}`;
export const DECISION_OUTCOMES = ['accepted', 'rejected', 'superseded', 'reversed'] as const;
/** What the people a decision informs are told of. */
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const outcomeItemKey = (decisionId: number, outcome: DecisionOutcome, memberId: string) =>
  `decision-outcome:${decisionId}:${outcome}:${memberId}`;
export const revisitPrefix = (decisionId: number) => `decision-revisit:${decisionId}:`;
export const revisitItemKey = (decisionId: number, revisitOn: string, ownerId: string) =>
  `${revisitPrefix(decisionId)}${revisitOn}:${ownerId}`;
