import { awayOf, canReceive, scheduleOf } from '../../../core/domain/member.js';
import { maySeeConversation } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { type Naming, type Words, wordsWith } from '../../../core/services/naming.js';
import { requireMember } from '../../../core/services/people.js';
import { enqueuePost } from '../../../core/services/posts.js';
import type { MeetingAction } from '../domain/authorization.js';
import { weekdaysNamed } from '../domain/day-words.js';
import { type MeetingKind, suggestKind } from '../domain/meeting-kind.js';
import { meetingWindow, type WindowChoice } from '../domain/meeting-window.js';
import {
  DEFAULT_DURATION_MINUTES,
  fairnessLedger,
  groupKeyOf,
  MEETING_LIMITS,
  type Meeting,
  type MeetingSlot,
} from '../domain/meetings.js';
import { findSlots, type SlotParticipant } from '../domain/slots.js';
import { authorizeMeeting } from './authorization.js';
import type { MeetingNotifier } from './notifier.js';
import { type MeetingContext, type MeetingView, meetingViewOf, needsAgenda } from './view.js';

export interface MeetingRequest {
  requesterId: string;
  topic: string;
  /** People named, as Slack ids. */
  personIds: readonly string[];
  /** Names written as plain text that Slack did not turn into people ("@bbo"). */
  unresolved?: readonly string[];
  /** A channel whose members are invited, with its members as Slack lists them. */
  channel?: { id: string; memberIds: readonly string[] } | undefined;
  /** Undefined: the kind's default (short for a transactional meeting). */
  durationMinutes?: number | undefined;
  window?: WindowChoice | undefined;
  /** The requester's own choice; otherwise Mailroom suggests one. */
  kind?: MeetingKind | undefined;
  agenda?: string | undefined;
  outcome?: string | undefined;
  /**
   * Where /meet was used: the conversation Slack named in the command, or one the form's
   * metadata claims and Slack's member list confirmed the requester is in.
   */
  originChannelId: string | null;
}

export const MEETING_FIELDS = [
  'topic',
  'people',
  'duration',
  'window',
  'agenda',
  'outcome',
] as const;
export type MeetingField = (typeof MEETING_FIELDS)[number];

/** What is wrong with a request, per field, so a form can show each under its input. */
export class InvalidMeetingRequest extends UserFacingError {
  constructor(readonly problems: Partial<Record<MeetingField, Words>>) {
    super((naming) =>
      Object.values(problems)
        .map((words) => wordsWith(words, naming))
        .join(' '),
    );
    this.name = 'InvalidMeetingRequest';
  }

  /** The problems per field, naming people as `naming` writes them. */
  problemsFor(naming: Naming): Partial<Record<MeetingField, string>> {
    return Object.fromEntries(
      Object.entries(this.problems).map(([field, words]) => [field, wordsWith(words, naming)]),
    );
  }
}

export const MAX_TOPIC_CHARS = 200;
export const MAX_AGENDA_CHARS = 2000;
export const MAX_OUTCOME_CHARS = 500;

export const MEET_USAGE =
  '`/meet <what> with @person @person #channel [for 30m] [tomorrow | on Friday | 13 Mar | this week | next week]`, for example `/meet Falcon pricing decision with @ada @kenji for 30m next week`. `/meet` alone opens a form; `/meet ledger #channel` shows who social meetings have put outside their hours.';

/**
 * `/meet` or the form: checks everything before anything is stored, then keeps the request as a
 * draft only its requester sees. Mailroom suggests a kind (with its reasons); a social meeting
 * gets its slots at once, a transactional one first needs its agenda and expected outcome.
 */
