import type { KnownBlock, ModalView } from '@slack/types';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import {
  mention,
  oneLine,
  quote,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import type { QuestionRoute } from '../../services/questions.js';
import { MAX_PLAN_ANSWER_CHARS } from '../../services/questions.js';
import type { Plan, PlanStage } from '../../store/plan-repository.js';
import type { PlanQuestion } from '../../store/question-repository.js';
import { planLink } from './text.js';

/** The ids of the how's questions to experts: its buttons, its forms and their fields. */
export const QUESTION_ACTIONS = {
  /** The owner sends the how's open questions to experts: the value is the how's stage id. */
  askExperts: 'plan_ask_experts',
  /** The expert answers a question: the value is the question's id. */
  answer: 'plan_question_answer',
} as const;

export const QUESTION_VIEWS = {
  ask: 'plan_ask_experts_modal',
  answer: 'plan_question_answer_modal',
} as const;

export const ANSWER_FIELD = 'plan_answer';
export const pickField = (index: number) => `plan_question_pick_${index}`;

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 150) });

/**
 * The how's message lists its questions to experts: whom each was put to, waiting or answered
 * (with a link to the answer), and, while some are not sent, Ask the experts for its owner.
 */
export function questionBlocks(
  stage: PlanStage,
  questions: readonly PlanQuestion[],
  unasked: boolean,
): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (questions.length > 0) {
    const lines = questions.map((q) => {
      const state =
        q.state === 'answered'
          ? `answered${q.answerLink ? ` (<${q.answerLink}|the answer>)` : ''}`
          : 'waiting';
      return `• ${userText(oneLine(q.text, 200), 300)}: asked ${mention(q.expertId)}, ${state}`;
    });
    blocks.push(section(`*Questions for experts*\n${lines.join('\n')}`));
  }
  if (unasked) {
    blocks.push(
      actions(`plan_questions:${stage.id}`, [
        { text: 'Ask the experts', actionId: QUESTION_ACTIONS.askExperts, value: String(stage.id) },
      ]),
    );
  }
  return blocks;
}

function routeLine(route: QuestionRoute): string {
  const head = `*${route.index + 1}.* ${userText(route.text, 500)}`;
  if (route.asked) {
    const state = route.asked.state === 'answered' ? 'answered' : 'waiting for an answer';
    return `${head}\nAlready asked ${mention(route.asked.expertId)}: ${state}.`;
  }
  if (route.route) {
    return `${head}\n→ ${mention(route.route.memberId)}, who ${route.route.reason}.`;
  }
  return `${head}\nNo expert found for this one: pick someone who can see the plan’s channel, or leave it for now.`;
}

/**
 * What Ask the experts shows its owner before anything is sent: who each open question goes to
 * and why; a question nobody was found for gets a person picker.
 */
export function askExpertsModal(plan: Plan, stage: PlanStage, routes: readonly QuestionRoute[]) {
  const blocks: KnownBlock[] = [
    section(
      `The open questions of the how of ${planLink(plan)}. Each goes to its expert in their working hours; their answers come back into the how’s thread.`,
    ),
  ];
  for (const route of routes) {
    blocks.push(section(routeLine(route)));
    if (!route.asked && !route.route) {
      blocks.push({
        type: 'input',
        block_id: pickField(route.index),
        optional: true,
        label: plain(`Who answers question ${route.index + 1}?`),
        element: { type: 'users_select', action_id: pickField(route.index) },
      } as KnownBlock);
    }
  }
  return {
    type: 'modal',
    callback_id: QUESTION_VIEWS.ask,
    title: plain('Ask the experts'),
    submit: plain('Ask them'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ stageId: stage.id, revision: stage.revision }),
    blocks,
  } satisfies ModalView;
}

/** What was sent, in place of the form. */
export function askedModal(
  asked: readonly { question: PlanQuestion; deliverAfter: number }[],
  unrouted: readonly string[],
): ModalView {
  const lines = asked.map(
    ({ question, deliverAfter }) =>
      `• ${userText(oneLine(question.text, 200), 300)} → ${mention(question.expertId)}, delivered <!date^${Math.floor(deliverAfter / 1000)}^{date_short_pretty} at {time}|in their working hours> (your time)`,
  );
  const left = unrouted.map((text) => `• ${userText(oneLine(text, 200), 300)}`);
  const blocks: KnownBlock[] = [
    section(
      lines.length > 0
        ? `*Asked*\n${lines.join('\n')}`
        : 'Nothing was sent: every question was asked already, or has nobody to answer it.',
    ),
  ];
  if (left.length > 0) {
    blocks.push(
      section(
        `*Not sent: nobody to answer them*\n${left.join('\n')}\nPress Ask the experts again to pick someone.`,
      ),
    );
  }
  return { type: 'modal', title: plain('Ask the experts'), close: plain('Done'), blocks };
}

/** The question in its expert's DM (or its one reminder), with Answer. */
export function questionMessage(plan: Plan, question: PlanQuestion, reminder: boolean): Message {
  const lead = reminder
    ? `Reminder: ${mention(plan.ownerId)} is still waiting for your answer to a question of the plan ${planLink(plan)}.`
    : `${mention(plan.ownerId)} asks you a question for the how of the plan ${planLink(plan)}.`;
  return {
    text: `${reminder ? 'Reminder: a' : 'A'} question for the plan ${oneLine(plan.title)}`,
    blocks: [
      section(lead),
      section(quote(question.text)),
      context(`Asked of you because ${mention(question.expertId)} ${question.reason}.`),
      actions(`plan_question:${question.id}`, [
        {
          text: 'Answer',
          actionId: QUESTION_ACTIONS.answer,
          value: String(question.id),
          style: 'primary',
        },
      ]),
    ],
  };
}

/** The form of an answer: required, up to 3,000 characters. */
export function answerModal(plan: Plan, question: PlanQuestion): ModalView {
  return {
    type: 'modal',
    callback_id: QUESTION_VIEWS.answer,
    title: plain('Answer'),
    submit: plain('Send the answer'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ questionId: question.id }),
    blocks: [
      section(`A question for the plan ${planLink(plan)}:`),
      section(quote(question.text)),
      {
        type: 'input',
        block_id: ANSWER_FIELD,
        label: plain('Your answer'),
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_FIELD,
          multiline: true,
          max_length: MAX_PLAN_ANSWER_CHARS,
        },
      } as KnownBlock,
      context('It goes into the how’s thread and into the knowledge base, for the plan’s channel.'),
    ],
  };
}

/** The answer, into the how's thread. */
export function answerPost(question: PlanQuestion): Message {
  return {
    text: `An expert answered a question of the how`,
    blocks: [
      section(
        `*${mention(question.expertId)} answered:* ${userText(oneLine(question.text, 300), 400)}`,
      ),
      section(quote(question.answerText ?? '')),
    ],
  };
}

/** For the plan's owner, in their hours. */
export function answeredNoticeText(plan: Plan, question: PlanQuestion): string {
  return `${mention(question.expertId)} answered your question for the plan ${planLink(plan)}: ${userText(oneLine(question.text, 200), 300)}. The answer is in the how’s thread.`;
}

/** The Home tab's line for a question or its reminder. */
export function questionSummary(plan: Plan, question: PlanQuestion): string {
  return `${userText(oneLine(question.text, 120), 200)} (the plan “${oneLine(plan.title, 80)}”)`;
}
