import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { type RouteStep, routeQuestion } from '../../../core/domain/routing.js';
import { snoozeUntil } from '../../../core/domain/working-hours.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { topicMatcherOf } from '../../../core/services/topic-match.js';
import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { PlansContext } from '../context.js';
import type { Plan, PlanStage } from '../store/plan-repository.js';
import type { PlanQuestion } from '../store/question-repository.js';
import { authorizePlan, mayTakePart, NO_SUCH_PLAN } from './authorization.js';

/**
 * The how's open questions, each put to an expert: routed by the core's topic and expert
 * routing as /ask routes a question (never to the plan's owner, only to someone who may see the
 * plan's channel), delivered in the expert's working hours, reminded once when not answered
 * within two of their working days, and answered into the how's thread and the knowledge base.
 */

export const MAX_PLAN_ANSWER_CHARS = 3000;
export const NO_SUCH_QUESTION = 'I can’t find that question.';
export const OWNER_ASKS = 'Only the plan’s owner can ask its experts.';
export const EXPERT_ANSWERS = 'Only the expert the question was put to can answer it.';

/** Each key of a question's queue items starts with this. */
export const planQuestionKey = (questionId: number) => `plan-question:${questionId}:`;

/** One open question of the how's latest revision: asked already, or where it would go. */
export interface QuestionRoute {
  index: number;
  text: string;
  asked: PlanQuestion | undefined;
  route: RouteStep | undefined;
}

/** The open questions of the stage's latest revision (a how's; none for another stage). */
export function openQuestionsOf(ctx: Pick<PlansContext, 'plans'>, stage: PlanStage): string[] {
  if (stage.stage !== 'how') return [];
  const content = ctx.plans.latestRevision(stage.id)?.content;
  return content?.stage === 'how' ? content.content.questions : [];
}

/** Whether someone may be put a question of this plan: a person who may see its channel, not its owner. */
export function mayBeAsked(ctx: PlansContext, plan: Plan, memberId: string): boolean {
  const member = ctx.members.get(memberId);
  return (
    memberId !== plan.ownerId &&
    member !== undefined &&
    canReceive(member) &&
    mayTakePart(ctx, memberId, plan.channelId)
  );
}

/** The first expert on the question's route who may be asked it; undefined when nobody is. */
export function routePlanQuestion(
  ctx: PlansContext,
  plan: Plan,
  text: string,
): RouteStep | undefined {
  const channel = ctx.channels.get(plan.channelId);
  const steps = routeQuestion({
    askerId: plan.ownerId,
    keywordExperts: ctx.experts.keywordExperts(),
    topicStrength: topicMatcherOf(ctx, text),
    channelExperts: ctx.experts.channelExperts(plan.channelId),
    channelName: channel?.name ?? undefined,
    relatedDocuments: [],
    canReceive: (id) => mayBeAsked(ctx, plan, id),
  });
  return steps[0];
}

/** The how and its plan, when `userId` is the plan's owner and the how has been submitted. */
function authorizeAsking(
  ctx: PlansContext,
  userId: string,
  stageId: number,
): { plan: Plan; stage: PlanStage } {
  const stage = ctx.plans.stage(stageId);
  const plan = authorizePlan(ctx, userId, stage?.planId ?? 0);
  if (stage?.stage !== 'how') throw new UserFacingError(NO_SUCH_PLAN);
  if (plan.ownerId !== userId) throw new UserFacingError(OWNER_ASKS);
  if (stage.revision === 0) {
    throw new UserFacingError('The how has no open questions yet: submit it first.');
  }
  return { plan, stage };
}

/** Where each open question of the how goes, for its owner to read before sending them. */
export function questionRoutes(
  ctx: PlansContext,
  userId: string,
  stageId: number,
): { plan: Plan; stage: PlanStage; routes: QuestionRoute[] } {
  const { plan, stage } = authorizeAsking(ctx, userId, stageId);
  const routes = openQuestionsOf(ctx, stage).map((text, index) => {
    const asked = ctx.planQuestions.find(stage.id, text);
    return { index, text, asked, route: asked ? undefined : routePlanQuestion(ctx, plan, text) };
  });
  if (routes.every((r) => r.asked)) {
    throw new UserFacingError(
      routes.length === 0
        ? 'The how has no open questions for experts.'
        : 'Every open question of the how has been put to an expert already.',
    );
  }
  return { plan, stage, routes };
}

