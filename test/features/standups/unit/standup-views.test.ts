import { describe, expect, it } from 'vitest';
import { participationOf, tallyDay } from '../../../../src/features/standups/domain/standup.js';
import type { AnswerPost, DayReport } from '../../../../src/features/standups/services/ports.js';
import { answerModal } from '../../../../src/features/standups/slack/views/answer-modals.js';
import {
  answerMessage,
  dayMessage,
  reportMessages,
} from '../../../../src/features/standups/slack/views/channel-posts.js';
import {
  historyMessage,
  standupList,
} from '../../../../src/features/standups/slack/views/command-replies.js';
import {
  dayLabel,
  promptMessage,
  settledPromptMessage,
} from '../../../../src/features/standups/slack/views/messages.js';
import {
  defaultSetup,
  SETUP,
  setupModal,
} from '../../../../src/features/standups/slack/views/setup-modal.js';
import type {
  Standup,
  StandupEntry,
} from '../../../../src/features/standups/store/standup-repository.js';
import { findButton, textOf } from '../../../support/blocks.js';

const standup: Standup = {
  id: 7,
  channelId: 'C0TEAM',
  ownerId: 'U0OWNER',
  name: 'Daily <standup> & co',
  questions: ['What did you do?', 'What will you do?'],
  asksBlockers: true,
  days: [1, 2, 3, 4, 5],
  promptMode: 'member_zone',
  promptMinute: 570,
  teamZone: 'America/New_York',
  reportMinute: 1020,
  memberMode: 'channel',
  destination: 'thread',
  reminderAfterMinutes: 120,
  daysOff: [],
  everyOtherWeekFrom: null,
  state: 'active',
  pausedReason: null,
  nextReportAt: null,
  nextReportDate: null,
  createdAt: 0,
  updatedAt: 0,
};

function entry(patch: Partial<StandupEntry> = {}): StandupEntry {
  return {
    id: 1,
    standupId: 7,
    memberId: 'U0AIKO',
    date: '2026-03-10',
    status: 'answered',
    promptAt: Date.parse('2026-03-10T00:30:00Z'),
    closesAt: Date.parse('2026-03-10T21:00:00Z'),
    remindAt: null,
    promptItemId: null,
    answers: ['Shipped <!channel> & more', 'Review'],
    blockerText: null,
    blockerOwnerId: null,
    answeredAt: Date.parse('2026-03-10T00:34:00Z'),
    answeredZone: 'Asia/Tokyo',
    postedTs: null,
    postDueAt: null,
    closedAt: null,
    createdAt: 0,
    updatedAt: 0,
    ...patch,
  };
}

const allBlocks = (blocks: unknown[]) => blocks.length;

