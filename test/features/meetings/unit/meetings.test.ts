import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../../src/core/domain/authorization.js';
import { dailyWindows, type WorkingHours } from '../../../../src/core/domain/working-hours.js';
import {
  type MeetingAction,
  type MeetingFacts,
  meetingVerdict,
} from '../../../../src/features/meetings/domain/authorization.js';
import {
  asyncOffers,
  everyoneVoted,
  fairnessLedger,
  groupKeyOf,
  type Meeting,
  type MeetingState,
  tallyVotes,
  type Vote,
  voteClosesAt,
  votersOf,
  workingDayMs,
} from '../../../../src/features/meetings/domain/meetings.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const T0 = at('2026-03-09T10:00:00Z'); // a Monday

function meeting(patch: Partial<Meeting> = {}): Meeting {
  return {
    id: 1,
    requesterId: 'UREQ',
    teamId: null,
    topic: 'Falcon',
    agenda: null,
    outcome: null,
    kind: 'social',
    suggestedKind: 'social',
    kindReasons: [],
    state: 'voting',
    durationMinutes: 30,
    durationChosen: false,
    windowStart: T0,
    windowEnd: T0 + 7 * 24 * HOUR,
    participantIds: ['UREQ', 'UA', 'UB'],
    channelId: null,
    originChannelId: null,
    groupKey: 'people:UA,UB,UREQ',
    pollChannelId: null,
    pollTs: null,
    slots: [
      { start: T0 + 30 * HOUR, end: T0 + 30.5 * HOUR, outside: [] },
      { start: T0 + 54 * HOUR, end: T0 + 54.5 * HOUR, outside: [] },
      { start: T0 + 78 * HOUR, end: T0 + 78.5 * HOUR, outside: [] },
    ],
    sharedMinutes: 600,
    closesAt: null,
    expiresAt: T0 + 78 * HOUR,
    confirmedSlot: null,
    createdAt: T0,
    updatedAt: T0,
    ...patch,
  };
}

const vote = (voterId: string, slotIndex: number, choice: Vote['choice']): Vote => ({
  voterId,
  slotIndex,
  choice,
  votedAt: T0,
});

describe('votes', () => {
  it('are cast by everyone but the requester, who confirms', () => {
    expect(votersOf(meeting())).toEqual(['UA', 'UB']);
  });

  it('are complete once every voter voted on every slot still ahead', () => {
    const m = meeting();
    const some = [vote('UA', 0, 'works'), vote('UA', 1, 'works'), vote('UA', 2, 'cannot')];
    expect(everyoneVoted(m, some, T0)).toBe(false);
    const all = [...some, vote('UB', 0, 'could'), vote('UB', 1, 'works'), vote('UB', 2, 'works')];
    expect(everyoneVoted(m, all, T0)).toBe(true);
    // Once the first slot passed, nobody needs to vote on it.
    const withoutFirst = all.filter((v) => !(v.voterId === 'UB' && v.slotIndex === 0));
    expect(everyoneVoted(m, withoutFirst, T0 + 31 * HOUR)).toBe(true);
  });

  it('are tallied fewest can’t first, then most works, then most could; passed slots drop out', () => {
    const m = meeting();
    const votes = [
      vote('UA', 0, 'cannot'),
      vote('UB', 0, 'works'),
      vote('UA', 1, 'could'),
      vote('UB', 1, 'could'),
      vote('UA', 2, 'works'),
      vote('UB', 2, 'could'),
    ];
    const tally = tallyVotes(m, votes, T0);
    expect(tally.map((t) => t.index)).toEqual([2, 1, 0]);
    expect(tally[0]).toMatchObject({ works: ['UA'], could: ['UB'], cannot: [], silent: [] });
    expect(tallyVotes(m, votes, T0 + 60 * HOUR).map((t) => t.index)).toEqual([2]);
  });
});

describe('voteClosesAt', () => {
  const nineToFive = (timeZone: string): WorkingHours => ({
    timeZone,
    windows: dailyWindows(9 * 60, 17 * 60, [1, 2, 3, 4, 5]),
  });

  it('is a working day’s length for people who work 9 to 5', () => {
    expect(workingDayMs(nineToFive('UTC'))).toBe(8 * HOUR);
  });

  it('gives every voter two of their own working days', () => {
    // Monday 10:00 UTC. London: two working days end Wed 10:00 UTC; Tokyo (00:00-08:00 UTC):
    // Mon 10:00 is after its day, so Tue and Wed, ending Wed 08:00 UTC.
    const closes = voteClosesAt(T0, T0 + 10 * 24 * HOUR, [
      nineToFive('Europe/London'),
      nineToFive('Asia/Tokyo'),
    ]);
    expect(new Date(closes).toISOString()).toBe('2026-03-11T10:00:00.000Z');
  });

  it('closes four hours before the first slot when that comes first', () => {
    const first = at('2026-03-10T15:00:00Z');
    expect(voteClosesAt(T0, first, [nineToFive('Europe/London')])).toBe(first - 4 * HOUR);
  });
});

