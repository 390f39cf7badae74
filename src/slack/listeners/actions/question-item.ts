import type { App } from '@slack/bolt';
import { formatInTimeZone } from 'date-fns-tz';
import { z } from 'zod';
import { scheduleOf } from '../../../domain/member.js';
import { openQuestion, snoozeQuestion } from '../../../services/answer.js';
import type { ServiceContext } from '../../../services/context.js';
import { UserFacingError } from '../../../services/errors.js';
import {
  answerModal,
  closedQuestionMessage,
  QUESTION_ACTIONS,
  reassignModal,
} from '../../views/question.js';
import { onButton } from './on-button.js';

const id = z.coerce.number().int().positive();
const SNOOZE_MS = 2 * 60 * 60 * 1000;

/** The buttons on a question in an expert's DM, and "Answer" on a question asked in a channel. */
export function registerQuestionItemActions(app: App, ctx: ServiceContext): void {
  onButton(app, QUESTION_ACTIONS.answer, async ({ body, action, client }) => {
    const item = ctx.queue.get(id.parse(action.value));
    if (item?.kind !== 'question')
      throw new UserFacingError('I can’t find that question any more.');
    const question = openQuestion(ctx, Number(item.payload.questionId));
    const view = answerModal(question, { questionId: question.id, itemId: item.id });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  onButton(app, QUESTION_ACTIONS.answerFromChannel, async ({ body, action, client }) => {
    const question = openQuestion(ctx, id.parse(action.value));
    const view = answerModal(question, { questionId: question.id, itemId: null });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  onButton(app, QUESTION_ACTIONS.reassign, async ({ body, action, client }) => {
    const item = ctx.queue.get(id.parse(action.value));
    if (item?.kind !== 'question' || item.recipientId !== body.user.id) {
      throw new UserFacingError('That question is no longer in your queue.');
    }
    openQuestion(ctx, Number(item.payload.questionId));
    await client.views.open({ trigger_id: body.trigger_id, view: reassignModal(item) });
  });

  onButton(app, QUESTION_ACTIONS.snooze, async ({ body, action, reply }) => {
    const userId = body.user.id;
    const item = snoozeQuestion(ctx, { itemId: id.parse(action.value), userId, forMs: SNOOZE_MS });
    const member = ctx.members.get(userId);
    const zone = member ? scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone : 'UTC';
    const back = formatInTimeZone(item.deliverAfter, zone, 'EEE HH:mm');
    const note = `Snoozed: I will bring it back at ${back} your time.`;
    await reply({ replace_original: true, ...closedQuestionMessage(item, note) });
  });
}
