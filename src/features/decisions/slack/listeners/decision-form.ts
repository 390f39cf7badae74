import type { App } from '@slack/bolt';
import { updateOwnModal } from '../../../../core/slack/modals.js';
import { onButton } from '../../../../core/slack/on-button.js';
import type { DecisionsContext } from '../../context.js';
import { DECISION_LIMITS } from '../../domain/draft.js';
import { formMetadataSchema, readDecisionForm, readMetadata } from '../form.js';
import { decisionForm } from '../views/decision-form.js';
import { DECISION_ACTIONS } from '../views/ids.js';

/**
 * "Add another option", "Add a follow-up" and "More fields" in the decision form: the form
 * grows by one row, or shows its optional fields, and keeps everything typed. Nothing is read
 * from the store: the form shows back only what its sender sent.
 */
export function registerDecisionFormActions(app: App, ctx: DecisionsContext): void {
  onButton(app, ctx, DECISION_ACTIONS.moreFields, async ({ body, client }) => {
    const view = body.view;
    const metadata = readMetadata(formMetadataSchema, view?.private_metadata);
    if (!view || !metadata) return;
    const values = readDecisionForm(view.state.values, metadata);
    await updateOwnModal(client, ctx, {
      userId: body.user.id,
      viewId: view.id,
      hash: view.hash,
      view: decisionForm({ metadata: { ...metadata, more: true }, values }),
    });
  });
  for (const [actionId, row] of [
    [DECISION_ACTIONS.addOption, 'options'],
    [DECISION_ACTIONS.addFollowUp, 'followUps'],
  ] as const) {
    onButton(app, ctx, actionId, async ({ body, client }) => {
      // The view id is a claim: only a form Mailroom opened for the sender grows.
      const view = body.view;
      const metadata = readMetadata(formMetadataSchema, view?.private_metadata);
      if (!view || !metadata) return;
      const grown = {
        ...metadata,
        [row]: Math.min(metadata[row] + 1, DECISION_LIMITS[row]),
      };
      const values = readDecisionForm(view.state.values, metadata);
      await updateOwnModal(client, ctx, {
        userId: body.user.id,
        viewId: view.id,
        hash: view.hash,
        view: decisionForm({ metadata: grown, values }),
      });
    });
  }
}
