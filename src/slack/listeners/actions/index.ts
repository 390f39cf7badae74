import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { registerAskResultActions } from './ask-results.js';
import { registerDecisionButtons } from './decision-buttons.js';
import { registerDecisionFormActions } from './decision-form.js';
import { registerHomeActions } from './home.js';
import { registerHoursActions } from './hours.js';
import { registerMeetingActions } from './meeting.js';
import { registerQuestionItemActions } from './question-item.js';
import { registerStandupActions } from './standup.js';

export function register(app: App, ctx: ServiceContext): void {
  registerAskResultActions(app, ctx);
  registerQuestionItemActions(app, ctx);
  registerHomeActions(app, ctx);
  registerHoursActions(app, ctx);
  registerStandupActions(app, ctx);
  registerDecisionButtons(app, ctx);
  registerDecisionFormActions(app);
  registerMeetingActions(app, ctx);
}
