import type { Plan } from '../../store/plan-repository.js';
import { planLink } from './text.js';

/**
 * The mark at the end of a plan's canvas title: the plan's number, which never changes. A canvas
 * whose creation was not recorded (a crash) is recognised in Slack by it.
 */
export function canvasMarkOf(plan: Pick<Plan, 'id'>): string {
  return ` · plan ${plan.id}`;
}

/** The canvas's title: the plan's, and its mark. */
export function canvasTitle(plan: Pick<Plan, 'id' | 'title'>): string {
  return `${plan.title.replace(/\s+/g, ' ').trim()}${canvasMarkOf(plan)}`;
}

/** What the canvas says first: who keeps it, and where the plan changes. */
export function canvasNote(channelName: string): string {
  return `This canvas is kept by Mailroom from the plan: it shows each stage as it stands and is rewritten when a stage changes, so an edit made here does not last. Change the plan from its message in ${channelName}.`;
}

/** Why Slack gave no canvas, in the owner's words. */
const WHY_NO_CANVAS: Record<string, string> = {
  canvas_disabled_user_team: 'canvases are turned off in this workspace',
  restricted_action: 'an admin restricted who may create canvases here',
  team_tier_cannot_create_channel_canvases: 'this workspace’s plan cannot make channel canvases',
  channel_canvas_already_exists: 'the channel already has its canvas',
  free_team_canvas_tab_already_exists: 'the channel already has its one canvas tab on this plan',
  missing_scope:
    'Mailroom has not been granted the canvases:write scope yet (once an admin grants it and reinstalls Mailroom, the canvas is made then)',
  canvas_not_found: 'its canvas was deleted',
  canvas_deleted: 'its canvas was deleted',
};

/** The owner's one DM when the plan has no canvas: why, and that nothing is lost. */
export function noCanvasText(plan: Plan, problem: string): string {
  const why = WHY_NO_CANVAS[problem] ?? `Slack refused it (${problem})`;
  return `The plan ${planLink(plan)} has no canvas in <#${plan.channelId}>: ${why}. Nothing is lost: the plan’s message, its stages’ threads, Home and its Markdown export hold all of it. I won’t tell you again for this plan.`;
}
