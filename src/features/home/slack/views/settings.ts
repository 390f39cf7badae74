import type { KnownBlock, ModalView } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { describeWindows, HOURS_EXAMPLES } from '../../../../core/domain/hours-text.js';
import type { DeliveryPreference, Member } from '../../../../core/domain/member.js';
import { formatDuration } from '../../../../core/domain/time-text.js';
import type { ExpertListing } from '../../../../core/services/experts.js';
import type { MemberOverview } from '../../../../core/services/people.js';
import type { TeamSettings } from '../../../../core/services/team-settings.js';
import { context, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { expertsList } from './experts.js';

export const SETTINGS = {
  callbackId: 'settings_modal',
  timeZone: { block: 'time_zone', action: 'time_zone_value' },
  hours: { block: 'hours', action: 'hours_value' },
  delivery: { block: 'delivery', action: 'delivery_value' },
  away: { block: 'away', action: 'away_value' },
} as const;

const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});

const DELIVERY_OPTIONS: Record<DeliveryPreference, { title: string; detail: string }> = {
  immediate: {
    title: 'As they come',
    detail: 'Each request reaches you as it arrives, in your working hours.',
  },
  digest: {
    title: 'One digest a day',
    detail: 'What arrived while you were off, in one message at the start of your working day.',
  },
  both: {
    title: 'Digest, then as they come',
    detail: 'The digest at the start of your day, then each new request as it arrives.',
  },
};

/**
 * The personal settings form: time zone, working hours, how requests reach you, away. `hoursText`
 * fills the hours field instead of the saved hours (a reading to edit before saving).
 */