describe('standup views', () => {
  it('the setup form has every input, within Slack’s limits, with the defaults', () => {
    const view = setupModal(
      { channelId: 'C0TEAM', standupId: null },
      defaultSetup('Europe/Berlin'),
      'team',
    );
    const ids = (view.blocks as { block_id?: string }[]).map((b) => b.block_id).filter(Boolean);
    for (const field of Object.values(SETUP)) {
      if (typeof field === 'object') expect(ids).toContain(field.block);
    }
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      channelId: 'C0TEAM',
      standupId: null,
    });
    const text = JSON.stringify(view);
    expect(text).toContain('"initial_time":"09:30"');
    expect(text).toContain('"initial_value":"Europe/Berlin"');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    // An edit shows the days off back, a run of days with one label on one line.
    const edit = JSON.stringify(
      setupModal(
        { channelId: 'C0TEAM', standupId: 7 },
        {
          config: {
            ...standup,
            daysOff: [
              { date: '2026-06-01', label: 'Offsite' },
              { date: '2026-06-02', label: 'Offsite' },
              { date: '2026-12-25', label: 'Christmas' },
            ],
            everyOtherWeekFrom: '2026-03-02',
          },
          memberIds: [],
        },
        'team',
      ),
    );
    expect(edit).toContain(
      '"initial_value":"2026-06-01 to 2026-06-02 Offsite\\n2026-12-25 Christmas"',
    );
    expect(edit).toContain('"initial_date":"2026-03-02"');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('the prompt carries the standup and date in its buttons, and when answering closes in the member’s zone', () => {
    const message = promptMessage({
      standup,
      date: '2026-03-10',
      memberZone: 'Asia/Tokyo',
      reminder: false,
      closesAt: Date.parse('2026-03-11T00:30:00Z'),
    });
    expect(findButton(message.blocks, 'standup_answer').value).toBe('7:2026-03-10');
    expect(findButton(message.blocks, 'standup_skip').value).toBe('7:2026-03-10');
    const text = textOf(message.blocks);
    expect(text).toContain(
      'Time for *Daily &lt;standup&gt; &amp; co* in <#C0TEAM> (for Tue 10 Mar)',
    );
    // Not "until the report": the window is open until the next prompt.
    expect(text).toContain('until your next prompt, Wed 11 Mar 09:30 your time');
    expect(text).not.toContain('report at');
    expect(JSON.stringify(message.blocks)).toContain('"action_id":"standup_away"');
  });

  it('an answer shows the member’s name and local time, escapes what they wrote, and pings nobody', () => {
    const post: AnswerPost = {
      entry: entry({ blockerText: 'Need <@U0BOSS> to approve', blockerOwnerId: 'U0KENJI' }),
      name: 'Aiko <admin>',
      answers: [
        { question: 'What did you do?', text: 'Shipped <!channel> & more' },
        { question: 'What will you do?', text: 'Review' },
      ],
      blocker: { text: 'Need <@U0BOSS> to approve', ownerName: 'kenji' },
      timing: 'on_time',
    };
    const message = answerMessage(standup, post);
    const text = textOf(message.blocks);
    expect(text).toContain('*Aiko &lt;admin&gt;* · 09:34 Tue in Tokyo');
    expect(text).toContain('Shipped &lt;!channel&gt; &amp; more');
    expect(text).toContain('Need &lt;@U0BOSS&gt; to approve');
    expect(text).not.toMatch(/<[@!]/);
  });

  it('an answer written ahead shows the day it is for; a late one says so', () => {
    const post = (timing: AnswerPost['timing'], patch: Partial<StandupEntry>) =>
      textOf(
        answerMessage(standup, {
          entry: entry(patch),
          name: 'ben',
          answers: [{ question: 'What did you do?', text: 'x' }],
          blocker: null,
          timing,
        }).blocks,
      );
    // Written at 14:30 on Friday 13 March in London, for Monday 16 March.
    const ahead = post('ahead', {
      date: '2026-03-16',
      answeredAt: Date.parse('2026-03-13T14:30:00Z'),
      answeredZone: 'Europe/London',
    });
    expect(ahead).toContain('*ben* · for Mon 16 Mar, written ahead in London');
    expect(ahead).not.toContain('14:30');
    expect(post('late', {})).toContain('· _late_');
  });

  it('the day’s message shows the report time on each reader’s clock, with the team zone as fallback', () => {
    const text = textOf(dayMessage(standup, '2026-03-10').blocks);
    // 17:00 in New York on Tuesday 10 March (daylight time) is 21:00 UTC.
    const report = Date.parse('2026-03-10T21:00:00Z') / 1000;
    expect(text).toContain(`Report at <!date^${report}^{time}|17:00 America/New_York>.`);
    const teamZone = textOf(
      dayMessage({ ...standup, promptMode: 'team_zone' }, '2026-03-10').blocks,
    );
    const asked = Date.parse('2026-03-10T13:30:00Z') / 1000;
    expect(teamZone).toContain(`each asked <!date^${asked}^{time}|09:30 America/New_York>`);
  });

  it('a long answer is split across sections within Slack’s 3,000 characters', () => {
    const long = 'x'.repeat(7000);
    const message = answerMessage(standup, {
      entry: entry(),
      name: 'aiko',
      answers: [{ question: 'What did you do?', text: long }],
      blocker: null,
      timing: 'after_report',
    });
    for (const block of message.blocks as { text?: { text: string } }[]) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    expect(textOf(message.blocks).replace(/[^x]/g, '').length).toBe(7000);
    expect(textOf(message.blocks)).toContain('_after the report_');
  });

  it('a summary with many answers spreads over messages of at most 50 blocks', () => {
    const answers: AnswerPost[] = Array.from({ length: 40 }, (_, i) => ({
      entry: entry({ id: i + 1, memberId: `U${i}` }),
      name: `member${i}`,
      answers: [
        { question: 'What did you do?', text: `Thing ${i}` },
        { question: 'What will you do?', text: `Next ${i}` },
      ],
      blocker: null,
      timing: 'on_time' as const,
    }));
    const report: DayReport = {
      standup: { ...standup, destination: 'summary' },
      date: '2026-03-10',
      names: new Map(answers.map((a) => [a.entry.memberId, a.name])),
      tally: tallyDay(
        answers.map((a) => ({
          memberId: a.entry.memberId,
          status: 'answered',
          promptAt: 0,
          answeredAt: 0,
        })),
        1,
        [],
      ),
      openBlockers: [],
      participation: participationOf(
        answers.map((a) => ({ memberId: a.entry.memberId, status: 'answered' as const })),
      ),
      answers,
    };
    const messages = reportMessages(report);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(allBlocks(message.blocks)).toBeLessThanOrEqual(50);
    const text = messages.map((m) => textOf(m.blocks)).join('\n');
    for (let i = 0; i < 40; i++) expect(text).toContain(`Thing ${i}`);
    expect(text).toContain('*Answered (40):*');
  });

  it('a settled prompt says what happened and keeps only what still makes sense', () => {
    const answered = settledPromptMessage({
      kind: 'answered',
      standup,
      entry: entry(),
      nextDate: '2026-03-11',
    });
    expect(textOf(answered.blocks)).toContain('You answered');
    expect(findButton(answered.blocks, 'standup_answer').value).toBe('7:2026-03-10');
    expect(JSON.stringify(answered.blocks)).toContain('"value":"7:2026-03-11"');
    // The day ahead is named by its date: on a Friday-only standup "Fri’s" would mean next week.
    expect(textOf(answered.blocks)).toContain('Answer Wed 11 Mar now');
    for (const status of ['answered', 'prompted'] as const) {
      const closed = settledPromptMessage({ kind: 'closed', standup, entry: entry({ status }) });
      expect(() => findButton(closed.blocks, 'standup_answer')).toThrow();
    }
    const skipped = settledPromptMessage({ kind: 'skipped', standup, entry: entry() });
    expect(() => findButton(skipped.blocks, 'standup_answer')).toThrow();
  });

  it('the list shows the next report on each reader’s clock, the cadence and the days off', () => {
    const report = Date.parse('2026-03-10T21:00:00Z');
    const text = textOf(
      standupList('C0TEAM', [
        {
          standup: {
            ...standup,
            nextReportAt: report,
            everyOtherWeekFrom: '2026-03-02',
            daysOff: [{ date: '2026-12-25', label: 'Christmas' }],
          },
          members: 3,
          mayRun: false,
        },
      ]).blocks,
    );
    expect(text).toContain(
      `report <!date^${report / 1000}^{time}|17:00 America/New_York> · every other week from Mon 2 Mar · 1 day off`,
    );
  });

  it('the list offers running a standup only to those who may', () => {
    const mine = standupList('C0TEAM', [{ standup, members: 3, mayRun: true }]);
    findButton(mine.blocks, 'standup_pause');
    findButton(mine.blocks, 'standup_delete');
    const theirs = standupList('C0TEAM', [{ standup, members: 3, mayRun: false }]);
    expect(() => findButton(theirs.blocks, 'standup_pause')).toThrow();
    findButton(theirs.blocks, 'standup_new');
  });

  it('the answer form offers last time’s plan as the start of the first answer', () => {
    const view = answerModal({
      standup,
      date: '2026-03-10',
      entry: undefined,
      previousPlan: { date: '2026-03-09', text: 'Review the PR' },
      early: false,
      instead: null,
    });
    const text = JSON.stringify(view);
    expect(text).toContain('On Mon 9 Mar you planned');
    expect(text).toContain('"initial_value":"Review the PR"');
    expect(text).toContain('"type":"users_select"');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ standupId: 7, date: '2026-03-10' });
  });

  it('history lists answers by standup and day, escaped', () => {
    const message = historyMessage('U0AIKO', [{ standup, entry: entry() }]);
    expect(textOf(message.blocks)).toContain('Tue 10 Mar');
    expect(textOf(message.blocks)).toContain('Shipped &lt;!channel&gt; &amp; more');
    expect(dayLabel('2026-03-10')).toBe('Tue 10 Mar');
  });
});
