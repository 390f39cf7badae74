import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/core/store/db.js';
import {
  MeetingRepository,
  type NewMeeting,
} from '../../../../src/features/meetings/store/meeting-repository.js';
import { tempDatabasePath } from '../../../support/store.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-09T10:00:00Z');

function draft(patch: Partial<NewMeeting> = {}): NewMeeting {
  return {
    requesterId: 'UREQ',
    teamId: 'T1',
    topic: 'Falcon pricing',
    agenda: null,
    outcome: null,
    kind: 'transactional',
    suggestedKind: 'transactional',
    kindReasons: ['it is about work: “pricing”'],
    state: 'draft',
    durationMinutes: 30,
    durationChosen: false,
    windowStart: T0,
    windowEnd: T0 + 7 * 24 * HOUR,
    participantIds: ['UREQ', 'UA'],
    channelId: null,
    originChannelId: 'C1',
    groupKey: 'people:UA,UREQ',
    pollChannelId: null,
    pollTs: null,
    slots: [],
    sharedMinutes: null,
    closesAt: null,
    expiresAt: T0 + 7 * 24 * HOUR,
    confirmedSlot: null,
    ...patch,
  };
}

describe('MeetingRepository', () => {
  let meetings: MeetingRepository;
  beforeEach(() => {
    meetings = new MeetingRepository(openDatabase(tempDatabasePath()));
  });

  it('stores a meeting with its slots and changes it only from the state it was read in', () => {
    const created = meetings.create(draft(), T0);
    expect(meetings.get(created.id)).toEqual(created);
    const slots = [{ start: T0 + 30 * HOUR, end: T0 + 30.5 * HOUR, outside: [] }];
    const voting = meetings.update(created.id, ['draft'], { state: 'voting', slots }, T0 + 1);
    expect(voting).toMatchObject({ state: 'voting', slots, updatedAt: T0 + 1 });
    expect(meetings.update(created.id, ['draft'], { state: 'cancelled' }, T0 + 2)).toBeUndefined();
    expect(meetings.get(created.id)?.state).toBe('voting');
  });

  it('keeps one vote per voter and slot, the latest', () => {
    const { id } = meetings.create(draft({ state: 'voting' }), T0);
    meetings.recordVote(id, { voterId: 'UA', slotIndex: 0, choice: 'works' }, T0);
    meetings.recordVote(id, { voterId: 'UA', slotIndex: 0, choice: 'cannot' }, T0 + 5);
    meetings.recordVote(id, { voterId: 'UA', slotIndex: 1, choice: 'could' }, T0 + 6);
    expect(meetings.votes(id)).toEqual([
      { voterId: 'UA', slotIndex: 0, choice: 'cannot', votedAt: T0 + 5 },
      { voterId: 'UA', slotIndex: 1, choice: 'could', votedAt: T0 + 6 },
    ]);
  });

  it('finds votes due to close and open meetings whose time has passed', () => {
    const due = meetings.create(draft({ state: 'voting', closesAt: T0 - 1 }), T0);
    meetings.create(draft({ state: 'voting', closesAt: T0 + HOUR }), T0);
    const stale = meetings.create(draft({ expiresAt: T0 - 1 }), T0);
    meetings.create(draft({ state: 'confirmed', expiresAt: T0 - 1 }), T0);
    expect(meetings.dueToClose(T0).map((m) => m.id)).toEqual([due.id]);
    expect(meetings.dueToExpire(T0).map((m) => m.id)).toEqual([stale.id]);
  });

  it('lists what a person proposed that is not over, newest first', () => {
    const older = meetings.create(draft(), T0);
    const upcoming = meetings.create(draft({ state: 'confirmed', expiresAt: T0 + HOUR }), T0 + 1);
    meetings.create(draft({ state: 'confirmed', expiresAt: T0 - 1 }), T0 + 2);
    meetings.create(draft({ state: 'cancelled' }), T0 + 3);
    meetings.create(draft({ requesterId: 'UOTHER' }), T0 + 4);
    expect(meetings.proposedBy('UREQ', T0, 10).map((m) => m.id)).toEqual([upcoming.id, older.id]);
  });

  it('lists a group’s confirmed social meetings for the fairness ledger', () => {
    const social = meetings.create(draft({ kind: 'social', state: 'confirmed' }), T0);
    meetings.create(draft({ kind: 'transactional', state: 'confirmed' }), T0);
    meetings.create(draft({ kind: 'social', state: 'voting' }), T0);
    meetings.create(draft({ kind: 'social', state: 'confirmed', groupKey: 'channel:C9' }), T0);
    expect(meetings.confirmedSocial('people:UA,UREQ').map((m) => m.id)).toEqual([social.id]);
  });
});
