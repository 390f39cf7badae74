import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { onButton } from '../../../../core/slack/on-button.js';
import type { Message } from '../../../../core/slack/views/blocks.js';
import type { AskContext } from '../../context.js';
import { askAPerson } from '../../services/ask.js';
import { authorizeQuestion } from '../../services/authorization.js';
import { confirmAnswer, followQuestion, releaseQuestion } from '../../services/settle.js';
import { askPlace } from '../ask-place.js';
import { slackQuestionNotifier } from '../question-notifier.js';
import { ASK_ACTIONS, answeredByDocReply, askReply, followedReply } from '../views/ask.js';

const pair = z
  .string()
  .regex(/^\d+:\d+$/)
  .transform((value) => value.split(':').map(Number) as [number, number]);
const single = z.coerce.number().int().positive();

/**
 * The buttons under an /ask reply: "This answers it", "Ask a person", "Follow", "Ask anyway",
 * "Ask now".
 * Each acts on the clicker's own draft only; the services refuse anything else.
 */
export function registerAskResultActions(app: App, ctx: AskContext): void {
  /** Each button's answer replaces the reply it was clicked in. */
  const handle = (
    actionId: string,
    run: (value: string, body: BlockButtonAction, client: App['client']) => Promise<Message>,
  ) =>
    onButton(app, ctx, actionId, async ({ action, body, client, reply }) => {
      const message = await run(action.value ?? '', body, client);
      await reply({ replace_original: true, response_type: 'ephemeral', ...message });
    });

  handle(ASK_ACTIONS.thisAnswers, async (value, body, client) => {
    const [questionId, documentId] = pair.parse(value);
    const confirmed = confirmAnswer(ctx, { questionId, documentId, userId: body.user.id });
    const notifier = slackQuestionNotifier(client, ctx);
    for (const item of confirmed.toClose) {
      await notifier.closeDelivered(
        item,
        `Settled: <@${body.user.id}> found the answer in the team’s docs. Nothing more to do here.`,
      );
    }
    const inFlight = confirmed.closed === 'settled' && confirmed.toClose.length === 0;
    return answeredByDocReply(confirmed.title, confirmed.closed, confirmed.expertIds, inFlight);
  });

  handle(ASK_ACTIONS.askNow, async (value, body) => {
    const questionId = single.parse(value);
    return askReply(releaseQuestion(ctx, { questionId, userId: body.user.id }), ctx.clock());
  });

  for (const [actionId, anyway] of [
    [ASK_ACTIONS.askPerson, false],
    [ASK_ACTIONS.askAnyway, true],
  ] as const) {
    handle(actionId, async (value, body, client) => {
      const questionId = single.parse(value);
      const draft = authorizeQuestion(ctx, body.user.id, questionId, 'settle');
      const place = await askPlace(client, ctx, draft.channelId ?? undefined);
      const outcome = await askAPerson(ctx, { questionId, userId: body.user.id, place, anyway });
      return askReply(outcome, ctx.clock());
    });
  }

  handle(ASK_ACTIONS.follow, async (value, body) => {
    const [questionId, existingId] = pair.parse(value);
    const existing = followQuestion(ctx, { questionId, existingId, userId: body.user.id });
    return followedReply(existing);
  });
}
