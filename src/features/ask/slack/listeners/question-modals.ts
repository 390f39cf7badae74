import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseJson } from '../../../../core/domain/json.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import type { AskContext } from '../../context.js';
import { answerQuestion, shareAnswerInThread } from '../../services/answer.js';
import { exhaustRoute, reassignQuestion } from '../../services/pass-on.js';
import { slackQuestionNotifier } from '../question-notifier.js';
import { slackNames } from '../views/names.js';
import {
  ANSWER_BLOCK,
  ANSWER_INPUT,
  answeredModal,
  QUESTION_VIEWS,
  REASSIGN_BLOCK,
  REASSIGN_INPUT,
} from '../views/question.js';

const answerMetadata = z.object({
  questionId: z.number().int().positive(),
  itemId: z.number().int().positive().nullable(),
});
const reassignMetadata = z.object({ itemId: z.number().int().positive() });
const answerValues = z.object({
  [ANSWER_BLOCK]: z.object({ [ANSWER_INPUT]: z.object({ value: z.string().nullish() }) }),
});
const reassignValues = z.object({
  [REASSIGN_BLOCK]: z
    .object({ [REASSIGN_INPUT]: z.object({ selected_user: z.string().nullish() }) })
    .optional(),
});

const OUT_OF_DATE =
  'This form is out of date. Copy what you wrote, close it and press the button again.';

/** The answer and reassign modals. Problems are shown in the modal; nothing typed is lost. */
export function registerQuestionModals(app: App, ctx: AskContext): void {
  app.view(QUESTION_VIEWS.answer, async ({ ack, view, body, client, logger }) => {
    const metadata = answerMetadata.safeParse(parseJson(view.private_metadata));
    const values = answerValues.safeParse(view.state.values);
    const text = values.success ? (values.data[ANSWER_BLOCK][ANSWER_INPUT].value ?? '').trim() : '';
    if (!metadata.success) {
      await ack(modalError(ANSWER_BLOCK, OUT_OF_DATE));
      return;
    }
    if (text === '') {
      await ack(modalError(ANSWER_BLOCK, 'Write an answer before sending.'));
      return;
    }
    let result: ReturnType<typeof answerQuestion>;
    try {
      result = answerQuestion(ctx, {
        questionId: metadata.data.questionId,
        expertId: body.user.id,
        text,
      });
    } catch (error) {
      await ack(modalFailure(ANSWER_BLOCK, error, logger));
      return;
    }
    await ack({ response_action: 'update', view: answeredModal(result.notified.length) });
    const notifier = slackQuestionNotifier(client, ctx);
    for (const item of result.toClose)
      await notifier.closeDelivered(item, `Answered by <@${body.user.id}>. Thank you!`);
    shareAnswerInThread(ctx, notifier, result.question);
  });

  app.view(QUESTION_VIEWS.reassign, async ({ ack, view, body, client, logger }) => {
    const metadata = reassignMetadata.safeParse(parseJson(view.private_metadata));
    const values = reassignValues.safeParse(view.state.values);
    const toUserId = values.success
      ? (values.data[REASSIGN_BLOCK]?.[REASSIGN_INPUT].selected_user ?? undefined)
      : undefined;
    if (!metadata.success) {
      await ack(modalError(REASSIGN_BLOCK, OUT_OF_DATE));
      return;
    }
    let result: ReturnType<typeof reassignQuestion>;
    try {
      result = reassignQuestion(
        ctx,
        {
          itemId: metadata.data.itemId,
          byUserId: body.user.id,
          toUserId,
        },
        slackNames,
      );
    } catch (error) {
      await ack(modalFailure(REASSIGN_BLOCK, error, logger));
      return;
    }
    await ack();
    const notifier = slackQuestionNotifier(client, ctx);
    const { next, passedOn } = result;
    const note =
      next.kind === 'routed'
        ? `You passed this on to <@${next.routed.expert.id}>. Thanks!`
        : 'You passed this on. Nobody else is on the list, so I will ask the channel.';
    await notifier.closeDelivered(passedOn, note);
    if (next.kind === 'exhausted') exhaustRoute(ctx, notifier, next.question);
  });
}
