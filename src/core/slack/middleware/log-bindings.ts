import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { type LogBindings, withLogBindings } from '../../services/log-context.js';

/** Slack's own ids for what a request carries: an event's id, or an interaction's trigger. */
export function slackIdsOf(body: unknown): LogBindings {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    event_id?: unknown;
    trigger_id?: unknown;
  };
  const ids: Record<string, string> = {};
  if (typeof b.event_id === 'string') ids.event = b.event_id;
  if (typeof b.trigger_id === 'string') ids.trigger = b.trigger_id;
  return ids;
}

/**
 * Every line logged while a listener handles a request names it: Slack's event id or trigger
 * id, beside the request id the HTTP receiver already bound. Runs first, in both modes.
 */
export const bindRequestIds: Middleware<AnyMiddlewareArgs> = ({ body, next }) =>
  withLogBindings(slackIdsOf(body), next);
