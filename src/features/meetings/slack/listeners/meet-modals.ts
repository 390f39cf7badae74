import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseJson } from '../../../../core/domain/json.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { slackCountsIn } from '../../../../core/slack/conversations.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { SLACK_NAMING, slackWordsOf } from '../../../../core/slack/naming.js';
import type { MeetingsContext } from '../../context.js';
import { MEETING_KINDS } from '../../domain/meeting-kind.js';
import type { WindowChoice } from '../../domain/meeting-window.js';
import {
  InvalidMeetingRequest,
  type MeetingField,
  requestMeeting,
  setMeetingAgenda,
} from '../../services/request.js';
import { sendForVotes } from '../../services/vote.js';
import { meetingChannel } from '../channel-members.js';
import { slackMeetingNotifier } from '../notifier.js';
import { MEET_INPUTS, MEET_VIEWS } from '../views/ids.js';
import { draftModal, noteModal, previewModal, type WINDOW_CHOICES } from '../views/modals.js';
import { sentNote } from '../views/proposal.js';

const BLOCK_OF: Record<MeetingField, string> = {
  topic: MEET_INPUTS.topic,
  people: MEET_INPUTS.people,
  duration: MEET_INPUTS.duration,
  window: MEET_INPUTS.window,
  agenda: MEET_INPUTS.agenda,
  outcome: MEET_INPUTS.outcome,
};

const text = z.looseObject({ value: z.string().nullish() }).optional();
const selected = z
  .looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() })
  .optional();
const I = MEET_INPUTS;

const formValues = z.looseObject({
  [I.topic]: z.looseObject({ [I.topic]: text }).optional(),
  [I.people]: z
    .looseObject({
      [I.people]: z.looseObject({ selected_users: z.array(z.string()).nullish() }).optional(),
    })
    .optional(),
  [I.channel]: z
    .looseObject({
      [I.channel]: z.looseObject({ selected_conversation: z.string().nullish() }).optional(),
    })
    .optional(),
  [I.duration]: z.looseObject({ [I.duration]: selected }).optional(),
  [I.window]: z.looseObject({ [I.window]: selected }).optional(),
  [I.kind]: z.looseObject({ [I.kind]: selected }).optional(),
  [I.agenda]: z.looseObject({ [I.agenda]: text }).optional(),
  [I.outcome]: z.looseObject({ [I.outcome]: text }).optional(),
});
const agendaValues = z.looseObject({
  [I.agenda]: z.looseObject({ [I.agenda]: text }).optional(),
  [I.outcome]: z.looseObject({ [I.outcome]: text }).optional(),
});
const formMetadata = z.object({ originChannelId: z.string().nullable() });
const meetingMetadata = z.object({ meetingId: z.number().int().positive() });

const OUT_OF_DATE = 'This form is out of date. Close it and use /meet again.';
const NOT_WHERE_YOU_ARE =
  'I can’t confirm you are in the conversation this form was opened in. Close it and use /meet again where you are a member.';

const WINDOWS: Record<keyof typeof WINDOW_CHOICES, WindowChoice> = {
  this_week: { kind: 'this_week' },
  next_week: { kind: 'next_week' },
  days_3: { kind: 'days', days: 3 },
  days_7: { kind: 'days', days: 7 },
  days_14: { kind: 'days', days: 14 },
};

function fieldErrors(error: InvalidMeetingRequest) {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.problemsFor(SLACK_NAMING))) {
    if (message) errors[BLOCK_OF[field as MeetingField]] = message;
  }
  return { response_action: 'errors' as const, errors };
}

