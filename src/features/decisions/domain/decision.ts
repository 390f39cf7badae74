/**
 * A decision: why a choice was needed, the options, what was chosen at what cost, and who owns
 * what follows. Pure rules: its fields, how its status may change, and the keys of its queue
 * items. Nothing here reads the clock.
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
  /** A local date, `YYYY-MM-DD`, or null. */
  revisitOn: string | null;
}

/** What a person writes in the decision form, checked: the content, and the status it is logged with. */
export interface DecisionDraft extends DecisionContent {
  status: LoggedStatus;
}

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
