import type { DecisionOption } from '../../../core/services/decision-log.js';
import { PLAIN_NAMING, wordsWith } from '../../../core/services/naming.js';
import { enqueuePost } from '../../../core/services/posts.js';
import type { PlansContext } from '../context.js';
import type { HowContent, HowOption, WhyContent } from '../domain/plan.js';
import type { Plan, PlanRevision, PlanStage } from '../store/plan-repository.js';

/** What became of an accepted how's chosen option in the decision log. */
export type HowDecision =
  | { kind: 'logged'; decisionId: number; supersededId: number | undefined }
  | { kind: 'kept'; decisionId: number }
  | { kind: 'refused' }
  | { kind: 'none' };

const APPROACH_NAMES = { fast: 'fast but mediocre', robust: 'robust but slower' } as const;

function optionOf(option: HowOption): DecisionOption {
  const pros: string[] = [];
  const cons: string[] = [];
  (option.effort === 'low' ? pros : option.effort === 'high' ? cons : []).push(
    `${option.effort} effort`,
  );
  (option.risk === 'low' ? pros : option.risk === 'high' ? cons : []).push(`${option.risk} risk`);
  (option.quality === 'high' ? pros : option.quality === 'low' ? cons : []).push(
    `${option.quality} quality`,
  );
  return {
    name: option.name,
    pros: pros.join(', '),
    cons: cons.join(', '),
    neutral: `The ${APPROACH_NAMES[option.approach]} option: effort ${option.effort}, risk ${option.risk}, quality ${option.quality}, time ${option.time}.`,
  };
}

function whyOf(why: WhyContent | undefined, plan: Plan): string {
  if (!why) return `The plan “${plan.title}”.`;
  return [
    `Goal: ${why.goal}`,
    `Asked for by: ${why.askedBy}`,
    `Objective: ${why.objective}`,
    `Success: ${why.success}`,
  ].join('\n');
}

const chosenOf = (how: HowContent) =>
  how.options.find((option) => option.approach === how.chosen) ?? how.options[0];

/** The latest earlier revision of the how whose choice was logged, with what it chose. */
function loggedBefore(
  ctx: PlansContext,
  how: PlanStage,
  revision: PlanRevision,
): { decisionId: number; chosen: HowOption | undefined } | undefined {
  const earlier = ctx.plans
    .revisions(how.id)
    .filter((r) => r.number < revision.number && r.decisionId !== null)
    .at(-1);
  if (!earlier || earlier.decisionId === null || earlier.content.stage !== 'how') return undefined;
  return { decisionId: earlier.decisionId, chosen: chosenOf(earlier.content.content) };
}

/**
 * The how was accepted: its chosen option is logged as a decision through the core's decision
 * log, with both options and their trade-offs, the why from the plan's why, owned by the plan's
 * owner, in the plan's channel, naming the plan and the how's revision; the revision keeps the
 * decision's id. A revised how that chose the same option keeps its decision while it stands;
 * one that chose another supersedes it. When the log refuses (the owner left the channel, say), the owner is
 * told why, and the acceptance stands.
 */
export function logChosenHow(ctx: PlansContext, plan: Plan, how: PlanStage): HowDecision {
  const log = ctx.hooks.decisionLog();
  const revision = ctx.plans.latestRevision(how.id);
  if (!log || !revision || revision.content.stage !== 'how') return { kind: 'none' };
  if (revision.decisionId !== null) return { kind: 'kept', decisionId: revision.decisionId };
  const content = revision.content.content;
  const chosen = chosenOf(content);
  if (!chosen) return { kind: 'none' };
  const before = loggedBefore(ctx, how, revision);
  // A decision ended since (reversed, superseded by hand) is not kept, nor superseded.
  const current = before && log.describe(before.decisionId)?.status === 'accepted';
  if (current && before.chosen?.name === chosen.name) {
    ctx.plans.setRevisionDecision(revision.id, before.decisionId);
    return { kind: 'kept', decisionId: before.decisionId };
  }
  const whyStage = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'why');
  const why = whyStage && ctx.plans.latestRevision(whyStage.id)?.content;
  const [fast, robust] = [
    content.options.find((o) => o.approach === 'fast'),
    content.options.find((o) => o.approach === 'robust'),
  ];
  const supersedes = current ? before.decisionId : undefined;
  const logged = log.log({
    ownerId: plan.ownerId,
    channelId: plan.channelId,
    title: `${plan.title}: ${chosen.name}`,
    why: whyOf(why?.stage === 'why' ? why.content : undefined, plan),
    options: content.options.map(optionOf),
    chosen: chosen.name,
    chosenBecause: content.because,
    tradeOff: costOfChoice(chosen, chosen.approach === 'fast' ? robust : fast),
    origin: {
      link: how.permalink ?? plan.permalink,
      channelId: plan.channelId,
      ts: how.messageTs,
      text: `The plan “${plan.title}”, how revision ${revision.number}.`,
    },
    supersedesId: supersedes,
  });
  if (!logged.ok) {
    enqueuePost(ctx, {
      channelId: plan.ownerId,
      message: {
        text: `The how of “${plan.title}” is accepted, but its choice could not be logged as a decision: ${wordsWith(logged.problem, PLAIN_NAMING)}`,
      },
      key: `plan-how-decision:${revision.id}:refused`,
    });
    return { kind: 'refused' };
  }
  ctx.plans.setRevisionDecision(revision.id, logged.decisionId);
  return { kind: 'logged', decisionId: logged.decisionId, supersededId: supersedes };
}

/** The decision an accepted how links to: its latest revision's, when it was logged. */
export function howDecisionOf(
  ctx: PlansContext,
  how: PlanStage,
): { title: string; status: string; link: string | null } | undefined {
  if (how.stage !== 'how') return undefined;
  const decisionId = ctx.plans
    .revisions(how.id)
    .filter((r) => r.decisionId !== null)
    .at(-1)?.decisionId;
  return decisionId == null ? undefined : ctx.hooks.decisionLog()?.describe(decisionId);
}

/**
 * What the chosen option costs against the other, as a decision's trade-off ("Bad, because…"):
 * the robust one's time and effort, or the fast one's quality and risk.
 */
function costOfChoice(chosen: HowOption, other: HowOption | undefined): string {
  if (!other) return `It is the ${APPROACH_NAMES[chosen.approach]} option.`;
  return chosen.approach === 'robust'
    ? `it takes longer and costs more than “${other.name}”: ${chosen.time} against ${other.time}, ${chosen.effort} effort against ${other.effort}.`
    : `its quality is lower and its risk higher than “${other.name}”'s: ${chosen.quality} quality against ${other.quality}, ${chosen.risk} risk against ${other.risk}.`;
}