export function requestMeeting(ctx: MeetingContext, input: MeetingRequest): MeetingView {
  const requester = requireMember(ctx, input.requesterId);
  const problems: Partial<Record<MeetingField, Words>> = {};
  const topic = input.topic.trim().replace(/\s+/g, ' ');
  if (topic === '') problems.topic = 'Say what the meeting is about.';
  else if (topic.length > MAX_TOPIC_CHARS) {
    problems.topic = `Keep the topic under ${MAX_TOPIC_CHARS} characters; the agenda can say more.`;
  }

  const participantIds = [requester.id];
  const add = (id: string) => {
    if (!participantIds.includes(id)) participantIds.push(id);
  };
  const peopleProblems: Words[] = [];
  for (const name of input.unresolved ?? []) {
    peopleProblems.push(
      `I couldn’t find “${name}”: pick people from Slack’s list as you type their name.`,
    );
  }
  for (const id of input.personIds) {
    const member = ctx.members.get(id);
    if (!member) {
      peopleProblems.push(
        (naming) => `I don’t know ${naming.person(id)}: is that a current member here?`,
      );
    } else if (member.deleted)
      peopleProblems.push((naming) => `${naming.person(id)} is deactivated.`);
    else if (member.isBot) {
      peopleProblems.push((naming) => `${naming.person(id)} is an app, not a person.`);
    } else add(id);
  }
  const channel = input.channel;
  if (channel) {
    if (!maySeeConversation(ctx, requester.id, channel.id)) {
      peopleProblems.push('I can’t find that channel, or you aren’t in it.');
    } else {
      for (const id of channel.memberIds) {
        const member = ctx.members.get(id);
        if (member && canReceive(member)) add(id);
      }
    }
  }
  const voters = participantIds.length - 1;
  if (peopleProblems.length === 0 && voters === 0) {
    peopleProblems.push('Name at least one other person, or a channel whose members should come.');
  }
  let pollChannelId: string | null = null;
  if (voters > MEETING_LIMITS.individualVoters) {
    pollChannelId =
      channel?.id ?? (isChannel(input.originChannelId) ? input.originChannelId : null);
    if (!pollChannelId) {
      peopleProblems.push(
        `That is ${voters} people: more than ${MEETING_LIMITS.individualVoters} vote in one poll in a channel. Name the channel, or use /meet in it.`,
      );
    }
  }
  if (peopleProblems.length > 0) {
    problems.people = (naming) => peopleProblems.map((words) => wordsWith(words, naming)).join(' ');
  }

  const suggestion = suggestKind({
    what: topic,
    agenda: input.agenda ?? null,
    outcome: input.outcome ?? null,
  });
  const kind = input.kind ?? suggestion.kind;
  const durationMinutes = input.durationMinutes ?? DEFAULT_DURATION_MINUTES[kind];
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0) {
    problems.duration = 'A meeting needs a length: say `for 30m` or `for 1h`.';
  } else if (durationMinutes > MEETING_LIMITS.maxDurationMinutes) {
    problems.duration = 'Meetings here last at most 8 hours: pick a shorter one, or split it.';
  }
  const { hours } = scheduleOf(requester, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const window = meetingWindow(input.window, now, hours.timeZone, weekdaysNamed(topic));
  if (!window.ok) problems.window = window.problem;
  else if (
    !problems.duration &&
    window.end - Math.max(window.start, now + MEETING_LIMITS.leadMs) < durationMinutes * 60_000
  ) {
    problems.window = `Nothing is left of ${window.label} once everyone has had a day to vote. Pick later days, such as next week.`;
  }
  const agenda = (input.agenda ?? '').trim();
  const outcome = (input.outcome ?? '').trim();
  if (agenda.length > MAX_AGENDA_CHARS) {
    problems.agenda = `Keep the agenda under ${MAX_AGENDA_CHARS} characters.`;
  }
  if (outcome.length > MAX_OUTCOME_CHARS) {
    problems.outcome = `Keep the expected outcome under ${MAX_OUTCOME_CHARS} characters.`;
  }
  if (Object.keys(problems).length > 0 || !window.ok) throw new InvalidMeetingRequest(problems);

  const draft = ctx.meetings.create(
    {
      requesterId: requester.id,
      teamId: requester.teamId,
      topic,
      agenda: agenda || null,
      outcome: outcome || null,
      kind,
      suggestedKind: suggestion.kind,
      kindReasons: suggestion.reasons,
      state: 'draft',
      durationMinutes,
      durationChosen: input.durationMinutes !== undefined,
      windowStart: window.start,
      windowEnd: window.end,
      participantIds,
      channelId: channel?.id ?? null,
      originChannelId: input.originChannelId,
      groupKey: groupKeyOf(channel?.id ?? null, participantIds),
      pollChannelId,
      pollTs: null,
      slots: [],
      sharedMinutes: null,
      closesAt: null,
      expiresAt: window.end,
      confirmedSlot: null,
    },
    now,
  );
  return meetingViewOf(ctx, plan(ctx, draft));
}

/** "Make it social" / "Make it transactional", before anyone is asked. */
export function switchMeetingKind(
  ctx: MeetingContext,
  input: { meetingId: number; userId: string; kind: MeetingKind },
): MeetingView {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'switch_kind');
  const switched = ctx.meetings.update(
    meeting.id,
    ['draft'],
    {
      kind: input.kind,
      durationMinutes: meeting.durationChosen
        ? meeting.durationMinutes
        : DEFAULT_DURATION_MINUTES[input.kind],
      slots: [],
    },
    ctx.clock(),
  );
  if (!switched) throw new UserFacingError('That meeting was already sent out for votes.');
  return meetingViewOf(ctx, plan(ctx, switched));
}

