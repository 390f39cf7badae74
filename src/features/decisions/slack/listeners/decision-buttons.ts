import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { completeItem } from '../../../../core/services/queue.js';
import { answerReview } from '../../../../core/services/reviews.js';
import { withMembershipRecheck } from '../../../../core/slack/conversations.js';
import { openModal as openModalFor, updateOwnModal } from '../../../../core/slack/modals.js';
import { type ButtonArgs, onButton } from '../../../../core/slack/on-button.js';
import { escapeMrkdwn, mention } from '../../../../core/slack/views/mrkdwn.js';
import { concernModal } from '../../../../core/slack/views/review.js';
import type { DecisionsContext } from '../../context.js';
import { authorizeDecision } from '../../services/authorization.js';
import {
  acceptDecision,
  authorizeRepost,
  confirmDecision,
  contentOf,
  reinstatableEarlier,
} from '../../services/change.js';
import { decisionRecord } from '../../services/find.js';
import { completeFollowUp } from '../../services/follow-ups.js';
import { giveInput } from '../../services/input.js';
import { openReviewFor } from '../../services/review.js';
import { isDirectConversation } from '../form.js';
import {
  postDecision,
  refreshDecisionMessage,
  refreshDeliveredItems,
  tellPostProblem,
} from '../publisher.js';
import { renderDecisionItem } from '../renderers.js';
import { DECISION_ACTIONS, DECISION_VIEWS } from '../views/ids.js';
import { inputNoted, reviewAgreed, titleLink } from '../views/message.js';
import { detailsModal, filledDecisionForm, newDecisionForm, remarkModal } from '../views/modals.js';

const id = z.coerce.number().int().positive();

/**
 * The buttons on a decision (its message, its details, a list) and on the decisions' items
 * (an owner's input, a follow-up, a revisit). Each acts only after the decision's rule says
 * the clicker may: the id in a button's value is whatever the sender put there.
 */
