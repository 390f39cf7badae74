import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { wallTimeToInstant } from '../../../../core/domain/local-time.js';
import { formatClock } from '../../../../core/domain/time-text.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import {
  escapeMrkdwn,
  quote,
  quotePieces,
  slackTime,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import { parseDateKey, reportAt } from '../../domain/schedule.js';
import { BLOCKER_QUESTION, describePromptTime } from '../../domain/standup.js';
import type { AnswerPost, DayReport } from '../../services/ports.js';
import type { Standup } from '../../store/standup-repository.js';
import { dayLabel, nameOf } from './messages.js';

/** The standup's posts in its channel: the day's message, each answer, and the report. */

/** 'New York' for America/New_York. */
function placeOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** The day's message, under which the answers go; with the tally once the report is out. */
export function dayMessage(standup: Standup, date: string, tallyLine?: string): Message {
  const day = parseDateKey(date);
  const lines = [`${nameOf(standup)} · ${dayLabel(date)}`];
  const inTeamZone = (minute: number) => `${formatClock(minute)} ${standup.teamZone}`;
  // Each reader sees the times on their own clock; the fallback names the team's zone.
  const asked =
    day && standup.promptMode === 'team_zone'
      ? slackTime(
          wallTimeToInstant(standup.teamZone, day, standup.promptMinute),
          inTeamZone(standup.promptMinute),
        )
      : describePromptTime(standup);
  const report = day
    ? slackTime(reportAt(standup, day), inTeamZone(standup.reportMinute))
    : escapeMrkdwn(inTeamZone(standup.reportMinute));
  return {
    text: `${userText(standup.name, 150)} · ${dayLabel(date)}`,
    blocks: [
      section(lines.join('\n')),
      context(tallyLine ?? `Answers in the thread, each asked ${asked}. Report at ${report}.`),
    ],
  };
}

/** One member's answer, with their name and their local time. */
export function answerMessage(standup: Standup, post: AnswerPost): Message {
  const { entry } = post;
  const zone = entry.answeredZone ?? standup.teamZone;
  const at = entry.answeredAt ?? entry.updatedAt;
  const place = escapeMrkdwn(placeOf(zone));
  // Written ahead: the day it is for, not the evening before it was written.
  const when =
    post.timing === 'ahead'
      ? `for ${dayLabel(entry.date)}, written ahead in ${place}`
      : `${formatInTimeZone(at, zone, 'HH:mm EEE')} in ${place}`;
  const note = { ahead: '', on_time: '', late: ' · _late_', after_report: ' · _after the report_' }[
    post.timing
  ];
  const blocks: KnownBlock[] = [context(`*${escapeMrkdwn(post.name)}* · ${when}${note}`)];
  for (const answer of post.answers) {
    const [first = '>', ...rest] = quotePieces(answer.text, 2500);
    blocks.push(section(`*${escapeMrkdwn(truncate(answer.question, 200))}*\n${first}`));
    for (const piece of rest) blocks.push(section(piece));
  }
  if (post.blocker) {
    blocks.push(
      section(
        `:construction: *${BLOCKER_QUESTION}*\n${quote(post.blocker.text, 2500)}\n_With ${escapeMrkdwn(post.blocker.ownerName)}, in their queue._`,
      ),
    );
  }
  return {
    text: `${userText(post.name, 100)} answered ${userText(standup.name, 150)}`,
    blocks: blocks.slice(0, 50),
  };
}

const MAX_NAMES = 40;

