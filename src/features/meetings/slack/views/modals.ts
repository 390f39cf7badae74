import type { KnownBlock, ModalView } from '@slack/types';
import { actions, section } from '../../../../core/slack/views/blocks.js';
import { truncate } from '../../../../core/slack/views/mrkdwn.js';
import { MEETING_LIMITS, votersOf } from '../../domain/meetings.js';
import type { MeetingView } from '../../services/view.js';
import { durationLabel } from './format.js';
import { MEET_ACTIONS, MEET_INPUTS, MEET_VIEWS } from './ids.js';
import { cardButtons, draftBlocks, headline, kindLine, offerLines } from './proposal.js';

/** The modals of `/meet`: the request form, a draft's agenda and its times, and short notes. */

const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});

const metadata = (view: MeetingView) => JSON.stringify({ meetingId: view.meeting.id });

function modalButtons(view: MeetingView): KnownBlock {
  const all = cardButtons(view).filter(
    (b) => b.actionId !== MEET_ACTIONS.send && b.actionId !== MEET_ACTIONS.addAgenda,
  );
  return actions(`meet_modal:${view.meeting.id}`, all);
}

/** A transactional meeting's agenda and expected outcome, with the async route offered first. */
export function agendaModal(view: MeetingView): ModalView {
  const m = view.meeting;
  const blocks: KnownBlock[] = [section(headline(view)), section(kindLine(view))];
  if (view.offers.length > 0) blocks.push(section(offerLines(view)));
  blocks.push(modalButtons(view), {
    type: 'input',
    block_id: MEET_INPUTS.agenda,
    label: plain('Agenda'),
    hint: plain('What you will go through, in a few lines. Everyone sees it with the vote.'),
    element: {
      type: 'plain_text_input',
      action_id: MEET_INPUTS.agenda,
      multiline: true,
      max_length: 2000,
      ...(m.agenda ? { initial_value: m.agenda } : {}),
    },
  });
  blocks.push({
    type: 'input',
    block_id: MEET_INPUTS.outcome,
    label: plain('Expected outcome'),
    hint: plain('What the meeting should produce: a decision, a plan, owners for next steps.'),
    element: {
      type: 'plain_text_input',
      action_id: MEET_INPUTS.outcome,
      max_length: 500,
      ...(m.outcome ? { initial_value: m.outcome } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: MEET_VIEWS.agenda,
    private_metadata: metadata(view),
    title: plain('Agenda first', 24),
    submit: plain('Propose times', 24),
    close: plain('Not now', 24),
    blocks,
  };
}

/** The times, before they go out: submitting sends the vote. */
export function previewModal(view: MeetingView): ModalView {
  const m = view.meeting;
  const voters = votersOf(m).length;
  const blocks = [...draftBlocks(view), modalButtons(view)];
  return {
    type: 'modal',
    callback_id: MEET_VIEWS.preview,
    private_metadata: metadata(view),
    title: plain('Propose times', 24),
    ...(m.slots.length > 0
      ? { submit: plain(m.pollChannelId ? 'Post the poll' : `Send to ${voters}`, 24) }
      : {}),
    close: plain('Not now', 24),
    blocks: blocks.slice(0, 100),
  };
}

/** The draft in whichever modal fits where it stands. */
export function draftModal(view: MeetingView): ModalView {
  return view.needsAgenda ? agendaModal(view) : previewModal(view);
}

/** A modal that only tells something. */
export function noteModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain('Done', 24),
    blocks: [section(text)],
  };
}

export const DURATION_CHOICES = [15, 30, 45, 60, 90, 120, 180, 240] as const;
export const WINDOW_CHOICES = {
  this_week: 'This week',
  next_week: 'Next week',
  days_3: 'The next 3 days',
  days_7: 'The next 7 days',
  days_14: 'The next 14 days',
} as const;
export const KIND_CHOICES = {
  suggest: 'Let Mailroom suggest',
  transactional: 'Transactional: to reach an outcome',
  social: 'Social: for the team',
} as const;

/** `/meet` with nothing after it: the request as a form. */
export function meetFormModal(originChannelId: string | null): ModalView {
  const option = (value: string, text: string) => ({ text: plain(text), value });
  const input = (
    block: string,
    label: string,
    element: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    ({
      type: 'input',
      block_id: block,
      label: plain(label),
      element,
      ...extra,
    }) as unknown as KnownBlock;
  const windows = Object.entries(WINDOW_CHOICES).map(([value, text]) => option(value, text));
  const kinds = Object.entries(KIND_CHOICES).map(([value, text]) => option(value, text));
  const durations = DURATION_CHOICES.map((m) => option(String(m), durationLabel(m)));
  return {
    type: 'modal',
    callback_id: MEET_VIEWS.form,
    private_metadata: JSON.stringify({ originChannelId }),
    title: plain('Plan a meeting', 24),
    submit: plain('Next', 24),
    close: plain('Cancel', 24),
    blocks: [
      input(MEET_INPUTS.topic, 'What is it about?', {
        type: 'plain_text_input',
        action_id: MEET_INPUTS.topic,
        max_length: 200,
        placeholder: plain('Falcon pricing decision'),
      }),
      input(
        MEET_INPUTS.people,
        'People',
        { type: 'multi_users_select', action_id: MEET_INPUTS.people },
        { optional: true },
      ),
      input(
        MEET_INPUTS.channel,
        'And/or a channel’s members',
        {
          type: 'conversations_select',
          action_id: MEET_INPUTS.channel,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
        {
          optional: true,
          hint: plain(
            `Up to ${MEETING_LIMITS.individualVoters} people vote one by one; a bigger group votes in one poll in the channel.`,
          ),
        },
      ),
      input(
        MEET_INPUTS.duration,
        'How long',
        { type: 'static_select', action_id: MEET_INPUTS.duration, options: durations },
        {
          optional: true,
          hint: plain('Empty: 30 min for a transactional meeting, 45 min for a social one.'),
        },
      ),
      input(MEET_INPUTS.window, 'When', {
        type: 'static_select',
        action_id: MEET_INPUTS.window,
        options: windows,
        initial_option: windows[3],
      }),
      input(MEET_INPUTS.kind, 'Kind', {
        type: 'radio_buttons',
        action_id: MEET_INPUTS.kind,
        options: kinds,
        initial_option: kinds[0],
      }),
      input(
        MEET_INPUTS.agenda,
        'Agenda',
        {
          type: 'plain_text_input',
          action_id: MEET_INPUTS.agenda,
          multiline: true,
          max_length: 2000,
        },
        {
          optional: true,
          hint: plain('A transactional meeting needs one before times are proposed.'),
        },
      ),
      input(
        MEET_INPUTS.outcome,
        'Expected outcome',
        { type: 'plain_text_input', action_id: MEET_INPUTS.outcome, max_length: 500 },
        { optional: true },
      ),
    ],
  };
}
