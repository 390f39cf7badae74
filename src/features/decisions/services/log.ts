import { toLocal } from '../../../core/domain/local-time.js';
import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { requireMember } from '../../../core/services/people.js';
import type { StartedReview } from '../../../core/services/reviews.js';
import type { DecisionsContext } from '../context.js';
import type { DecisionDraft } from '../domain/decision.js';
import { checkDecisionDraft, DECISION_FIELDS, type RawDecisionDraft } from '../domain/draft.js';
import type { Decision } from '../store/decision-repository.js';
import { authorizeDecision, mayTakePart } from './authorization.js';
import { syncDecisionDocument } from './document.js';
import {
  cancelFollowUp,
  closeDecisionItems,
  scheduleFollowUps,
  settleOwnerLeftItems,
  tellCoOwners,
  tellInformed,
} from './items.js';
import { closeDecisionReview, deactivatedOf, startDecisionReview } from './review.js';

/** Someone a decision cannot name: not a current member, or unable to see its conversation. */
export interface UnnameablePerson {
  userId: string;
  reason: 'not_a_member' | 'outside_conversation';
}

/**
 * A decision form that cannot be saved, field by field (fields as DECISION_FIELDS names them):
 * problems in words, and the people it cannot name, whom the Slack side names in its words.
 */
export class InvalidDecision extends UserFacingError {
  constructor(
    readonly fields: Record<string, string>,
    readonly people: Record<string, UnnameablePerson> = {},
  ) {
    super(Object.values(fields).join(' ') || 'Someone the decision names can’t be named in it.');
    this.name = 'InvalidDecision';
  }
}

export interface DecisionContext {
  channelId: string;
  /** Null when it names no message of its own (a plan's stage not posted yet). */
  ts: string | null;
  permalink: string | null;
  text: string | null;
}

export interface LogDecisionInput {
  userId: string;
  draft: RawDecisionDraft;
  /** The conversation it belongs to, or null: kept for its owners and the people consulted. */
  channelId: string | null;
  /** The decision it replaces (its owners only); the new one belongs to the same conversation. */
  supersedesId?: number | undefined;
  /** The message it was logged from. */
  context?: DecisionContext | null | undefined;
}

export interface Logged {
  decision: Decision;
  /** The decision it replaced, now superseded. */
  superseded: Decision | undefined;
  /** Items closed on the way whose messages should be updated. */
  closed: QueueItem[];
  /** Its review, when it was logged with reviewers. */
  review: StartedReview | undefined;
  /** Reviewers named whose accounts are deactivated: left out, for the owner to hear. */
  skipped: string[];
}

export const NOT_YOUR_CONVERSATION =
  'I can’t log a decision there: I don’t know that you are in that conversation. If it is a private channel, invite Mailroom to it (`/invite @Mailroom`) and try again.';

/**
 * Logs a decision: checked field by field (nothing is saved when something is wrong), saved
 * with a first revision, written to the knowledge base. Accepted: its follow-ups go to their
 * owners' queues. Proposed: co-owners are told it awaits them. Replacing another decision, that
 * one becomes superseded and points to this one.
 */
export function logDecision(ctx: DecisionsContext, input: LogDecisionInput): Logged {
  const author = requireMember(ctx, input.userId);
  const now = ctx.clock();
  const zone = scheduleOf(author, ctx.settings.defaultTimeZone).hours.timeZone;
  const checked = checkDecisionDraft(input.draft, localDateText(now, zone));
  if (!checked.ok) throw new InvalidDecision(checked.errors);
  const replaced =
    input.supersedesId === undefined
      ? undefined
      : authorizeDecision(ctx, input.userId, input.supersedesId, 'supersede');
  const channelId = replaced ? replaced.channelId : input.channelId;
  if (!mayTakePart(ctx, input.userId, channelId)) throw new UserFacingError(NOT_YOUR_CONVERSATION);
  const problems = checkPeople(ctx, checked.draft, channelId, checked.followUpRows);
  if (Object.keys(problems).length > 0) throw new InvalidDecision({}, problems);

  const { draft } = checked;
  const skipped = deactivatedOf(ctx, draft.reviewerIds);
  const reviewerIds = draft.reviewerIds.filter((id) => !skipped.includes(id));
  const status = reviewerIds.length > 0 ? 'in_review' : draft.status;
  let decision = ctx.decisions.create(
    {
      ...draft,
      status,
      consultedIds: [...new Set([...draft.consultedIds, ...reviewerIds])],
      loggedBy: input.userId,
      channelId,
      supersedesId: replaced?.id ?? null,
      context: input.context ?? null,
    },
    now,
  );
  const closed: QueueItem[] = [];
  let superseded: Decision | undefined;
  if (replaced) {
    const result = markSuperseded(ctx, replaced, decision, input.userId);
    superseded = result.decision;
    closed.push(...result.closed);
  }
  const review =
    reviewerIds.length > 0
      ? startDecisionReview(ctx, decision, {
          ownerId: input.userId,
          reviewerIds,
          informedIds: draft.informedIds,
          hours: draft.reviewHours,
        })
      : undefined;
  syncDecisionDocument(ctx, decision, now);
  if (superseded) syncDecisionDocument(ctx, superseded, now);
  decision = ctx.decisions.get(decision.id) ?? decision;
  if (decision.status === 'accepted') scheduleFollowUps(ctx, decision);
  else tellCoOwners(ctx, decision);
  return { decision, superseded, closed, review, skipped };
}

