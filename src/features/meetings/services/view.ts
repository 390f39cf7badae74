import { awayOf, nameOf, scheduleOf } from '../../../core/domain/member.js';
import { nextWorkingInstant } from '../../../core/domain/working-hours.js';
import type { MeetingsContext } from '../context.js';
import {
  type AsyncOffer,
  asyncOffers,
  fairnessLedger,
  type LedgerEntry,
  type Meeting,
  type SlotTally,
  tallyVotes,
  type Vote,
} from '../domain/meetings.js';

export interface MeetingPerson {
  id: string;
  name: string;
  timeZone: string;
  /** Slack has no zone for them: the team's stands in. */
  usesDefaultTimeZone: boolean;
}

/** Everything a view of a meeting shows, looked up once. */
export interface MeetingView {
  meeting: Meeting;
  now: number;
  requester: MeetingPerson;
  /** Everyone taking part, the requester first. */
  people: MeetingPerson[];
  /** A transactional meeting waits for its agenda and expected outcome before times are proposed. */
  needsAgenda: boolean;
  /** Transactional: where it may not need to be a meeting. */
  offers: AsyncOffer[];
  /** Social: how far outside their hours the group's past social meetings put each person. */
  ledger: (LedgerEntry & { name: string })[];
  votes: Vote[];
  /** The slots still ahead, best first by the votes. */
  tally: SlotTally[];
  /** Participants away (Mailroom's away, or a vacation status) into the window, and until when. */
  away: { id: string; name: string; until: number | null }[];
}

export type MeetingContext = Pick<
  MeetingsContext,
  'meetings' | 'members' | 'channels' | 'queue' | 'clock' | 'settings' | 'logger'
>;

export function personOf(
  ctx: Pick<MeetingsContext, 'members' | 'settings'>,
  id: string,
): MeetingPerson {
  const member = ctx.members.get(id);
  if (!member) {
    return { id, name: id, timeZone: ctx.settings.defaultTimeZone, usesDefaultTimeZone: true };
  }
  const { hours, usesDefaultTimeZone } = scheduleOf(member, ctx.settings.defaultTimeZone);
  return { id, name: nameOf(member), timeZone: hours.timeZone, usesDefaultTimeZone };
}

export function needsAgenda(meeting: Meeting): boolean {
  return (
    meeting.kind === 'transactional' &&
    ((meeting.agenda ?? '').trim() === '' || (meeting.outcome ?? '').trim() === '')
  );
}

export function meetingViewOf(ctx: MeetingContext, meeting: Meeting): MeetingView {
  const now = ctx.clock();
  const people = meeting.participantIds.map((id) => personOf(ctx, id));
  const votes = ctx.meetings.votes(meeting.id);
  const ledger =
    meeting.kind === 'social'
      ? fairnessLedger(ctx.meetings.confirmedSocial(meeting.groupKey))
          .filter((entry) => meeting.participantIds.includes(entry.memberId))
          .map((entry) => ({ ...entry, name: personOf(ctx, entry.memberId).name }))
      : [];
  return {
    meeting,
    now,
    requester: personOf(ctx, meeting.requesterId),
    people,
    needsAgenda: needsAgenda(meeting),
    offers: meeting.kind === 'transactional' ? offersFor(ctx, meeting, now) : [],
    ledger,
    votes,
    tally: tallyVotes(meeting, votes, now),
    away: meeting.participantIds.flatMap((id) => {
      const member = ctx.members.get(id);
      const away = member && awayOf(member, now);
      if (!away || (away.until !== null && away.until <= meeting.windowStart)) return [];
      return [{ id, name: personOf(ctx, id).name, until: away.until }];
    }),
  };
}

function offersFor(ctx: MeetingContext, meeting: Meeting, now: number): AsyncOffer[] {
  let everyoneSeesBy = now;
  for (const id of meeting.participantIds) {
    const member = ctx.members.get(id);
    if (!member) continue;
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    everyoneSeesBy = Math.max(everyoneSeesBy, nextWorkingInstant(hours, now));
  }
  return asyncOffers({
    topic: meeting.topic,
    outcome: meeting.outcome,
    people: meeting.participantIds.length,
    sharedMinutes: meeting.sharedMinutes ?? 0,
    durationMinutes: meeting.durationMinutes,
    windowDays: Math.max(1, Math.round((meeting.windowEnd - meeting.windowStart) / 86_400_000)),
    everyoneSeesWithinMs: everyoneSeesBy - now,
  });
}
