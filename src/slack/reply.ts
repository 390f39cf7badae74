import type { RespondFn } from '@slack/bolt';
import { UserFacingError } from '../services/errors.js';
import type { Message } from './views/blocks.js';
import { escapeMrkdwn, truncate } from './views/mrkdwn.js';

export async function replyEphemeral(respond: RespondFn, message: string | Message): Promise<void> {
  const body = typeof message === 'string' ? { text: message } : message;
  await respond({ response_type: 'ephemeral', replace_original: false, ...body });
}

/**
 * What a person sees when their request fails: the reason in their terms and, so that
 * nothing they typed is lost, what they typed.
 */
export function failureMessage(error: unknown, typed?: string): string {
  const reason =
    error instanceof UserFacingError
      ? error.userMessage
      : 'Something went wrong on my side and I could not finish that. Please try again in a moment.';
  const keep =
    typed && typed.trim() !== ''
      ? `\nHere is what you wrote, so you can try again:\n\`\`\`${escapeMrkdwn(truncate(typed, 2800))}\`\`\``
      : '';
  return `${reason}${keep}`;
}
