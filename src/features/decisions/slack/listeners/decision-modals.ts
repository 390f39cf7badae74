import type { App, Logger, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { nameOf } from '../../../../core/domain/member.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { enqueuePost } from '../../../../core/services/posts.js';
import {
  confirmMembership,
  fetchThread,
  learnChannel,
  permalinkOf,
  slackCountsIn,
  withMembershipRecheck,
} from '../../../../core/slack/conversations.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { updateOwnModal } from '../../../../core/slack/modals.js';
import { slackToPlainText } from '../../../../core/slack/plain-text.js';
import { mention } from '../../../../core/slack/views/mrkdwn.js';
import { reviewStartedText } from '../../../../core/slack/views/review.js';
import type { DecisionsContext } from '../../context.js';
import { DECISION_FIELDS } from '../../domain/draft.js';
import { editDecision, endDecision, recordContext } from '../../services/change.js';
import { giveInput } from '../../services/input.js';
import { InvalidDecision, logDecision, NOT_YOUR_CONVERSATION } from '../../services/log.js';
import type { Decision } from '../../store/decision-repository.js';
import {
  decisionIdMetadata,
  fieldOf,
  formMetadataSchema,
  readDecisionForm,
  readMetadata,
} from '../form.js';
import {
  postDecision,
  refreshDecisionMessage,
  refreshDeliveredItems,
  tellPostProblem,
} from '../publisher.js';
import { type FormMetadata, unnameablePeople } from '../views/decision-form.js';
import { DECISION_VIEWS, FORM_BLOCKS } from '../views/ids.js';
import { titleLink } from '../views/message.js';
import { loggedModal } from '../views/modals.js';

const OUT_OF_DATE = 'This form is out of date. Copy what you wrote, close it and open it again.';

/**
 * The decision forms. Problems are shown under the field they concern and the form keeps what
 * was typed; every id in the form's metadata is checked again, as if typed by the sender.
 */
export function registerDecisionModals(app: App, ctx: DecisionsContext): void {
  app.view<ViewSubmitAction>(
    { callback_id: DECISION_VIEWS.form, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = readMetadata(formMetadataSchema, view.private_metadata);
      if (!metadata) {
        await ack(modalError(DECISION_FIELDS.title, OUT_OF_DATE));
        return;
      }
      const userId = body.user.id;
      const form = readDecisionForm(view.state.values, metadata);
      if (metadata.mode === 'edit') {
        let changed: ReturnType<typeof editDecision>;
        try {
          changed = editDecision(ctx, userId, metadata.decisionId ?? Number.NaN, form, mention);
        } catch (error) {
          await ack(formProblem(error, DECISION_FIELDS.title, logger));
          return;
        }
        const outcome = changed.changes.length > 0 ? 'edited' : 'unchanged';
        await ack({ response_action: 'update', view: loggedModal(changed.decision, outcome) });
        await refreshDecisionMessage(client, ctx, changed.decision.id);
        await refreshDeliveredItems(client, ctx, changed.closed);
        return;
      }

      const channelId = metadata.mode === 'log' ? (metadata.channelId ?? form.postIn) : null;
      const whereBlock =
        metadata.mode === 'log' && metadata.channelId === null
          ? FORM_BLOCKS.postIn
          : DECISION_FIELDS.title;
      let logged: ReturnType<typeof logDecision>;
      try {
        if (channelId) {
          await learnConversation(client, ctx, channelId, [userId, ...namedIn(form)]);
          // The metadata's or the picker's conversation is a claim: Slack's member list says.
          if (!(await slackCountsIn(client, ctx, channelId, userId))) {
            throw new UserFacingError(NOT_YOUR_CONVERSATION);
          }
        }
        logged = logDecision(ctx, {
          userId,
          draft: form,
          channelId,
          supersedesId:
            metadata.mode === 'supersede' ? (metadata.decisionId ?? Number.NaN) : undefined,
          context: metadata.source
            ? {
                channelId: metadata.source.channelId,
                ts: metadata.source.ts,
                permalink: null,
                text: null,
              }
            : null,
        });
      } catch (error) {
        await ack(formProblem(error, whereBlock, logger));
        return;
      }
      let decision = logged.decision;
      const kept = decision.channelId === null;
      await ack({
        response_action: 'update',
        view: loggedModal(decision, kept ? 'kept' : 'posting'),
      });

      if (metadata.source) {
        decision = (await keepSource(client, ctx, userId, decision, metadata.source)) ?? decision;
      }
      await refreshDeliveredItems(client, ctx, logged.closed);
      const reviewNote = logged.review
        ? reviewStartedText({ ...logged.review, skipped: logged.skipped })
        : logged.skipped.length > 0
          ? `Skipped ${logged.skipped.map(mention).join(', ')} as reviewers: their account is deactivated.`
          : undefined;
      if (reviewNote) {
        enqueuePost(ctx, {
          channelId: userId,
          message: { text: `${titleLink(decision)}: ${reviewNote}` },
          key: `decision-review-started:${decision.id}`,
        });
      }
      if (!kept) {
        const outcome = await postDecision(client, ctx, decision);
        if (outcome.posted) {
          await updateView(client, ctx, userId, view.id, loggedModal(outcome.decision, 'posted'));
        } else {
          await updateView(
            client,
            ctx,
            userId,
            view.id,
            loggedModal(decision, { problem: outcome.problem }),
          );
          await tellPostProblem(client, ctx, userId, decision, outcome.problem);
        }
      }
      if (logged.superseded) await refreshDecisionMessage(client, ctx, logged.superseded.id);
    },
  );

  const remark = (
    callbackId: string,
    act: (
      userId: string,
      decisionId: number,
      text: string,
      values: unknown,
    ) => {
      decision: Decision;
      delivered?: Parameters<typeof refreshDeliveredItems>[2];
      closed?: Parameters<typeof refreshDeliveredItems>[2];
    },
  ) =>
    app.view<ViewSubmitAction>(
      { callback_id: callbackId, type: 'view_submission' },
      async ({ ack, body, view, client, logger }) => {
        const metadata = readMetadata(decisionIdMetadata, view.private_metadata);
        if (!metadata) {
          await ack(modalError(FORM_BLOCKS.remark, OUT_OF_DATE));
          return;
        }
        const text = fieldOf(view.state.values, FORM_BLOCKS.remark).value ?? '';
        let result: ReturnType<typeof act>;
        try {
          // A refusal first asks Slack again about the decision's conversation (bounded).
          result = await withMembershipRecheck(
            client,
            ctx,
            {
              userId: body.user.id,
              channelId: ctx.decisions.get(metadata.decisionId)?.channelId,
            },
            () => act(body.user.id, metadata.decisionId, text, view.state.values),
          );
        } catch (error) {
          await ack(modalFailure(FORM_BLOCKS.remark, error, logger));
          return;
        }
        await ack();
        await refreshDecisionMessage(client, ctx, result.decision.id);
        // The decision it superseded reads "(reversed)" after its link, or is current again.
        const earlier = result.decision.supersedesId;
        if (result.decision.status === 'reversed' && earlier !== null) {
          await refreshDecisionMessage(client, ctx, earlier);
        }
        await refreshDeliveredItems(client, ctx, [
          ...(result.delivered ?? []),
          ...(result.closed ?? []),
        ]);
      },
    );

  remark(DECISION_VIEWS.object, (userId, id, reason) =>
    giveInput(ctx, userId, id, { kind: 'object', reason }),
  );
  remark(DECISION_VIEWS.comment, (userId, id, text) =>
    giveInput(ctx, userId, id, { kind: 'comment', text }),
  );
  remark(DECISION_VIEWS.reject, (userId, id, reason) =>
    endDecision(ctx, userId, id, 'reject', reason),
  );
  remark(DECISION_VIEWS.deprecate, (userId, id, reason) =>
    endDecision(ctx, userId, id, 'deprecate', reason),
  );
  remark(DECISION_VIEWS.reverse, (userId, id, reason, values) => {
    const answer = fieldOf(values, FORM_BLOCKS.earlier).selected_option?.value;
    return endDecision(
      ctx,
      userId,
      id,
      'reverse',
      reason,
      answer === 'yes' ? true : answer === 'no' ? false : undefined,
    );
  });
}

/** A refusal as the form shows it: under each field it concerns, or under `blockId`. */
function formProblem(error: unknown, blockId: string, logger: Logger) {
  if (error instanceof InvalidDecision) {
    return {
      response_action: 'errors' as const,
      errors: { ...error.fields, ...unnameablePeople(error.people) },
    };
  }
  return modalFailure(blockId, error, logger);
}

/** Everyone the form names. */
function namedIn(form: ReturnType<typeof readDecisionForm>): string[] {
  const ids = [
    ...(form.ownerIds ?? []),
    ...(form.consultedIds ?? []),
    ...(form.followUps ?? []).map((f) => f.ownerId ?? ''),
  ];
  return [...new Set(ids.filter((id) => id !== ''))];
}

/**
 * Asks Slack what the checks need, fresh: what the conversation is (public or private, and a
 * private one's members), and whether the guests among these people are in a public one
 * (Mailroom keeps no member lists of public channels). When Slack cannot say, what the store
 * knows stands.
 */
async function learnConversation(
  client: WebClient,
  ctx: DecisionsContext,
  channelId: string,
  people: readonly string[],
): Promise<void> {
  let known: Awaited<ReturnType<typeof learnChannel>>;
  try {
    known = await learnChannel(client, ctx, channelId);
  } catch (error) {
    ctx.logger.warn(`could not look up ${channelId}; deciding on what Mailroom knows`, error);
    return;
  }
  if (!known || known.isPrivate || known.isIm) return;
  for (const userId of people) {
    if (ctx.members.get(userId)?.isGuest) await confirmMembership(client, ctx, channelId, userId);
  }
}

/**
 * The message the decision was logged from, read from Slack (never from the form), with its
 * thread's link. Nothing is kept when the person may not read that conversation.
 */
async function keepSource(
  client: WebClient,
  ctx: DecisionsContext,
  userId: string,
  decision: Decision,
  source: NonNullable<FormMetadata['source']>,
): Promise<Decision | undefined> {
  try {
    if (!ctx.channels.get(source.channelId)) await learnChannel(client, ctx, source.channelId);
    const root = source.threadTs ?? source.ts;
    const [thread, permalink] = await Promise.all([
      fetchThread(client, source.channelId, root),
      permalinkOf(client, source.channelId, root),
    ]);
    const message = thread.messages.find((each) => each.ts === source.ts);
    const nameFor = (id: string) => {
      const member = ctx.members.get(id);
      return member ? nameOf(member) : undefined;
    };
    const text = message ? slackToPlainText(message.text, nameFor).trim().slice(0, 2000) : null;
    return recordContext(ctx, userId, decision.id, {
      channelId: source.channelId,
      permalink,
      text: text || null,
    });
  } catch (error) {
    ctx.logger.warn(`could not read the message decision ${decision.id} was logged from`, error);
    return undefined;
  }
}

async function updateView(
  client: WebClient,
  ctx: DecisionsContext,
  userId: string,
  viewId: string,
  view: ReturnType<typeof loggedModal>,
): Promise<void> {
  try {
    await updateOwnModal(client, ctx, { userId, viewId, view });
  } catch (error) {
    // Closed already: the DM (or the channel) tells the rest.
    ctx.logger.debug(`views.update ${viewId} failed`, error);
  }
}
