import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../core/services/context.js';
import { registerAskResultActions } from '../../../features/ask/slack/listeners/ask-results.js';
import { registerQuestionItemActions } from '../../../features/ask/slack/listeners/question-item.js';
import { registerDecisionButtons } from '../../../features/decisions/slack/listeners/decision-buttons.js';
import { registerDecisionFormActions } from '../../../features/decisions/slack/listeners/decision-form.js';
import { registerHomeActions } from '../../../features/home/slack/listeners/home-actions.js';
import { registerHoursActions } from '../../../features/home/slack/listeners/hours-actions.js';
import { registerMeetingActions } from '../../../features/meetings/slack/listeners/meeting-actions.js';
import { registerStandupActions } from '../../../features/standups/slack/listeners/standup-actions.js';

export function register(app: App, ctx: ServiceContext): void {
  registerAskResultActions(app, ctx);
  registerQuestionItemActions(app, ctx);
  registerHomeActions(app, ctx);
  registerHoursActions(app, ctx);
  registerStandupActions(app, ctx);
  registerDecisionButtons(app, ctx);
  registerDecisionFormActions(app, ctx);
  registerMeetingActions(app, ctx);
}
