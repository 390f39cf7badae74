import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { decodeCommandText } from '../incoming-text.js';

/**
 * Decodes a slash command's text once, before any listener reads it (Bolt's `command` is the
 * request body itself), so that every command sees `R&D` where the person typed `R&D`.
 */
export const decodeCommands: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  const command = body as { command?: unknown; text?: unknown };
  if (typeof command.command === 'string' && typeof command.text === 'string')
    command.text = decodeCommandText(command.text);
  await next();
};
