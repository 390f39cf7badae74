import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { nameOf, scheduleOf } from '../../../../core/domain/member.js';
import type { QueueItem } from '../../../../core/domain/queue.js';
import { requireMember } from '../../../../core/services/people.js';
import { openModal, updateOwnModal } from '../../../../core/slack/modals.js';
import { onButton, onDatePick } from '../../../../core/slack/on-button.js';
import { userText } from '../../../../core/slack/views/mrkdwn.js';
import type { StandupsContext } from '../../context.js';
import {
  answerFormFor,
  awayFromPrompt,
  skipStandup,
  standupForEdit,
} from '../../services/answers.js';
import { authorizeBlocker, authorizeSetup } from '../../services/authorization.js';
import { resolveBlocker } from '../../services/blockers.js';
import type { PromptOutcome } from '../../services/ports.js';
import {
  askAtWorkStart,
  runStandupAction,
  type StandupRunAction,
  standupsInChannel,
} from '../../services/setup.js';
import { learnStandupChannel } from '../channel.js';
import { slackStandupPoster } from '../poster.js';
import { answerModal, passBlockerModal } from '../views/answer-modals.js';
import { standupList } from '../views/command-replies.js';
import { blockerSettledMessage, STANDUP_ACTIONS } from '../views/messages.js';
import {
  defaultSetup,
  setupModal,
  WORK_START_ACTION,
  withWorkStartChosen,
} from '../views/setup-modal.js';
import { standupTexts } from '../views/texts.js';

const standupId = z.coerce.number().int().positive();
const blockerId = z.coerce.number().int().positive();
/** `<standup id>:<YYYY-MM-DD>`, as a prompt's buttons carry it. */
const promptRef = z
  .string()
  .regex(/^\d+:\d{4}-\d{2}-\d{2}$/)
  .transform((value) => {
    const [id = '', date = ''] = value.split(':');
    return { standupId: Number(id), date };
  });
/** The date picker's block: `standup_prompt:<standup id>:<YYYY-MM-DD>`. */
const promptBlock = z
  .string()
  .startsWith('standup_prompt:')
  .transform((value) => value.slice('standup_prompt:'.length))
  .pipe(promptRef);
const channelRef = z.string().regex(/^[CG][A-Z0-9]+$/);
/** `<standup id>:<member id>`, as the saved setup's "start of their working day" buttons carry it. */
const workStartRef = z
  .string()
  .regex(/^\d+:[UW][A-Z0-9]+$/)
  .transform((value) => {
    const [id = '', memberId = ''] = value.split(':');
    return { standupId: Number(id), memberId };
  });

/**
 * The standups' buttons: on a prompt (Answer, Skip today, I'm away until…), on a blocker
 * (Resolved, Not me), and on a channel's list (Edit, Pause, Resume, Delete, New standup).
 * Every one is checked against the standup rule for the person who clicked it.
 */
