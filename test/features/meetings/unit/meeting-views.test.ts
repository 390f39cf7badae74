import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Meeting, Vote } from '../../../../src/features/meetings/domain/meetings.js';
import { tallyVotes } from '../../../../src/features/meetings/domain/meetings.js';
import type { MeetingView } from '../../../../src/features/meetings/services/view.js';
import {
  parseMeetCommand,
  parseMeetRequest,
} from '../../../../src/features/meetings/slack/meet-text.js';
import {
  calendarLinks,
  confirmedChannelPost,
  confirmedMessage,
} from '../../../../src/features/meetings/slack/views/confirmed.js';
import { slotForEveryone } from '../../../../src/features/meetings/slack/views/format.js';
import { proposedMeetingsBlocks } from '../../../../src/features/meetings/slack/views/home-section.js';
import {
  agendaModal,
  meetFormModal,
  previewModal,
} from '../../../../src/features/meetings/slack/views/modals.js';
import { meetingCard } from '../../../../src/features/meetings/slack/views/proposal.js';
import {
  homeVoteButtons,
  pollMessage,
  resultMessage,
  voteMessage,
} from '../../../../src/features/meetings/slack/views/votes.js';
import { textOf } from '../../../support/blocks.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-09T12:00:00Z');
const SLOT0 = Date.parse('2026-03-16T09:00:00Z');

function meeting(patch: Partial<Meeting> = {}): Meeting {
  return {
    id: 7,
    requesterId: 'UADA',
    teamId: 'T1',
    topic: 'Q2 budget <!channel> & review',
    agenda: 'Go through the lines',
    outcome: 'An approved budget',
    kind: 'transactional',
    suggestedKind: 'transactional',
    kindReasons: ['it is about work: “budget”, “review”'],
    state: 'voting',
    durationMinutes: 30,
    durationChosen: true,
    windowStart: Date.parse('2026-03-16T00:00:00Z'),
    windowEnd: Date.parse('2026-03-23T00:00:00Z'),
    participantIds: ['UADA', 'UPRIYA', 'UKENJI', 'ULENA'],
    channelId: null,
    originChannelId: 'C1',
    groupKey: 'people:UADA,UKENJI,ULENA,UPRIYA',
    pollChannelId: null,
    pollTs: null,
    slots: [0, 1, 2].map((day) => ({
      start: SLOT0 + day * 24 * HOUR,
      end: SLOT0 + day * 24 * HOUR + 30 * 60_000,
      outside: [{ id: 'UKENJI', outsideMinutes: 30, stretchMinutes: 60 }],
    })),
    sharedMinutes: 0,
    closesAt: Date.parse('2026-03-11T12:00:00Z'),
    expiresAt: SLOT0 + 48 * HOUR,
    confirmedSlot: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...patch,
  };
}

function view(patch: Partial<Meeting> = {}, votes: Vote[] = [], now = NOW): MeetingView {
  const m = meeting(patch);
  const people = [
    { id: 'UADA', name: 'Ada', timeZone: 'Europe/London', usesDefaultTimeZone: false },
    { id: 'UPRIYA', name: 'Priya', timeZone: 'Asia/Kolkata', usesDefaultTimeZone: false },
    { id: 'UKENJI', name: 'Kenji <3', timeZone: 'Asia/Tokyo', usesDefaultTimeZone: false },
    { id: 'ULENA', name: 'Lena', timeZone: 'Europe/London', usesDefaultTimeZone: false },
  ].filter((p) => m.participantIds.includes(p.id));
  return {
    meeting: m,
    now,
    requester: people[0] ?? {
      id: 'UADA',
      name: 'Ada',
      timeZone: 'UTC',
      usesDefaultTimeZone: false,
    },
    people,
    needsAgenda: m.kind === 'transactional' && (!m.agenda || !m.outcome),
    offers: [{ route: 'thread', why: 'the four of you never work at the same time' }],
    ledger: [],
    votes,
    tally: tallyVotes(m, votes, now),
    away: [],
  };
}

