import type { KnownBlock } from '@slack/types';
import { describeDays } from '../../../../core/domain/hours-text.js';
import { formatClock } from '../../../../core/domain/time-text.js';
import { actions, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, slackTime, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { describePromptTime } from '../../domain/standup.js';
import type { Standup, StandupEntry } from '../../store/standup-repository.js';
import { button, dayLabel, nameOf, plain, STANDUP_ACTIONS } from './messages.js';

/** The replies to `/standup`, seen only by who typed it: a channel's standups, and answer history. */

/** The report's time on each reader's clock (its next one), with the team zone as fallback. */
function reportTimeOf(standup: Standup): string {
  const fallback = `${formatClock(standup.reportMinute)} ${standup.teamZone}`;
  return standup.nextReportAt === null
    ? escapeMrkdwn(fallback)
    : slackTime(standup.nextReportAt, fallback);
}

function cadenceOf(standup: Standup): string {
  const every = standup.everyOtherWeekFrom
    ? ` · every other week from ${dayLabel(standup.everyOtherWeekFrom)}`
    : '';
  const off = standup.daysOff.length;
  return `${every}${off > 0 ? ` · ${off} ${off === 1 ? 'day' : 'days'} off` : ''}`;
}

/** `/standup` in a channel with standups: each with what the person may do to it. */
export function standupList(
  channelId: string,
  list: { standup: Standup; members: number; mayRun: boolean }[],
): Message {
  const blocks: KnownBlock[] = [section(`*Standups in <#${channelId}>*`)];
  for (const { standup, members, mayRun } of list) {
    const state =
      standup.state === 'paused'
        ? ` · *paused*${standup.pausedReason ? ` (${escapeMrkdwn(standup.pausedReason)})` : ''}`
        : '';
    blocks.push(
      section(
        `${nameOf(standup)}${state}\n${describeDays(standup.days)}, ${describePromptTime(standup)} · ${members} ${members === 1 ? 'person' : 'people'} · report ${reportTimeOf(standup)}${cadenceOf(standup)} · ${standup.destination === 'thread' ? 'a thread a day' : 'one summary'} · owner <@${standup.ownerId}>`,
      ),
    );
    if (!mayRun) continue;
    const id = String(standup.id);
    blocks.push({
      type: 'actions',
      block_id: `standup_run:${id}`,
      elements: [
        button('Edit', STANDUP_ACTIONS.edit, id),
        standup.state === 'paused'
          ? button('Resume', STANDUP_ACTIONS.resume, id, 'primary')
          : button('Pause', STANDUP_ACTIONS.pause, id),
        {
          ...button('Delete', STANDUP_ACTIONS.delete, id, 'danger'),
          confirm: {
            title: plain('Delete this standup?'),
            text: {
              type: 'mrkdwn',
              text: 'Nobody is asked any more. Answers already posted stay in the channel.',
            },
            confirm: plain('Delete'),
            deny: plain('Keep it'),
            style: 'danger',
          },
        },
      ],
    });
  }
  blocks.push(
    actions('standup_list', [
      { text: 'New standup', actionId: STANDUP_ACTIONS.create, value: channelId },
    ]),
  );
  return { text: `Standups in this channel: ${list.length}`, blocks: blocks.slice(0, 50) };
}

export function historyMessage(
  memberId: string,
  entries: { standup: Standup; entry: StandupEntry }[],
): Message {
  if (entries.length === 0) {
    const text = `No standup answers from <@${memberId}> that you can see.`;
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [section(`*Recent standup answers of <@${memberId}>*`)];
  for (const { standup, entry } of entries) {
    const lines = standup.questions
      .map((q, i) => ({ q, a: (entry.answers?.[i] ?? '').trim() }))
      .filter(({ a }) => a !== '')
      .map(
        ({ q, a }) =>
          `_${escapeMrkdwn(truncate(q, 80))}_ ${escapeMrkdwn(truncate(a.replace(/\s+/g, ' '), 300))}`,
      );
    if (entry.blockerText)
      lines.push(`:construction: ${escapeMrkdwn(truncate(entry.blockerText, 300))}`);
    blocks.push(
      section(
        `${nameOf(standup)} in <#${standup.channelId}> · ${dayLabel(entry.date)}\n${lines.join('\n')}`,
      ),
    );
  }
  return { text: `Recent standup answers of <@${memberId}>`, blocks: blocks.slice(0, 50) };
}
