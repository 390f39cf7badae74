import type { KnownBlock, ModalView } from '@slack/types';
import { parsePayload, type QueueItem } from '../../../../core/domain/queue.js';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, quote, quotePieces, userText } from '../../../../core/slack/views/mrkdwn.js';
import type { Question } from '../../store/question-repository.js';

export const QUESTION_ACTIONS = {
  answer: 'question_answer',
  reassign: 'question_reassign',
  snooze: 'question_snooze',
  answerFromChannel: 'question_answer_channel',
} as const;

export const QUESTION_VIEWS = {
  answer: 'question_answer_modal',
  reassign: 'question_reassign_modal',
} as const;

export const ANSWER_BLOCK = 'answer';
export const ANSWER_INPUT = 'answer_text';
export const REASSIGN_BLOCK = 'reassign_to';
export const REASSIGN_INPUT = 'reassign_user';

/** The DM an expert receives for a question in their queue. */
export function questionItemMessage(item: QueueItem): Message {
  const payload = parsePayload('question', item.payload);
  const asker = item.requesterId ? `<@${item.requesterId}>` : 'Someone';
  const where = item.channelId && !item.channelId.startsWith('D') ? ` in <#${item.channelId}>` : '';
  const text = `${asker} asked${where}:\n${quote(payload.text)}`;
  return {
    text: `${asker} asked: ${userText(payload.text, 200)}`,
    blocks: [
      section(text),
      context(
        `Why you: ${escapeMrkdwn(payload.reason)}. Nothing in the docs answered it.${payload.text.length > 2800 ? ' The question is long: press Answer to read all of it.' : ''}`,
      ),
      actions(`question_item:${item.id}`, [
        {
          text: 'Answer',
          actionId: QUESTION_ACTIONS.answer,
          value: String(item.id),
          style: 'primary',
        },
        { text: 'Not me / reassign', actionId: QUESTION_ACTIONS.reassign, value: String(item.id) },
        { text: 'Snooze 2 h', actionId: QUESTION_ACTIONS.snooze, value: String(item.id) },
      ]),
      context(
        'Your answer goes to the asker and into the team’s docs, so the next person finds it.',
      ),
    ],
  };
}

/** The expert's DM once it needs no more action. */
export function closedQuestionMessage(item: QueueItem, note: string): Message {
  const payload = parsePayload('question', item.payload);
  const text = `${quote(payload.text, 1500)}\n${note}`;
  return { text: `${note} ${userText(payload.text, 200)}`, blocks: [section(text)] };
}

export function reminderText(question: Question): string {
  return `A gentle reminder: this question from <@${question.askerId}> is still waiting for you. If it is not yours, “Not me / reassign” passes it on.`;
}

/** The message that asks a channel when no expert is left. */
export function channelQuestionMessage(question: Question): Message {
  const text = `<@${question.askerId}> asked this and none of the experts could answer it yet. Can anyone help?\n${quote(question.text)}`;
  return {
    text: `Can anyone help? ${userText(question.text, 200)}`,
    blocks: [
      section(text),
      actions(`question_channel:${question.id}`, [
        {
          text: 'Answer',
          actionId: QUESTION_ACTIONS.answerFromChannel,
          value: String(question.id),
          style: 'primary',
        },
      ]),
    ],
  };
}

/** The DM a follower (the asker included) receives with the answer. */
export function answerMessage(question: Question): Message {
  const by = question.answeredBy ? `<@${question.answeredBy}>` : 'Someone';
  const text = `${by} answered the question${question.askerId ? ` <@${question.askerId}> asked` : ''}:\n${quote(question.text, 1200)}`;
  const answer = userText(question.answerText ?? '');
  return {
    text: `${by} answered: ${userText(question.answerText ?? '', 200)}`,
    blocks: [
      section(text),
      section(answer),
      context('Saved to the team’s docs: the next `/ask` like this is answered from there.'),
    ],
  };
}

export interface AnswerModalMetadata {
  questionId: number;
  itemId: number | null;
}

export function answerModal(question: Question, metadata: AnswerModalMetadata): ModalView {
  const blocks: KnownBlock[] = [
    section(`<@${question.askerId}> asked:`),
    ...quotePieces(question.text).slice(0, 40).map(section),
    {
      type: 'input',
      block_id: ANSWER_BLOCK,
      label: { type: 'plain_text', text: 'Your answer' },
      element: {
        type: 'plain_text_input',
        action_id: ANSWER_INPUT,
        multiline: true,
        max_length: 3000,
        placeholder: { type: 'plain_text', text: 'What would you tell them?' },
      },
    },
    context('It goes to the asker (and anyone following) and is saved to the team’s docs.'),
  ];
  return {
    type: 'modal',
    callback_id: QUESTION_VIEWS.answer,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Answer a question' },
    submit: { type: 'plain_text', text: 'Send answer' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export function reassignModal(item: QueueItem): ModalView {
  const payload = parsePayload('question', item.payload);
  return {
    type: 'modal',
    callback_id: QUESTION_VIEWS.reassign,
    private_metadata: JSON.stringify({ itemId: item.id }),
    title: { type: 'plain_text', text: 'Not me' },
    submit: { type: 'plain_text', text: 'Pass it on' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(quote(payload.text, 1500)),
      {
        type: 'input',
        block_id: REASSIGN_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Who would know?' },
        hint: {
          type: 'plain_text',
          text: 'Leave it empty and I will ask the next expert on the list.',
        },
        element: { type: 'users_select', action_id: REASSIGN_INPUT },
      },
    ],
  };
}

export function answeredModal(notified: number): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Answer sent' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [
      section(
        `Thank you! Your answer is on its way to ${notified === 1 ? 'the asker' : `${notified} people`} and saved to the team’s docs.`,
      ),
    ],
  };
}