export function registerDecisionButtons(
  app: App,
  ctx: DecisionsContext,
  publishHome: PublishHome,
): void {
  /** Opens a modal, or pushes it over the modal the button was in. */
  const openModal = (args: ButtonArgs, view: ModalView) =>
    openModalFor(args.client, ctx, {
      userId: args.body.user.id,
      triggerId: args.body.trigger_id,
      view,
      push: args.body.view?.type === 'modal',
    });

  /**
   * Runs `act` on the decision; a refusal first re-reads the members of the conversation the
   * decision belongs to (bounded per conversation), in case Slack knows them better.
   */
  const recheckingFor = <T>(args: ButtonArgs, decisionId: number, act: () => T) =>
    withMembershipRecheck(
      args.client,
      ctx,
      { userId: args.body.user.id, channelId: ctx.decisions.get(decisionId)?.channelId },
      act,
    );

  /** After a change: the decision's message, delivered DMs, and where the click came from. */
  const afterChange = async (
    args: ButtonArgs,
    decisionId: number,
    items: Parameters<typeof refreshDeliveredItems>[2] = [],
    messageRefreshed = false,
  ) => {
    const { body, client } = args;
    if (!messageRefreshed) await refreshDecisionMessage(client, ctx, decisionId);
    await refreshDeliveredItems(client, ctx, items);
    if (body.view?.type === 'home') await publishHome(client, body.user.id);
    if (body.view?.callback_id === DECISION_VIEWS.details) {
      const decision = ctx.decisions.get(decisionId);
      if (decision) {
        await updateOwnModal(client, ctx, {
          userId: body.user.id,
          viewId: body.view.id,
          view: detailsModal(decisionRecord(ctx, decision)),
        });
      }
    }
  };

  onButton(app, ctx, DECISION_ACTIONS.agree, async (args) => {
    const decisionId = id.parse(args.action.value);
    // A reviewer's Agree on the message answers their review, as the card's does.
    const review = openReviewFor(ctx, decisionId, args.body.user.id);
    if (review) {
      answerReview(ctx, { reviewId: review.review.id, userId: args.body.user.id, answer: 'agree' });
      await args.reply(reviewAgreed());
      return;
    }
    const given = await recheckingFor(args, decisionId, () =>
      giveInput(ctx, args.body.user.id, decisionId, { kind: 'agree' }),
    );
    await args.reply(inputNoted('agree', given.input !== undefined));
    if (given.input) await afterChange(args, decisionId, given.delivered);
  });

  for (const kind of ['object', 'comment', 'reject', 'deprecate', 'reverse'] as const) {
    onButton(app, ctx, DECISION_ACTIONS[kind], async (args) => {
      const decisionId = id.parse(args.action.value);
      const decision = await recheckingFor(args, decisionId, () =>
        authorizeDecision(ctx, args.body.user.id, decisionId, kind),
      );
      // For a reviewer of its open review, an objection is a concern: it blocks acceptance.
      const review = kind === 'object' && openReviewFor(ctx, decisionId, args.body.user.id);
      if (review) {
        const link = decision.permalink;
        await openModal(args, concernModal(review.review.id, { title: decision.title, link }));
        return;
      }
      const earlier = kind === 'reverse' ? reinstatableEarlier(ctx, decision) : undefined;
      await openModal(args, remarkModal(kind, decision, earlier));
    });
  }

  onButton(app, ctx, DECISION_ACTIONS.accept, async (args) => {
    const accepted = acceptDecision(ctx, args.body.user.id, id.parse(args.action.value));
    const silent =
      accepted.silent.length > 0
        ? ` Stayed silent in its review: ${accepted.silent.map((s) => mention(s.memberId)).join(', ')}.`
        : '';
    await args.reply(
      `Accepted ${titleLink(accepted.decision)}. Its follow-ups are on their way to their owners, in their working hours.${silent}`,
    );
    // Accepted through its review, the review's change already rewrote the message.
    await afterChange(args, accepted.decision.id, accepted.closed, accepted.reviewed);
  });

  for (const mode of ['edit', 'supersede'] as const) {
    onButton(app, ctx, DECISION_ACTIONS[mode], async (args) => {
      const decisionId = id.parse(args.action.value);
      const decision = await recheckingFor(args, decisionId, () =>
        authorizeDecision(ctx, args.body.user.id, decisionId, mode),
      );
      const { content } = contentOf(ctx, decision);
      await openModal(args, filledDecisionForm(mode, decision, content.followUps));
    });
  }

  onButton(app, ctx, DECISION_ACTIONS.details, async (args) => {
    const decisionId = id.parse(args.action.value);
    const decision = await recheckingFor(args, decisionId, () =>
      authorizeDecision(ctx, args.body.user.id, decisionId, 'see'),
    );
    await openModal(args, detailsModal(decisionRecord(ctx, decision)));
  });

  onButton(app, ctx, DECISION_ACTIONS.post, async (args) => {
    const userId = args.body.user.id;
    const decision = authorizeRepost(ctx, userId, id.parse(args.action.value));
    const outcome = await postDecision(args.client, ctx, decision);
    if (outcome.posted) {
      await args.reply({
        replace_original: Boolean(args.body.message),
        text: `Posted ${titleLink(outcome.decision)} in <#${decision.channelId}>.`,
      });
    } else {
      await tellPostProblem(args.client, ctx, userId, decision, outcome.problem);
    }
  });

  onButton(app, ctx, DECISION_ACTIONS.followUpDone, async (args) => {
    const done = completeFollowUp(ctx, args.body.user.id, id.parse(args.action.value));
    if (args.body.message && done.item) {
      await args.reply({ replace_original: true, ...renderDecisionItem(ctx, done.item) });
    } else {
      await args.reply(`Marked done: ${escapeMrkdwn(done.followUp.text)}. Thank you!`);
    }
    await afterChange(args, done.decision.id, done.settled);
  });

  onButton(app, ctx, DECISION_ACTIONS.inputSeen, async (args) => {
    const item = completeItem(ctx, {
      itemId: id.parse(args.action.value),
      userId: args.body.user.id,
    });
    if (args.body.view?.type === 'home') await publishHome(args.client, args.body.user.id);
    else if (args.body.message) {
      await args.reply({ replace_original: true, ...renderDecisionItem(ctx, item) });
    } else {
      await args.reply('Marked as seen. New input opens a new item.');
    }
  });

  onButton(app, ctx, DECISION_ACTIONS.confirm, async (args) => {
    const confirmed = confirmDecision(ctx, args.body.user.id, id.parse(args.action.value));
    await args.reply(
      `Noted: ${titleLink(confirmed.decision)} still stands. It is kept in its history.`,
    );
    await afterChange(args, confirmed.decision.id, confirmed.closed);
  });

  onButton(app, ctx, DECISION_ACTIONS.logTitled, async (args) => {
    const { body } = args;
    const title = z
      .string()
      .max(150)
      .parse(args.action.value ?? '');
    const channel = (body as BlockButtonAction).channel;
    const direct = !channel || isDirectConversation(channel.id, channel.name);
    await openModal(
      args,
      newDecisionForm(body.user.id, { channelId: direct ? null : (channel?.id ?? null) }, title),
    );
  });
}