/** The agenda and the expected outcome of a transactional meeting; then times are proposed. */
export function setMeetingAgenda(
  ctx: MeetingContext,
  input: { meetingId: number; userId: string; agenda: string; outcome: string },
): MeetingView {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'edit');
  const agenda = input.agenda.trim();
  const outcome = input.outcome.trim();
  const problems: Partial<Record<MeetingField, string>> = {};
  if (agenda === '') problems.agenda = 'What will you go through? A few lines are enough.';
  else if (agenda.length > MAX_AGENDA_CHARS) {
    problems.agenda = `Keep the agenda under ${MAX_AGENDA_CHARS} characters.`;
  }
  if (outcome === '') {
    problems.outcome = 'What should the meeting produce: a decision, a plan, a list of owners?';
  } else if (outcome.length > MAX_OUTCOME_CHARS) {
    problems.outcome = `Keep the expected outcome under ${MAX_OUTCOME_CHARS} characters.`;
  }
  if (Object.keys(problems).length > 0) throw new InvalidMeetingRequest(problems);
  const updated = ctx.meetings.update(meeting.id, ['draft'], { agenda, outcome }, ctx.clock());
  if (!updated) throw new UserFacingError('That meeting was already sent out for votes.');
  return meetingViewOf(ctx, plan(ctx, updated));
}

/** The meeting, for someone who may do `action` with it (to open the agenda form: `edit`). */
export function meetingFor(
  ctx: MeetingContext,
  input: { meetingId: number; userId: string; action: MeetingAction },
): MeetingView {
  return meetingViewOf(ctx, authorizeMeeting(ctx, input.userId, input.meetingId, input.action));
}

/**
 * The async route: the agenda goes to a channel as a thread for written answers, and the
 * meeting is called off before anyone was asked to meet.
 */
export async function writeInsteadOfMeeting(
  ctx: MeetingContext,
  notifier: MeetingNotifier,
  input: { meetingId: number; userId: string },
): Promise<{ view: MeetingView; channelId: string; permalink: string | null }> {
  const meeting = authorizeMeeting(ctx, input.userId, input.meetingId, 'send');
  const channelId =
    meeting.channelId ?? (isChannel(meeting.originChannelId) ? meeting.originChannelId : null);
  if (!channelId) {
    throw new UserFacingError(
      'I need a channel for the thread: use `/meet` in a channel you all share, or name one with #channel.',
    );
  }
  const ended = ctx.meetings.update(meeting.id, ['draft'], { state: 'cancelled' }, ctx.clock());
  if (!ended) throw new UserFacingError('That meeting was already sent out or called off.');
  const message = notifier.threadPost(meetingViewOf(ctx, meeting));
  enqueuePost(ctx, {
    channelId,
    message,
    key: `meeting-thread:${meeting.id}`,
    // Where Mailroom may not post, its requester gets the agenda to share themselves.
    orElse: { userId: meeting.requesterId, message },
  });
  return { view: meetingViewOf(ctx, ended), channelId, permalink: null };
}

/**
 * Proposes the best slots for the meeting as it stands. A transactional meeting without its
 * agenda gets none yet, but Mailroom still learns how much working time the group shares, for
 * its advice on whether to meet at all.
 */
export function plan(ctx: MeetingContext, meeting: Meeting): Meeting {
  const now = ctx.clock();
  const participants: SlotParticipant[] = meeting.participantIds.flatMap((id) => {
    const member = ctx.members.get(id);
    if (!member) return [];
    // Someone away until a known day is not proposed a meeting before it.
    const awayUntil = awayOf(member, now)?.until ?? undefined;
    return [{ id, hours: scheduleOf(member, ctx.settings.defaultTimeZone).hours, awayUntil }];
  });
  const ledger =
    meeting.kind === 'social'
      ? new Map(
          fairnessLedger(ctx.meetings.confirmedSocial(meeting.groupKey)).map((e) => [
            e.memberId,
            e.minutes,
          ]),
        )
      : undefined;
  const from = Math.max(meeting.windowStart, now + MEETING_LIMITS.leadMs);
  const found = findSlots({
    participants,
    from,
    to: meeting.windowEnd,
    durationMs: meeting.durationMinutes * 60_000,
    stepMs: MEETING_LIMITS.stepMinutes * 60_000,
    policy: meeting.kind,
    ...(ledger ? { ledger } : {}),
  });
  const slots: MeetingSlot[] = needsAgenda(meeting)
    ? []
    : found.slots.map((s) => ({ start: s.start, end: s.end, outside: s.outside }));
  const updated = ctx.meetings.update(
    meeting.id,
    ['draft'],
    {
      slots,
      sharedMinutes: Math.round(found.sharedMs / 60_000),
      expiresAt: slots.length > 0 ? Math.max(...slots.map((s) => s.start)) : meeting.windowEnd,
    },
    now,
  );
  return updated ?? meeting;
}

function isChannel(id: string | null): id is string {
  return id !== null && /^[CG]/.test(id);
}