describe('fairnessLedger', () => {
  it('adds up how far outside their hours each person was in the group’s confirmed social meetings', () => {
    const outside = [
      { id: 'UA', outsideMinutes: 30, stretchMinutes: 90 },
      { id: 'UB', outsideMinutes: 15, stretchMinutes: 15 },
    ];
    const confirmed = meeting({
      state: 'confirmed',
      confirmedSlot: 1,
      slots: [
        {
          start: T0,
          end: T0 + HOUR,
          outside: [{ id: 'UB', outsideMinutes: 60, stretchMinutes: 600 }],
        },
        { start: T0 + 24 * HOUR, end: T0 + 25 * HOUR, outside },
      ],
    });
    const transactional = meeting({ ...confirmed, id: 2, kind: 'transactional' });
    const cancelled = meeting({ ...confirmed, id: 3, state: 'cancelled' });
    expect(fairnessLedger([confirmed, confirmed, transactional, cancelled])).toEqual([
      { memberId: 'UA', minutes: 180, meetings: 2 },
      { memberId: 'UB', minutes: 30, meetings: 2 },
    ]);
  });

  it('is kept per group: a channel, or the same set of people', () => {
    expect(groupKeyOf('C1', ['UB', 'UA'])).toBe('channel:C1');
    expect(groupKeyOf(null, ['UB', 'UA', 'UB'])).toBe(groupKeyOf(null, ['UA', 'UB']));
  });
});

describe('asyncOffers', () => {
  const base = {
    topic: 'Falcon pricing',
    outcome: null,
    people: 3,
    sharedMinutes: 600,
    durationMinutes: 30,
    windowDays: 7,
    everyoneSeesWithinMs: 14 * HOUR,
  };

  it('says when the people never work at the same time', () => {
    expect(asyncOffers({ ...base, sharedMinutes: 0 })[0]).toEqual({
      route: 'thread',
      why: 'the three of you never work at the same time; a written proposal reaches everyone in their working hours within 14 h, and gets answers within a day',
    });
  });

  it('offers /decision for a decision and /ask for a question', () => {
    const routes = (topic: string) => asyncOffers({ ...base, topic }).map((o) => o.route);
    expect(routes('decide the Falcon price')).toEqual(['thread', 'decision']);
    expect(routes('how do we price Falcon?')).toEqual(['thread', 'ask']);
  });
});

describe('meetingVerdict', () => {
  const viewer = (userId: string, channels: string[] = []): Viewer => ({
    userId,
    isGuest: false,
    visibleChannelIds: channels,
  });
  const facts = (state: MeetingState, pollChannelId: string | null = null): MeetingFacts => ({
    requesterId: 'UREQ',
    participantIds: ['UREQ', 'UA', 'UB'],
    state,
    pollChannelId,
  });
  const outcome = (who: Viewer, f: MeetingFacts, action: MeetingAction) => {
    const verdict = meetingVerdict(who, f, action);
    return verdict.allowed ? 'allowed' : verdict.refusal;
  };

  it.each([
    ['participant votes while open', 'UA', 'voting', 'vote', 'allowed'],
    ['participant votes once closed', 'UA', 'closed', 'vote', 'settled'],
    ['participant votes on a draft', 'UA', 'draft', 'vote', 'settled'],
    ['requester votes', 'UREQ', 'voting', 'vote', 'not_yours'],
    ['outsider votes', 'UX', 'voting', 'vote', 'unknown'],
    ['outsider sees', 'UX', 'voting', 'see', 'unknown'],
    ['participant sees', 'UB', 'confirmed', 'see', 'allowed'],
    ['requester switches a draft', 'UREQ', 'draft', 'switch_kind', 'allowed'],
    ['requester switches once sent', 'UREQ', 'voting', 'switch_kind', 'settled'],
    ['participant switches', 'UA', 'draft', 'switch_kind', 'not_yours'],
    ['requester sends a draft', 'UREQ', 'draft', 'send', 'allowed'],
    ['requester confirms while voting', 'UREQ', 'voting', 'confirm', 'allowed'],
    ['requester confirms once closed', 'UREQ', 'closed', 'confirm', 'allowed'],
    ['requester confirms twice', 'UREQ', 'confirmed', 'confirm', 'settled'],
    ['participant confirms', 'UA', 'closed', 'confirm', 'not_yours'],
    ['outsider cancels', 'UX', 'voting', 'cancel', 'unknown'],
    ['participant cancels', 'UB', 'voting', 'cancel', 'not_yours'],
    ['requester cancels a confirmed one', 'UREQ', 'confirmed', 'cancel', 'allowed'],
    ['requester cancels an expired one', 'UREQ', 'expired', 'cancel', 'settled'],
  ] as const)('%s: %s', (_name, who, state, action, expected) => {
    expect(outcome(viewer(who), facts(state), action)).toBe(expected);
  });

  it('lets a poll channel’s members see a poll, but only participants vote in it', () => {
    expect(outcome(viewer('UX', ['CPOLL']), facts('voting', 'CPOLL'), 'see')).toBe('allowed');
    expect(outcome(viewer('UX', ['CPOLL']), facts('voting', 'CPOLL'), 'vote')).toBe('not_yours');
    expect(outcome(viewer('UA', ['CPOLL']), facts('voting', 'CPOLL'), 'vote')).toBe('allowed');
  });
});