/** A question the owner put to someone they picked who may not be asked it, by its index. */
export class InvalidPick extends Error {
  constructor(readonly problems: Record<number, string>) {
    super('some picked experts may not be asked');
    this.name = 'InvalidPick';
  }
}

export interface AskedQuestions {
  plan: Plan;
  stage: PlanStage;
  asked: { question: PlanQuestion; item: QueueItem }[];
  /** Questions nobody could be found for, and nobody was picked for: not sent. */
  unrouted: string[];
}

/**
 * Puts each open question of the how's latest revision that was not asked yet to its expert:
 * the one routing finds, else the person the owner picked (who must be someone who may be
 * asked). Each is queued once, whatever the number of clicks; a question nobody was found or
 * picked for is left unsent and listed.
 */
export function askExperts(
  ctx: PlansContext,
  input: { userId: string; stageId: number; revision: number; picks: Record<number, string> },
): AskedQuestions {
  const { plan, stage } = authorizeAsking(ctx, input.userId, input.stageId);
  if (stage.revision !== input.revision) {
    throw new UserFacingError(
      'The how changed since this form opened: close it and press Ask the experts again.',
    );
  }
  const problems: Record<number, string> = {};
  const targets: { text: string; expertId: string; reason: string }[] = [];
  const unrouted: string[] = [];
  openQuestionsOf(ctx, stage).forEach((text, index) => {
    if (ctx.planQuestions.find(stage.id, text)) return;
    const picked = input.picks[index];
    if (picked) {
      if (!mayBeAsked(ctx, plan, picked)) {
        problems[index] =
          picked === plan.ownerId
            ? 'You own the plan: pick someone else to answer it.'
            : 'Pick someone who can see the plan’s channel.';
        return;
      }
      targets.push({ text, expertId: picked, reason: 'was picked by the plan’s owner' });
      return;
    }
    const route = routePlanQuestion(ctx, plan, text);
    if (route) targets.push({ text, expertId: route.memberId, reason: route.reason });
    else unrouted.push(text);
  });
  if (Object.keys(problems).length > 0) throw new InvalidPick(problems);
  const asked = ctx.plans.inTransaction(() =>
    targets.map((target) => {
      const { question } = ctx.planQuestions.ask({ stageId: stage.id, ...target }, ctx.clock());
      return { question, item: queueQuestion(ctx, plan, question) };
    }),
  );
  return { plan, stage, asked, unrouted };
}

/** The question for its expert in their hours, and its one reminder two working days later. */
function queueQuestion(ctx: PlansContext, plan: Plan, question: PlanQuestion): QueueItem {
  const key = planQuestionKey(question.id);
  const { item } = enqueueForRecipient(ctx, {
    kind: 'plan_question',
    recipientId: question.expertId,
    requesterId: plan.ownerId,
    channelId: plan.channelId,
    payload: { planQuestionId: question.id },
    idempotencyKey: `${key}ask`,
  });
  const expert = ctx.members.get(question.expertId);
  if (expert) {
    const { hours } = scheduleOf(expert, ctx.settings.defaultTimeZone);
    const secondDay = snoozeUntil(hours, item.deliverAfter, 'tomorrow');
    enqueueForRecipient(ctx, {
      kind: 'plan_question_reminder',
      recipientId: question.expertId,
      requesterId: plan.ownerId,
      channelId: plan.channelId,
      payload: { planQuestionId: question.id },
      idempotencyKey: `${key}reminder`,
      notBefore: snoozeUntil(hours, secondDay, 'tomorrow'),
    });
  }
  return item;
}

