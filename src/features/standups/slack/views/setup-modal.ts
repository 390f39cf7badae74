import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { addDays } from '../../../../core/domain/local-time.js';
import { formatClock } from '../../../../core/domain/time-text.js';
import { context, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { type DayOff, dateKey, parseDateKey } from '../../domain/schedule.js';
import { DEFAULT_QUESTIONS, type StandupConfig } from '../../domain/standup.js';
import type { OutsideHours } from '../../services/setup.js';

/** Block and action ids of the setup form: each input's problems are shown under it. */
export const SETUP = {
  callbackId: 'standup_setup',
  name: { block: 'standup_name', action: 'value' },
  questions: { block: 'standup_questions', action: 'value' },
  blockers: { block: 'standup_blockers', action: 'value' },
  days: { block: 'standup_days', action: 'value' },
  promptMode: { block: 'standup_prompt_mode', action: 'value' },
  promptTime: { block: 'standup_prompt_time', action: 'value' },
  teamZone: { block: 'standup_team_zone', action: 'value' },
  memberMode: { block: 'standup_member_mode', action: 'value' },
  members: { block: 'standup_members', action: 'value' },
  destination: { block: 'standup_destination', action: 'value' },
  reportTime: { block: 'standup_report_time', action: 'value' },
  reminder: { block: 'standup_reminder', action: 'value' },
  daysOff: { block: 'standup_days_off', action: 'value' },
  cadence: { block: 'standup_cadence', action: 'value' },
  cadenceStart: { block: 'standup_cadence_start', action: 'value' },
} as const;

export interface SetupMetadata {
  channelId: string;
  /** Null for a new standup. */
  standupId: number | null;
}

const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});
const option = (value: string, text: string, description?: string): PlainTextOption => ({
  text: plain(text, 75),
  value,
  ...(description ? { description: plain(description, 75) } : {}),
});

const DAY_OPTIONS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((name, i) =>
  option(String(i + 1), name),
);
const PROMPT_MODE_OPTIONS = [
  option('member_zone', 'At a set time in each member’s own time zone'),
  option('team_zone', 'At a set time in the team’s time zone', 'Everyone at the same moment'),
  option(
    'work_start',
    'At the start of each member’s working day',
    'Suits night shifts and split days',
  ),
];
const MEMBER_OPTIONS = [
  option('channel', 'Everyone in this channel', 'As people join and leave'),
  option('chosen', 'Only the people picked below'),
];
const DESTINATION_OPTIONS = [
  option('thread', 'One thread a day', 'Each answer as it comes, under a daily message'),
  option('summary', 'One summary at the report time', 'All answers in one message'),
];
const CADENCE_OPTIONS = [
  option('weekly', 'Every week'),
  option('every_other_week', 'Every other week', 'From the week picked below'),
];
const REMINDER_OPTIONS = [
  option('none', 'No reminder'),
  option('60', '1 hour after the prompt'),
  option('120', '2 hours after the prompt'),
  option('240', '4 hours after the prompt'),
];

/** What the form starts with: the standup being edited, or sensible defaults. */
export interface SetupDefaults {
  config: Omit<StandupConfig, 'chosenMemberIds'>;
  memberIds: string[];
}

export function defaultSetup(ownerZone: string): SetupDefaults {
  return {
    config: {
      name: 'Standup',
      questions: [...DEFAULT_QUESTIONS],
      asksBlockers: true,
      days: [1, 2, 3, 4, 5],
      promptMode: 'member_zone',
      promptMinute: 9 * 60 + 30,
      teamZone: ownerZone,
      reportMinute: 17 * 60,
      memberMode: 'channel',
      destination: 'thread',
      reminderAfterMinutes: 120,
      daysOff: [],
      everyOtherWeekFrom: null,
    },
    memberIds: [],
  };
}

