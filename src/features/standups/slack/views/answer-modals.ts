import type { KnownBlock, ModalView } from '@slack/types';
import { context, section } from '../../../../core/slack/views/blocks.js';
import { quote, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { BLOCKER_QUESTION } from '../../domain/standup.js';
import type { AnswerForm } from '../../services/answers.js';
import type { Standup } from '../../store/standup-repository.js';
import { ANSWER_FORM, dayLabel, nameOf, PASS_FORM, plain, STANDUP_VIEWS } from './messages.js';

/** The answer form and what follows it, and the "Not me" form that passes a blocker on. */

/** The answer form: the standup's questions, yesterday's plan as a start, and the blocker. */
export function answerModal(form: AnswerForm): ModalView {
  const { standup, entry } = form;
  const notes = [`${nameOf(standup)} in <#${standup.channelId}> · ${dayLabel(form.date)}`];
  if (form.instead)
    notes.push(
      `Your answer for ${dayLabel(form.date)} is still open: this is that day’s. Answer or skip it, then ${dayLabel(form.instead)}’s.`,
    );
  if (form.early) notes.push('Answered ahead: it is posted when you would have been asked.');
  const blocks: KnownBlock[] = [context(notes.join('\n'))];
  if (form.previousPlan && !entry?.answers) {
    blocks.push(
      context(
        `On ${dayLabel(form.previousPlan.date)} you planned:\n${quote(form.previousPlan.text, 1500)}`,
      ),
    );
  }
  standup.questions.forEach((question, i) => {
    const current = entry?.answers?.[i];
    const start = current ?? (i === 0 && form.previousPlan ? form.previousPlan.text : '');
    blocks.push({
      type: 'input',
      block_id: ANSWER_FORM.question(i),
      optional: true,
      label: plain(question, 2000),
      element: {
        type: 'plain_text_input',
        action_id: ANSWER_FORM.questionAction,
        multiline: true,
        max_length: 3000,
        ...(start ? { initial_value: truncate(start, 3000) } : {}),
      },
    });
  });
  if (standup.asksBlockers) {
    blocks.push(
      {
        type: 'input',
        block_id: ANSWER_FORM.blocker,
        optional: true,
        label: plain(BLOCKER_QUESTION),
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_FORM.blockerAction,
          multiline: true,
          max_length: 3000,
          ...(entry?.blockerText ? { initial_value: entry.blockerText } : {}),
        },
      },
      {
        type: 'input',
        block_id: ANSWER_FORM.blockerOwner,
        optional: true,
        label: plain('Who can unblock this?'),
        hint: plain(
          'They get it in their queue, in their working hours. Nobody picked: the standup’s owner.',
        ),
        element: {
          type: 'users_select',
          action_id: ANSWER_FORM.blockerOwnerAction,
          ...(entry?.blockerOwnerId ? { initial_user: entry.blockerOwnerId } : {}),
        },
      },
    );
  }
  return {
    type: 'modal',
    callback_id: STANDUP_VIEWS.answer,
    private_metadata: JSON.stringify({ standupId: standup.id, date: form.date }),
    title: plain(truncate(standup.name, 24), 24),
    submit: plain(entry?.status === 'answered' ? 'Save' : 'Send', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export function answerSentModal(standup: Standup, early: boolean): ModalView {
  const text = early
    ? `Thanks! Your answer is saved, and goes to <#${standup.channelId}> when you would have been asked.`
    : `Thanks! Your answer is in <#${standup.channelId}>${standup.destination === 'summary' ? '’s summary at the report' : ''}. You can edit it until your next prompt.`;
  return {
    type: 'modal',
    title: plain('Standup', 24),
    close: plain('Done', 24),
    blocks: [section(text)],
  };
}

/** "Not me": who could unblock it instead. */
export function passBlockerModal(blockerId: number): ModalView {
  return {
    type: 'modal',
    callback_id: STANDUP_VIEWS.pass,
    private_metadata: JSON.stringify({ blockerId }),
    title: plain('Not me', 24),
    submit: plain('Pass it on', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: PASS_FORM.block,
        optional: true,
        label: plain('Who could unblock it?'),
        hint: plain('Nobody picked: the standup’s owner.'),
        element: { type: 'users_select', action_id: PASS_FORM.action },
      },
    ],
  };
}
