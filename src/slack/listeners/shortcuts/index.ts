import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../core/services/context.js';
import { registerAskMailroom } from '../../../features/ask/slack/listeners/ask-mailroom.js';
import { registerSaveToMailroom } from '../../../features/ask/slack/listeners/save-to-mailroom.js';
import { registerWriteDoc } from '../../../features/ask/slack/listeners/write-doc.js';
import { registerWriteDocModal } from '../../../features/ask/slack/listeners/write-doc-modal.js';
import { registerLogDecision } from '../../../features/decisions/slack/listeners/log-decision.js';

/** Shortcuts and the modals they open ("Save to Mailroom", "Write a doc", "Ask Mailroom"). */
export function register(app: App, ctx: ServiceContext): void {
  registerSaveToMailroom(app, ctx);
  registerWriteDoc(app, ctx);
  registerWriteDocModal(app, ctx);
  registerLogDecision(app, ctx);
  registerAskMailroom(app, ctx);
}
