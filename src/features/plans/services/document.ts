import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { PlansContext } from '../context.js';
import { FORM_STAGES, STAGE_NAMES, STATE_NAMES, type StageContent } from '../domain/plan.js';
import { taskStateText } from '../domain/who.js';
import type { Plan } from '../store/plan-repository.js';

type DocumentContext = Pick<PlansContext, 'plans' | 'knowledge' | 'channels'>;

export const planSourceKey = (planId: number) => `plan:${planId}`;

/**
 * Writes the plan into the knowledge base, so `/ask` finds it as its channel's content: a public
 * channel's plan by the team (guests only when they are in it), a private one's by its members,
 * exactly as the plan itself may be seen. Called after every change of a stage; the document
 * stays one, found by its source key.
 */
export function syncPlanDocument(
  ctx: DocumentContext,
  planId: number,
  now: number,
): KnowledgeDocument | undefined {
  const plan = ctx.plans.get(planId);
  if (!plan) {
    removePlanDocument(ctx, planId);
    return undefined;
  }
  const channel = ctx.channels.get(plan.channelId);
  const { document } = ctx.knowledge.upsert(
    {
      title: `Plan: ${plan.title}`,
      body: planText(ctx, plan),
      source: 'plan',
      sourceKey: planSourceKey(plan.id),
      authorId: plan.ownerId,
      url: plan.permalink,
      channelId: plan.channelId,
      visibility: channel && !channel.isPrivate && !channel.isIm ? 'public' : 'channel',
    },
    now,
  );
  return document;
}

/** Takes a plan out of the knowledge base, as it goes: nobody finds it any more. */
export function removePlanDocument(ctx: Pick<PlansContext, 'knowledge'>, planId: number): boolean {
  const document = ctx.knowledge.findBySourceKey(planSourceKey(planId));
  return document !== undefined && ctx.knowledge.remove(document.id);
}

const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

/** The plan as plain text: its target, then each stage's latest revision, as search reads it. */
function planText(ctx: DocumentContext, plan: Plan): string {
  const lines = [sentence(`Plan: ${plan.title}`), `Target date: ${plan.targetDate}`];
  const stages = ctx.plans.stagesOf(plan.id);
  for (const name of FORM_STAGES) {
    const stage = stages.find((s) => s.stage === name);
    if (!stage) continue;
    const revision = ctx.plans.latestRevision(stage.id);
    lines.push(`${STAGE_NAMES[name]} (${STATE_NAMES[stage.state]}):`);
    if (revision) lines.push(...contentLines(revision.content));
  }
  const tasks = ctx.plans.tasksOf(plan.id);
  if (tasks.length > 0) lines.push('Tasks now:');
  for (const task of tasks) {
    const blocked = task.state === 'blocked' && task.blockReason ? `: ${task.blockReason}` : '';
    lines.push(`- ${task.title}, due ${task.due}: ${taskStateText(task)}${blocked}`);
  }
  return lines.join('\n');
}

function contentLines(content: StageContent): string[] {
  switch (content.stage) {
    case 'why': {
      const why = content.content;
      return [
        `Goal: ${why.goal}`,
        `Asked by: ${why.askedBy}`,
        `Objective: ${why.objective}`,
        `Success: ${why.success}`,
      ];
    }
    case 'what': {
      const what = content.content;
      return [
        'In scope:',
        ...what.inScope.map((item) => `- ${item.priority}: ${item.text}`),
        ...(what.outOfScope.length > 0
          ? ['Out of scope:', ...what.outOfScope.map((item) => `- ${item}`)]
          : []),
      ];
    }
    case 'how': {
      const how = content.content;
      const chosen = how.options.find((option) => option.approach === how.chosen);
      return [
        'Options:',
        ...how.options.map(
          (option) =>
            `- ${option.name} (${option.approach}): effort ${option.effort}, risk ${option.risk}, quality ${option.quality}, time ${option.time}`,
        ),
        sentence(`Chosen: ${chosen?.name ?? how.chosen}`),
        `Because: ${how.because}`,
        ...(how.questions.length > 0
          ? ['Open questions:', ...how.questions.map((question) => `- ${question}`)]
          : []),
        'Tasks:',
        ...how.tasks.map(
          (task) =>
            `- ${task.title} (scope item ${task.scopeItem}, estimate ${task.estimate}, due ${task.due})`,
        ),
      ];
    }
    case 'who':
      return [
        'Tasks with an owner who accepted:',
        ...content.content.tasks.map((task) => `- ${task.title}, due ${task.due}`),
      ];
  }
}
