import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Bolt's authorization for Mailroom's one workspace. Bolt's own checks the token once, when
 * the app is built, and keeps that first answer: a token Slack refuses at start-up would crash
 * the process, and a token that works again later would never be used. This one asks Slack who
 * the bot is on first use, keeps only a good answer, and asks again after a refusal.
 */
export function botAuthorizer(client: WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test().then((result) => ({
      ...(result.user_id ? { botUserId: result.user_id } : {}),
      ...(result.bot_id ? { botId: result.bot_id } : {}),
    }));
    try {
      return { botToken, ...(await identity) };
    } catch (error) {
      identity = undefined;
      throw error;
    }
  };
}
