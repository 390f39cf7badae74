import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { openModal } from '../../../../core/slack/modals.js';
import { onButton } from '../../../../core/slack/on-button.js';
import { mention } from '../../../../core/slack/views/mrkdwn.js';
import type { DecisionsContext } from '../../context.js';
import { authorizeNewOwner, NEW_OWNER_FIELD, nameFollowUpOwner } from '../../services/leavers.js';
import { InvalidDecision } from '../../services/log.js';
import { fieldOf, readMetadata } from '../form.js';
import { refreshDecisionMessage, refreshDeliveredItems } from '../publisher.js';
import { unnameablePeople } from '../views/decision-form.js';
import { followUpOwnerModal, followUpOwnerNamedModal } from '../views/follow-up-owner.js';
import { DECISION_ACTIONS, DECISION_VIEWS } from '../views/ids.js';

const id = z.coerce.number().int().positive();
const metadataSchema = z.object({ followUpId: z.number().int().positive() });

/**
 * Name a new owner for a follow-up whose owner left: the button (in the DM asking for it, and
 * on Home) opens the form, and the form names them. Both act only for the person asked; the id
 * in the button or the form is whatever the sender put there.
 */
export function registerFollowUpOwner(
  app: App,
  ctx: DecisionsContext,
  publishHome: PublishHome,
): void {
  onButton(app, ctx, DECISION_ACTIONS.followUpOwner, async (args) => {
    const userId = args.body.user.id;
    const { decision, followUp } = authorizeNewOwner(ctx, userId, id.parse(args.action.value));
    await openModal(args.client, ctx, {
      userId,
      triggerId: args.body.trigger_id,
      view: followUpOwnerModal(decision, followUp),
      push: args.body.view?.type === 'modal',
    });
  });

  app.view<ViewSubmitAction>(
    { callback_id: DECISION_VIEWS.followUpOwner, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(metadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(
          modalError(
            NEW_OWNER_FIELD,
            'This form is out of date. Close it and press Name a new owner again.',
          ),
        );
        return;
      }
      const userId = body.user.id;
      let named: ReturnType<typeof nameFollowUpOwner>;
      try {
        named = nameFollowUpOwner(
          ctx,
          {
            userId,
            followUpId: metadata.followUpId,
            ownerId: fieldOf(view.state.values, NEW_OWNER_FIELD).selected_user ?? undefined,
          },
          mention,
        );
      } catch (error) {
        await ack(
          error instanceof InvalidDecision
            ? {
                response_action: 'errors' as const,
                errors: { ...error.fields, ...unnameablePeople(error.people) },
              }
            : modalFailure(NEW_OWNER_FIELD, error, logger),
        );
        return;
      }
      await ack({
        response_action: 'update',
        view: followUpOwnerNamedModal(named.decision, named.followUp),
      });
      await refreshDecisionMessage(client, ctx, named.decision.id);
      await refreshDeliveredItems(client, ctx, named.asked);
      await publishHome(client, userId);
    },
  );
}
