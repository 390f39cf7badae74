import type { KnownBlock, ModalView } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { describeDays } from '../../../../core/domain/hours-text.js';
import { wallTimeToInstant } from '../../../../core/domain/local-time.js';
import { formatClock } from '../../../../core/domain/time-text.js';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
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
import type { AnswerForm } from '../../services/answers.js';
import type { AnswerPost, DayReport, PromptOutcome } from '../../services/ports.js';
import type { Standup, StandupEntry } from '../../store/standup-repository.js';

export const STANDUP_ACTIONS = {
  answer: 'standup_answer',
  skip: 'standup_skip',
  away: 'standup_away',
  resolve: 'standup_blocker_resolved',
  notMe: 'standup_blocker_not_me',
  edit: 'standup_edit',
  pause: 'standup_pause',
  resume: 'standup_resume',
  delete: 'standup_delete',
  create: 'standup_new',
} as const;

export const STANDUP_VIEWS = {
  answer: 'standup_answer_modal',
  pass: 'standup_blocker_pass',
} as const;

export const ANSWER_FORM = {
  question: (i: number) => `standup_q${i}`,
  questionAction: 'value',
  blocker: 'standup_blocker',
  blockerAction: 'value',
  blockerOwner: 'standup_blocker_owner',
  blockerOwnerAction: 'value',
} as const;

export const PASS_FORM = { block: 'standup_pass_to', action: 'value' } as const;

/** A prompt's buttons carry `<standup id>:<date>`; the listeners check it is the clicker's. */
export const promptValue = (standupId: number, date: string) => `${standupId}:${date}`;

const plain = (text: string, max = 150) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});

/** 'Tue 10 Mar' for '2026-03-10'. */
export function dayLabel(date: string): string {
  const d = parseDateKey(date);
  if (!d) return date;
  return formatInTimeZone(Date.UTC(d.year, d.month - 1, d.day, 12), 'UTC', 'EEE d MMM');
}