/** The /meet form, the agenda of a transactional meeting, and the times before they go out. */
export function registerMeetModals(app: App, ctx: MeetingsContext): void {
  app.view(MEET_VIEWS.form, async ({ ack, view, body, client, logger }) => {
    const metadata = formMetadata.safeParse(parseJson(view.private_metadata));
    const parsed = formValues.safeParse(view.state.values);
    if (!metadata.success || !parsed.success) {
      await ack(modalError(MEET_INPUTS.topic, OUT_OF_DATE));
      return;
    }
    const v = parsed.data;
    const duration = v[I.duration]?.[I.duration]?.selected_option?.value;
    const windowKey = v[I.window]?.[I.window]?.selected_option?.value;
    const kindChoice = z.enum(MEETING_KINDS).safeParse(v[I.kind]?.[I.kind]?.selected_option?.value);
    const channelId = v[I.channel]?.[I.channel]?.selected_conversation ?? undefined;
    try {
      // The metadata's conversation is a claim: only Slack's member list makes it where /meet was used.
      const originChannelId = metadata.data.originChannelId;
      if (
        originChannelId !== null &&
        !(await slackCountsIn(client, ctx, originChannelId, body.user.id))
      ) {
        await ack(modalError(MEET_INPUTS.people, NOT_WHERE_YOU_ARE));
        return;
      }
      const channel = channelId
        ? await meetingChannel(client, ctx, channelId, body.user.id)
        : undefined;
      const draft = requestMeeting(ctx, {
        requesterId: body.user.id,
        topic: v[I.topic]?.[I.topic]?.value ?? '',
        personIds: v[I.people]?.[I.people]?.selected_users ?? [],
        channel,
        durationMinutes: duration === undefined ? undefined : Number(duration),
        window:
          windowKey && windowKey in WINDOWS
            ? WINDOWS[windowKey as keyof typeof WINDOWS]
            : undefined,
        kind: kindChoice.success ? kindChoice.data : undefined,
        agenda: v[I.agenda]?.[I.agenda]?.value ?? '',
        outcome: v[I.outcome]?.[I.outcome]?.value ?? '',
        originChannelId,
      });
      await ack({ response_action: 'update', view: draftModal(draft) });
    } catch (error) {
      if (error instanceof InvalidMeetingRequest) await ack(fieldErrors(error));
      else if (error instanceof UserFacingError)
        await ack(modalError(MEET_INPUTS.people, slackWordsOf(error)));
      else await ack(modalFailure(MEET_INPUTS.topic, error, logger));
    }
  });

  app.view(MEET_VIEWS.agenda, async ({ ack, view, body, logger }) => {
    const metadata = meetingMetadata.safeParse(parseJson(view.private_metadata));
    const parsed = agendaValues.safeParse(view.state.values);
    if (!metadata.success || !parsed.success) {
      await ack(modalError(MEET_INPUTS.agenda, OUT_OF_DATE));
      return;
    }
    try {
      const planned = setMeetingAgenda(ctx, {
        meetingId: metadata.data.meetingId,
        userId: body.user.id,
        agenda: parsed.data[I.agenda]?.[I.agenda]?.value ?? '',
        outcome: parsed.data[I.outcome]?.[I.outcome]?.value ?? '',
      });
      await ack({ response_action: 'update', view: previewModal(planned) });
    } catch (error) {
      if (error instanceof InvalidMeetingRequest) await ack(fieldErrors(error));
      else await ack(modalFailure(MEET_INPUTS.agenda, error, logger));
    }
  });

  // The preview has no inputs: whatever goes wrong is said in the modal that replaces it.
  app.view(MEET_VIEWS.preview, async ({ ack, view, body, client, logger }) => {
    const metadata = meetingMetadata.safeParse(parseJson(view.private_metadata));
    if (!metadata.success) {
      await ack({ response_action: 'update', view: noteModal('Not sent', OUT_OF_DATE) });
      return;
    }
    try {
      const sent = await sendForVotes(ctx, slackMeetingNotifier(client, logger), {
        meetingId: metadata.data.meetingId,
        userId: body.user.id,
      });
      await ack({ response_action: 'update', view: noteModal('Sent', sentNote(sent)) });
    } catch (error) {
      const message =
        error instanceof UserFacingError
          ? slackWordsOf(error)
          : 'Something went wrong on my side and nothing was sent. Please try again in a moment.';
      if (!(error instanceof UserFacingError))
        logger.error('sending a meeting for votes failed', error);
      await ack({ response_action: 'update', view: noteModal('Not sent', message) });
    }
  });
}
