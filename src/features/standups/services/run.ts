import type { StandupsContext } from '../context.js';
import { closeEndedPrompts, postDueAnswers, reportDue } from './days.js';
import type { StandupPoster } from './ports.js';
import { type PromptTickReport, promptDueMembersInBatches, remindDue } from './schedule.js';

export interface StandupTickReport extends PromptTickReport {
  reminded: number;
  posted: number;
  reported: number;
}

/**
 * The standups' part of the minute tick. Asking (prompts and reminders) only writes queue
 * items, waking the delivery worker as each batch is stored; the channel posts (answers given
 * early, posts to try again, the reports) follow.
 */
export async function askDueStandups(
  ctx: StandupsContext,
  wakeDelivery: () => void,
): Promise<PromptTickReport & { reminded: number }> {
  const report = { prompted: 0, away: 0, missed: 0, early: 0, reminded: 0 };
  // Nothing here may stop the tick, nor anyone else's delivery: what failed is tried next minute.
  try {
    Object.assign(report, await promptDueMembersInBatches(ctx, wakeDelivery));
  } catch (error) {
    ctx.logger.error('asking the standup members due now failed', error);
  }
  try {
    report.reminded = remindDue(ctx);
  } catch (error) {
    ctx.logger.error('reminding standup members failed', error);
  }
  return report;
}

export async function postStandupDays(
  ctx: StandupsContext,
  poster: StandupPoster,
): Promise<{ posted: number; reported: number }> {
  const outcome = { posted: 0, reported: 0 };
  try {
    outcome.posted = await postDueAnswers(ctx, poster);
  } catch (error) {
    ctx.logger.error('posting standup answers failed', error);
  }
  try {
    await closeEndedPrompts(ctx, poster);
  } catch (error) {
    ctx.logger.error('closing ended standup prompts failed', error);
  }
  try {
    outcome.reported = await reportDue(ctx, poster);
  } catch (error) {
    ctx.logger.error('the standup reports failed', error);
  }
  return outcome;
}
