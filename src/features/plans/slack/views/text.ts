import { oneLine } from '../../../../core/slack/views/mrkdwn.js';
import { STAGE_NAMES, type Stage } from '../../domain/plan.js';
import type { Plan, PlanStage } from '../../store/plan-repository.js';

/** The plan's title, linked to its message once it has one. */
export function planLink(plan: Plan): string {
  const title = oneLine(plan.title);
  return plan.permalink ? `<${plan.permalink}|${title}>` : `“${title}”`;
}

/** "the why", linked to its thread once it has one. */
export function stageLink(stage: PlanStage): string {
  const name = `the ${STAGE_NAMES[stage.stage].toLowerCase()}`;
  return stage.permalink ? `<${stage.permalink}|${name}>` : name;
}

export const stageName = (stage: Stage) => STAGE_NAMES[stage].toLowerCase();
