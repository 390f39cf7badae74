import type { Capability, CapabilityDeps } from '../../core/capability.js';
import type { QueueItemKind } from '../../core/domain/queue.js';
import type { DecisionsContext } from './context.js';
import { followUpOwnerLeft } from './services/leavers.js';
import { decisionOwnershipSubject } from './services/ownership.js';
import { decisionsAwaitingReview } from './services/review.js';
import { decisionReviewSubject } from './services/review-subject.js';
import { runDecisionSchedule } from './services/revisits.js';
import { decisionLogOf } from './slack/decision-log.js';
import { registerDecisionButtons } from './slack/listeners/decision-buttons.js';
import { registerDecisionCommand } from './slack/listeners/decision-command.js';
import { registerDecisionFormActions } from './slack/listeners/decision-form.js';
import { registerDecisionModals } from './slack/listeners/decision-modals.js';
import { registerFollowUpOwner } from './slack/listeners/follow-up-owner.js';
import { registerLogDecision } from './slack/listeners/log-decision.js';
import { onDecisionPosted, onDecisionRefused, refreshDecisionMessage } from './slack/publisher.js';
import {
  DECISION_ITEM_KINDS,
  decisionItemRenderers,
  describeDecisionQueueItem,
} from './slack/renderers.js';
import { DECISION_HELP_LINES } from './slack/views/help.js';
import { awaitingReviewBlocks } from './slack/views/home-section.js';

const isDecisionKind = (kind: QueueItemKind) =>
  (DECISION_ITEM_KINDS as readonly QueueItemKind[]).includes(kind);

/** `/decision`, *Log a decision*, the decision log's queue items, revisits and follow-ups. */
export function decisionsCapability(ctx: DecisionsContext, deps: CapabilityDeps): Capability {
  ctx.hooks.onReview(
    decisionReviewSubject(ctx, (decisionId) => {
      ctx.work.start(
        "rewriting a decision's message",
        refreshDecisionMessage(deps.client, ctx, decisionId),
      );
    }),
  );
  ctx.hooks.onOwnership(
    decisionOwnershipSubject(ctx, (decisionId) => {
      ctx.work.start(
        "rewriting a decision's message",
        refreshDecisionMessage(deps.client, ctx, decisionId),
      );
    }),
  );
  // Someone deactivated: the follow-ups they owned ask for new owners, and say so until named.
  ctx.hooks.onMemberLeft((userId) => {
    try {
      for (const decisionId of followUpOwnerLeft(ctx, userId)) {
        ctx.work.start(
          "rewriting a decision's message",
          refreshDecisionMessage(deps.client, ctx, decisionId),
        );
      }
    } catch (error) {
      ctx.logger.error(`could not ask for new owners of ${userId}'s follow-ups`, error);
    }
  });
  ctx.hooks.onDecisionLog(decisionLogOf(ctx, deps.client));
  return {
    name: 'decisions',
    listen(app) {
      registerDecisionCommand(app, ctx);
      registerLogDecision(app, ctx);
      registerDecisionButtons(app, ctx, deps.publishHome);
      registerDecisionFormActions(app, ctx);
      registerDecisionModals(app, ctx);
      registerFollowUpOwner(app, ctx, deps.publishHome);
    },
    renderers: decisionItemRenderers(ctx),
    describe: (item) =>
      isDecisionKind(item.kind)
        ? (describeDecisionQueueItem(ctx, item) ?? { label: 'Decision', summary: '' })
        : undefined,
    home: [
      {
        place: 'after_queue',
        blocks: (userId, zone) => awaitingReviewBlocks(decisionsAwaitingReview(ctx, userId), zone),
      },
    ],
    helpLines: DECISION_HELP_LINES,
    // Only queued here, before the worker wakes; it delivers them when it can.
    tick: () => ({ decisions: runDecisionSchedule(ctx) }),
    delivery: {
      onPosted: (item, posted) => onDecisionPosted(deps.client, ctx, item, posted),
      onUndeliverable: (item, reason) => onDecisionRefused(ctx, item, reason),
    },
  };
}