function markSuperseded(
  ctx: DecisionsContext,
  old: Decision,
  by: Decision,
  userId: string,
): { decision: Decision; closed: QueueItem[] } {
  const now = ctx.clock();
  const updated = ctx.decisions.update(
    old.id,
    { status: 'superseded', supersededById: by.id },
    now,
    ['proposed', 'in_review', 'accepted'],
  );
  if (!updated) throw new UserFacingError('That decision was changed in the meantime.');
  ctx.decisions.addRevision(old.id, userId, 'superseded', [], `by the decision “${by.title}”`, now);
  if (old.status === 'in_review') closeDecisionReview(ctx, old.id, 'superseded');
  tellInformed(ctx, updated, 'superseded', userId);
  const closed = closeDecisionItems(ctx, old.id, ['input', 'revisit']);
  for (const followUp of ctx.decisions.followUps(old.id)) {
    if (followUp.state !== 'open') continue;
    const item = cancelFollowUp(ctx, followUp, userId);
    if (item) closed.push(item);
  }
  closed.push(...settleOwnerLeftItems(ctx, old.id, now));
  return { decision: updated, closed };
}

/**
 * Everyone a decision names must be someone Mailroom can reach and, for a decision that belongs
 * to a conversation, someone who may see that conversation: naming a person shows them the
 * decision, so naming cannot carry a private channel's decision outside it.
 */
export function checkPeople(
  ctx: DecisionsContext,
  draft: Pick<DecisionDraft, 'ownerIds' | 'consultedIds' | 'followUps'> &
    Partial<Pick<DecisionDraft, 'reviewerIds' | 'informedIds'>>,
  channelId: string | null,
  followUpRows: readonly number[],
): Record<string, UnnameablePerson> {
  const problems: Record<string, UnnameablePerson> = {};
  const problemWith = (userId: string): UnnameablePerson | undefined => {
    const member = ctx.members.get(userId);
    if (!member || !canReceive(member)) return { userId, reason: 'not_a_member' };
    if (!mayTakePart(ctx, userId, channelId)) return { userId, reason: 'outside_conversation' };
    return undefined;
  };
  const firstProblem = (ids: readonly string[]) =>
    ids.map(problemWith).find((problem) => problem !== undefined);
  const owners = firstProblem(draft.ownerIds);
  if (owners) problems[DECISION_FIELDS.owners] = owners;
  const consulted = firstProblem(draft.consultedIds);
  if (consulted) problems[DECISION_FIELDS.consulted] = consulted;
  const informed = firstProblem(draft.informedIds ?? []);
  if (informed) problems[DECISION_FIELDS.informed] = informed;
  // A deactivated reviewer is left out and the owner told; one who may not see it is refused.
  const reviewers = (draft.reviewerIds ?? [])
    .map((userId) => {
      const member = ctx.members.get(userId);
      if (!member || member.isBot) return { userId, reason: 'not_a_member' as const };
      if (!canReceive(member)) return undefined;
      return mayTakePart(ctx, userId, channelId)
        ? undefined
        : { userId, reason: 'outside_conversation' as const };
    })
    .find((problem) => problem !== undefined);
  if (reviewers) problems[DECISION_FIELDS.reviewers] = reviewers;
  draft.followUps.forEach((followUp, i) => {
    const problem = problemWith(followUp.ownerId);
    if (problem) problems[DECISION_FIELDS.followUpOwner(followUpRows[i] ?? i)] = problem;
  });
  return problems;
}

/** The local date at `now` in `zone`, as YYYY-MM-DD. */
export function localDateText(now: number, zone: string): string {
  const { year, month, day } = toLocal(now, zone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
