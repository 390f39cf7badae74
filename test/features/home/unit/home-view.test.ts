import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Member } from '../../../../src/core/domain/member.js';
import type { QueueItem } from '../../../../src/core/domain/queue.js';
import type { DescribeItem } from '../../../../src/core/slack/views/queue-item-message.js';
import { insightsBlocks } from '../../../../src/features/ask/slack/views/insights.js';
import {
  HOME_PAGE_SIZE,
  type Home,
  type HomeEntry,
} from '../../../../src/features/home/services/home.js';
import {
  HOME_ACTIONS,
  homeView,
  MAX_HOME_BLOCKS,
} from '../../../../src/features/home/slack/views/home-tab.js';
import type { Meeting } from '../../../../src/features/meetings/domain/meetings.js';
import { proposedMeetingsBlocks } from '../../../../src/features/meetings/slack/views/home-section.js';
import { findButton, textOf } from '../../../support/blocks.js';
import { memberOf as member } from '../../../support/store.js';

const NOW = Date.parse('2026-03-10T14:00:00Z'); // Tue 14:00 in London
const HOUR = 3600_000;

let nextId = 1;
function item(patch: Partial<QueueItem> = {}): QueueItem {
  const id = nextId++;
  return {
    id,
    kind: 'question',
    state: 'delivered',
    recipientId: 'UME',
    requesterId: 'UASKER',
    teamId: 'T1',
    channelId: 'C1',
    threadTs: null,
    payload: { questionId: id, text: `Question ${id}?`, reason: 'owns billing' },
    deliverAfter: NOW - 2 * HOUR,
    notBefore: null,
    dueBy: NOW + 2 * HOUR,
    escalationLevel: 0,
    idempotencyKey: `k${id}`,
    attempts: 1,
    lastError: null,
    deliveredChannel: 'D1',
    deliveredTs: '1.1',
    deliveredAt: NOW - 2 * HOUR,
    createdAt: NOW - 3 * HOUR,
    updatedAt: NOW - HOUR,
    ...patch,
  };
}

const me = member('UME');
const asker = member('UASKER', { displayName: 'Priya <3' });
const entry = (i: QueueItem, other: Member | undefined = asker): HomeEntry => ({
  item: i,
  overdue: i.dueBy !== null && i.dueBy <= NOW,
  other,
  seenFrom: i.state === 'queued' && i.deliverAfter > NOW ? i.deliverAfter : null,
});

function home(patch: Partial<Home> = {}): Home {
  return {
    now: NOW,
    overview: {
      member: me,
      name: 'Me',
      timeZone: 'Europe/London',
      usesDefaultTimeZone: false,
      hoursText: '09:00–17:00 Mon–Fri',
      workingNow: true,
      nextStartLocal: '14:00',
      openItems: [],
      away: undefined,
    },
    waiting: { entries: [], total: 0, overdue: 0, page: 0, pages: 1 },
    requested: { entries: [], total: 0, page: 0, pages: 1 },
    done: { entries: [], total: 0 },
    isAdmin: false,
    ...patch,
  };
}

const describe_: DescribeItem = (i) =>
  i.kind === 'question'
    ? {
        label: 'Question',
        summary: String(i.payload.text ?? ''),
        actions: [
          { text: 'Answer', actionId: 'question_answer', value: String(i.id), style: 'primary' },
          { text: 'Reassign', actionId: 'question_reassign', value: String(i.id) },
        ],
      }
    : { label: 'Note', summary: String(i.payload.text ?? '') };

