import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerDecisionModals } from './decision-modals.js';
import { registerMeetModals } from './meet-modals.js';
import { registerQuestionModals } from './question-modals.js';
import { registerSettingsModal, registerTeamSettingsModal } from './settings-modal.js';
import { registerStandupModals } from './standup-modals.js';

export function register(app: App, ctx: ServiceContext): void {
  registerQuestionModals(app, ctx);
  registerMeetModals(app, ctx);
  registerSettingsModal(app, ctx);
  registerTeamSettingsModal(app, ctx);
  registerStandupModals(app, ctx);
  registerDecisionModals(app, ctx);
}