/** 'New York' for America/New_York. */
function placeOf(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

const nameOf = (standup: Pick<Standup, 'name'>) => `*${escapeMrkdwn(standup.name)}*`;

// ---------------------------------------------------------------- DMs

/** The prompt (or its reminder) in the member's DM. */
export function promptMessage(input: {
  standup: Standup;
  date: string;
  memberZone: string;
  reminder: boolean;
  /** When answering (and editing) closes: the member's next prompt. */
  closesAt: number | null;
}): Message {
  const { standup, date } = input;
  const lead = input.reminder
    ? `A reminder: ${nameOf(standup)} in <#${standup.channelId}> is waiting for your answer (for ${dayLabel(date)}).`
    : `Time for ${nameOf(standup)} in <#${standup.channelId}> (for ${dayLabel(date)}).`;
  const where =
    standup.destination === 'thread'
      ? 'Your answer goes to the day’s thread'
      : 'Your answer goes into the day’s summary';
  const until =
    input.closesAt === null
      ? ''
      : `; you can answer or edit it until your next prompt, ${formatInTimeZone(input.closesAt, input.memberZone, 'EEE d MMM HH:mm')} your time`;
  const value = promptValue(standup.id, date);
  return {
    text: input.reminder
      ? `A reminder: ${standup.name} is waiting for your answer.`
      : `Time for ${standup.name}.`,
    blocks: [
      section(lead),
      {
        type: 'actions',
        block_id: `standup_prompt:${value}`,
        elements: [
          button('Answer', STANDUP_ACTIONS.answer, value, 'primary'),
          button('Skip today', STANDUP_ACTIONS.skip, value),
          {
            type: 'datepicker',
            action_id: STANDUP_ACTIONS.away,
            placeholder: plain('I’m away until…'),
          },
        ],
      },
      context(`${where}${until}. Away? Pick the day you are back: you are not asked meanwhile.`),
    ],
  };
}

/** A prompt's DM once it needs nothing more. */
export function settledPromptMessage(outcome: PromptOutcome): Message {
  const { standup, entry } = outcome;
  const what = `${nameOf(standup)} in <#${standup.channelId}> for ${dayLabel(entry.date)}`;
  const value = promptValue(standup.id, entry.date);
  switch (outcome.kind) {
    case 'answered': {
      const buttons = [{ text: 'Edit answer', actionId: STANDUP_ACTIONS.answer, value }];
      if (outcome.nextDate) {
        buttons.push({
          text: `Answer ${dayLabel(outcome.nextDate)} now`,
          actionId: STANDUP_ACTIONS.answer,
          value: promptValue(standup.id, outcome.nextDate),
        });
      }
      return {
        text: `Answered: ${userText(standup.name, 150)}`,
        blocks: [
          section(`:white_check_mark: You answered ${what}. Thank you!`),
          actions(`standup_answered:${value}`, buttons),
        ],
      };
    }
    case 'skipped':
      return {
        text: `Skipped: ${userText(standup.name, 150)}`,
        blocks: [section(`You skipped ${what}.`)],
      };
    case 'away':
      return {
        text: `Away: ${userText(standup.name, 150)}`,
        blocks: [
          section(
            `You are away until ${dayLabel(outcome.backOn)}: not asked ${what}, nor until you are back. \`/mailroom back\` ends it sooner.`,
          ),
        ],
      };
    case 'closed':
      return {
        text: `Closed: ${userText(standup.name, 150)}`,
        blocks: [
          section(
            entry.status === 'answered'
              ? `:white_check_mark: You answered ${what}. That day has closed: your next prompt came.`
              : `${what} has closed: your next prompt came with no answer for it.`,
          ),
        ],
      };
  }
}

/** A blocker in the queue of the person who can unblock it. */
export function blockerMessage(input: {
  blockerId: number;
  text: string;
  fromUserId: string;
  standup: Standup | undefined;
}): Message {
  const from = `<@${input.fromUserId}>`;
  const where = input.standup
    ? ` (from ${nameOf(input.standup)} in <#${input.standup.channelId}>)`
    : '';
  const value = String(input.blockerId);
  return {
    text: `${from} is blocked: ${userText(input.text, 200)}`,
    blocks: [
      section(`${from} is blocked and thinks you can unblock it${where}:\n${quote(input.text)}`),
      actions(`standup_blocker:${value}`, [
        { text: 'Resolved', actionId: STANDUP_ACTIONS.resolve, value, style: 'primary' },
        { text: 'Not me', actionId: STANDUP_ACTIONS.notMe, value },
      ]),
      context('It stays in the standup’s report until it is resolved.'),
    ],
  };
}

export function blockerSettledMessage(text: string, note: string): Message {
  return { text: note, blocks: [section(`${quote(text, 1500)}\n${note}`)] };
}

// ---------------------------------------------------------------- the channel

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

// ---------------------------------------------------------------- ephemeral replies

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

// ---------------------------------------------------------------- modals

/** The answer form: the standup's questions, yesterday's plan as a start, and the blocker. */
export function answerModal(form: AnswerForm): ModalView {
  const { standup, entry } = form;
  const notes = [`${nameOf(standup)} in <#${standup.channelId}> · ${dayLabel(form.date)}`];
  if (form.instead)
    notes.push(
      `Your answer for ${dayLabel(form.date)} is still open: this is that day’s. Answer or skip it, then ${dayLabel(form.instead)}’s.`,
    );
  if (form.early) notes.push('Answered ahead: it is posted when you would have been asked.');
  const blocks: KnownBlock[] = [context(notes.join('\n'))];
  if (form.previousPlan && !entry?.answers) {
    blocks.push(
      context(
        `On ${dayLabel(form.previousPlan.date)} you planned:\n${quote(form.previousPlan.text, 1500)}`,
      ),
    );
  }
  standup.questions.forEach((question, i) => {
    const current = entry?.answers?.[i];
    const start = current ?? (i === 0 && form.previousPlan ? form.previousPlan.text : '');
    blocks.push({
      type: 'input',
      block_id: ANSWER_FORM.question(i),
      optional: true,
      label: plain(question, 2000),
      element: {
        type: 'plain_text_input',
        action_id: ANSWER_FORM.questionAction,
        multiline: true,
        max_length: 3000,
        ...(start ? { initial_value: truncate(start, 3000) } : {}),
      },
    });
  });
  if (standup.asksBlockers) {
    blocks.push(
      {
        type: 'input',
        block_id: ANSWER_FORM.blocker,
        optional: true,
        label: plain(BLOCKER_QUESTION),
        element: {
          type: 'plain_text_input',
          action_id: ANSWER_FORM.blockerAction,
          multiline: true,
          max_length: 3000,
          ...(entry?.blockerText ? { initial_value: entry.blockerText } : {}),
        },
      },
      {
        type: 'input',
        block_id: ANSWER_FORM.blockerOwner,
        optional: true,
        label: plain('Who can unblock this?'),
        hint: plain(
          'They get it in their queue, in their working hours. Nobody picked: the standup’s owner.',
        ),
        element: {
          type: 'users_select',
          action_id: ANSWER_FORM.blockerOwnerAction,
          ...(entry?.blockerOwnerId ? { initial_user: entry.blockerOwnerId } : {}),
        },
      },
    );
  }
  return {
    type: 'modal',
    callback_id: STANDUP_VIEWS.answer,
    private_metadata: JSON.stringify({ standupId: standup.id, date: form.date }),
    title: plain(truncate(standup.name, 24), 24),
    submit: plain(entry?.status === 'answered' ? 'Save' : 'Send', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export function answerSentModal(standup: Standup, early: boolean): ModalView {
  const text = early
    ? `Thanks! Your answer is saved, and goes to <#${standup.channelId}> when you would have been asked.`
    : `Thanks! Your answer is in <#${standup.channelId}>${standup.destination === 'summary' ? '’s summary at the report' : ''}. You can edit it until your next prompt.`;
  return {
    type: 'modal',
    title: plain('Standup', 24),
    close: plain('Done', 24),
    blocks: [section(text)],
  };
}

/** "Not me": who could unblock it instead. */
export function passBlockerModal(blockerId: number): ModalView {
  return {
    type: 'modal',
    callback_id: STANDUP_VIEWS.pass,
    private_metadata: JSON.stringify({ blockerId }),
    title: plain('Not me', 24),
    submit: plain('Pass it on', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'input',
        block_id: PASS_FORM.block,
        optional: true,
        label: plain('Who could unblock it?'),
        hint: plain('Nobody picked: the standup’s owner.'),
        element: { type: 'users_select', action_id: PASS_FORM.action },
      },
    ],
  };
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: plain(text, 75),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}
