import type { App, GlobalShortcut } from '@slack/bolt';
import { writeDocModal } from '../../views/documents.js';

export const WRITE_DOC_SHORTCUT = 'write_doc';

/**
 * The "Write a doc" global shortcut opens the modal at once: its trigger_id expires three
 * seconds after the click, so nothing slow runs before views.open.
 */
export function registerWriteDoc(app: App): void {
  app.shortcut<GlobalShortcut>(
    { callback_id: WRITE_DOC_SHORTCUT, type: 'shortcut' },
    async ({ shortcut, ack, client, logger }) => {
      await ack();
      try {
        await client.views.open({ trigger_id: shortcut.trigger_id, view: writeDocModal() });
      } catch (error) {
        // A global shortcut has no response_url: there is nowhere to tell the person.
        logger.warn('could not open the Write a doc modal', error);
      }
    },
  );
}
