import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../core/services/context.js';
import { registerQuestionModals } from '../../../features/ask/slack/listeners/question-modals.js';
import { registerDecisionModals } from '../../../features/decisions/slack/listeners/decision-modals.js';
import {
  registerSettingsModal,
  registerTeamSettingsModal,
} from '../../../features/home/slack/listeners/settings-modal.js';
import { registerMeetModals } from '../../../features/meetings/slack/listeners/meet-modals.js';
import { registerStandupModals } from '../../../features/standups/slack/listeners/standup-modals.js';

export function register(app: App, ctx: ServiceContext): void {
  registerQuestionModals(app, ctx);
  registerMeetModals(app, ctx);
  registerSettingsModal(app, ctx);
  registerTeamSettingsModal(app, ctx);
  registerStandupModals(app, ctx);
  registerDecisionModals(app, ctx);
}
