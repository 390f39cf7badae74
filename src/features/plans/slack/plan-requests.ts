import { PLAN_COMMAND, START_PLAN_SHORTCUT } from './views/ids.js';

/** The ids of what can change a plan: its own buttons and forms, and the reviews and hand-overs. */
const PLAN_ID_PREFIXES = ['plan_', 'review_', 'ownership_'];

const named = (id: unknown) =>
  typeof id === 'string' && PLAN_ID_PREFIXES.some((prefix) => id.startsWith(prefix));

/**
 * Whether a request from Slack may have changed a plan: /plan, its shortcut, a plan's button or
 * form, or a review's or a hand-over's (a stage's review is a plan's). Anything else (/ask,
 * events, other capabilities' buttons) leaves the plans as they were, so their canvases are
 * not looked at after it; the tick catches up on the rest once a minute.
 */
export function mayChangePlans(body: Record<string, unknown>): boolean {
  if (body.command === PLAN_COMMAND || body.callback_id === START_PLAN_SHORTCUT) return true;
  const actions = Array.isArray(body.actions) ? (body.actions as { action_id?: unknown }[]) : [];
  if (actions.some((action) => named(action.action_id))) return true;
  const view = body.view as { callback_id?: unknown } | undefined;
  return body.type === 'view_submission' && named(view?.callback_id);
}