type ActionsBlock = Extract<KnownBlock, { type: 'actions' }>;
const actionBlocks = (blocks: unknown[]) =>
  (blocks as KnownBlock[]).filter((b): b is ActionsBlock => b.type === 'actions');
const buttonsOf = (blocks: unknown[]) =>
  actionBlocks(blocks).flatMap((b) =>
    b.elements.map((e) => ({
      actionId: 'action_id' in e ? e.action_id : undefined,
      value: 'value' in e ? e.value : undefined,
      text: 'text' in e && e.text && typeof e.text === 'object' ? e.text.text : '',
    })),
  );

describe('a slot in everyone’s time', () => {
  it('puts the viewer first, groups people who share a local time, and says who is outside and by how much', () => {
    const line = slotForEveryone(view(), meeting().slots[0] as Meeting['slots'][number], 'UPRIYA');
    expect(line).toBe(
      '*Mon 16 Mar 14:30–15:00* for you · Mon 09:00 for Ada and Lena · Mon 18:00 for Kenji &lt;3 (outside their hours by 1 h)',
    );
  });
});

describe('the vote DM', () => {
  it('has works / could do / can’t per slot ahead, with the voter’s current vote marked', () => {
    const votes: Vote[] = [{ voterId: 'UPRIYA', slotIndex: 1, choice: 'could', votedAt: NOW }];
    const message = voteMessage(view({}, votes, SLOT0 + HOUR), 'UPRIYA');
    const buttons = buttonsOf(message.blocks);
    // The first slot has passed: only two are left to vote on.
    expect(buttons.map((b) => b.actionId)).toEqual([
      'meet_vote_1_works',
      'meet_vote_1_could',
      'meet_vote_1_cannot',
      'meet_vote_2_works',
      'meet_vote_2_could',
      'meet_vote_2_cannot',
    ]);
    expect(buttons[1]).toMatchObject({ value: '7:1:could', text: '✓ Could do' });
    const text = textOf(message.blocks);
    expect(text).toContain('*Q2 budget &lt;!channel&gt; &amp; review*');
    expect(text).toContain('with Ada, Kenji &lt;3 and Lena');
    expect(text).toContain('The vote closes Wed 11 Mar 17:30 your time');
  });

  it('says the vote is closed once it is, without buttons', () => {
    const message = voteMessage(view({ state: 'closed' }), 'UPRIYA');
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(textOf(message.blocks)).toContain('The vote has closed.');
  });

  it('gives the Home tab every vote in one block, with ids unique in it and labels Slack accepts', () => {
    const buttons = homeVoteButtons(view(), 'UKENJI');
    expect(buttons).toHaveLength(9);
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(9);
    expect(buttons[0]?.text).toBe('Mon 18:00: Works');
    expect(buttons.every((b) => b.text.length <= 75)).toBe(true);
  });
});

describe('the result and the poll', () => {
  const votes: Vote[] = [
    { voterId: 'UPRIYA', slotIndex: 0, choice: 'cannot', votedAt: NOW },
    { voterId: 'UKENJI', slotIndex: 2, choice: 'works', votedAt: NOW },
    { voterId: 'ULENA', slotIndex: 2, choice: 'works', votedAt: NOW },
  ];

  it('lists the slots best first, each with Confirm, and Call it off', () => {
    const message = resultMessage(view({ state: 'closed' }, votes));
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => [b.actionId, b.value])).toEqual([
      ['meet_confirm_2', '7:2'],
      ['meet_confirm_1', '7:1'],
      ['meet_confirm_0', '7:0'],
      ['meet_cancel', '7'],
    ]);
    expect(textOf(message.blocks)).toContain('*can’t: Priya*');
  });

  it('shows a channel poll in each reader’s own time', () => {
    const message = pollMessage(view({ pollChannelId: 'CALL', pollTs: '1.2' }, votes));
    const text = textOf(message.blocks);
    expect(text).toContain('<!date^1773651600^{date_short_pretty} {time}|Mon 16 Mar 09:00 UTC>');
    expect(text).toContain('3 of 3 voted. Vote with the buttons');
    expect(new Set(actionBlocks(message.blocks).map((b) => b.block_id)).size).toBe(3);
  });
});

