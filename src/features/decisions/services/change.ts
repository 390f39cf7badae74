import { scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { SilentReviewer } from '../../../core/domain/review.js';
import { maySeeConversation } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { requireMember } from '../../../core/services/people.js';
import { acceptReview, latestReviewOf } from '../../../core/services/reviews.js';
import type { DecisionsContext } from '../context.js';
import {
  type DecisionContent,
  type DecisionStatus,
  type FollowUpDraft,
  mayBeReinstated,
} from '../domain/decision.js';
import {
  checkDecisionDraft,
  checkRemark,
  chosenOption,
  type RawDecisionDraft,
} from '../domain/draft.js';
import { diffDecision, type FieldChange } from '../domain/revisions.js';
import type { Decision, FollowUp } from '../store/decision-repository.js';
import { authorizeDecision } from './authorization.js';
import { syncDecisionDocument } from './document.js';
import {
  cancelFollowUp,
  closeDecisionItems,
  deliveredItemsOf,
  scheduleFollowUps,
  settleOwnerLeftItems,
  tellCoOwners,
  tellInformed,
} from './items.js';
import { checkPeople, InvalidDecision, localDateText } from './log.js';
import { closeDecisionReview, DECISION_REVIEW_KIND } from './review.js';

/** A change to a decision, and what of Slack must follow it. */
export interface Changed {
  decision: Decision;
  /** What the change did to its fields (an edit); empty for a change of status. */
  changes: FieldChange[];
  /** Delivered items closed or changed on the way (or showing what an edit changed), whose messages should be updated. */
  closed: QueueItem[];
}

const CHANGED_MEANWHILE =
  'Someone changed that decision a moment ago. Look at it again, then retry.';

/**
 * An owner accepts a proposed decision: its follow-ups go to their owners' queues. A decision
 * in review is accepted through its review: refused while a concern is open, or while
 * reviewers who have not answered still have time (those who left the workspace are not
 * waited for); `silent` names who never answered.
 */
export function acceptDecision(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
): Changed & { silent: SilentReviewer[]; reviewed: boolean } {
  const decision = authorizeDecision(ctx, userId, decisionId, 'accept');
  const review =
    decision.status === 'in_review'
      ? latestReviewOf(ctx, DECISION_REVIEW_KIND, decisionId)
      : undefined;
  if (review?.state === 'open') {
    // Reviewers who left the workspace will never answer: the decision does not wait for them.
    const waitsOnSomeone = ctx.reviews
      .reviewersOf(review.id)
      .some((r) => r.state === 'pending' && ctx.members.get(r.memberId)?.deleted !== true);
    const result = acceptReview(ctx, {
      reviewId: review.id,
      userId,
      proceed: !waitsOnSomeone,
    });
    if (!result.accepted) {
      throw new UserFacingError(
        (naming) =>
          `Not everyone has answered yet (${result.silent.map((s) => naming.person(s.memberId)).join(', ')}): it can be accepted once they have, or when the review’s window ends (its message shows when, in your time).`,
      );
    }
    // The review's change has accepted the decision (see review-subject.ts), unless it failed.
    const done = completeAcceptance(ctx, decisionId, userId);
    const accepted = done?.decision ?? ctx.decisions.get(decisionId);
    if (accepted?.status !== 'accepted') throw new UserFacingError(CHANGED_MEANWHILE);
    return {
      decision: accepted,
      changes: [],
      closed: done?.closed ?? [],
      silent: result.silent,
      reviewed: true,
    };
  }
  const done = completeAcceptance(ctx, decisionId, userId, ['proposed', 'in_review']);
  if (!done) throw new UserFacingError(CHANGED_MEANWHILE);
  return { ...done, changes: [], silent: [], reviewed: false };
}

/**
 * The decision becomes accepted, if it is still in one of `from`: a revision, its follow-ups
 * queued, the people it informs told. Undefined when it was not (accepted already, say).
 */
export function completeAcceptance(
  ctx: DecisionsContext,
  decisionId: number,
  userId: string,
  from: readonly DecisionStatus[] = ['in_review'],
): { decision: Decision; closed: QueueItem[] } | undefined {
  const now = ctx.clock();
  const accepted = ctx.decisions.update(
    decisionId,
    { status: 'accepted', decidedAt: now },
    now,
    from,
  );
  if (!accepted) return undefined;
  ctx.decisions.addRevision(decisionId, userId, 'accepted', [], null, now);
  syncDecisionDocument(ctx, accepted, now);
  scheduleFollowUps(ctx, accepted);
  tellInformed(ctx, accepted, 'accepted', userId);
  const closed = closeDecisionItems(ctx, decisionId, ['input']);
  return { decision: accepted, closed };
}

/** How an owner ends a decision, each with a reason: the act, its new status, its remark. */
const ENDINGS = {
  reject: { status: 'rejected', remark: 'rejection', review: 'rejected' },
  deprecate: { status: 'deprecated', remark: 'deprecation', review: 'withdrawn' },
  reverse: { status: 'reversed', remark: 'reversal', review: 'reversed' },
} as const;

export type Ending = keyof typeof ENDINGS;

/** A decision ended, and the one it had superseded when that one is current again. */
export interface Ended extends Changed {
  reinstated: Decision | undefined;
}

/**
 * An owner ends a decision, saying why: rejects a proposal, or deprecates or reverses an
 * accepted decision. Its open follow-ups are cancelled. Reversing the decision that superseded
 * another asks whether that earlier one is current again (`earlierIsCurrent`): if so it is
 * accepted again, otherwise it stays superseded by a reversed decision.
 */
export function endDecision(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
  ending: Ending,
  reason: string,
  earlierIsCurrent?: boolean,
): Ended {
  const decision = authorizeDecision(ctx, userId, decisionId, ending);
  const { status, remark, review } = ENDINGS[ending];
  const checked = checkRemark(reason, remark);
  if (!checked.ok) throw new UserFacingError(checked.problem);
  const earlier = ending === 'reverse' ? reinstatableEarlier(ctx, decision) : undefined;
  if (earlier && earlierIsCurrent === undefined) {
    throw new UserFacingError(
      `Say whether “${earlier.title}”, which this decision superseded, is current again.`,
    );
  }
  const now = ctx.clock();
  const ended = ctx.decisions.update(decisionId, { status }, now, [decision.status]);
  if (!ended) throw new UserFacingError(CHANGED_MEANWHILE);
  ctx.decisions.addRevision(decisionId, userId, status, [], checked.text, now);
  if (decision.status === 'in_review') closeDecisionReview(ctx, decisionId, review);
  const closed = closeDecisionItems(ctx, decisionId, ['input', 'revisit']);
  for (const followUp of ctx.decisions.followUps(decisionId)) {
    if (followUp.state !== 'open') continue;
    const item = cancelFollowUp(ctx, followUp, userId);
    if (item) closed.push(item);
  }
  closed.push(...settleOwnerLeftItems(ctx, decisionId, now));
  syncDecisionDocument(ctx, ended, now);
  if (status === 'rejected' || status === 'reversed') tellInformed(ctx, ended, status, userId);
  const reinstated =
    earlier && earlierIsCurrent ? reinstate(ctx, earlier, ended, userId, now) : undefined;
  if (earlier && !earlierIsCurrent) syncDecisionDocument(ctx, earlier, now);
  return { decision: ended, changes: [], closed, reinstated };
}

/** An owner reverses a decision, saying why (see endDecision). */
export function reverseDecision(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
  reason: string,
  earlierIsCurrent?: boolean,
): Ended {
  return endDecision(ctx, userId, decisionId, 'reverse', reason, earlierIsCurrent);
}

/** The decision this one superseded, while it still reads as superseded by it. */
export function reinstatableEarlier(
  ctx: Pick<DecisionsContext, 'decisions'>,
  decision: Decision,
): Decision | undefined {
  if (decision.supersedesId === null) return undefined;
  const earlier = ctx.decisions.get(decision.supersedesId);
  return earlier && earlier.status === 'superseded' && earlier.supersededById === decision.id
    ? earlier
    : undefined;
}

/** The earlier decision is current again: accepted, no longer superseded, with a revision saying why. */
function reinstate(
  ctx: DecisionsContext,
  earlier: Decision,
  reversed: Decision,
  userId: string,
  now: number,
): Decision | undefined {
  if (!mayBeReinstated(earlier, reversed)) return undefined;
  const current = ctx.decisions.update(
    earlier.id,
    { status: 'accepted', supersededById: null, decidedAt: earlier.decidedAt ?? now },
    now,
    ['superseded'],
  );
  if (!current) return undefined;
  ctx.decisions.addRevision(
    earlier.id,
    userId,
    'reinstated',
    [],
    `the decision that superseded it was reversed: ${reversed.title}`,
    now,
  );
  syncDecisionDocument(ctx, current, now);
  return current;
}

/** At its revisit date, an owner confirms the decision stands. */
export function confirmDecision(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
): Changed {
  const decision = authorizeDecision(ctx, userId, decisionId, 'edit');
  const now = ctx.clock();
  ctx.decisions.addRevision(
    decisionId,
    userId,
    'confirmed',
    [],
    decision.revisitOn ? `on revisiting it (${decision.revisitOn})` : null,
    now,
  );
  const closed = closeDecisionItems(ctx, decisionId, ['revisit']);
  return { decision: ctx.decisions.get(decisionId) ?? decision, changes: [], closed };
}

/** The decision's editable content, with its open follow-ups (done ones are history). */
export function contentOf(ctx: Pick<DecisionsContext, 'decisions'>, decision: Decision) {
  const followUps = ctx.decisions.followUps(decision.id).filter((f) => f.state === 'open');
  const content: DecisionContent = {
    title: decision.title,
    why: decision.why,
    options: decision.options,
    chosen: decision.chosen,
    chosenBecause: decision.chosenBecause,
    tradeOff: decision.tradeOff,
    drivers: decision.drivers,
    goodConsequences: decision.goodConsequences,
    badConsequences: decision.badConsequences,
    confirmation: decision.confirmation,
    tags: decision.tags,
    ownerIds: decision.ownerIds,
    consultedIds: decision.consultedIds,
    followUps: followUps.map(({ text, ownerId, dueOn }) => ({ text, ownerId, dueOn })),
    revisitOn: decision.revisitOn,
  };
  return { content, followUps };
}

/**
 * An owner edits a decision: every field is checked as when it was logged; what changed is
 * kept as a revision (who, when, each field before and after). Its conversation and status do
 * not change here. `person` names people in the revision, as the history shows them.
 */
export function editDecision(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
  raw: RawDecisionDraft,
  person: (userId: string) => string,
): Changed {
  const decision = authorizeDecision(ctx, userId, decisionId, 'edit');
  const editor = requireMember(ctx, userId);
  const now = ctx.clock();
  const zone = scheduleOf(editor, ctx.settings.defaultTimeZone).hours.timeZone;
  const revisitChanged = (raw.revisitOn?.trim() || null) !== decision.revisitOn;
  const checked = checkDecisionDraft(
    // Reviewers are named when it is logged: an edit keeps its review as it is.
    // A form without the trade-off (decisions logged with consequences) keeps it as it is.
    {
      ...keepUnshown(raw, decision),
      reviewerIds: [],
      status: decision.status === 'in_review' ? 'proposed' : decision.status,
    },
    {
      today: revisitChanged ? localDateText(now, zone) : undefined,
      // Only a choice logged before it had to be one of the options is kept as written.
      keptChosen:
        chosenOption(decision.chosen, decision.options) === undefined ? decision.chosen : undefined,
    },
  );
  if (!checked.ok) throw new InvalidDecision(checked.errors);
  const problems = checkPeople(ctx, checked.draft, decision.channelId, checked.followUpRows);
  if (Object.keys(problems).length > 0) throw new InvalidDecision({}, problems);

  const { draft } = checked;
  const before = contentOf(ctx, decision);
  const after: DecisionContent = {
    title: draft.title,
    why: draft.why,
    options: draft.options,
    chosen: draft.chosen,
    chosenBecause: draft.chosenBecause,
    tradeOff: draft.tradeOff,
    drivers: draft.drivers,
    goodConsequences: draft.goodConsequences,
    badConsequences: draft.badConsequences,
    confirmation: draft.confirmation,
    tags: draft.tags,
    ownerIds: draft.ownerIds,
    consultedIds: draft.consultedIds,
    followUps: draft.followUps,
    revisitOn: draft.revisitOn,
  };
  const changes = diffDecision(before.content, after, person);
  const informedChanged =
    [...draft.informedIds].sort().join() !== [...decision.informedIds].sort().join();
  if (informedChanged) ctx.decisions.setInformed(decisionId, draft.informedIds);
  if (changes.length === 0) {
    return { decision: ctx.decisions.get(decisionId) ?? decision, changes, closed: [] };
  }

  const updated = ctx.decisions.update(
    decisionId,
    {
      title: draft.title,
      why: draft.why,
      options: draft.options,
      chosen: draft.chosen,
      chosenBecause: draft.chosenBecause,
      tradeOff: draft.tradeOff,
      drivers: draft.drivers,
      goodConsequences: draft.goodConsequences,
      badConsequences: draft.badConsequences,
      confirmation: draft.confirmation,
      revisitOn: draft.revisitOn,
    },
    now,
    [decision.status],
  );
  if (!updated) throw new UserFacingError(CHANGED_MEANWHILE);
  ctx.decisions.setPeople(decisionId, draft.ownerIds, draft.consultedIds);
  if (draft.tags.join() !== decision.tags.join()) ctx.decisions.setTags(decisionId, draft.tags);
  const closed = reconcileFollowUps(ctx, decisionId, before.followUps, draft.followUps, userId);
  if (revisitChanged) closed.push(...closeDecisionItems(ctx, decisionId, ['revisit']));
  ctx.decisions.addRevision(decisionId, userId, 'edited', changes, null, now);
  const edited = ctx.decisions.get(decisionId) ?? updated;
  syncDecisionDocument(ctx, edited, now);
  if (edited.status === 'accepted') scheduleFollowUps(ctx, edited);
  else tellCoOwners(ctx, edited);
  // The DMs already sent about it show it as edited (its title, its tasks).
  const shown = new Set(closed.map((item) => item.id));
  closed.push(...deliveredItemsOf(ctx, decisionId).filter((item) => !shown.has(item.id)));
  return { decision: edited, changes, closed };
}

/**
 * The form as the edit means it: a field the form did not show (the trade-off of a decision
 * logged with consequences, the optional fields before "More fields") keeps its value.
 */
function keepUnshown(raw: RawDecisionDraft, decision: Decision): RawDecisionDraft {
  const kept = <T>(value: T | undefined, current: T) => (value === undefined ? current : value);
  return {
    ...raw,
    tradeOff: kept(raw.tradeOff, decision.tradeOff),
    drivers: kept(raw.drivers, decision.drivers),
    goodConsequences: kept(raw.goodConsequences, decision.goodConsequences),
    badConsequences: kept(raw.badConsequences, decision.badConsequences),
    confirmation: kept(raw.confirmation, decision.confirmation),
    tags: kept(raw.tags, decision.tags),
    options: raw.options?.map((option) => ({
      ...option,
      neutral: kept(
        option.neutral,
        decision.options.find((o) => o.name === option.name?.trim())?.neutral ?? '',
      ),
    })),
  };
}

/**
 * Keeps each open follow-up the edit left as it was (same text, owner and due date), adds the
 * new ones and cancels the rest, taking their items out of their owners' queues.
 */
function reconcileFollowUps(
  ctx: DecisionsContext,
  decisionId: number,
  open: readonly FollowUp[],
  wanted: readonly FollowUpDraft[],
  userId: string,
): QueueItem[] {
  const kept = new Set<number>();
  const offset = ctx.decisions.followUps(decisionId).length;
  wanted.forEach((draft, position) => {
    const same = open.find(
      (f) =>
        !kept.has(f.id) &&
        f.text === draft.text &&
        f.ownerId === draft.ownerId &&
        f.dueOn === draft.dueOn,
    );
    if (same) {
      kept.add(same.id);
      ctx.decisions.setFollowUpPosition(same.id, offset + position);
    } else {
      ctx.decisions.addFollowUp(decisionId, offset + position, draft);
    }
  });
  const closed: QueueItem[] = [];
  for (const followUp of open) {
    if (kept.has(followUp.id)) continue;
    const item = cancelFollowUp(ctx, followUp, userId);
    if (item) closed.push(item);
  }
  // A follow-up whose owner left, given a new owner in the form: nobody is asked any more.
  closed.push(...settleOwnerLeftItems(ctx, decisionId, ctx.clock()));
  return closed;
}

/** The decision's message is in its channel now. */
export function recordPosted(
  ctx: DecisionsContext,
  decisionId: number,
  posted: { ts: string; permalink: string | null },
): Decision | undefined {
  const now = ctx.clock();
  const decision = ctx.decisions.update(
    decisionId,
    { messageTs: posted.ts, permalink: posted.permalink, postProblem: null },
    now,
  );
  if (decision) syncDecisionDocument(ctx, decision, now);
  return decision;
}

/** Slack would not take the decision's message (Mailroom is not in the channel, say). */
export function recordPostProblem(
  ctx: DecisionsContext,
  decisionId: number,
  problem: string,
): void {
  ctx.decisions.update(decisionId, { postProblem: problem }, ctx.clock());
}

/**
 * "Post it now", after a decision could not be posted: its owners only, and only while it is
 * not in its channel yet.
 */
export function authorizeRepost(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
): Decision {
  const decision = authorizeDecision(ctx, userId, decisionId, 'edit');
  if (decision.channelId === null) {
    throw new UserFacingError(
      'That decision is kept for its owners and the people consulted: it is not posted anywhere.',
    );
  }
  if (decision.messageTs !== null) throw new UserFacingError('That decision is already posted.');
  return decision;
}

/**
 * Keeps the message a decision was logged from: its thread's link, and what it says when the
 * decision's readers may read it anyway (it comes from a public channel, or from the
 * decision's own conversation). Only for someone who may read that message's conversation.
 */
export function recordContext(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
  source: { channelId: string; permalink: string | null; text: string | null },
): Decision | undefined {
  if (!maySeeConversation(ctx, userId, source.channelId)) return undefined;
  const decision = ctx.decisions.get(decisionId);
  if (!decision) return undefined;
  const channel = ctx.channels.get(source.channelId);
  const sharesReaders =
    decision.channelId === source.channelId ||
    (channel !== undefined && !channel.isPrivate && !channel.isIm);
  return ctx.decisions.update(
    decisionId,
    { contextPermalink: source.permalink, contextText: sharesReaders ? source.text : null },
    ctx.clock(),
  );
}
