import { viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { searchOf } from '../../../core/services/knowledge.js';
import type { DecisionsContext } from '../context.js';
import type { DecisionFilterText } from '../domain/filter.js';
import type { DecisionInput } from '../domain/input.js';
import type { Decision, DecisionFilter, FollowUp, Revision } from '../store/decision-repository.js';
import { mayOnDecision } from './authorization.js';
import { needsNewOwner } from './items.js';
import { type ReviewRecord, reviewOfDecision } from './review.js';

export interface FoundDecision {
  decision: Decision;
  /** The matching words, between SNIPPET_START and SNIPPET_END; empty in a list. */
  snippet: string;
  /** The decision that replaced it, when the person may see that one. */
  successor: Decision | undefined;
}

/** How many decisions a list or a search shows. */
export const FIND_LIMIT = 8;

/**
 * `/decision list`: the newest decisions of the conversation it is typed in that the person may
 * see; typed in a DM or a group DM, the ones kept for the people they name that name them.
 */
export function listDecisions(
  ctx: DecisionsContext,
  userId: string,
  place: { channelId: string; isDirect: boolean },
  filter?: Pick<DecisionFilterText, 'statuses' | 'tags'>,
): FoundDecision[] {
  const viewer = viewerOf(ctx, userId);
  const narrowed = filter && checkedFilter(ctx, userId, filter);
  const decisions = place.isDirect
    ? ctx.decisions.recentNaming(userId, FIND_LIMIT, narrowed)
    : ctx.decisions.recentIn(place.channelId, FIND_LIMIT, narrowed);
  return decisions
    .filter((decision) => mayOnDecision(ctx, viewer, decision, 'see'))
    .map((decision) => ({ decision, snippet: '', successor: successorOf(ctx, decision, userId) }));
}

/** The tags on decisions the person may see, each once, in order. */
export function visibleTags(ctx: DecisionsContext, userId: string): string[] {
  const viewer = viewerOf(ctx, userId);
  const seen = new Map<number, boolean>();
  const maySee = (id: number) => {
    if (!seen.has(id)) {
      const decision = ctx.decisions.get(id);
      seen.set(id, decision !== undefined && mayOnDecision(ctx, viewer, decision, 'see'));
    }
    return seen.get(id) === true;
  };
  return [...ctx.decisions.taggedDecisionIds()]
    .filter(([, ids]) => ids.some(maySee))
    .map(([tag]) => tag);
}

/**
 * The filter, once each tag it names is on a decision the person may see: a tag on no such
 * decision is refused, with the tags they can filter by (never those of decisions they may not
 * see), rather than answered with a silent empty list.
 */
function checkedFilter(
  ctx: DecisionsContext,
  userId: string,
  filter: Pick<DecisionFilterText, 'statuses' | 'tags'>,
): DecisionFilter {
  if (filter.tags.length > 0) {
    const known = visibleTags(ctx, userId);
    const unknown = filter.tags.find((tag) => !known.includes(tag));
    if (unknown !== undefined) {
      throw new UserFacingError(
        known.length === 0
          ? `No decision you can see is tagged “${unknown}”: none has tags yet. Tags are set in the decision form, under *More fields*.`
          : `No decision you can see is tagged “${unknown}”. Tags in use: ${known.slice(0, 40).join(', ')}.`,
      );
    }
  }
  return { statuses: filter.statuses, tags: filter.tags };
}

/**
 * `/decision search <text>`: decisions the person may see, best match first; a superseded one
 * comes after the one that replaced it.
 */
export async function searchDecisions(
  ctx: DecisionsContext,
  userId: string,
  text: string,
  filter?: Pick<DecisionFilterText, 'statuses' | 'tags'>,
): Promise<FoundDecision[]> {
  if (text.trim() === '') {
    throw new UserFacingError(
      filter && (filter.statuses.length > 0 || filter.tags.length > 0)
        ? 'What should I look for? Add some words, for example `/decision search database status:accepted`; or list this conversation’s decisions with `/decision list status:accepted`.'
        : 'What should I look for? For example: `/decision search database`',
    );
  }
  const narrowed = filter && checkedFilter(ctx, userId, filter);
  const statuses = narrowed?.statuses ?? [];
  const tags = narrowed?.tags ?? [];
  const filtered = statuses.length > 0 || tags.length > 0;
  const viewer = viewerOf(ctx, userId);
  // Filtered, more matches are read, so that enough are left once narrowed.
  const { hits } = await searchOf(ctx)(viewer, text, filtered ? FIND_LIMIT * 6 : FIND_LIMIT, {
    source: 'decision',
  });
  const byDocument = ctx.decisions.byDocumentIds(hits.map((hit) => hit.document.id));
  const found: FoundDecision[] = [];
  for (const hit of hits) {
    const decision = byDocument.get(hit.document.id);
    if (!decision || !mayOnDecision(ctx, viewer, decision, 'see')) continue;
    if (statuses.length > 0 && !statuses.includes(decision.status)) continue;
    if (!tags.every((tag) => decision.tags.includes(tag))) continue;
    found.push({ decision, snippet: hit.snippet, successor: successorOf(ctx, decision, userId) });
    if (found.length === FIND_LIMIT) break;
  }
  return found;
}

function successorOf(
  ctx: DecisionsContext,
  decision: Decision,
  userId: string,
): Decision | undefined {
  if (decision.supersededById === null) return undefined;
  const successor = ctx.decisions.get(decision.supersededById);
  if (!successor) return undefined;
  if (!mayOnDecision(ctx, viewerOf(ctx, userId), successor, 'see')) return undefined;
  return successor;
}

/** Everything shown about one decision: its message, its details, its export. */
export interface DecisionRecord {
  decision: Decision;
  followUps: FollowUp[];
  /** The open follow-ups whose owner left the workspace: each needs a new owner. */
  needsOwner?: readonly number[];
  inputs: DecisionInput[];
  revisions: Revision[];
  /** The decision it replaced, and the one that replaced it. */
  predecessor: Decision | undefined;
  successor: Decision | undefined;
  /** Its latest review, when it was put up for one. */
  review?: ReviewRecord | undefined;
}

/**
 * The whole record of a decision. The decisions it links to belong to the same conversation
 * (a decision is superseded where it was logged), so whoever sees it sees them.
 */
export function decisionRecord(
  ctx: Pick<DecisionsContext, 'decisions' | 'reviews' | 'members'>,
  decision: Decision,
): DecisionRecord {
  const linked = (id: number | null) => (id === null ? undefined : ctx.decisions.get(id));
  const followUps = ctx.decisions.followUps(decision.id).filter((f) => f.state !== 'cancelled');
  return {
    decision,
    followUps,
    needsOwner: followUps.filter((f) => needsNewOwner(ctx, f)).map((f) => f.id),
    inputs: ctx.decisions.inputs(decision.id),
    revisions: ctx.decisions.revisions(decision.id),
    predecessor: linked(decision.supersedesId),
    successor: linked(decision.supersededById),
    review: reviewOfDecision(ctx, decision.id),
  };
}