describe('the confirmed meeting', () => {
  it('gives each person their own time and add-to-calendar links', () => {
    const confirmed = view({ state: 'confirmed', confirmedSlot: 1 });
    const text = textOf(confirmedMessage(confirmed, 'UKENJI').blocks);
    expect(text).toContain('*Tue 17 Mar 18:00–18:30* for you (outside your hours by 1 h)');
    const links = calendarLinks(confirmed.meeting, confirmed.meeting.slots[1] as never);
    const google = new URL(links.google);
    expect(google.searchParams.get('dates')).toBe('20260317T090000Z/20260317T093000Z');
    expect(google.searchParams.get('text')).toBe('Q2 budget <!channel> & review');
    const outlook = new URL(links.outlook);
    expect(outlook.searchParams.get('startdt')).toBe('2026-03-17T09:00:00Z');
    expect(outlook.searchParams.get('enddt')).toBe('2026-03-17T09:30:00Z');
    expect(text).toContain(`<${links.google}|Google Calendar>`);
    expect(textOf(confirmedChannelPost(confirmed).blocks)).toContain('<!date^1773738000^');
  });

  it('never lets a topic mention a channel, in the blocks or in the notification text', () => {
    const confirmed = view({ state: 'confirmed', confirmedSlot: 1 });
    for (const message of [
      confirmedChannelPost(confirmed),
      confirmedMessage(confirmed, 'UPRIYA'),
      pollMessage(view({ pollChannelId: 'CALL', pollTs: '1.2' })),
      voteMessage(view(), 'UPRIYA'),
      resultMessage(view({ state: 'closed' })),
      meetingCard(view({ state: 'draft' })),
    ]) {
      expect(JSON.stringify(message)).not.toContain('<!channel>');
      expect(message.text).toContain('&lt;!channel&gt;');
    }
  });
});

describe('the draft', () => {
  it('asks a transactional meeting for its agenda before it can be sent', () => {
    const card = meetingCard(view({ state: 'draft', agenda: null, outcome: null, slots: [] }));
    const ids = buttonsOf(card.blocks).map((b) => b.actionId);
    expect(ids).toEqual([
      'meet_add_agenda',
      'meet_write_instead',
      'meet_switch_kind',
      'meet_cancel',
    ]);
    expect(textOf(card.blocks)).toContain('*Maybe it need not be a meeting.*');
  });

  it('offers a social meeting for votes at once, and the switch back', () => {
    const card = meetingCard(view({ state: 'draft', kind: 'social' }));
    expect(buttonsOf(card.blocks).map((b) => [b.actionId, b.value])).toEqual([
      ['meet_send', '7'],
      ['meet_switch_kind', '7:transactional'],
      ['meet_cancel', '7'],
    ]);
    expect(textOf(card.blocks)).toContain(
      'You made this *social*; Mailroom had read it as transactional',
    );
  });

  it('shows the one day it read, in the requester’s time, and who pays in each option', () => {
    const friday = Date.parse('2026-03-13T00:00:00Z');
    const card = meetingCard(
      view({
        state: 'draft',
        kind: 'social',
        windowStart: friday,
        windowEnd: friday + 24 * HOUR,
        slots: [
          { start: friday + 9 * HOUR, end: friday + 10 * HOUR, outside: [] },
          {
            start: friday + 16 * HOUR,
            end: friday + 17 * HOUR,
            outside: [{ id: 'UKENJI', outsideMinutes: 60, stretchMinutes: 120 }],
          },
        ],
      }),
    );
    const text = textOf(card.blocks);
    expect(text).toContain('30 min · on Fri 13 Mar, your time');
    expect(text).toContain('*Times that place the burden differently*, fairest first');
    expect(text).toContain('_Who pays: nobody, inside everyone’s hours_');
    expect(text).toContain('_Who pays: Kenji &lt;3 outside their hours by 2 h_');
  });

  it('says who is away, and until when', () => {
    const card = meetingCard({
      ...view({ state: 'draft', kind: 'social' }),
      away: [
        { id: 'ULENA', name: 'Lena', until: Date.parse('2026-03-18T00:00:00Z') },
        { id: 'UKENJI', name: 'Kenji', until: null },
      ],
    });
    expect(textOf(card.blocks)).toContain(
      ':palm_tree: Lena is away until Wed 18 Mar 00:00 your time, so no time before that is proposed; Kenji is away, with no end date in their Slack status.',
    );
  });

  it('keeps the modals within Slack’s limits, with the meeting id in their metadata', () => {
    for (const modal of [
      agendaModal(view({ state: 'draft', agenda: null })),
      previewModal(view({ state: 'draft' })),
      meetFormModal('C1'),
    ]) {
      expect(modal.blocks.length).toBeLessThanOrEqual(100);
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
    }
    expect(JSON.parse(agendaModal(view({ state: 'draft' })).private_metadata ?? '')).toEqual({
      meetingId: 7,
    });
    expect(previewModal(view({ state: 'draft', slots: [] })).submit).toBeUndefined();
  });

  it('lists the meetings someone proposed on their Home tab', () => {
    const blocks = proposedMeetingsBlocks(
      [{ meeting: meeting(), voted: 1, voters: 3 }],
      'Europe/London',
    );
    expect(textOf(blocks)).toContain(
      '*Q2 budget &lt;!channel&gt; &amp; review* (transactional)\n_voting: 1 of 3 voted, closes Wed 11 Mar 12:00_',
    );
  });
});

