import { beforeEach, describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { dailyWindows, type WorkWindow } from '../../../../src/core/domain/working-hours.js';
import { SLACK_NAMING } from '../../../../src/core/slack/naming.js';
import {
  cancelMeeting,
  confirmMeeting,
} from '../../../../src/features/meetings/services/confirm.js';
import { groupLedger } from '../../../../src/features/meetings/services/ledger.js';
import type { MeetingNotifier } from '../../../../src/features/meetings/services/notifier.js';
import {
  InvalidMeetingRequest,
  type MeetingRequest,
  requestMeeting,
  setMeetingAgenda,
  switchMeetingKind,
} from '../../../../src/features/meetings/services/request.js';
import {
  castVote,
  closeDueMeetings,
  sendForVotes,
} from '../../../../src/features/meetings/services/vote.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

function notifier(): MeetingNotifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    naming: SLACK_NAMING,
    pollPost: (view) => {
      calls.push(`poll ${view.meeting.pollChannelId}`);
      return { text: 'poll' };
    },
    updatePoll: async (view) => {
      calls.push(`update poll ${view.meeting.state}`);
    },
    closeVote: async (item) => {
      calls.push(`close vote ${item.recipientId}`);
    },
    confirmedPost: (view) => {
      calls.push(`confirmed ${view.meeting.id}`);
      return { text: 'confirmed' };
    },
    threadPost: (view) => {
      calls.push(`thread ${view.meeting.id}`);
      return { text: 'agenda' };
    },
  };
}