export function settingsModal(
  overview: MemberOverview,
  now: number,
  hoursText?: string,
): ModalView {
  const m = overview.member;
  const slackZone = m.timeZone ?? 'none in your Slack profile';
  const awayDate =
    m.awayUntil !== null && m.awayUntil > now
      ? formatInTimeZone(m.awayUntil, overview.timeZone, 'yyyy-MM-dd')
      : undefined;
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: SETTINGS.timeZone.block,
      optional: true,
      label: plain('Time zone'),
      hint: plain(`Leave empty to use Slack’s (${slackZone}).`),
      element: {
        type: 'plain_text_input',
        action_id: SETTINGS.timeZone.action,
        max_length: 64,
        placeholder: plain('Europe/Berlin'),
        ...(m.timeZoneOverride ? { initial_value: m.timeZoneOverride } : {}),
      },
    },
    {
      type: 'input',
      block_id: SETTINGS.hours.block,
      label: plain('Working hours'),
      hint: plain(`In that time zone. For example ${HOURS_EXAMPLES.replace(/`/g, '')}.`, 2000),
      element: {
        type: 'plain_text_input',
        action_id: SETTINGS.hours.action,
        multiline: true,
        max_length: 500,
        initial_value: hoursText ?? describeWindows(m.workingWindows),
      },
    },
    {
      type: 'input',
      block_id: SETTINGS.delivery.block,
      label: plain('Requests reach you'),
      element: {
        type: 'radio_buttons',
        action_id: SETTINGS.delivery.action,
        initial_option: deliveryOption(m.deliveryPreference),
        options: (Object.keys(DELIVERY_OPTIONS) as DeliveryPreference[]).map(deliveryOption),
      },
    },
    {
      type: 'input',
      block_id: SETTINGS.away.block,
      optional: true,
      label: plain('Away: back on'),
      hint: plain('Nothing is delivered while you are away. Leave empty when you are here.'),
      element: {
        type: 'datepicker',
        action_id: SETTINGS.away.action,
        ...(awayDate ? { initial_date: awayDate } : {}),
      },
    },
  ];
  const slackAway = slackStatusNote(m);
  if (slackAway) blocks.push(context(slackAway));
  return {
    type: 'modal',
    callback_id: SETTINGS.callbackId,
    title: plain('Your settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

function deliveryOption(preference: DeliveryPreference) {
  const option = DELIVERY_OPTIONS[preference];
  return {
    text: plain(option.title, 75),
    description: plain(option.detail, 75),
    value: preference,
  };
}

function slackStatusNote(m: Member): string | undefined {
  if (!m.slackStatusText && !m.slackStatusEmoji) return undefined;
  const status = escapeMrkdwn([m.slackStatusEmoji, m.slackStatusText].filter(Boolean).join(' '));
  return `Your Slack status is “${status}”. A vacation, out-of-office or sick status also counts as away.`;
}

/** The form once saved. */
export function settingsSavedModal(overview: MemberOverview): ModalView {
  const lines = [
    `*Working hours:* ${overview.hoursText}, ${escapeMrkdwn(overview.timeZone)}`,
    overview.away
      ? `*Away* (${escapeMrkdwn(overview.away.why)}): nothing is delivered to you meanwhile.`
      : overview.workingNow
        ? 'You are working now.'
        : `You are off now: requests wait until ${overview.nextStartLocal} your time.`,
  ];
  return {
    type: 'modal',
    callback_id: `${SETTINGS.callbackId}_saved`,
    title: plain('Your settings', 24),
    close: plain('Done', 24),
    blocks: [section(`Saved.\n${lines.join('\n')}`)],
  };
}

export const TEAM_SETTINGS = {
  callbackId: 'team_settings_modal',
  newMemberHours: { block: 'new_member_hours', action: 'new_member_hours_value' },
  escalation: { block: 'escalation', action: 'escalation_value' },
  awayPassOn: { block: 'away_pass_on', action: 'away_pass_on_value' },
} as const;

const hoursValue = (ms: number) => String(Number((ms / 3_600_000).toFixed(2)));

/**
 * Team settings, for admins: the hours newcomers start with, the escalation delay, how long a
 * question waits for an expert away with no end date, the experts.
 */
export function teamSettingsModal(settings: TeamSettings, experts: ExpertListing[]): ModalView {
  return {
    type: 'modal',
    callback_id: TEAM_SETTINGS.callbackId,
    title: plain('Team settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: TEAM_SETTINGS.newMemberHours.block,
        label: plain('Working hours for newcomers'),
        hint: plain('What people start with until they set their own, in their own time zone.'),
        element: {
          type: 'plain_text_input',
          action_id: TEAM_SETTINGS.newMemberHours.action,
          max_length: 500,
          initial_value: describeWindows(settings.newMemberWindows),
        },
      },
      {
        type: 'input',
        block_id: TEAM_SETTINGS.escalation.block,
        label: plain('Escalation delay (working hours)'),
        hint: plain(
          'How much of an expert’s working time a question waits before a reminder, then the next expert.',
        ),
        element: {
          type: 'plain_text_input',
          action_id: TEAM_SETTINGS.escalation.action,
          max_length: 8,
          initial_value: hoursValue(settings.questionDueMs),
        },
      },
      {
        type: 'input',
        block_id: TEAM_SETTINGS.awayPassOn.block,
        label: plain('Away with no end date (team working hours)'),
        hint: plain(
          'How much of the team’s working time a question waits for an expert whose Slack status says away with no end date, before it goes to the next expert, then the channel.',
        ),
        element: {
          type: 'plain_text_input',
          action_id: TEAM_SETTINGS.awayPassOn.action,
          max_length: 8,
          initial_value: hoursValue(settings.awayPassOnMs),
        },
      },
      section(expertsList(experts).text),
      context('Change experts with `/mailroom experts add billing, refunds @priya`.'),
    ],
  };
}

/** The team settings form once saved. */
export function teamSettingsSavedModal(settings: TeamSettings): ModalView {
  return {
    type: 'modal',
    callback_id: `${TEAM_SETTINGS.callbackId}_saved`,
    title: plain('Team settings', 24),
    close: plain('Done', 24),
    blocks: [
      section(
        `Saved. Newcomers start with *${describeWindows(settings.newMemberWindows)}*; questions wait *${formatDuration(settings.questionDueMs)}* of an expert’s working time before a reminder, and *${formatDuration(settings.awayPassOnMs)}* of the team’s working time for an expert away with no end date.`,
      ),
    ],
  };
}
