import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Capability } from '../capability.js';
import { parsePayload, type QueueItem, type QueueItemKind } from '../domain/queue.js';
import { openConcerns, type Review } from '../domain/review.js';
import type { ServiceContext } from '../services/context.js';
import { DeliveryError } from '../services/ports.js';
import {
  acceptReview,
  answerConcern,
  answerReview,
  authorizeConcern,
  authorizeReview,
  overrideConcern,
  raiseConcern,
  reviewRecord,
  withdrawConcern,
} from '../services/reviews.js';
import { errorLine } from './failures.js';
import { modalError, modalFailure } from './modal-errors.js';
import { openModal } from './modals.js';
import { onButton } from './on-button.js';
import { section } from './views/blocks.js';
import { oneLine } from './views/mrkdwn.js';
import type { ItemDescription, QueueItemRenderer } from './views/queue-item-message.js';
import {
  acceptedText,
  answerButtons,
  answerModal,
  closedCardMessage,
  concernAnswerMessage,
  concernMessage,
  concernModal,
  concernSettledMessage,
  GONE_OBJECT,
  overrideModal,
  REVIEW_ACTIONS,
  REVIEW_TEXT,
  REVIEW_VIEWS,
  type ReviewedObject,
  reviewRequestMessage,
  waitingText,
  windowEndMessage,
} from './views/review.js';

/**
 * The review's Slack side, for any kind of object: the reviewers' cards and their buttons, the
 * owner's concerns and the window's end, registered once as the `reviews` capability. What each
 * object is called, and who may see it, comes from its capability through the port
 * (services/review-subject.ts).
 */

const id = z.coerce.number().int().positive();
const OUT_OF_DATE = 'This form is out of date: please open it again from the message.';

/** The object's title and link, from the capability that owns it. */
function objectOf(ctx: Pick<ServiceContext, 'hooks'>, review: Review): ReviewedObject {
  return ctx.hooks.reviewSubject(review.objectKind)?.describe(review.objectId) ?? GONE_OBJECT;
}

const confirmation = (text: string) => ({
  replace_original: true,
  text,
  blocks: [section(text)],
});

function registerReviewActions(app: App, ctx: ServiceContext): void {
  const answer = (actionId: string, choice: 'agree' | 'abstain') =>
    onButton(app, ctx, actionId, async ({ body, action, reply }) => {
      const reviewId = id.parse(action.value);
      answerReview(ctx, { reviewId, userId: body.user.id, answer: choice });
      const review = ctx.reviews.get(reviewId);
      const title = review ? objectOf(ctx, review).title : GONE_OBJECT.title;
      await reply(
        confirmation(
          choice === 'agree'
            ? `You agreed to “${oneLine(title)}”. Thank you.`
            : `You abstained on “${oneLine(title)}”.`,
        ),
      );
    });
  answer(REVIEW_ACTIONS.agree, 'agree');
  answer(REVIEW_ACTIONS.abstain, 'abstain');

  onButton(app, ctx, REVIEW_ACTIONS.concern, async ({ body, action, client }) => {
    const { review } = authorizeReview(ctx, body.user.id, id.parse(action.value), 'answer');
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: concernModal(review.id, objectOf(ctx, review)),
    });
  });

  const concernModalFor = (actionId: string, what: 'respond' | 'override') =>
    onButton(app, ctx, actionId, async ({ body, action, client }) => {
      const { review, concern } = authorizeConcern(ctx, body.user.id, id.parse(action.value), what);
      const object = objectOf(ctx, review);
      await openModal(client, ctx, {
        userId: body.user.id,
        triggerId: body.trigger_id,
        view: what === 'respond' ? answerModal(concern, object) : overrideModal(concern, object),
      });
    });
  concernModalFor(REVIEW_ACTIONS.answer, 'respond');
  concernModalFor(REVIEW_ACTIONS.override, 'override');

  onButton(app, ctx, REVIEW_ACTIONS.withdraw, async ({ body, action, reply }) => {
    const concern = withdrawConcern(ctx, {
      concernId: id.parse(action.value),
      userId: body.user.id,
    });
    const review = ctx.reviews.get(concern.reviewId);
    const title = review ? objectOf(ctx, review).title : GONE_OBJECT.title;
    await reply(
      confirmation(`You withdrew your concern about “${oneLine(title)}”. Its owner is told.`),
    );
  });

  onButton(app, ctx, REVIEW_ACTIONS.proceed, async ({ body, action, reply }) => {
    const result = acceptReview(ctx, {
      reviewId: id.parse(action.value),
      userId: body.user.id,
      proceed: true,
    });
    if (!result.accepted) {
      await reply(waitingText(result.silent, result.windowEndsAt));
      return;
    }
    await reply(confirmation(acceptedText(objectOf(ctx, result.review), result.silent)));
  });
}

function registerReviewModals(app: App, ctx: ServiceContext): void {
  const submit = (callbackId: string, run: (userId: string, ref: number, text: string) => void) =>
    app.view<ViewSubmitAction>(
      { callback_id: callbackId, type: 'view_submission' },
      async ({ ack, body, view, logger }) => {
        const ref = id.safeParse(view.private_metadata);
        if (!ref.success) {
          await ack(modalError(REVIEW_TEXT.block, OUT_OF_DATE));
          return;
        }
        const text = view.state.values[REVIEW_TEXT.block]?.[REVIEW_TEXT.action]?.value ?? '';
        try {
          run(body.user.id, ref.data, text);
        } catch (error) {
          await ack(modalFailure(REVIEW_TEXT.block, error, logger));
          return;
        }
        await ack();
      },
    );
  submit(REVIEW_VIEWS.concern, (userId, reviewId, reason) => {
    raiseConcern(ctx, { reviewId, userId, reason });
  });
  submit(REVIEW_VIEWS.answer, (userId, concernId, answer) => {
    answerConcern(ctx, { concernId, userId, answer });
  });
  submit(REVIEW_VIEWS.override, (userId, concernId, reason) => {
    overrideConcern(ctx, { concernId, userId, reason });
  });
}