describe('/meet as typed', () => {
  it('reads people, a channel, a duration and a window', () => {
    expect(
      parseMeetRequest(
        'Falcon pricing decision with <@U0ADA|ada> <@U0KENJI|kenji> #nope <#C0TEAM|team> for 1h30 next week',
      ),
    ).toEqual({
      topic: 'Falcon pricing decision',
      personIds: ['U0ADA', 'U0KENJI'],
      channelIds: ['C0TEAM'],
      unresolved: [],
      durationMinutes: 90,
      window: { kind: 'next_week' },
      problems: [],
    });
  });

  it.each([
    ['for 30m', 30],
    ['for 45 minutes', 45],
    ['for 1.5 hours', 90],
    ['for an hour', 60],
    ['for half an hour', 30],
    ['for 2h', 120],
    ['for 0m', 0],
  ])('reads the duration “%s”', (text, minutes) => {
    expect(parseMeetRequest(`sync with <@U0A> ${text}`).durationMinutes).toBe(minutes);
  });

  it.each([
    ['this week', { kind: 'this_week' }],
    ['within 10 days', { kind: 'days', days: 10 }],
    [
      'on 2026-03-12',
      {
        kind: 'dates',
        from: { year: 2026, month: 3, day: 12 },
        to: { year: 2026, month: 3, day: 12 },
      },
    ],
    [
      'from 2026-03-10 to 2026-03-12',
      {
        kind: 'dates',
        from: { year: 2026, month: 3, day: 10 },
        to: { year: 2026, month: 3, day: 12 },
      },
    ],
  ])('reads the window “%s”', (text, window) => {
    expect(parseMeetRequest(`sync with <@U0A> ${text}`).window).toEqual(window);
  });

  it('keeps names Slack did not resolve, a date that does not exist, and the topic after the people', () => {
    const parsed = parseMeetRequest('with <@U0A|a> and @bbo about the roadmap on 2026-02-30');
    expect(parsed.topic).toBe('the roadmap');
    expect(parsed.unresolved).toEqual(['@bbo']);
    expect(parsed.problems).toEqual(['There is no 2026-02-30.']);
  });

  it('knows the form, help and the ledger', () => {
    expect(parseMeetCommand('  ')).toEqual({ action: 'form' });
    expect(parseMeetCommand('help')).toEqual({ action: 'help' });
    expect(parseMeetCommand('ledger <#C0TEAM|team>')).toEqual({
      action: 'ledger',
      channelIds: ['C0TEAM'],
      personIds: [],
    });
  });
});