export function registerStandupActions(
  app: App,
  ctx: StandupsContext,
  publishHome: PublishHome,
): void {
  /** Rewrites the DMs of a settled prompt, and the Home tab when it was clicked there. */
  const settled = async (
    args: { client: App['client'] },
    body: { user: { id: string }; view?: { type: string } },
    items: QueueItem[],
    outcome: PromptOutcome,
  ) => {
    const poster = slackStandupPoster(args.client, ctx);
    for (const item of items) await poster.updatePrompt(item, outcome);
    if (body.view?.type === 'home') await publishHome(args.client, body.user.id);
  };

  onButton(app, ctx, STANDUP_ACTIONS.answer, async ({ body, action, client }) => {
    const ref = promptRef.parse(action.value);
    const form = answerFormFor(ctx, { userId: body.user.id, ...ref });
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: answerModal(form),
    });
  });

  onButton(app, ctx, STANDUP_ACTIONS.skip, async (args) => {
    const { body, action, reply } = args;
    const ref = promptRef.parse(action.value);
    const { standup, entry, toUpdate } = skipStandup(ctx, { userId: body.user.id, ...ref });
    await settled(args, body, toUpdate, { kind: 'skipped', standup, entry });
    if (toUpdate.length === 0) await reply('Skipped today. See you next time!');
  });

  onDatePick(app, ctx, STANDUP_ACTIONS.away, async (args) => {
    const { body, action } = args;
    const ref = promptBlock.parse(action.block_id);
    const backOn = z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .parse(action.selected_date);
    const { standup, entry, toUpdate } = awayFromPrompt(ctx, {
      userId: body.user.id,
      ...ref,
      backOn,
    });
    await settled(args, body, toUpdate, { kind: 'away', standup, entry, backOn });
  });

  onButton(app, ctx, STANDUP_ACTIONS.resolve, async ({ body, action, client, reply }) => {
    const { blocker } = resolveBlocker(ctx, standupTexts, {
      userId: body.user.id,
      blockerId: blockerId.parse(action.value),
    });
    const note = `Resolved. <@${blocker.fromMemberId}> is told. Thank you!`;
    if (body.view?.type === 'home') await publishHome(client, body.user.id);
    else await reply({ replace_original: true, ...blockerSettledMessage(blocker.text, note) });
  });

  onButton(app, ctx, STANDUP_ACTIONS.notMe, async ({ body, action, client }) => {
    const { blocker } = authorizeBlocker(ctx, body.user.id, blockerId.parse(action.value));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: passBlockerModal(blocker.id),
    });
  });

  onButton(app, ctx, STANDUP_ACTIONS.create, async ({ body, action, client, context }) => {
    const channelId = channelRef.parse(action.value);
    authorizeSetup(ctx, body.user.id, channelId);
    const member = requireMember(ctx, body.user.id);
    const zone = scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: setupModal({ channelId, standupId: null }, defaultSetup(zone), null),
    });
    await learnStandupChannel(client, ctx, channelId, context.botUserId);
  });

  onButton(app, ctx, WORK_START_ACTION, async ({ body, action, client }) => {
    const chosen = askAtWorkStart(ctx, {
      userId: body.user.id,
      ...workStartRef.parse(action.value),
    });
    const member = ctx.members.get(chosen.memberId);
    if (body.view) {
      await updateOwnModal(client, ctx, {
        userId: body.user.id,
        viewId: body.view.id,
        view: withWorkStartChosen(
          body.view as { blocks: KnownBlock[] },
          chosen.memberId,
          member ? nameOf(member) : chosen.memberId,
        ),
      });
    }
  });

  onButton(app, ctx, STANDUP_ACTIONS.edit, async ({ body, action, client }) => {
    const { standup, memberIds } = standupForEdit(ctx, {
      userId: body.user.id,
      standupId: standupId.parse(action.value),
    });
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: setupModal(
        { channelId: standup.channelId, standupId: standup.id },
        { config: standup, memberIds },
        null,
      ),
    });
  });

  for (const [actionId, run] of [
    [STANDUP_ACTIONS.pause, 'pause'],
    [STANDUP_ACTIONS.resume, 'resume'],
    [STANDUP_ACTIONS.delete, 'delete'],
  ] as const satisfies readonly (readonly [string, StandupRunAction])[]) {
    onButton(app, ctx, actionId, async ({ body, action, reply }) => {
      const standup = runStandupAction(ctx, {
        userId: body.user.id,
        standupId: standupId.parse(action.value),
        action: run,
      });
      const list = standupsInChannel(ctx, body.user.id, standup.channelId);
      const done = { pause: 'Paused', resume: 'Resumed', delete: 'Deleted' }[run];
      const message = standupList(standup.channelId, list);
      await reply({
        replace_original: true,
        response_type: 'ephemeral',
        text: `${done}: ${userText(standup.name, 150)}`,
        blocks: message.blocks,
      });
    });
  }
}
