import { parsePayload, type QueueItem, type QueueItemKind } from '../../../core/domain/queue.js';
import { latestReviewOf } from '../../../core/services/reviews.js';
import type { Message } from '../../../core/slack/views/blocks.js';
import type { ItemDescription } from '../../../core/slack/views/queue-item-message.js';
import type { DecisionsContext } from '../context.js';
import { needsNewOwner } from '../services/items.js';
import { DECISION_REVIEW_KIND } from '../services/review.js';
import type { Decision } from '../store/decision-repository.js';
import {
  decisionInputMessage,
  describeDecisionItem,
  followUpMessage,
  followUpOwnerLeftMessage,
  type LeaverFollowUp,
  outcomeMessage,
  reviewerLeftMessage,
  revisitMessage,
} from './views/items.js';

type DecisionItemsContext = Pick<DecisionsContext, 'decisions' | 'members' | 'reviews'>;

/** The follow-ups an item about a leaver names, each with what became of it. */
function leaverFollowUps(ctx: DecisionItemsContext, item: QueueItem): LeaverFollowUp[] {
  const { decisionId, followUpIds } = parsePayload('decision_follow_up_owner_left', item.payload);
  const all = ctx.decisions.followUps(decisionId);
  return followUpIds.flatMap((id) => {
    const followUp = all.find((f) => f.id === id);
    if (!followUp) return [];
    const handedTo = all.find(
      (f) => f.id > followUp.id && f.position === followUp.position && f.text === followUp.text,
    );
    return [{ followUp, needsOwner: needsNewOwner(ctx, followUp), handedTo }];
  });
}

export const DECISION_ITEM_KINDS = [
  'decision_input',
  'decision_follow_up',
  'decision_revisit',
  'decision_outcome',
  'decision_follow_up_owner_left',
  'decision_reviewer_left',
] as const satisfies readonly QueueItemKind[];

function decisionOf(ctx: DecisionItemsContext, item: QueueItem, decisionId: number): Decision {
  const decision = ctx.decisions.get(decisionId);
  if (!decision) throw new Error(`queue item ${item.id} names a missing decision ${decisionId}`);
  return decision;
}

/** The DM of a decision's queue item, as it is now (also to rewrite one already delivered). */
export function renderDecisionItem(ctx: DecisionItemsContext, item: QueueItem): Message {
  switch (item.kind) {
    case 'decision_input': {
      const { decisionId, inputIds, proposal } = parsePayload('decision_input', item.payload);
      const decision = decisionOf(ctx, item, decisionId);
      return decisionInputMessage(
        item,
        decision,
        ctx.decisions.inputsByIds(decisionId, inputIds),
        ctx.decisions.inputs(decisionId),
        proposal,
      );
    }
    case 'decision_follow_up': {
      const { decisionId, followUpId } = parsePayload('decision_follow_up', item.payload);
      const followUp = ctx.decisions.followUp(followUpId);
      if (!followUp) throw new Error(`queue item ${item.id} names a missing follow-up`);
      return followUpMessage(item, decisionOf(ctx, item, decisionId), followUp);
    }
    case 'decision_revisit': {
      const { decisionId } = parsePayload('decision_revisit', item.payload);
      return revisitMessage(item, decisionOf(ctx, item, decisionId));
    }
    case 'decision_follow_up_owner_left': {
      const { decisionId, leaverId } = parsePayload('decision_follow_up_owner_left', item.payload);
      return followUpOwnerLeftMessage(
        item,
        decisionOf(ctx, item, decisionId),
        leaverId,
        leaverFollowUps(ctx, item),
      );
    }
    case 'decision_reviewer_left': {
      const { decisionId, leaverId, unanswered, concernIds } = parsePayload(
        'decision_reviewer_left',
        item.payload,
      );
      const review = latestReviewOf(ctx, DECISION_REVIEW_KIND, decisionId);
      const openConcerns = review
        ? ctx.reviews
            .concernsOf(review.id)
            .filter((c) => concernIds.includes(c.id) && c.state === 'open').length
        : 0;
      return reviewerLeftMessage(decisionOf(ctx, item, decisionId), leaverId, {
        unanswered,
        openConcerns,
      });
    }
    case 'decision_outcome': {
      const { decisionId, outcome } = parsePayload('decision_outcome', item.payload);
      const decision = decisionOf(ctx, item, decisionId);
      const revision = [...ctx.decisions.revisions(decisionId)]
        .reverse()
        .find((r) => r.change === outcome);
      const reason =
        outcome === 'rejected' || outcome === 'reversed' ? (revision?.note ?? null) : null;
      return outcomeMessage(decision, outcome, reason);
    }
    default:
      throw new Error(`queue item ${item.id} is not a decision's`);
  }
}

/** The renderers of the decisions' kinds, for the delivery worker. */
export function decisionItemRenderers(ctx: DecisionItemsContext) {
  return Object.fromEntries(
    DECISION_ITEM_KINDS.map((kind) => [kind, (item: QueueItem) => renderDecisionItem(ctx, item)]),
  ) as Record<(typeof DECISION_ITEM_KINDS)[number], (item: QueueItem) => Message>;
}

/** The Home tab's line for a decision's item; undefined for other kinds. */
export function describeDecisionQueueItem(
  ctx: DecisionItemsContext,
  item: QueueItem,
): ItemDescription | undefined {
  switch (item.kind) {
    case 'decision_input': {
      const { decisionId, inputIds } = parsePayload('decision_input', item.payload);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {
        newInputs: inputIds.length,
      });
    }
    case 'decision_follow_up': {
      const { decisionId, followUpId } = parsePayload('decision_follow_up', item.payload);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {
        followUp: ctx.decisions.followUp(followUpId),
      });
    }
    case 'decision_revisit': {
      const { decisionId } = parsePayload('decision_revisit', item.payload);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {});
    }
    case 'decision_outcome': {
      const { decisionId } = parsePayload('decision_outcome', item.payload);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {});
    }
    case 'decision_reviewer_left': {
      const { decisionId, leaverId } = parsePayload('decision_reviewer_left', item.payload);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {
        leaver: { id: leaverId, waiting: [] },
      });
    }
    case 'decision_follow_up_owner_left': {
      const { decisionId, leaverId } = parsePayload('decision_follow_up_owner_left', item.payload);
      const waiting = leaverFollowUps(ctx, item)
        .filter((f) => f.needsOwner)
        .map((f) => f.followUp);
      return describeDecisionItem(item, ctx.decisions.get(decisionId), {
        leaver: { id: leaverId, waiting },
      });
    }
    default:
      return undefined;
  }
}
