import webApi from '@slack/web-api';
import { slackErrorCode } from './slack-errors.js';
import { slackFetch } from './web-api-fetch.js';

export type DeleteOutcome = { deleted: true } | { deleted: false; reason: string };

/**
 * Deletes messages Mailroom posted, with its bot token, through `chat.delete`. A message Slack
 * no longer has counts as deleted; any other refusal, or no answer, says why it was not. Each
 * call is made once: the caller reports what was left.
 */
export function slackMessageDeleter(options: {
  botToken: string;
  apiUrl: string | undefined;
  timeoutMs?: number;
}): (channelId: string, ts: string) => Promise<DeleteOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    fetch: slackFetch({ apiUrl: options.apiUrl, timeoutMs }),
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  return async (channelId, ts) => {
    try {
      await client.chat.delete({ channel: channelId, ts });
      return { deleted: true };
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'message_not_found') return { deleted: true };
      return {
        deleted: false,
        reason: code
          ? `Slack refused: ${code}`
          : error instanceof Error
            ? error.message
            : String(error),
      };
    }
  };
}

/** Deletes nothing: each message is left, with `reason` (no Slack token to delete with). */
export function noMessageDeleter(
  reason: string,
): (channelId: string, ts: string) => Promise<DeleteOutcome> {
  return async () => ({ deleted: false, reason });
}