describe('meeting use cases', () => {
  let clock: ReturnType<typeof testClock>;
  let ctx: MailroomContext;
  let slack: ReturnType<typeof notifier>;

  const person = (id: string, timeZone: string, windows?: WorkWindow[], patch = {}) => {
    ctx.members.upsertProfiles([profile(id, { timeZone, ...patch })], clock());
    if (windows) ctx.members.saveSettings(id, { workingWindows: windows }, clock());
  };

  beforeEach(() => {
    clock = testClock('2026-03-09T10:00:00Z'); // Monday
    ctx = serviceContext(clock);
    slack = notifier();
    person('UADA', 'Europe/London');
    person('UKENJI', 'Asia/Tokyo');
    person('USAM', 'America/New_York');
    person('UGONE', 'UTC', undefined, { deleted: true });
    person('UBOT', 'UTC', undefined, { isBot: true });
  });

  const request = (patch: Partial<MeetingRequest> = {}): MeetingRequest => ({
    requesterId: 'UADA',
    topic: 'Falcon launch checklist review',
    personIds: ['UKENJI', 'USAM'],
    originChannelId: 'C0GENERAL',
    ...patch,
  });

  const problemsOf = (input: MeetingRequest) => {
    try {
      requestMeeting(ctx, input);
    } catch (error) {
      if (error instanceof InvalidMeetingRequest) return error.problemsFor(SLACK_NAMING);
      throw error;
    }
    throw new Error('the request was accepted');
  };

  it('refuses bad requests with a clear message per field and stores nothing', () => {
    expect(problemsOf(request({ personIds: [] })).people).toContain('Name at least one other');
    expect(problemsOf(request({ personIds: ['UNOBODY'] })).people).toContain(
      'I don’t know <@UNOBODY>',
    );
    expect(problemsOf(request({ personIds: ['UGONE'] })).people).toBe('<@UGONE> is deactivated.');
    expect(problemsOf(request({ personIds: ['UBOT', 'UKENJI'] })).people).toBe(
      '<@UBOT> is an app, not a person.',
    );
    expect(problemsOf(request({ unresolved: ['@kenjii'] })).people).toContain('“@kenjii”');
    expect(problemsOf(request({ durationMinutes: 0 })).duration).toContain('needs a length');
    expect(problemsOf(request({ durationMinutes: 481 })).duration).toContain('at most 8 hours');
    expect(
      problemsOf(
        request({
          window: {
            kind: 'dates',
            from: { year: 2026, month: 3, day: 2 },
            to: { year: 2026, month: 3, day: 6 },
          },
        }),
      ).window,
    ).toContain('is in the past');
    expect(problemsOf(request({ topic: '  ' })).topic).toBe('Say what the meeting is about.');
    expect(ctx.db.$client.prepare('select count(*) as n from meetings').get()).toEqual({ n: 0 });
  });

  it('asks a transactional meeting for its agenda and outcome before proposing times', () => {
    const draft = requestMeeting(ctx, request());
    expect(draft.meeting).toMatchObject({ kind: 'transactional', state: 'draft', slots: [] });
    expect(draft.needsAgenda).toBe(true);
    expect(draft.offers[0]?.route).toBe('thread');
    expect(draft.meeting.sharedMinutes).toBe(0); // London, Tokyo and New York never overlap 9-5
    expect(draft.offers[0]?.why).toContain('the three of you never work at the same time');
    const planned = setMeetingAgenda(ctx, {
      meetingId: draft.meeting.id,
      userId: 'UADA',
      agenda: 'Walk the checklist',
      outcome: 'A go/no-go',
    });
    expect(planned.needsAgenda).toBe(false);
    expect(planned.meeting.slots).toHaveLength(3);
    expect(planned.meeting.slots[0]?.outside.length).toBeGreaterThan(0);
    expect(() =>
      setMeetingAgenda(ctx, {
        meetingId: draft.meeting.id,
        userId: 'UKENJI',
        agenda: 'x',
        outcome: 'y',
      }),
    ).toThrow('Only the person who proposed this meeting can do that.');
  });

  it('runs a vote: queued in each voter’s hours, closed once all voted, confirmed by the requester', async () => {
    const social = requestMeeting(ctx, request({ topic: 'virtual coffee', personIds: ['USAM'] }));
    expect(social.meeting.kind).toBe('social');
    const id = social.meeting.id;
    const sent = await sendForVotes(ctx, slack, { meetingId: id, userId: 'UADA' });
    expect(sent.meeting.state).toBe('voting');
    const [item] = ctx.queue.openForRecipient('USAM');
    // 10:00 UTC is 06:00 in New York: the vote waits for 09:00 there.
    expect(new Date(item?.deliverAfter ?? 0).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(item?.dueBy).toBe(sent.meeting.closesAt);

    await expect(
      castVote(ctx, slack, { meetingId: id, userId: 'UKENJI', slotIndex: 0, choice: 'works' }),
    ).rejects.toThrow('I can’t find that meeting.');
    await expect(
      castVote(ctx, slack, { meetingId: id, userId: 'UADA', slotIndex: 0, choice: 'works' }),
    ).rejects.toThrow('You proposed this meeting');

    for (const slotIndex of [0, 1]) {
      const { closed } = await castVote(ctx, slack, {
        meetingId: id,
        userId: 'USAM',
        slotIndex,
        choice: 'works',
      });
      expect(closed).toBe(false);
    }
    const last = await castVote(ctx, slack, {
      meetingId: id,
      userId: 'USAM',
      slotIndex: 2,
      choice: 'cannot',
    });
    expect(last.closed).toBe(true);
    expect(last.view.meeting.state).toBe('closed');
    expect(ctx.queue.findByKey(`meeting-vote:${id}:USAM`)?.state).toBe('done');
    expect(ctx.queue.findByKey(`meeting-result:${id}`)?.recipientId).toBe('UADA');
    await expect(
      castVote(ctx, slack, { meetingId: id, userId: 'USAM', slotIndex: 0, choice: 'could' }),
    ).rejects.toThrow('The vote on this meeting has closed.');

    const confirmed = await confirmMeeting(ctx, slack, {
      meetingId: id,
      userId: 'UADA',
      slotIndex: 0,
    });
    expect(confirmed.meeting).toMatchObject({ state: 'confirmed', confirmedSlot: 0 });
    expect(ctx.queue.findByKey(`meeting-confirmed:${id}:USAM`)?.kind).toBe('meeting_confirmed');
    expect(ctx.queue.findByKey(`meeting-result:${id}`)?.state).toBe('done');
  });

  it('closes a vote from the tick when time is up, and expires a meeting whose times passed', async () => {
    const view = requestMeeting(ctx, request({ topic: 'team lunch' }));
    const sent = await sendForVotes(ctx, slack, { meetingId: view.meeting.id, userId: 'UADA' });
    clock.set(new Date((sent.meeting.closesAt ?? 0) + 1000).toISOString());
    expect(await closeDueMeetings(ctx, slack)).toEqual({ closed: 1, expired: 0 });
    expect(ctx.meetings.get(view.meeting.id)?.state).toBe('closed');
    expect(ctx.queue.findByKey(`meeting-vote:${view.meeting.id}:UKENJI`)?.state).toBe('expired');
    clock.set(new Date(sent.meeting.expiresAt + 1000).toISOString());
    expect(await closeDueMeetings(ctx, slack)).toEqual({ closed: 0, expired: 1 });
    expect(ctx.meetings.get(view.meeting.id)?.state).toBe('expired');
    expect(ctx.queue.findByKey(`meeting-result:${view.meeting.id}`)?.state).toBe('expired');
    expect(ctx.queue.findByKey(`meeting-expired:${view.meeting.id}`)?.recipientId).toBe('UADA');
  });

  it('queues the result for the requester before it tells Slack the vote closed, so a stop in between loses nothing', async () => {
    const view = requestMeeting(ctx, request({ topic: 'team lunch' }));
    const sent = await sendForVotes(ctx, slack, { meetingId: view.meeting.id, userId: 'UADA' });
    // One vote is in someone's DM, so closing the vote updates it there.
    const voting = ctx.queue.claimNext(Date.parse('2027-01-01T00:00:00Z'), 'worker', []);
    expect(voting?.kind).toBe('meeting_vote');
    ctx.queue.markDelivered(voting?.id ?? 0, 'worker', {
      channel: 'D1',
      ts: '1.0001',
      at: clock(),
    });
    clock.set(new Date((sent.meeting.closesAt ?? 0) + 1000).toISOString());
    // Slack never answers the DM update: the process would be stopped while waiting.
    const hanging = { ...slack, closeVote: () => new Promise<void>(() => {}) };
    void closeDueMeetings(ctx, hanging);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(slack.calls).toEqual([]);
    expect(ctx.meetings.get(view.meeting.id)?.state).toBe('closed');
    expect(ctx.queue.findByKey(`meeting-result:${view.meeting.id}`)).toMatchObject({
      kind: 'meeting_result',
      recipientId: 'UADA',
      state: 'queued',
    });
  });

  it('lets only the requester switch the kind, and only before sending', async () => {
    const draft = requestMeeting(ctx, request());
    const social = switchMeetingKind(ctx, {
      meetingId: draft.meeting.id,
      userId: 'UADA',
      kind: 'social',
    });
    expect(social.meeting).toMatchObject({ kind: 'social', durationMinutes: 45 });
    expect(social.meeting.slots).toHaveLength(3);
    await sendForVotes(ctx, slack, { meetingId: draft.meeting.id, userId: 'UADA' });
    expect(() =>
      switchMeetingKind(ctx, {
        meetingId: draft.meeting.id,
        userId: 'UADA',
        kind: 'transactional',
      }),
    ).toThrow('already sent out for votes');
  });

  it('moves the next social proposal of the group away from whoever the last one burdened', async () => {
    // Ada works 9-17 in London, Kenji 9-17 in Tokyo: they never overlap.
    person('UKENJI', 'Asia/Tokyo', dailyWindows(9 * 60, 17 * 60, [1, 2, 3, 4, 5]));
    const first = requestMeeting(ctx, request({ topic: 'virtual coffee', personIds: ['UKENJI'] }));
    // In the one-hour gap between their days, 45 minutes stretch one of them by the full hour.
    const stretchIn = (slot: (typeof first.meeting.slots)[number] | undefined, id: string) =>
      slot?.outside.find((o) => o.id === id)?.stretchMinutes;
    const [firstSlot] = first.meeting.slots;
    expect(stretchIn(firstSlot, 'UADA')).toBe(60);
    expect(stretchIn(firstSlot, 'UKENJI')).toBe(45);
    await sendForVotes(ctx, slack, { meetingId: first.meeting.id, userId: 'UADA' });
    await confirmMeeting(ctx, slack, { meetingId: first.meeting.id, userId: 'UADA', slotIndex: 0 });
    const ledger = groupLedger(ctx, { userId: 'UKENJI', personIds: ['UADA'] });
    expect(ledger.entries.map((e) => [e.memberId, e.minutes])).toEqual([
      ['UADA', 60],
      ['UKENJI', 45],
    ]);

    const second = requestMeeting(ctx, request({ topic: 'virtual coffee', personIds: ['UKENJI'] }));
    expect(second.ledger.map((e) => e.memberId)).toEqual(['UADA', 'UKENJI']);
    const [next] = second.meeting.slots;
    expect(stretchIn(next, 'UADA')).toBe(45);
    expect(stretchIn(next, 'UKENJI')).toBe(60);
    expect(new Date(next?.start ?? 0).toISOString().slice(11, 16)).toBe('08:15');
    expect(new Date(firstSlot?.start ?? 0).toISOString().slice(11, 16)).toBe('08:00');
  });

  it('proposes no time before a participant is back from being away', () => {
    const back = Date.parse('2026-03-18T00:00:00Z');
    ctx.members.saveSettings('USAM', { awayUntil: back }, clock());
    const view = requestMeeting(
      ctx,
      request({ topic: 'virtual coffee', personIds: ['USAM'], window: { kind: 'next_week' } }),
    );
    expect(view.away).toEqual([{ id: 'USAM', name: 'Person USAM', until: back }]);
    expect(view.meeting.slots.length).toBe(3);
    expect(Math.min(...view.meeting.slots.map((s) => s.start))).toBeGreaterThanOrEqual(back);
  });

  it('tells the voters who heard of a meeting that it is off', async () => {
    const view = requestMeeting(ctx, request({ topic: 'team lunch' }));
    await sendForVotes(ctx, slack, { meetingId: view.meeting.id, userId: 'UADA' });
    await castVote(ctx, slack, {
      meetingId: view.meeting.id,
      userId: 'USAM',
      slotIndex: 0,
      choice: 'works',
    });
    await expect(
      cancelMeeting(ctx, slack, { meetingId: view.meeting.id, userId: 'USAM' }),
    ).rejects.toThrow('Only the person who proposed');
    await cancelMeeting(ctx, slack, { meetingId: view.meeting.id, userId: 'UADA' });
    expect(ctx.queue.findByKey(`meeting-cancelled:${view.meeting.id}:USAM`)).toBeDefined();
    expect(ctx.queue.findByKey(`meeting-cancelled:${view.meeting.id}:UKENJI`)).toBeUndefined();
    expect(ctx.queue.findByKey(`meeting-vote:${view.meeting.id}:UKENJI`)?.state).toBe('expired');
  });

  it('gives a group of more than 25 one poll in its channel', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `UMANY${i}`);
    for (const id of ids) person(id, 'Europe/London');
    ctx.channels.upsert(
      { id: 'C0ALL', name: 'all', isPrivate: false, isIm: false, archived: false },
      clock(),
    );
    const view = requestMeeting(
      ctx,
      request({
        topic: 'end of year party',
        personIds: [],
        channel: { id: 'C0ALL', memberIds: ids },
      }),
    );
    expect(view.meeting.pollChannelId).toBe('C0ALL');
    const sent = await sendForVotes(ctx, slack, { meetingId: view.meeting.id, userId: 'UADA' });
    expect(slack.calls).toEqual(['poll C0ALL']);
    // Queued for the delivery worker, which records its ts once it is in the channel.
    const [poll] = ctx.queue.openForRecipient('C0ALL');
    expect(poll).toMatchObject({ kind: 'post', state: 'queued', channelId: 'C0ALL' });
    expect(poll?.payload.purpose).toEqual({ kind: 'meeting_poll', meetingId: sent.meeting.id });
    expect(ctx.queue.openForRecipient('UMANY0')).toEqual([]);
  });
});
