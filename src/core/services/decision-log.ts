import type { Words } from './naming.js';

/**
 * The port through which a capability has a choice it made logged as a decision, without
 * knowing the decisions capability: the decisions capability registers the one log when the
 * context is built, and a plan's accepted how calls it. The decision is logged as its owner,
 * in its channel, and names where it came from; the caller keeps the id it gets back and asks
 * `describe` for the decision's title and link when it shows it.
 */
export interface DecisionOption {
  name: string;
  /** What speaks for it, against it, and what weighs neither way; empty when nothing. */
  pros: string;
  cons: string;
  neutral: string;
}

export interface DecisionToLog {
  /** Who owns and logs it: they must be able to see the channel. */
  ownerId: string;
  channelId: string;
  title: string;
  why: string;
  options: readonly DecisionOption[];
  /** The name of the option chosen, one of `options`. */
  chosen: string;
  chosenBecause: string;
  tradeOff: string;
  /** Where it was decided: a link to it, and the words that name it ("the plan …, how revision 2"). */
  origin: { link: string | null; channelId: string; ts: string | null; text: string };
  /** The decision this one replaces: it becomes superseded by the new one. */
  supersedesId?: number | undefined;
}

export type LoggedDecision = { ok: true; decisionId: number } | { ok: false; problem: Words };

export interface DecisionLog {
  /** Logs the decision, accepted, and posts it in its channel; a problem is said in words. */
  log(decision: DecisionToLog): LoggedDecision;
  /** Its title, status and link, once posted; undefined once it is gone. */
  describe(decisionId: number): { title: string; status: string; link: string | null } | undefined;
}