function names(report: DayReport, ids: string[]): string {
  const shown = ids.slice(0, MAX_NAMES).map((id) => escapeMrkdwn(report.names.get(id) ?? id));
  const more = ids.length > MAX_NAMES ? `, and ${ids.length - MAX_NAMES} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** "3 answered · 1 skipped · …": the day in one line. */
export function tallyLine(report: DayReport): string {
  const t = report.tally;
  const parts = [
    `${t.answered.length} answered`,
    t.answeredLate.length > 0 ? `${t.answeredLate.length} answered late` : '',
    t.skipped.length > 0 ? `${t.skipped.length} skipped` : '',
    t.away.length > 0 ? `${t.away.length} away` : '',
    t.noAnswer.length > 0 ? `${t.noAnswer.length} did not answer` : '',
    t.stillOpen.length + t.notAskedYet.length > 0
      ? `${t.stillOpen.length + t.notAskedYet.length} later`
      : '',
    report.openBlockers.length > 0 ? `${report.openBlockers.length} open blocker(s)` : '',
  ].filter(Boolean);
  return `${parts.join(' · ')} · report in the thread`;
}

/**
 * The report: who answered, skipped, was away or did not answer, the open blockers (carried
 * over until resolved) and each member's last four weeks. A summary adds every answer, over
 * as many messages as Slack's 50 blocks a message need (the first top-level, the rest in its
 * thread).
 */
export function reportMessages(report: DayReport): Message[] {
  const { standup, tally } = report;
  const lines = [
    `*Report: ${escapeMrkdwn(standup.name)} · ${dayLabel(report.date)}*`,
    `*Answered (${tally.answered.length}):* ${tally.answered.length > 0 ? names(report, tally.answered) : 'nobody'}`,
  ];
  if (tally.answeredLate.length > 0)
    lines.push(
      `*Answered late (${tally.answeredLate.length}):* ${names(report, tally.answeredLate)}`,
    );
  if (tally.skipped.length > 0)
    lines.push(`*Skipped (${tally.skipped.length}):* ${names(report, tally.skipped)}`);
  if (tally.away.length > 0)
    lines.push(`*Away (${tally.away.length}):* ${names(report, tally.away)}`);
  if (tally.noAnswer.length > 0)
    lines.push(`*Did not answer (${tally.noAnswer.length}):* ${names(report, tally.noAnswer)}`);
  if (tally.stillOpen.length > 0)
    lines.push(
      `*Asked after the report (${tally.stillOpen.length}):* ${names(report, tally.stillOpen)}; their answers join the thread`,
    );
  if (tally.notAskedYet.length > 0)
    lines.push(
      `*Not asked yet (${tally.notAskedYet.length}):* ${names(report, tally.notAskedYet)}`,
    );
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (report.openBlockers.length > 0) {
    const items = report.openBlockers.slice(0, 20).map((b) => {
      const from = escapeMrkdwn(report.names.get(b.fromId) ?? b.fromId);
      const owner = escapeMrkdwn(report.names.get(b.ownerId) ?? b.ownerId);
      const since = b.since === report.date ? 'today' : `since ${dayLabel(b.since)}`;
      return `• ${escapeMrkdwn(truncate(b.text.replace(/\s+/g, ' '), 200))} _(${from}; with ${owner}, ${since})_`;
    });
    const more =
      report.openBlockers.length > 20 ? `\n…and ${report.openBlockers.length - 20} more` : '';
    blocks.push(
      section(
        `:construction: *Open blockers (${report.openBlockers.length})*\n${items.join('\n')}${more}`,
      ),
    );
  }
  if (report.participation.length > 0) {
    const rows = [...report.participation]
      .sort((a, b) =>
        (report.names.get(a.memberId) ?? '').localeCompare(report.names.get(b.memberId) ?? ''),
      )
      .map(
        (p) =>
          `${escapeMrkdwn(report.names.get(p.memberId) ?? p.memberId)} ${p.answered}/${p.asked}`,
      );
    blocks.push(context(truncate(`Last 4 weeks, answered of asked: ${rows.join(' · ')}`, 2900)));
  }
  const first: Message = {
    text: `Report: ${userText(standup.name, 150)} · ${dayLabel(report.date)}`,
    blocks,
  };
  if (report.answers.length === 0) return [first];
  const messages: Message[] = [first];
  for (const answer of report.answers) {
    const answerBlocks = answerMessage(standup, answer).blocks;
    const last = messages[messages.length - 1] as Message;
    if (last.blocks.length + answerBlocks.length + 1 > 48) {
      messages.push({
        text: `${userText(standup.name, 150)} · ${dayLabel(report.date)} (more answers)`,
        blocks: [],
      });
    }
    const target = messages[messages.length - 1] as Message;
    target.blocks.push({ type: 'divider' }, ...answerBlocks);
  }
  return messages;
}
