import type { App, GlobalShortcut } from '@slack/bolt';
import { docChannelsFor, GUEST_WITHOUT_CHANNEL } from '../../../../core/services/documents.js';
import { openModal } from '../../../../core/slack/modals.js';
import type { AskContext } from '../../context.js';
import { noDocChannelModal, writeDocModal } from '../views/documents.js';

export const WRITE_DOC_SHORTCUT = 'write_doc';

/**
 * The "Write a doc" global shortcut opens the modal at once: its trigger_id expires three
 * seconds after the click, so nothing slower than a look-up in the store runs before
 * views.open. A guest is asked which of their channels the doc is for; a guest in no channel
 * Mailroom knows is told why they cannot write one.
 */
export function registerWriteDoc(app: App, ctx: AskContext): void {
  app.shortcut<GlobalShortcut>(
    { callback_id: WRITE_DOC_SHORTCUT, type: 'shortcut' },
    async ({ shortcut, ack, client, logger }) => {
      await ack();
      const channels = docChannelsFor(ctx, shortcut.user.id);
      const view =
        channels?.length === 0 ? noDocChannelModal(GUEST_WITHOUT_CHANNEL) : writeDocModal(channels);
      try {
        await openModal(client, ctx, {
          userId: shortcut.user.id,
          triggerId: shortcut.trigger_id,
          view,
        });
      } catch (error) {
        // A global shortcut has no response_url: there is nowhere to tell the person.
        logger.warn('could not open the Write a doc modal', error);
      }
    },
  );
}
