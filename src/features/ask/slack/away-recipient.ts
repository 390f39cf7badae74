import type { Away } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { AskContext } from '../context.js';
import { moveOnFromAwayRecipient } from '../services/reroute.js';
import { slackNames } from './views/names.js';

/**
 * The delivery worker found the recipient away: a question moves on if it can, and whoever
 * asked is told in Slack's words (see moveOnFromAwayRecipient).
 */
export function handleAwayRecipient(ctx: AskContext, item: QueueItem, away: Away): Promise<void> {
  return moveOnFromAwayRecipient(ctx, slackNames, item, away);
}
