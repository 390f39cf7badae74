import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { openModal, updateOwnModal } from '../../../../core/slack/modals.js';
import { type ButtonArgs, onButton } from '../../../../core/slack/on-button.js';
import type { Message } from '../../../../core/slack/views/blocks.js';
import type { MeetingsContext } from '../../context.js';
import { MEETING_KINDS } from '../../domain/meeting-kind.js';
import { VOTE_CHOICES } from '../../domain/meetings.js';
import { cancelMeeting, confirmMeeting } from '../../services/confirm.js';
import { meetingFor, switchMeetingKind, writeInsteadOfMeeting } from '../../services/request.js';
import type { MeetingView } from '../../services/view.js';
import { castVote, sendForVotes } from '../../services/vote.js';
import { slackMeetingNotifier } from '../notifier.js';
import { slotRange } from '../views/format.js';
import { confirmActionId, MAX_SLOTS, MEET_ACTIONS, voteActionId } from '../views/ids.js';
import { agendaModal, draftModal, noteModal } from '../views/modals.js';
import { meetingCard, meetingCardAfter, sentNote } from '../views/proposal.js';
import { voteClosedMessage, voteMessage } from '../views/votes.js';

const meetingId = z.coerce.number().int().positive();
const slotIndex = z.coerce.number().int().nonnegative();
const kind = z.enum(MEETING_KINDS);
const voteChoice = z.enum(VOTE_CHOICES);

/** `<meeting id>:<field>…`, as the buttons send it: exactly `count` parts. */
function partsOf(value: string | undefined, count: number): string[] {
  const parts = (value ?? '').split(':');
  return z.array(z.string()).length(count).parse(parts);
}

/** Where the button was: the Home tab, a modal, or a message (a DM, a channel, an ephemeral card). */
function placeOf(body: ButtonArgs['body']): 'home' | 'modal' | 'message' {
  if (body.view?.type === 'home') return 'home';
  if (body.view) return 'modal';
  return 'message';
}

/**
 * The meeting flow's buttons: on the requester's draft (card or modal), in vote DMs, on the
 * Home tab, in a channel poll and on the result. Every id in a value is checked by the rules
 * in the use case it reaches.
 */
export function registerMeetingActions(
  app: App,
  ctx: MeetingsContext,
  publishHome: PublishHome,
): void {
  /** Shows the draft again where the button was. */
  const redraw = async (args: ButtonArgs, view: MeetingView) => {
    if (placeOf(args.body) === 'modal' && args.body.view) {
      await updateOwnModal(args.client, ctx, {
        userId: args.body.user.id,
        viewId: args.body.view.id,
        hash: args.body.view.hash,
        view: draftModal(view),
      });
    } else {
      await args.reply({ replace_original: true, ...meetingCard(view) });
    }
  };
  /** Tells how the meeting ended up, where the button was. */
  const settle = async (args: ButtonArgs, view: MeetingView, note: string, title: string) => {
    const place = placeOf(args.body);
    if (place === 'home') await publishHome(args.client, args.body.user.id);
    else if (place === 'modal' && args.body.view) {
      await updateOwnModal(args.client, ctx, {
        userId: args.body.user.id,
        viewId: args.body.view.id,
        view: noteModal(title, note),
      });
    } else await args.reply({ replace_original: true, ...meetingCardAfter(view, note) });
  };

  onButton(app, ctx, MEET_ACTIONS.switchKind, async (args) => {
    const [mid, to] = partsOf(args.action.value, 2);
    const view = switchMeetingKind(ctx, {
      meetingId: meetingId.parse(mid),
      userId: args.body.user.id,
      kind: kind.parse(to),
    });
    await redraw(args, view);
  });

  onButton(app, ctx, MEET_ACTIONS.addAgenda, async ({ body, action, client }) => {
    const view = meetingFor(ctx, {
      meetingId: meetingId.parse(action.value),
      userId: body.user.id,
      action: 'edit',
    });
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view: agendaModal(view),
      push: body.view !== undefined,
    });
  });

  onButton(app, ctx, MEET_ACTIONS.writeInstead, async (args) => {
    const result = await writeInsteadOfMeeting(
      ctx,
      slackMeetingNotifier(args.client, args.logger),
      {
        meetingId: meetingId.parse(args.action.value),
        userId: args.body.user.id,
      },
    );
    const link = result.permalink ? ` (<${result.permalink}|open it>)` : '';
    const note = `Written up instead: the agenda is in <#${result.channelId}>${link}, asking for answers in the thread. No meeting was proposed.`;
    await settle(args, result.view, note, 'Written up');
  });

  onButton(app, ctx, MEET_ACTIONS.send, async (args) => {
    const view = await sendForVotes(ctx, slackMeetingNotifier(args.client, args.logger), {
      meetingId: meetingId.parse(args.action.value),
      userId: args.body.user.id,
    });
    await settle(args, view, sentNote(view), 'Sent');
  });

  onButton(app, ctx, MEET_ACTIONS.cancel, async (args) => {
    const view = await cancelMeeting(ctx, slackMeetingNotifier(args.client, args.logger), {
      meetingId: meetingId.parse(args.action.value),
      userId: args.body.user.id,
    });
    await settle(args, view, 'Called off. Anyone who already heard of it is told.', 'Called off');
  });

  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    for (const choice of VOTE_CHOICES) {
      onButton(app, ctx, voteActionId(slot, choice), async (args) => {
        const [mid, slot, vote] = partsOf(args.action.value, 3);
        const userId = args.body.user.id;
        const picked = voteChoice.parse(vote);
        const index = slotIndex.parse(slot);
        const { view, closed } = await castVote(
          ctx,
          slackMeetingNotifier(args.client, args.logger),
          { meetingId: meetingId.parse(mid), userId, slotIndex: index, choice: picked },
        );
        const place = placeOf(args.body);
        if (place === 'home') {
          await publishHome(args.client, userId);
          return;
        }
        const inDm = args.body.channel?.id.startsWith('D') ?? false;
        if (place === 'message' && inDm) {
          const message: Message = closed
            ? voteClosedMessage(view, userId)
            : voteMessage(view, userId);
          await args.reply({ replace_original: true, ...message });
          return;
        }
        const person = view.people.find((p) => p.id === userId);
        const slotText = view.meeting.slots[index];
        const when = slotText && person ? slotRange(slotText, person.timeZone) : 'that time';
        await args.reply(
          `Noted: ${picked === 'works' ? 'works' : picked === 'could' ? 'could do' : 'can’t'} for ${when} your time.${closed ? ' Everyone has voted: the vote is closed.' : ''}`,
        );
      });
    }
    onButton(app, ctx, confirmActionId(slot), async (args) => {
      const [mid, slot] = partsOf(args.action.value, 2);
      const index = slotIndex.parse(slot);
      const view = await confirmMeeting(ctx, slackMeetingNotifier(args.client, args.logger), {
        meetingId: meetingId.parse(mid),
        userId: args.body.user.id,
        slotIndex: index,
      });
      const confirmed = view.meeting.slots[index];
      const note = confirmed
        ? `Confirmed: ${slotRange(confirmed, view.requester.timeZone)} your time. Everyone gets it in their own time, with calendar links.`
        : 'Confirmed.';
      await settle(args, view, note, 'Confirmed');
    });
  }
}
