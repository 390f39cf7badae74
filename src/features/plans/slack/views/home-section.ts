import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { divider, section } from '../../../../core/slack/views/blocks.js';
import { STAGE_NAMES, STATE_NAMES } from '../../domain/plan.js';
import type { AwaitingStage, PlanView } from '../../services/plans.js';
import { planLink, stageLink } from './text.js';

/** The Home tab's "Plans I own": each with where its stages stand. */
export function ownedPlansBlocks(owned: readonly PlanView[]): KnownBlock[] {
  if (owned.length === 0) return [];
  const blocks: KnownBlock[] = [divider(), section(`*Plans I own (${owned.length})*`)];
  for (const { plan, stages } of owned.slice(0, 15)) {
    const states = stages
      .map((s) => `${STAGE_NAMES[s.stage]}: ${STATE_NAMES[s.state]}`)
      .join(' · ');
    blocks.push(section(`${planLink(plan)} · target ${plan.targetDate}\n_${states}_`));
  }
  return blocks;
}

/** The Home tab's "Plan stages waiting for my review", with each window's end in the reader's zone. */
export function awaitingStagesBlocks(
  waiting: readonly AwaitingStage[],
  timeZone: string,
): KnownBlock[] {
  if (waiting.length === 0) return [];
  const blocks: KnownBlock[] = [
    divider(),
    section(`*Plan stages waiting for my review (${waiting.length})*`),
  ];
  for (const { plan, stage, why, windowEndsAt } of waiting.slice(0, 15)) {
    const when =
      why === 'recheck'
        ? 'an earlier stage changed: does it still hold?'
        : windowEndsAt === null
          ? 'your window starts when you are back'
          : `your window ends ${formatInTimeZone(windowEndsAt, timeZone, 'EEE d MMM, HH:mm')}`;
    blocks.push(section(`${stageLink(stage)} of ${planLink(plan)}\n_${when}_`));
  }
  return blocks;
}