/** The setup form of a new standup in a channel, or of one being edited. */
export function setupModal(
  metadata: SetupMetadata,
  defaults: SetupDefaults,
  channelName: string | null,
): ModalView {
  const c = defaults.config;
  const pick = (options: PlainTextOption[], value: string) =>
    options.find((o) => o.value === value) ?? options[0];
  const blockerOption = option('yes', 'Also ask “Anything blocking you?” and who can unblock it');
  const where = channelName ? `#${channelName}` : `<#${metadata.channelId}>`;
  const blocks: KnownBlock[] = [
    section(
      metadata.standupId === null
        ? `A standup for ${escapeMrkdwn(where)}: each member is asked in a DM at their own time, and the answers are gathered here without noise.`
        : `Changes apply from the next prompt on; answers already given stay.`,
    ),
    {
      type: 'input',
      block_id: SETUP.name.block,
      optional: true,
      label: plain('Name'),
      element: {
        type: 'plain_text_input',
        action_id: SETUP.name.action,
        max_length: 80,
        initial_value: c.name,
      },
    },
    {
      type: 'input',
      block_id: SETUP.questions.block,
      optional: true,
      label: plain('Questions'),
      hint: plain(
        'One per line. The answer to the last one is offered as the start of the first the next day.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: SETUP.questions.action,
        multiline: true,
        max_length: 2200,
        initial_value: c.questions.join('\n'),
      },
    },
    {
      type: 'input',
      block_id: SETUP.blockers.block,
      optional: true,
      label: plain('Blockers'),
      hint: plain('A blocker goes to the queue of whoever can unblock it, in their working hours.'),
      element: {
        type: 'checkboxes',
        action_id: SETUP.blockers.action,
        options: [blockerOption],
        ...(c.asksBlockers ? { initial_options: [blockerOption] } : {}),
      },
    },
    {
      type: 'input',
      block_id: SETUP.days.block,
      label: plain('Days'),
      element: {
        type: 'checkboxes',
        action_id: SETUP.days.action,
        options: DAY_OPTIONS,
        initial_options: DAY_OPTIONS.filter((o) => c.days.some((d) => String(d) === o.value)),
      },
    },
    {
      type: 'input',
      block_id: SETUP.promptMode.block,
      label: plain('When each member is asked'),
      element: {
        type: 'radio_buttons',
        action_id: SETUP.promptMode.action,
        options: PROMPT_MODE_OPTIONS,
        initial_option: pick(PROMPT_MODE_OPTIONS, c.promptMode),
      },
    },
    {
      type: 'input',
      block_id: SETUP.promptTime.block,
      optional: true,
      label: plain('Time to ask'),
      hint: plain(
        'Kept as set; once saved, whoever it reaches outside their working hours can be asked at the start of their day instead.',
      ),
      element: {
        type: 'timepicker',
        action_id: SETUP.promptTime.action,
        initial_time: formatClock(c.promptMinute),
      },
    },
    {
      type: 'input',
      block_id: SETUP.teamZone.block,
      label: plain('Team time zone'),
      hint: plain(
        'Names each day’s thread and sets the report time. An IANA name, like Europe/Berlin.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: SETUP.teamZone.action,
        max_length: 64,
        initial_value: c.teamZone,
      },
    },
    {
      type: 'input',
      block_id: SETUP.memberMode.block,
      label: plain('Who is asked'),
      element: {
        type: 'radio_buttons',
        action_id: SETUP.memberMode.action,
        options: MEMBER_OPTIONS,
        initial_option: pick(MEMBER_OPTIONS, c.memberMode),
      },
    },
    {
      type: 'input',
      block_id: SETUP.members.block,
      optional: true,
      label: plain('People (when only some are asked)'),
      element: {
        type: 'multi_users_select',
        action_id: SETUP.members.action,
        ...(c.memberMode === 'chosen' && defaults.memberIds.length > 0
          ? { initial_users: defaults.memberIds.slice(0, 100) }
          : {}),
      },
    },
    {
      type: 'input',
      block_id: SETUP.destination.block,
      label: plain('Where the answers go'),
      element: {
        type: 'radio_buttons',
        action_id: SETUP.destination.action,
        options: DESTINATION_OPTIONS,
        initial_option: pick(DESTINATION_OPTIONS, c.destination),
      },
    },
    {
      type: 'input',
      block_id: SETUP.reportTime.block,
      label: plain('Report time'),
      hint: plain(
        'In the team’s time zone. The report lists who answered, skipped, was away or has not answered; a late answer still counts, until the member’s next prompt.',
      ),
      element: {
        type: 'timepicker',
        action_id: SETUP.reportTime.action,
        initial_time: formatClock(c.reportMinute),
      },
    },
    {
      type: 'input',
      block_id: SETUP.reminder.block,
      label: plain('Reminder'),
      hint: plain('One reminder to those who have not answered, in their own working hours.'),
      element: {
        type: 'static_select',
        action_id: SETUP.reminder.action,
        options: REMINDER_OPTIONS,
        initial_option: pick(
          REMINDER_OPTIONS,
          c.reminderAfterMinutes === null ? 'none' : String(c.reminderAfterMinutes),
        ),
      },
    },
    {
      type: 'input',
      block_id: SETUP.daysOff.block,
      optional: true,
      label: plain('Days off'),
      hint: plain(
        'One a line: a date and a label, like 2026-12-25 Christmas, or 2026-06-01 to 2026-06-03 Offsite. Nobody is asked, nobody is listed as not answering; the date is each member’s own.',
      ),
      element: {
        type: 'plain_text_input',
        action_id: SETUP.daysOff.action,
        multiline: true,
        max_length: 3000,
        ...(c.daysOff.length > 0 ? { initial_value: truncate(daysOffText(c.daysOff), 3000) } : {}),
      },
    },
    {
      type: 'input',
      block_id: SETUP.cadence.block,
      label: plain('How often'),
      element: {
        type: 'static_select',
        action_id: SETUP.cadence.action,
        options: CADENCE_OPTIONS,
        initial_option: pick(CADENCE_OPTIONS, c.everyOtherWeekFrom ? 'every_other_week' : 'weekly'),
      },
    },
    {
      type: 'input',
      block_id: SETUP.cadenceStart.block,
      optional: true,
      label: plain('Every other week: a day in its first week'),
      element: {
        type: 'datepicker',
        action_id: SETUP.cadenceStart.action,
        ...(c.everyOtherWeekFrom ? { initial_date: c.everyOtherWeekFrom } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: SETUP.callbackId,
    private_metadata: JSON.stringify(metadata),
    title: plain(metadata.standupId === null ? 'New standup' : 'Edit standup', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** Days off as the form shows them: a run of days with one label on one line. */
function daysOffText(daysOff: readonly DayOff[]): string {
  const lines: { from: string; until: string; label: string }[] = [];
  for (const off of daysOff) {
    const last = lines.at(-1);
    const next = parseDateKey(off.date);
    const follows = last && next && dateKey(addDays(next, -1)) === last.until;
    if (last && follows && last.label === off.label) last.until = off.date;
    else lines.push({ from: off.date, until: off.date, label: off.label });
  }
  return lines
    .map((l) => `${l.from}${l.until === l.from ? '' : ` to ${l.until}`} ${l.label}`)
    .join('\n');
}

/** A member offered the start of their working day: their block in the saved form. */
export const workStartBlockId = (memberId: string) => `standup_work_start:${memberId}`;
export const WORK_START_ACTION = 'standup_member_work_start';

/**
 * The form once saved. Each member whose prompt comes outside their working hours is named,
 * with a button to ask them at the start of their working day instead.
 */
export function setupSavedModal(
  summary: string,
  warnings: string[],
  outside: { standupId: number; members: OutsideHours[] } = { standupId: 0, members: [] },
): ModalView {
  const blocks: KnownBlock[] = [section(summary)];
  if (warnings.length > 0) blocks.push(context(...warnings.map((w) => `:warning: ${w}`)));
  for (const member of outside.members.slice(0, 40)) {
    blocks.push({
      type: 'section',
      block_id: workStartBlockId(member.memberId),
      text: {
        type: 'mrkdwn',
        text: `:crescent_moon: ${escapeMrkdwn(member.name)} works ${escapeMrkdwn(member.hours)} (${escapeMrkdwn(member.zone)}): the set time is outside their working hours.`,
      },
      accessory: {
        type: 'button',
        action_id: WORK_START_ACTION,
        text: plain('Ask at the start of their working day', 75),
        value: `${outside.standupId}:${member.memberId}`,
      },
    });
  }
  return {
    type: 'modal',
    callback_id: `${SETUP.callbackId}_saved`,
    title: plain('Standup', 24),
    close: plain('Done', 24),
    blocks,
  };
}

/** The saved form once a member is asked at the start of their working day. */
export function withWorkStartChosen(
  view: { blocks: readonly KnownBlock[] },
  memberId: string,
  name: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: `${SETUP.callbackId}_saved`,
    title: plain('Standup', 24),
    close: plain('Done', 24),
    blocks: view.blocks.map((block) =>
      block.block_id === workStartBlockId(memberId)
        ? context(
            `:white_check_mark: ${escapeMrkdwn(name)} is asked at the start of their working day.`,
          )
        : block,
    ),
  };
}
