import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { UserFacingError } from '../services/errors.js';
import type { Logger } from '../services/ports.js';
import { errorLine } from './failures.js';
import { slackWordsOf } from './naming.js';
import { mayHaveBeenDone } from './slack-errors.js';
import type { Message } from './views/blocks.js';
import { escapeMrkdwn, truncate } from './views/mrkdwn.js';

export async function replyEphemeral(respond: RespondFn, message: string | Message): Promise<void> {
  const body = typeof message === 'string' ? { text: message } : message;
  await respond({ response_type: 'ephemeral', replace_original: false, ...body });
}

/** What a person is told when their question waits for the search: it is saved, the answer follows. */
export const BUSY_NOTICE =
  'Busy right now: your question is saved and I will answer it here in a moment.';

/**
 * Says BUSY_NOTICE (once) when a search has to wait for room; `settled()` resolves once it was
 * sent, so that the answer, sent through the same response_url, comes after it.
 */
export function busyNotice(
  respond: RespondFn,
  logger: Logger,
): { onBusy: () => void; settled: () => Promise<void> } {
  let sent: Promise<void> | undefined;
  return {
    onBusy: () => {
      sent ??= replyEphemeral(respond, BUSY_NOTICE).catch((error: unknown) => {
        logger.warn('could not tell the asker their answer follows', error);
      });
    },
    settled: () => sent ?? Promise.resolve(),
  };
}

/**
 * What a person sees when their request fails: the reason in their terms and, so that
 * nothing they typed is lost, what they typed.
 */
export function failureMessage(error: unknown, typed?: string): string {
  const reason =
    error instanceof UserFacingError
      ? slackWordsOf(error)
      : 'Something went wrong on my side and I could not finish that. Please try again in a moment.';
  const keep =
    typed && typed.trim() !== ''
      ? `\nHere is what you wrote, so you can try again:\n\`\`\`${escapeMrkdwn(truncate(typed, 2800))}\`\`\``
      : '';
  return `${reason}${keep}`;
}

/** Who pressed a button, and where: enough to answer them when Slack gave no response_url. */
export interface ClickOrigin {
  /** Bolt's respond(), present only when the payload had a response_url (a message button). */
  respond?: RespondFn | undefined;
  client: WebClient;
  userId: string;
  channelId?: string | undefined;
  logger: Logger;
  /** Queues the reply for the person's DM: a post the delivery worker sends exactly once. */
  dm: (message: Message) => void;
}

export type ClickReply = (Message | { text: string }) & {
  replace_original?: boolean;
  response_type?: 'ephemeral' | 'in_channel';
};

/**
 * Answers the person who pressed a button: through Slack's response_url when there is one
 * (it can replace the message), else as an ephemeral in the channel, else (a button in the
 * Home tab or in a modal, or when Slack refused both) in their DM. Neither a response_url nor
 * an ephemeral can be looked up afterwards, so each is tried at most once, and a failure that
 * Slack may still have carried out (no answer, a 5xx) ends the attempts: the person may have
 * seen it. Never throws: when nothing reaches them, it is logged.
 */
export async function replyToClick(origin: ClickOrigin, reply: string | ClickReply): Promise<void> {
  const message = typeof reply === 'string' ? { text: reply } : reply;
  const { replace_original, response_type: _type, ...content } = message;
  const attempts: [string, () => Promise<unknown>][] = [];
  const respond = origin.respond;
  if (respond) {
    const body = replace_original
      ? message
      : { response_type: 'ephemeral' as const, replace_original: false, ...message };
    attempts.push(['response_url', () => respond(body)]);
  }
  const channel = origin.channelId;
  if (channel)
    attempts.push([
      'ephemeral',
      () => origin.client.chat.postEphemeral({ channel, user: origin.userId, ...content }),
    ]);
  for (const [way, attempt] of attempts) {
    try {
      await attempt();
      return;
    } catch (error) {
      const inDoubt = mayHaveBeenDone(error);
      origin.logger.warn(
        `could not reply to ${origin.userId} by ${way}: ${errorLine(error)}${inDoubt ? ' (it may have arrived, so it is not sent another way)' : ''}`,
      );
      if (inDoubt) return;
    }
  }
  origin.dm({ text: content.text, blocks: 'blocks' in content ? content.blocks : [] });
}
