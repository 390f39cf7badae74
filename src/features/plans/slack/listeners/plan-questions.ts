import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { openModal } from '../../../../core/slack/modals.js';
import { slackWordsOf } from '../../../../core/slack/naming.js';
import { onButton } from '../../../../core/slack/on-button.js';
import { section } from '../../../../core/slack/views/blocks.js';
import type { PlansContext } from '../../context.js';
import {
  answerPlanQuestion,
  askExperts,
  authorizeAnswer,
  InvalidPick,
  NO_SUCH_QUESTION,
  questionRoutes,
} from '../../services/questions.js';
import { readForm, readMetadata } from '../form.js';
import { refreshPlan } from '../publisher.js';
import { publishAnswer } from '../question-publisher.js';
import {
  ANSWER_FIELD,
  answerModal,
  askExpertsModal,
  askedModal,
  pickField,
  QUESTION_ACTIONS,
  QUESTION_VIEWS,
} from '../views/questions.js';

/** A button's value names a stage or a question by id: a claim, checked before anything else. */
const idOf = (value: string | undefined) =>
  z.coerce.number().int().positive().catch(0).parse(value);

const askMetadataSchema = z.object({
  stageId: z.number().int().positive(),
  revision: z.number().int().positive(),
});
const answerMetadataSchema = z.object({ questionId: z.number().int().positive() });

const pickState = z.looseObject({ selected_user: z.string().nullish() });

/** The people the owner picked for questions nobody was found for, by question index. */
function readPicks(values: unknown): Record<number, string> {
  const picks: Record<number, string> = {};
  if (!values || typeof values !== 'object') return picks;
  for (const [blockId, block] of Object.entries(values as Record<string, unknown>)) {
    const index = /^plan_question_pick_(\d+)$/.exec(blockId)?.[1];
    if (index === undefined || !block || typeof block !== 'object') continue;
    const parsed = pickState.safeParse((block as Record<string, unknown>)[blockId]);
    if (parsed.success && parsed.data.selected_user)
      picks[Number(index)] = parsed.data.selected_user;
  }
  return picks;
}

/** A problem with the whole form: under its first picker, or in its place when it has none. */
function formProblem(view: { blocks: readonly unknown[] }, message: string) {
  for (const block of view.blocks) {
    const { type, block_id: id } = block as { type?: string; block_id?: string };
    if (type === 'input' && id) return modalError(id, message);
  }
  const replaced: ModalView = {
    type: 'modal',
    title: { type: 'plain_text', text: 'Ask the experts' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [section(message)],
  };
  return { response_action: 'update' as const, view: replaced };
}

/**
 * The how's questions to experts: its owner's Ask the experts (a form showing who each
 * question goes to, with a picker for those nobody was found for), and the expert's Answer.
 * Anyone else is refused, and nothing changes.
 */
export function registerPlanQuestions(app: App, ctx: PlansContext, publishHome: PublishHome): void {
  onButton(app, ctx, QUESTION_ACTIONS.askExperts, async ({ body, action, client }) => {
    const { plan, stage, routes } = questionRoutes(ctx, body.user.id, idOf(action.value));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: askExpertsModal(plan, stage, routes),
    });
  });

  app.view<ViewSubmitAction>(
    { callback_id: QUESTION_VIEWS.ask, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(askMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(formProblem(view, NO_SUCH_QUESTION));
        return;
      }
      let asked: ReturnType<typeof askExperts>;
      try {
        asked = askExperts(ctx, {
          userId: body.user.id,
          stageId: metadata.stageId,
          revision: metadata.revision,
          picks: readPicks(view.state.values),
        });
      } catch (error) {
        if (error instanceof InvalidPick) {
          const errors = Object.fromEntries(
            Object.entries(error.problems).map(([index, words]) => [
              pickField(Number(index)),
              words,
            ]),
          );
          await ack({ response_action: 'errors', errors });
          return;
        }
        if (error instanceof UserFacingError) {
          await ack(formProblem(view, slackWordsOf(error)));
          return;
        }
        await ack(modalFailure(pickField(0), error, logger));
        return;
      }
      await ack({
        response_action: 'update',
        view: askedModal(
          asked.asked.map(({ question, item }) => ({ question, deliverAfter: item.deliverAfter })),
          asked.unrouted,
        ),
      });
      await refreshPlan(client, ctx, asked.plan.id, [asked.stage.id]);
    },
  );

  onButton(app, ctx, QUESTION_ACTIONS.answer, async ({ body, action, client }) => {
    const { plan, question } = authorizeAnswer(ctx, body.user.id, idOf(action.value));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: answerModal(plan, question),
    });
  });

  app.view<ViewSubmitAction>(
    { callback_id: QUESTION_VIEWS.answer, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(answerMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(ANSWER_FIELD, NO_SUCH_QUESTION));
        return;
      }
      let answered: ReturnType<typeof answerPlanQuestion>;
      try {
        answered = answerPlanQuestion(ctx, {
          userId: body.user.id,
          questionId: metadata.questionId,
          text: readForm(view.state.values)[ANSWER_FIELD] ?? '',
        });
      } catch (error) {
        await ack(modalFailure(ANSWER_FIELD, error, logger));
        return;
      }
      await ack();
      publishAnswer(ctx, answered);
      await refreshPlan(client, ctx, answered.plan.id, [answered.stage.id]);
      await publishHome(client, body.user.id);
    },
  );
}
