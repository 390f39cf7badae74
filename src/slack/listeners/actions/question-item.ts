import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { scheduleOf } from '../../../domain/member.js';
import { formatClock, toLocal } from '../../../domain/working-hours.js';
import { openQuestion, snoozeQuestion } from '../../../services/answer.js';
import type { ServiceContext } from '../../../services/context.js';
import { UserFacingError } from '../../../services/errors.js';
import { failureMessage, replyEphemeral } from '../../reply.js';
import {
  answerModal,
  closedQuestionMessage,
  QUESTION_ACTIONS,
  reassignModal,
} from '../../views/question.js';

const id = z.coerce.number().int().positive();
const SNOOZE_MS = 2 * 60 * 60 * 1000;

/** The buttons on a question in an expert's DM, and "Answer" on a question asked in a channel. */
export function registerQuestionItemActions(app: App, ctx: ServiceContext): void {
  app.action<BlockButtonAction>(
    QUESTION_ACTIONS.answer,
    async ({ ack, body, action, client, respond, logger }) => {
      await ack();
      try {
        const item = ctx.queue.get(id.parse(action.value));
        if (item?.kind !== 'question')
          throw new UserFacingError('I can’t find that question any more.');
        const question = openQuestion(ctx, Number(item.payload.questionId));
        await client.views.open({
          trigger_id: body.trigger_id,
          view: answerModal(question, { questionId: question.id, itemId: item.id }),
        });
      } catch (error) {
        logger.warn('opening the answer modal failed', error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );

  app.action<BlockButtonAction>(
    QUESTION_ACTIONS.answerFromChannel,
    async ({ ack, body, action, client, respond, logger }) => {
      await ack();
      try {
        const question = openQuestion(ctx, id.parse(action.value));
        await client.views.open({
          trigger_id: body.trigger_id,
          view: answerModal(question, { questionId: question.id, itemId: null }),
        });
      } catch (error) {
        logger.warn('opening the answer modal failed', error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );

  app.action<BlockButtonAction>(
    QUESTION_ACTIONS.reassign,
    async ({ ack, body, action, client, respond, logger }) => {
      await ack();
      try {
        const item = ctx.queue.get(id.parse(action.value));
        if (item?.kind !== 'question' || item.recipientId !== body.user.id) {
          throw new UserFacingError('That question is no longer in your queue.');
        }
        openQuestion(ctx, Number(item.payload.questionId));
        await client.views.open({ trigger_id: body.trigger_id, view: reassignModal(item) });
      } catch (error) {
        logger.warn('opening the reassign modal failed', error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );

  app.action<BlockButtonAction>(
    QUESTION_ACTIONS.snooze,
    async ({ ack, body, action, respond, logger }) => {
      await ack();
      try {
        const item = snoozeQuestion(ctx, {
          itemId: id.parse(action.value),
          userId: body.user.id,
          forMs: SNOOZE_MS,
        });
        const member = ctx.members.get(body.user.id);
        const zone = member
          ? scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone
          : 'UTC';
        const back = formatClock(toLocal(item.deliverAfter, zone).minuteOfDay);
        await respond({
          replace_original: true,
          ...closedQuestionMessage(item, `Snoozed: I will bring it back at ${back} your time.`),
        });
      } catch (error) {
        logger.warn('snooze failed', error);
        await replyEphemeral(respond, failureMessage(error));
      }
    },
  );
}
