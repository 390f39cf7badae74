import type { HomeView, KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { nameOf, scheduleOf } from '../../../../core/domain/member.js';
import { canDismiss, type QueueItem } from '../../../../core/domain/queue.js';
import { formatDuration } from '../../../../core/domain/time-text.js';
import { SNOOZE_CHOICES, type SnoozeChoice } from '../../../../core/domain/working-hours.js';
import { context, divider, header, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, truncate } from '../../../../core/slack/views/mrkdwn.js';
import type {
  DescribeItem,
  ItemDescription,
} from '../../../../core/slack/views/queue-item-message.js';
import type { Home, HomeEntry, HomePages } from '../../services/home.js';

export const HOME_ACTIONS = {
  page: 'home_page',
  settings: 'home_settings',
  teamSettings: 'home_team_settings',
  back: 'home_back',
  snooze: 'home_item_snooze',
  done: 'home_item_done',
} as const;

/** Slack's limit on blocks in a Home view. */
export const MAX_HOME_BLOCKS = 100;

const SNOOZE_LABEL: Record<SnoozeChoice, string> = {
  '2h': 'In 2 hours',
  tomorrow: 'Tomorrow',
  next_week: 'Next week',
};

const PREFERENCE_LABEL = {
  immediate: 'as they come, in your working hours',
  digest: 'in one digest at the start of your working day',
  both: 'in a digest at the start of your day, then as they come',
} as const;

/** The capabilities' own sections: after the person's queue, and for admins only. */
export interface HomeSections {
  afterQueue: KnownBlock[];
  admins: KnownBlock[];
}

const NO_SECTIONS: HomeSections = { afterQueue: [], admins: [] };

/** The App Home tab: your queue, what you wait for, what you finished, and your settings. */
export function homeView(
  home: Home,
  describe: DescribeItem,
  sections: HomeSections = NO_SECTIONS,
): HomeView {
  const zone = home.overview.timeZone;
  const at = (instant: number) => formatInTimeZone(instant, zone, 'EEE d MMM HH:mm');
  const ago = (instant: number) => `${formatDuration(home.now - instant)} ago`;
  const blocks: KnownBlock[] = [
    header('Your Mailroom'),
    ...statusBlocks(home, at),
    context(countsLine(home)),
    divider(),
    section(
      home.waiting.total === 0
        ? '*Waiting for you:* nothing. Your queue is empty.'
        : `*Waiting for you (${home.waiting.total})*, most overdue first`,
    ),
  ];
  for (const entry of home.waiting.entries) {
    blocks.push(...waitingBlocks(entry, describe(entry.item), { at, ago, zone }));
  }
  blocks.push(...pager('waiting', home.waiting, home));

  blocks.push(
    divider(),
    section(
      home.requested.total === 0
        ? '*You are waiting for:* nothing. Nobody holds a request of yours.'
        : `*You are waiting for (${home.requested.total})*`,
    ),
  );
  for (const entry of home.requested.entries) {
    blocks.push(requestedBlock(entry, describe(entry.item), { at, ago, zone }));
  }
  blocks.push(...pager('requested', home.requested, home));
  blocks.push(...sections.afterQueue);

  if (home.done.total > 0) {
    const lines = home.done.entries.map((entry) => {
      const { label, summary } = describe(entry.item);
      return `• ${label}: ${summary} _(${ago(entry.item.updatedAt)})_`;
    });
    const more = home.done.total - home.done.entries.length;
    blocks.push(
      divider(),
      section(
        `*Recently done (${home.done.total} this week)*\n${lines.join('\n')}${more > 0 ? `\n…and ${more} more.` : ''}`,
      ),
    );
  }
  if (home.isAdmin) {
    blocks.push(divider(), ...sections.admins, {
      type: 'actions',
      block_id: 'home_admin',
      elements: [button('Team settings', HOME_ACTIONS.teamSettings, 'team')],
    });
  }
  blocks.push(
    divider(),
    context(
      "`/ask` followed by a question searches the team's docs first, then asks the right person in their working hours. `/mailroom help` lists everything.",
    ),
  );
  const pages: HomePages = { waiting: home.waiting.page, requested: home.requested.page };
  return { type: 'home', private_metadata: JSON.stringify(pages), blocks };
}

function statusBlocks(home: Home, at: (instant: number) => string): KnownBlock[] {
  const o = home.overview;
  const zoneNote = o.usesDefaultTimeZone ? " (the team's: your Slack profile has none)" : '';
  const now = o.away
    ? `You are away (${escapeMrkdwn(o.away.why)})${o.away.until === null ? ' until you clear your Slack status' : ` until ${at(o.away.until)}`}: nothing is delivered to you meanwhile.`
    : o.workingNow
      ? 'You are working now.'
      : `You are off now: requests wait until ${o.nextStartLocal} your time.`;
  const lines = [
    now,
    `*Working hours:* ${o.hoursText}, ${escapeMrkdwn(o.timeZone)}${zoneNote}`,
    `*Requests reach you* ${PREFERENCE_LABEL[o.member.deliveryPreference]}.`,
  ];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: lines.join('\n') },
      accessory: button('Settings', HOME_ACTIONS.settings, 'settings'),
    },
  ];
  if (o.away && o.member.awayUntil !== null && o.member.awayUntil > home.now) {
    blocks.push({
      type: 'actions',
      block_id: 'home_away',
      elements: [button('I’m back', HOME_ACTIONS.back, 'back', 'primary')],
    });
  }
  return blocks;
}