describe('homeView', () => {
  it('says plainly when every list is empty, with the person’s hours and a Settings button', () => {
    const view = homeView(home(), describe_);
    const text = textOf(view.blocks);
    expect(text).toContain('*Waiting for you:* nothing. Your queue is empty.');
    expect(text).toContain('*You are waiting for:* nothing.');
    expect(text).not.toContain('Recently done');
    expect(text).toContain('*Working hours:* 09:00–17:00 Mon–Fri, Europe/London');
    expect(text).toContain('as they come, in your working hours');
    expect(text).toContain('0 waiting for you · you are waiting for 0 · 0 done this week');
    expect(findButton(view.blocks, HOME_ACTIONS.settings).value).toBe('settings');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ waiting: 0, requested: 0 });
  });

  it('lists what waits for you with who asked, how long ago, when it is due, and its actions', () => {
    const overdue = item({ dueBy: NOW - HOUR });
    const note = item({
      kind: 'notice',
      requesterId: null,
      payload: { text: 'Welcome!' },
      dueBy: null,
    });
    const snoozed = item({ state: 'snoozed', deliverAfter: NOW + 20 * HOUR });
    const view = homeView(
      home({
        waiting: {
          entries: [entry(overdue), entry(snoozed), entry(note, undefined)],
          total: 3,
          overdue: 1,
          page: 0,
          pages: 1,
        },
      }),
      describe_,
    );
    const text = textOf(view.blocks);
    expect(text).toContain('*Waiting for you (3)*, most overdue first');
    expect(text).toContain(`*Question* from *Priya &lt;3*: Question ${overdue.id}?`);
    expect(text).toContain('3 h ago · :warning: *overdue* since Tue 10 Mar 13:00');
    expect(text).toContain('snoozed until Wed 11 Mar 10:00');
    expect(text).toContain('3 waiting for you (1 overdue)');
    expect(findButton(view.blocks, 'question_answer').value).toBe(String(overdue.id));
    expect(findButton(view.blocks, 'question_reassign').value).toBe(String(overdue.id));
    // A note can be marked done; a question cannot (it needs an answer).
    expect(findButton(view.blocks, HOME_ACTIONS.done).value).toBe(String(note.id));
    const selects = (view.blocks as KnownBlock[]).flatMap((b) =>
      b.type === 'actions' ? b.elements.filter((e) => e.type === 'static_select') : [],
    );
    expect(selects).toHaveLength(3);
    expect(JSON.stringify(selects[0])).toContain(`"value":"${overdue.id}:tomorrow"`);
  });

  it('shows what you wait for: who has it, when they see it, when to expect an answer', () => {
    const queued = item({
      recipientId: 'UEXPERT',
      requesterId: 'UME',
      state: 'queued',
      deliverAfter: NOW + 19 * HOUR,
      dueBy: NOW + 23 * HOUR,
      deliveredAt: null,
    });
    const delivered = item({ recipientId: 'UKENJI', requesterId: 'UME', dueBy: NOW + 2 * HOUR });
    const sam = member('UEXPERT', { displayName: 'Sam', timeZone: 'America/New_York' });
    const kenji = member('UKENJI', { displayName: 'Kenji', timeZone: 'Asia/Tokyo' });
    const view = homeView(
      home({
        requested: {
          entries: [entry(queued, sam), entry(delivered, kenji)],
          total: 2,
          page: 0,
          pages: 1,
        },
      }),
      describe_,
    );
    const text = textOf(view.blocks);
    expect(text).toContain('*You are waiting for (2)*');
    // Not delivered yet: when they see it, in both zones, and no due time yet.
    expect(text).toContain(
      'Sam sees it Wed 11 Mar 09:00 your time (05:00 theirs), when they start work · asked 3 h ago_',
    );
    expect(text).toContain(
      'with Kenji since 2 h ago · asked 3 h ago · expect an answer by Tue 10 Mar 16:00',
    );
  });

  it('shows an away person when they come back, and offers “I’m back” for Mailroom’s away', () => {
    const until = NOW + 72 * HOUR;
    const view = homeView(
      home({
        overview: {
          ...home().overview,
          member: { ...me, awayUntil: until },
          away: { until, why: 'away in Mailroom', source: 'mailroom' },
        },
      }),
      describe_,
    );
    expect(textOf(view.blocks)).toContain(
      'You are away (away in Mailroom) until Fri 13 Mar 14:00: nothing is delivered to you meanwhile.',
    );
    expect(findButton(view.blocks, HOME_ACTIONS.back).value).toBe('back');
  });

  it('lists recently done items with a count', () => {
    const done = Array.from({ length: 5 }, () => entry(item({ state: 'done' })));
    const view = homeView(home({ done: { entries: done, total: 9 } }), describe_);
    const text = textOf(view.blocks);
    expect(text).toContain('*Recently done (9 this week)*');
    expect(text).toContain('…and 4 more.');
  });

  it('stays within Slack’s 100 blocks with hundreds of items, and pages through them', () => {
    const waiting = Array.from({ length: HOME_PAGE_SIZE.waiting }, () =>
      entry(item({ kind: 'notice', payload: { text: 'x'.repeat(500) }, dueBy: NOW - HOUR })),
    );
    const requested = Array.from({ length: HOME_PAGE_SIZE.requested }, () =>
      entry(item({ recipientId: 'UX', requesterId: 'UME' })),
    );
    const done = Array.from({ length: HOME_PAGE_SIZE.done }, () => entry(item({ state: 'done' })));
    const full = home({
      overview: {
        ...home().overview,
        member: { ...me, awayUntil: NOW + HOUR },
        away: { until: NOW + HOUR, why: 'away in Mailroom', source: 'mailroom' },
      },
      waiting: { entries: waiting, total: 640, overdue: 640, page: 3, pages: 54 },
      requested: { entries: requested, total: 300, page: 0, pages: 38 },
      done: { entries: done, total: 500 },
      isAdmin: true,
    });
    // The capabilities' own sections at their largest: five proposed meetings, the insights.
    const meetings = Array.from({ length: 5 }, (_, i) => ({
      meeting: proposedMeeting(i),
      voted: 3,
      voters: 25,
    }));
    const insights = {
      weeks: 4,
      questions: {
        asked: 120,
        answeredByDocs: 40,
        settledByDocs: 30,
        answeredByPerson: 45,
        open: 5,
        medianAnswerMs: 3 * HOUR,
      },
      delivery: { held: 300, heldMs: 900 * HOUR, reminded: 12, escalated: 3 },
      missingTopics: Array.from({ length: 8 }, (_, i) => ({ term: `term${i}`, count: 9 - i })),
    };
    const view = homeView(full, describe_, {
      afterQueue: proposedMeetingsBlocks(meetings, 'Europe/London'),
      admins: insightsBlocks(insights),
    });
    expect(view.blocks.length).toBeLessThanOrEqual(MAX_HOME_BLOCKS);
    const text = textOf(view.blocks);
    expect(text).toContain('640 waiting for you (640 overdue)');
    expect(text).toContain('Page 4 of 54');
    expect(text).toContain('Page 1 of 38');
    expect(text).toContain('*Team insights, last 4 weeks*');
    const pagers = (view.blocks as KnownBlock[]).filter((b) =>
      b.block_id?.startsWith('home_pager:'),
    );
    const values = pagers.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => ('value' in e ? e.value : '')) : [],
    );
    expect(values.map((v) => JSON.parse(v ?? ''))).toEqual([
      { waiting: 2, requested: 0 },
      { waiting: 4, requested: 0 },
      { waiting: 3, requested: 1 },
    ]);
    for (const block of view.blocks as KnownBlock[]) {
      const sectionText = block.type === 'section' ? (block.text?.text ?? '') : '';
      expect(sectionText.length).toBeLessThanOrEqual(3000);
    }
  });
});

/** A meeting its requester proposed, out for votes, with a long topic. */
function proposedMeeting(id: number): Meeting {
  return {
    id,
    requesterId: 'UME',
    teamId: null,
    topic: 'x'.repeat(200),
    agenda: null,
    outcome: null,
    kind: 'social',
    suggestedKind: 'social',
    kindReasons: [],
    state: 'voting',
    durationMinutes: 45,
    durationChosen: false,
    windowStart: NOW,
    windowEnd: NOW + 7 * 24 * HOUR,
    participantIds: ['UME'],
    channelId: null,
    originChannelId: null,
    groupKey: 'people:UME',
    pollChannelId: null,
    pollTs: null,
    slots: [],
    sharedMinutes: null,
    closesAt: NOW + 24 * HOUR,
    expiresAt: NOW + 48 * HOUR,
    confirmedSlot: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}
