import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../../src/core/domain/authorization.js';
import {
  type StandupAction,
  type StandupSubject,
  standupVerdict,
} from '../../../../src/features/standups/domain/authorization.js';
import {
  answerTimingOf,
  checkStandupSetup,
  type EntryStatus,
  participationOf,
  type StandupSetupInput,
  tallyDay,
} from '../../../../src/features/standups/domain/standup.js';

const viewer = (userId: string, channels: string[] = [], isGuest = false): Viewer => ({
  userId,
  isGuest,
  visibleChannelIds: channels,
});

const OWNER = viewer('UOWN', ['CTEAM', 'CPRIV']);
const MEMBER = viewer('UMEM', ['CTEAM', 'CPRIV']);
const ADMIN_IN = viewer('UADM', ['CPRIV']);
const ADMIN_OUT = viewer('UADMOUT', []);
const OUTSIDER = viewer('UOUT', ['CGEN']);
const GUEST_IN = viewer('UGIN', ['CTEAM', 'CPRIV'], true);
const GUEST_OUT = viewer('UGOUT', ['CGUEST'], true);

const standup = (channelId: string, channelIsPublic: boolean, deleted = false) => ({
  ownerId: 'UOWN',
  channelId,
  channelIsPublic,
  deleted,
});
const admins = new Set(['UADM', 'UADMOUT']);

function verdict(
  who: Viewer,
  action: StandupAction,
  channel: { id: string; public: boolean; deleted?: boolean },
  extra: Partial<StandupSubject> = {},
) {
  const v = standupVerdict(
    who,
    {
      standup: standup(channel.id, channel.public, channel.deleted),
      viewerIsAdmin: admins.has(who.userId),
      ...extra,
    },
    action,
  );
  return v.allowed ? 'allowed' : v.refusal;
}

const PUBLIC = { id: 'CTEAM', public: true };
const PRIVATE = { id: 'CPRIV', public: false };

describe('standupVerdict', () => {
  it.each<[string, Viewer, { id: string; public: boolean }, string]>([
    ['a member in the channel', MEMBER, PUBLIC, 'allowed'],
    ['someone not in the public channel', OUTSIDER, PUBLIC, 'not_yours'],
    ['a guest in the channel', GUEST_IN, PUBLIC, 'not_yours'],
    ['a member of the private channel', MEMBER, PRIVATE, 'allowed'],
    ['an admin outside the private channel', ADMIN_OUT, PRIVATE, 'not_yours'],
  ])('setup by %s: %s', (_name, who, channel, expected) => {
    expect(verdict(who, 'setup', channel)).toBe(expected);
  });

  it.each<[string, Viewer, { id: string; public: boolean; deleted?: boolean }, string, string]>([
    ['the owner', OWNER, PUBLIC, 'allowed', 'allowed'],
    ['an admin', ADMIN_OUT, PUBLIC, 'allowed', 'allowed'],
    ['an admin in the private channel', ADMIN_IN, PRIVATE, 'allowed', 'allowed'],
    ['an admin outside the private channel', ADMIN_OUT, PRIVATE, 'unknown', 'unknown'],
    ['a member', MEMBER, PUBLIC, 'allowed', 'not_yours'],
    ['a member of the private channel', MEMBER, PRIVATE, 'allowed', 'not_yours'],
    ['an outsider, public channel', OUTSIDER, PUBLIC, 'allowed', 'not_yours'],
    ['an outsider, private channel', OUTSIDER, PRIVATE, 'unknown', 'unknown'],
    ['a guest in the channel', GUEST_IN, PUBLIC, 'allowed', 'not_yours'],
    ['a guest outside the channel', GUEST_OUT, PUBLIC, 'unknown', 'unknown'],
    ['the owner, once deleted', OWNER, { ...PUBLIC, deleted: true }, 'unknown', 'unknown'],
  ])('see / edit, pause, delete by %s', (_name, who, channel, sees, runs) => {
    expect(verdict(who, 'see', channel)).toBe(sees);
    for (const action of ['edit', 'pause', 'delete'] as const) {
      expect(verdict(who, action, channel)).toBe(runs);
    }
  });

  it('a prompt is answered by the member it was sent to, while it is open', () => {
    const open = { prompt: { memberId: 'UMEM', open: true } };
    expect(verdict(MEMBER, 'answer', PUBLIC, open)).toBe('allowed');
    expect(verdict(MEMBER, 'answer', PUBLIC, { prompt: { memberId: 'UMEM', open: false } })).toBe(
      'settled',
    );
    expect(verdict(OWNER, 'answer', PUBLIC, open)).toBe('unknown');
    expect(verdict(ADMIN_OUT, 'answer', PUBLIC, open)).toBe('unknown');
    expect(verdict(MEMBER, 'answer', PUBLIC)).toBe('unknown');
    // Having left the private channel, they no longer see its standup.
    expect(verdict(viewer('UMEM', ['CTEAM']), 'answer', PRIVATE, open)).toBe('unknown');
  });

  it('a blocker is resolved by the person who holds it', () => {
    const held = { blocker: { recipientId: 'UOUT', open: true } };
    expect(verdict(OUTSIDER, 'resolve_blocker', PUBLIC, held)).toBe('allowed');
    expect(verdict(OWNER, 'resolve_blocker', PUBLIC, held)).toBe('unknown');
    expect(
      verdict(OUTSIDER, 'resolve_blocker', PUBLIC, {
        blocker: { recipientId: 'UOUT', open: false },
      }),
    ).toBe('settled');
  });
});

