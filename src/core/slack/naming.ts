import type { UserFacingError } from '../services/errors.js';
import type { Naming } from '../services/naming.js';
import { mention } from './views/mrkdwn.js';

/** Names as Slack mentions, which each reader's client shows as the person's or channel's name. */
export const SLACK_NAMING: Naming = {
  person: mention,
  channel: (channelId) => `<#${channelId}>`,
};

/** A failure's words as Slack shows them: the people and channels they name as mentions. */
export function slackWordsOf(error: UserFacingError): string {
  return error.wordsFor(SLACK_NAMING);
}
