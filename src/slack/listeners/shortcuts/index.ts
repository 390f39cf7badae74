import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerWriteDocModal } from '../views/write-doc-modal.js';
import { registerAskMailroom } from './ask-mailroom.js';
import { registerLogDecision } from './log-decision.js';
import { registerSaveToMailroom } from './save-to-mailroom.js';
import { registerWriteDoc } from './write-doc.js';

/** Shortcuts and the modals they open ("Save to Mailroom", "Write a doc", "Ask Mailroom"). */
export function register(app: App, ctx: ServiceContext): void {
  registerSaveToMailroom(app, ctx);
  registerWriteDoc(app, ctx);
  registerWriteDocModal(app, ctx);
  registerLogDecision(app, ctx);
  registerAskMailroom(app, ctx);
}