const input = (patch: Partial<StandupSetupInput> = {}): StandupSetupInput => ({
  name: '',
  questionsText: 'What did you do?\nWhat will you do?',
  asksBlockers: true,
  days: ['1', '2', '3', '4', '5'],
  promptMode: 'member_zone',
  promptTime: '09:30',
  teamZone: 'Europe/Berlin',
  memberMode: 'channel',
  chosenMemberIds: [],
  destination: 'thread',
  reportTime: '17:00',
  reminder: '120',
  ...patch,
});

describe('checkStandupSetup', () => {
  it('reads a good setup', () => {
    const check = checkStandupSetup(input());
    expect(check).toEqual({
      ok: true,
      config: {
        name: 'Standup',
        questions: ['What did you do?', 'What will you do?'],
        asksBlockers: true,
        days: [1, 2, 3, 4, 5],
        promptMode: 'member_zone',
        promptMinute: 570,
        teamZone: 'Europe/Berlin',
        reportMinute: 1020,
        memberMode: 'channel',
        chosenMemberIds: [],
        destination: 'thread',
        reminderAfterMinutes: 120,
        daysOff: [],
        everyOtherWeekFrom: null,
      },
    });
  });

  it('reports every bad field at once', () => {
    const check = checkStandupSetup(
      input({
        questionsText: '  \n ',
        asksBlockers: false,
        days: [],
        promptTime: '25:00',
        teamZone: 'Mars/Olympus_Mons',
        memberMode: 'chosen',
        reportTime: 'noon',
        reminder: '7',
      }),
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(
      ['days', 'members', 'promptTime', 'questions', 'reminder', 'reportTime', 'teamZone'].sort(),
    );
    expect(check.errors.teamZone).toContain('Mars/Olympus_Mons');
  });

  it('needs no time at the start of each working day; a team-zone report comes after the prompt', () => {
    expect(checkStandupSetup(input({ promptMode: 'work_start', promptTime: '' })).ok).toBe(true);
    const early = checkStandupSetup(input({ promptMode: 'team_zone', reportTime: '09:00' }));
    expect(early.ok ? {} : early.errors).toEqual({
      reportTime: 'The report sums up the day: pick a time after the 09:30 prompt.',
    });
  });

  it('reads days off (dates, ranges, labels) and every other week from the week of a date', () => {
    const check = checkStandupSetup(
      input({
        daysOffText: '2026-12-25 Christmas\n2026-06-01 to 2026-06-03 Offsite\n\n2026-12-26',
        cadence: 'every_other_week',
        cadenceStart: '2026-03-05',
      }),
    );
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    expect(check.config.daysOff).toEqual([
      { date: '2026-06-01', label: 'Offsite' },
      { date: '2026-06-02', label: 'Offsite' },
      { date: '2026-06-03', label: 'Offsite' },
      { date: '2026-12-25', label: 'Christmas' },
      { date: '2026-12-26', label: 'Day off' },
    ]);
    expect(check.config.everyOtherWeekFrom).toBe('2026-03-02'); // that week's Monday
    expect(checkStandupSetup(input({ daysOffText: 'next friday' }))).toMatchObject({
      ok: false,
      errors: { daysOff: expect.stringContaining('I can’t read “next friday”') },
    });
    expect(checkStandupSetup(input({ cadence: 'every_other_week' }))).toMatchObject({
      ok: false,
      errors: { cadence: 'Pick a day in the first week it runs.' },
    });
  });

  it('a standup of blockers only is fine; of nothing, not', () => {
    expect(checkStandupSetup(input({ questionsText: '' })).ok).toBe(true);
  });
});

describe('a day’s tally and participation', () => {
  it('sorts members by what they did; a late zone is still open, a later prompt not asked yet', () => {
    const report = 1000;
    const asked = (memberId: string, status: EntryStatus, answeredAt: number | null = null) => ({
      memberId,
      status,
      promptAt: report - 500,
      answeredAt,
    });
    const tally = tallyDay(
      [
        asked('A', 'answered', report - 100),
        asked('B', 'skipped'),
        asked('C', 'away'),
        asked('D', 'prompted'),
        { memberId: 'E', status: 'prompted', promptAt: report + 5000, answeredAt: null },
        asked('F', 'missed'),
        asked('H', 'answered', report + 100),
        { memberId: 'I', status: 'answered', promptAt: report + 5000, answeredAt: report + 6000 },
      ],
      report,
      ['G', 'A'],
    );
    expect(tally).toEqual({
      answered: ['A', 'I'],
      answeredLate: ['H'],
      skipped: ['B'],
      away: ['C'],
      noAnswer: ['D', 'F'],
      stillOpen: ['E'],
      notAskedYet: ['G'],
    });
  });

  it('an answer is ahead, on time, late (after the report it was asked before) or after a report before its prompt', () => {
    const report = 1000;
    expect(answerTimingOf({ promptAt: 500, answeredAt: 100 }, report)).toBe('ahead');
    expect(answerTimingOf({ promptAt: 500, answeredAt: 900 }, report)).toBe('on_time');
    expect(answerTimingOf({ promptAt: 500, answeredAt: 1100 }, report)).toBe('late');
    expect(answerTimingOf({ promptAt: 1500, answeredAt: 1600 }, report)).toBe('after_report');
  });

  it('counts answered of asked; away days do not count', () => {
    expect(
      participationOf([
        { memberId: 'A', status: 'answered' },
        { memberId: 'A', status: 'missed' },
        { memberId: 'A', status: 'away' },
        { memberId: 'B', status: 'skipped' },
      ]),
    ).toEqual([
      { memberId: 'A', answered: 1, asked: 2 },
      { memberId: 'B', answered: 0, asked: 1 },
    ]);
  });
});
