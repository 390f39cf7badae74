import { SLACK_NAMING } from '../../../../core/slack/naming.js';
import type { QuestionNames } from '../../services/ports.js';

/** People, conversations and times as Slack shows them: mentions, links, each reader's own time. */
export const slackNames: QuestionNames = {
  ...SLACK_NAMING,
  time: (instant) => {
    const seconds = Math.floor(instant / 1000);
    return `<!date^${seconds}^{date_short_pretty} {time}|${new Date(instant).toISOString()}>`;
  },
};
