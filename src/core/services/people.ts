import { describeAvailability } from '../domain/availability-text.js';
import { describeWindows, parseHoursText } from '../domain/hours-text.js';
import {
  type Away,
  awayOf,
  type Member,
  type MemberProfile,
  nameOf,
  scheduleOf,
} from '../domain/member.js';
import type { QueueItem } from '../domain/queue.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';
import { enqueueForRecipient, replanQueueOf } from './queue.js';
import { replanReviewerWindows } from './reviews.js';

export interface MemberOverview {
  member: Member;
  name: string;
  timeZone: string;
  usesDefaultTimeZone: boolean;
  hoursText: string;
  workingNow: boolean;
  nextStartLocal: string;
  openItems: QueueItem[];
  /** Set while nothing is delivered to them (Mailroom's away, or a vacation/sick status). */
  away: Away | undefined;
}

type PeopleContext = Pick<ServiceContext, 'members' | 'queue' | 'clock' | 'settings'>;

export function requireMember(ctx: Pick<ServiceContext, 'members'>, userId: string): Member {
  const member = ctx.members.get(userId);
  if (!member) {
    throw new UserFacingError(
      "Mailroom hasn't met you yet: it reads the member directory when it starts, every day, and when someone joins. Try again after the next sync, or ask an admin to restart Mailroom.",
    );
  }
  return member;
}

export function overviewOf(ctx: PeopleContext, userId: string): MemberOverview {
  const member = requireMember(ctx, userId);
  const { hours, usesDefaultTimeZone } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const now = ctx.clock();
  const availability = describeAvailability(hours, now);
  return {
    member,
    name: nameOf(member),
    timeZone: hours.timeZone,
    usesDefaultTimeZone,
    hoursText: describeWindows(hours.windows),
    workingNow: availability.workingNow,
    nextStartLocal: availability.nextStartLocal,
    openItems: ctx.queue.openForRecipient(userId),
    away: awayOf(member, now),
  };
}

/**
 * Saved hours, or a reading to show before saving: the text left the clock in doubt (`9-1, 2-6`).
 * The reading is written so that it reads back as itself, without doubt.
 */
export type HoursChange =
  | { kind: 'saved'; overview: MemberOverview }
  | { kind: 'confirm'; reading: string };

/** `/mailroom hours 09:00-17:00 mon-fri`: each person sets their own working hours. */
export function setOwnWorkingHours(
  ctx: PeopleContext & ScheduleContext,
  userId: string,
  text: string,
): HoursChange {
  requireMember(ctx, userId);
  const parsed = parseHoursText(text);
  if (!parsed.ok) throw new UserFacingError(parsed.problem);
  if (parsed.needsConfirmation)
    return { kind: 'confirm', reading: describeWindows(parsed.windows) };
  ctx.members.saveSettings(userId, { workingWindows: parsed.windows }, ctx.clock());
  scheduleChanged(ctx, userId);
  return { kind: 'saved', overview: overviewOf(ctx, userId) };
}

export type ScheduleContext = Pick<ServiceContext, 'hooks'> &
  Parameters<typeof replanQueueOf>[0] &
  Parameters<typeof replanReviewerWindows>[0];

/**
 * After someone's hours, time zone or away changed (in Mailroom or in Slack): what waits in
 * their queue moves to their new schedule, and so do their standup prompts (asked at local
 * times, or at the start of their working day).
 */
export function scheduleChanged(ctx: ScheduleContext, userId: string): void {
  replanReviewerWindows(ctx, userId);
  ctx.hooks.scheduleChanged(userId);
  replanQueueOf(ctx, userId);
}

/** A new member gets one short welcome, in their first working hours. */
export function welcomeNewMember(
  ctx: PeopleContext,
  profile: MemberProfile,
): QueueItem | undefined {
  if (profile.isBot || profile.deleted) return undefined;
  const { item } = enqueueForRecipient(ctx, {
    kind: 'notice',
    recipientId: profile.id,
    payload: {
      text: "Welcome! I am Mailroom, the team's queue for questions, decisions and standups. Ask with `/ask`, and set your working hours with `/mailroom hours 09:00-17:00 mon-fri` so that requests reach you only while you work.",
    },
    idempotencyKey: `welcome:${profile.id}`,
  });
  return item;
}