const REVIEW_KINDS: readonly QueueItemKind[] = [
  'review_request',
  'review_reminder',
  'review_concern',
  'review_concern_answer',
  'review_concern_settled',
  'review_window_end',
];

/** The review an item belongs to, or a permanent delivery failure when it is gone. */
function reviewOfItem(ctx: ServiceContext, item: QueueItem): Review {
  const review = ctx.reviews.get(Number(item.payload.reviewId));
  if (!review)
    throw new DeliveryError(`review ${String(item.payload.reviewId)} is gone`, 'unreachable');
  return review;
}

function concernOfItem(ctx: ServiceContext, item: QueueItem) {
  const concern = ctx.reviews.concern(Number(item.payload.concernId));
  if (!concern) {
    throw new DeliveryError(`concern ${String(item.payload.concernId)} is gone`, 'unreachable');
  }
  return concern;
}

function reviewRenderers(ctx: ServiceContext): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  const request =
    (reminder: boolean): QueueItemRenderer =>
    (item) => {
      const review = reviewOfItem(ctx, item);
      if (review.state === 'closed')
        return closedCardMessage({ review, object: objectOf(ctx, review) });
      return reviewRequestMessage({
        review,
        reviewer: ctx.reviews.reviewersOf(review.id).find((r) => r.memberId === item.recipientId),
        object: objectOf(ctx, review),
        reminder,
      });
    };
  return {
    review_request: request(false),
    review_reminder: request(true),
    review_concern: (item) => {
      const review = reviewOfItem(ctx, item);
      return concernMessage({ concern: concernOfItem(ctx, item), object: objectOf(ctx, review) });
    },
    review_concern_answer: (item) => {
      const review = reviewOfItem(ctx, item);
      const concern = concernOfItem(ctx, item);
      return concernAnswerMessage({ review, concern, object: objectOf(ctx, review) });
    },
    review_concern_settled: (item) => {
      const review = reviewOfItem(ctx, item);
      const concern = concernOfItem(ctx, item);
      return concernSettledMessage({ review, concern, object: objectOf(ctx, review) });
    },
    review_window_end: (item) => {
      parsePayload('review_window_end', item.payload);
      const record = reviewRecord(ctx, reviewOfItem(ctx, item).id);
      return windowEndMessage({
        review: record.review,
        silent: record.silent,
        openConcerns: openConcerns(record.concerns).length,
        object: objectOf(ctx, record.review),
      });
    },
  };
}

/** The Home tab's line for a review item, with its card's buttons. */
function describeReviewItem(ctx: ServiceContext, item: QueueItem): ItemDescription | undefined {
  if (!REVIEW_KINDS.includes(item.kind)) return undefined;
  const review = ctx.reviews.get(Number(item.payload.reviewId));
  const title = oneLine(review ? objectOf(ctx, review).title : GONE_OBJECT.title);
  const concernId = String(item.payload.concernId ?? '');
  switch (item.kind) {
    case 'review_request':
    case 'review_reminder':
      return {
        label: 'Review',
        summary: title,
        ...(review?.state === 'open' ? { actions: answerButtons(review.id) } : {}),
      };
    case 'review_concern':
      return {
        label: 'Concern to answer',
        summary: title,
        actions: [
          { text: 'Answer', actionId: REVIEW_ACTIONS.answer, value: concernId },
          { text: 'Override…', actionId: REVIEW_ACTIONS.override, value: concernId },
        ],
      };
    case 'review_concern_answer':
      return {
        label: 'Your concern was answered',
        summary: title,
        actions: [
          { text: 'Withdraw my concern', actionId: REVIEW_ACTIONS.withdraw, value: concernId },
        ],
      };
    case 'review_concern_settled':
      return { label: 'Concern settled', summary: title };
    default:
      return {
        label: 'Review window ended',
        summary: title,
        ...(review?.state === 'open'
          ? {
              actions: [
                { text: 'Proceed', actionId: REVIEW_ACTIONS.proceed, value: String(review.id) },
              ],
            }
          : {}),
      };
  }
}

/**
 * A review closed without acceptance: each card still in a DM is rewritten to say so, without
 * its buttons. The record is right either way; a card Slack will not update keeps its buttons,
 * which then refuse politely.
 */
async function rewriteClosedCards(
  client: WebClient,
  ctx: ServiceContext,
  review: Review,
  delivered: readonly QueueItem[],
): Promise<void> {
  const message = closedCardMessage({ review, object: objectOf(ctx, review) });
  for (const item of delivered) {
    if (!item.deliveredChannel || !item.deliveredTs) continue;
    try {
      await client.chat.update({
        channel: item.deliveredChannel,
        ts: item.deliveredTs,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      ctx.logger.warn(`could not update the card of queue item ${item.id}: ${errorLine(error)}`);
    }
  }
}

/** The review machinery as one capability: any capability's objects are reviewed through it. */
export function reviewsCapability(ctx: ServiceContext, client?: WebClient): Capability {
  if (client) {
    ctx.hooks.onReviewClosed((review, delivered) => {
      ctx.work.start(
        "rewriting a closed review's cards",
        rewriteClosedCards(client, ctx, review, delivered),
      );
    });
  }
  return {
    name: 'reviews',
    listen(app) {
      registerReviewActions(app, ctx);
      registerReviewModals(app, ctx);
    },
    renderers: reviewRenderers(ctx),
    describe: (item) => describeReviewItem(ctx, item),
  };
}