function countsLine(home: Home): string {
  const parts = [
    `${home.waiting.total} waiting for you${home.waiting.overdue > 0 ? ` (${home.waiting.overdue} overdue)` : ''}`,
    `you are waiting for ${home.requested.total}`,
    `${home.done.total} done this week`,
  ];
  return parts.join(' · ');
}

interface Formatters {
  at: (instant: number) => string;
  ago: (instant: number) => string;
  /** The viewer's zone, which stands in for someone whose profile has none. */
  zone: string;
}

function waitingBlocks(entry: HomeEntry, about: ItemDescription, f: Formatters): KnownBlock[] {
  const { item } = entry;
  const from = entry.other ? ` from *${escapeMrkdwn(nameOf(entry.other))}*` : '';
  const due =
    item.dueBy === null
      ? ''
      : entry.overdue
        ? ` · :warning: *overdue* since ${f.at(item.dueBy)}`
        : ` · due ${f.at(item.dueBy)}`;
  const state =
    item.state === 'snoozed'
      ? ` · snoozed until ${f.at(item.deliverAfter)}`
      : item.state === 'queued' && entry.seenFrom !== null
        ? ` · arrives ${f.at(entry.seenFrom)}`
        : '';
  const elements: NonNullable<Extract<KnownBlock, { type: 'actions' }>['elements']> = [];
  for (const action of about.actions ?? []) {
    elements.push(button(action.text, action.actionId, action.value ?? '', action.style));
  }
  if (canDismiss(item.kind)) elements.push(button('Done', HOME_ACTIONS.done, String(item.id)));
  if (item.state !== 'sending') {
    elements.push({
      type: 'static_select',
      action_id: HOME_ACTIONS.snooze,
      placeholder: { type: 'plain_text', text: 'Snooze until…' },
      options: SNOOZE_CHOICES.map((choice) => ({
        text: { type: 'plain_text', text: SNOOZE_LABEL[choice] },
        value: `${item.id}:${choice}`,
      })),
    });
  }
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(about.label)}*${from}: ${about.summary}\n_${f.ago(item.createdAt)}${due}${state}_`,
    ),
  ];
  if (elements.length > 0) {
    blocks.push({ type: 'actions', block_id: `home_item:${item.id}`, elements });
  }
  return blocks;
}

function requestedBlock(entry: HomeEntry, about: ItemDescription, f: Formatters): KnownBlock {
  const who = entry.other ? escapeMrkdwn(nameOf(entry.other)) : 'someone';
  const { item } = entry;
  const theirs = entry.other
    ? ` (${formatInTimeZone(entry.seenFrom ?? 0, scheduleOf(entry.other, f.zone).hours.timeZone, 'HH:mm')} theirs)`
    : '';
  const when =
    entry.seenFrom !== null
      ? `${who} sees it ${f.at(entry.seenFrom)} your time${theirs}, when they start work`
      : item.state === 'delivered'
        ? `with ${who} since ${f.ago(item.deliveredAt ?? item.createdAt)}`
        : `with ${who}`;
  // A due time counts from delivery: before it, there is nothing to expect yet.
  const expected =
    item.dueBy === null || item.state !== 'delivered'
      ? ''
      : entry.overdue
        ? ' · overdue: Mailroom reminds them, then asks someone else'
        : ` · expect an answer by ${f.at(item.dueBy)}`;
  return section(
    `*${escapeMrkdwn(about.label)}*: ${about.summary}\n_${when} · asked ${f.ago(item.createdAt)}${expected}_`,
  );
}

function pager(
  list: keyof HomePages,
  page: { page: number; pages: number },
  home: Home,
): KnownBlock[] {
  if (page.pages <= 1) return [];
  const at = (p: number): string =>
    JSON.stringify({
      waiting: list === 'waiting' ? p : home.waiting.page,
      requested: list === 'requested' ? p : home.requested.page,
    });
  const elements = [];
  if (page.page > 0) elements.push(button('← Previous', HOME_ACTIONS.page, at(page.page - 1)));
  if (page.page < page.pages - 1)
    elements.push(button('Next →', HOME_ACTIONS.page, at(page.page + 1)));
  return [
    context(`Page ${page.page + 1} of ${page.pages}`),
    { type: 'actions', block_id: `home_pager:${list}`, elements },
  ];
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: truncate(text, 75), emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** Said to the person when an item was snoozed from somewhere other than the Home tab. */
export function snoozedReply(item: QueueItem, timeZone: string): { text: string } {
  const back = formatInTimeZone(item.deliverAfter, timeZone, 'EEE d MMM HH:mm');
  return { text: `Snoozed: it comes back ${back} your time.` };
}