/** The question, its how and its plan, when `userId` is the expert it was put to and may still see it. */
export function authorizeAnswer(
  ctx: PlansContext,
  userId: string,
  questionId: number,
): { question: PlanQuestion; plan: Plan; stage: PlanStage } {
  const question = ctx.planQuestions.get(questionId);
  const stage = question && ctx.plans.stage(question.stageId);
  const plan = stage && ctx.plans.get(stage.planId);
  if (!question || !stage || !plan || !mayTakePart(ctx, userId, plan.channelId)) {
    throw new UserFacingError(NO_SUCH_QUESTION);
  }
  if (question.expertId !== userId) throw new UserFacingError(EXPERT_ANSWERS);
  if (question.state === 'answered') {
    throw new UserFacingError(
      'This question is answered already: its answer is in the how’s thread.',
    );
  }
  return { question, plan, stage };
}

export interface AnsweredQuestion {
  question: PlanQuestion;
  plan: Plan;
  stage: PlanStage;
  document: KnowledgeDocument;
}

/**
 * The expert's answer: kept with the question, written into the knowledge base with the plan's
 * channel's visibility (found by /ask by whoever sees the channel) and its queue items closed.
 * Its reply in the how's thread, and the note to the plan's owner, are the caller's to queue.
 */
export function answerPlanQuestion(
  ctx: PlansContext,
  input: { userId: string; questionId: number; text: string },
): AnsweredQuestion {
  const { question, plan, stage } = authorizeAnswer(ctx, input.userId, input.questionId);
  const text = input.text.trim();
  if (text === '') throw new UserFacingError('The answer is empty: write it, then send it.');
  if (text.length > MAX_PLAN_ANSWER_CHARS) {
    throw new UserFacingError(
      `Answers can be up to ${MAX_PLAN_ANSWER_CHARS.toLocaleString('en-US')} characters.`,
    );
  }
  const now = ctx.clock();
  const channel = ctx.channels.get(plan.channelId);
  const inPublic = channel !== undefined && !channel.isPrivate && !channel.isIm;
  return ctx.plans.inTransaction(() => {
    const { document } = ctx.knowledge.upsert(
      {
        title: question.text.length > 200 ? `${question.text.slice(0, 199)}…` : question.text,
        body: `${text}\n\n(Question: ${question.text} — asked for the plan “${plan.title}”)`,
        source: 'answer',
        sourceKey: `plan-question:${question.id}`,
        authorId: input.userId,
        channelId: plan.channelId,
        url: stage.permalink ?? plan.permalink,
        visibility: inPublic ? 'public' : 'channel',
      },
      now,
    );
    const answered = ctx.planQuestions.update(
      question.id,
      ['asked'],
      { state: 'answered', answerText: text, answeredAt: now, documentId: document.id },
      now,
    );
    if (!answered) throw new UserFacingError('Someone answered that question a moment ago.');
    for (const item of ctx.queue.openWithKeyPrefix(planQuestionKey(question.id))) {
      if (item.state !== 'sending') ctx.queue.transition(item, 'done', now);
    }
    return { question: answered, plan, stage, document };
  });
}

/** The how's questions put to experts, in the order they were asked. */
export function askedQuestionsOf(ctx: PlansContext, stage: PlanStage): PlanQuestion[] {
  return stage.stage === 'how' ? ctx.planQuestions.ofStage(stage.id) : [];
}

/** Whether the how has open questions of its latest revision not put to anyone yet. */
export function hasUnaskedQuestions(ctx: PlansContext, stage: PlanStage): boolean {
  return openQuestionsOf(ctx, stage).some((text) => !ctx.planQuestions.find(stage.id, text));
}

/** The question and its plan, for its queue items' messages. */
export function questionOf(
  ctx: Pick<PlansContext, 'plans' | 'planQuestions'>,
  questionId: number,
): { question: PlanQuestion; plan: Plan; stage: PlanStage } | undefined {
  const question = ctx.planQuestions.get(questionId);
  const stage = question && ctx.plans.stage(question.stageId);
  const plan = stage && ctx.plans.get(stage.planId);
  return question && stage && plan ? { question, plan, stage } : undefined;
}
