import type { App } from '@slack/bolt';
import { formatInTimeZone } from 'date-fns-tz';
import { z } from 'zod';
import { scheduleOf } from '../../../../core/domain/member.js';
import { snoozeItem } from '../../../../core/services/queue.js';
import { confirmMembership } from '../../../../core/slack/conversations.js';
import { openModal } from '../../../../core/slack/modals.js';
import { onButton } from '../../../../core/slack/on-button.js';
import type { AskContext } from '../../context.js';
import { authorizeQuestion, authorizeQueueItem } from '../../services/authorization.js';
import {
  answerModal,
  closedQuestionMessage,
  QUESTION_ACTIONS,
  reassignModal,
} from '../views/question.js';

const id = z.coerce.number().int().positive();

/**
 * The buttons on a question in an expert's DM, and "Answer" on a question asked in a channel.
 * Each opens or changes something only after the rules say the clicker may: the ids in a
 * button's value are whatever the sender put there.
 */
export function registerQuestionItemActions(app: App, ctx: AskContext): void {
  onButton(app, ctx, QUESTION_ACTIONS.answer, async ({ body, action, client }) => {
    const { item, question } = authorizeQueueItem(
      ctx,
      body.user.id,
      id.parse(action.value),
      'answer',
    );
    const view = answerModal(question, { questionId: question.id, itemId: item.id });
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view,
    });
  });

  onButton(app, ctx, QUESTION_ACTIONS.answerFromChannel, async ({ body, action, client }) => {
    const questionId = id.parse(action.value);
    await learnChannelAnswerer(client, ctx, body.user.id, questionId);
    const question = authorizeQuestion(ctx, body.user.id, questionId, 'answer');
    const view = answerModal(question, { questionId: question.id, itemId: null });
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view,
    });
  });

  onButton(app, ctx, QUESTION_ACTIONS.reassign, async ({ body, action, client }) => {
    const { item } = authorizeQueueItem(ctx, body.user.id, id.parse(action.value), 'reassign');
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: reassignModal(item),
    });
  });

  onButton(app, ctx, QUESTION_ACTIONS.snooze, async ({ body, action, reply }) => {
    const userId = body.user.id;
    const item = snoozeItem(ctx, { itemId: id.parse(action.value), userId, choice: '2h' });
    const member = ctx.members.get(userId);
    const zone = member ? scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone : 'UTC';
    const back = formatInTimeZone(item.deliverAfter, zone, 'EEE HH:mm');
    const note = `Snoozed: I will bring it back at ${back} your time.`;
    await reply({ replace_original: true, ...closedQuestionMessage(item, note) });
  });
}

/**
 * Once a question was put to its channel, that channel's members may answer it. Mailroom does
 * not keep every public channel's member list, so it asks Slack about this one person before
 * the rules decide.
 */
async function learnChannelAnswerer(
  client: App['client'],
  ctx: AskContext,
  userId: string,
  questionId: number,
): Promise<void> {
  const question = ctx.questions.get(questionId);
  if (question?.state !== 'open' || !question.askedInChannelAt || !question.channelId) return;
  await confirmMembership(client, ctx, question.channelId, userId);
}
