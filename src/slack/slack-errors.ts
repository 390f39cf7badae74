import { WebAPIPlatformError } from '@slack/web-api';

/** The Slack error code (`channel_not_found`, …) of a failed Web API call, if it was one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof WebAPIPlatformError) return String(error.data.error);
  return undefined;
}

/** Errors that mean the person or conversation cannot be reached at all, now or later. */
const UNREACHABLE = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'account_inactive',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
]);

export function isUnreachable(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && UNREACHABLE.has(code);
}
