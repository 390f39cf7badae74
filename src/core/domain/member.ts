import {
  nextStretchStart,
  nextWorkingInstant,
  type WorkingHours,
  type WorkWindow,
  workingStretchAt,
} from './working-hours.js';

/** How a person wants their queue: as items come, one digest at the start of the day, or both. */
export const DELIVERY_PREFERENCES = ['immediate', 'digest', 'both'] as const;
export type DeliveryPreference = (typeof DELIVERY_PREFERENCES)[number];

/** A person in the directory. Slack owns the profile fields; Mailroom owns the working hours. */
export interface Member {
  id: string;
  teamId: string | null;
  name: string;
  displayName: string;
  realName: string | null;
  /** Slack's `tz`. */
  timeZone: string | null;
  /** A zone the person chose in Mailroom over Slack's. */
  timeZoneOverride: string | null;
  workingWindows: WorkWindow[];
  /** Away in Mailroom until this instant. */
  awayUntil: number | null;
  deliveryPreference: DeliveryPreference;
  slackStatusText: string | null;
  slackStatusEmoji: string | null;
  /** When Slack clears the status; null when it does not expire. */
  slackStatusExpiresAt: number | null;
  homeOpenedAt: number | null;
  isBot: boolean;
  isAdmin: boolean;
  /** A single- or multi-channel guest: sees only what comes from conversations they are in. */
  isGuest: boolean;
  deleted: boolean;
  dmChannelId: string | null;
}

/** The fields a directory sync or a user_change event may overwrite. */
export type MemberProfile = Pick<
  Member,
  | 'id'
  | 'teamId'
  | 'name'
  | 'displayName'
  | 'realName'
  | 'timeZone'
  | 'isBot'
  | 'isAdmin'
  | 'isGuest'
  | 'deleted'
  | 'slackStatusText'
  | 'slackStatusEmoji'
  | 'slackStatusExpiresAt'
> & { slackUpdatedAt: number | null };

export interface MemberSchedule {
  hours: WorkingHours;
  /** True when Slack has no time zone for this person and the team default stands in. */
  usesDefaultTimeZone: boolean;
}

export function scheduleOf(
  member: Pick<Member, 'timeZone' | 'timeZoneOverride' | 'workingWindows'>,
  defaultTimeZone: string,
): MemberSchedule {
  const zone = member.timeZoneOverride ?? member.timeZone;
  return {
    hours: { timeZone: zone ?? defaultTimeZone, windows: member.workingWindows },
    usesDefaultTimeZone: zone === null,
  };
}

/** Away: nothing is delivered. `until` null means "until the Slack status is cleared". */
export interface Away {
  until: number | null;
  /** "away in Mailroom", or the Slack status as the person wrote it ("🌴 Vacationing"). */
  why: string;
  /** Set with `/mailroom away` (or the settings), or read from their Slack status. */
  source: 'mailroom' | 'slack';
}

/** Slack's own vacation and sick statuses, and the emoji people use for them. */
const AWAY_EMOJI = new Set([
  ':palm_tree:',
  ':desert_island:',
  ':beach_with_umbrella:',
  ':face_with_thermometer:',
  ':thermometer:',
  ':sick:',
  ':ooo:',
  ':out_of_office:',
]);
const AWAY_WORDS =
  /\b(vacation(ing)?|vacay|holidays?|out of (the )?office|ooo|pto|sick|on leave|parental leave|annual leave|day off|off today)\b/i;

/** Whether a Slack status says its owner is away (on vacation, out of office, sick). */
export function isAwayStatus(text: string | null, emoji: string | null): boolean {
  return (emoji !== null && AWAY_EMOJI.has(emoji)) || (text !== null && AWAY_WORDS.test(text));
}

/** Whether the person is away at `now`, and until when: Mailroom's own away or Slack's status. */
export function awayOf(member: Member, now: number): Away | undefined {
  const fromMailroom =
    member.awayUntil !== null && member.awayUntil > now
      ? { until: member.awayUntil, why: 'away in Mailroom', source: 'mailroom' as const }
      : undefined;
  const statusLive = member.slackStatusExpiresAt === null || member.slackStatusExpiresAt > now;
  const fromSlack =
    statusLive && isAwayStatus(member.slackStatusText, member.slackStatusEmoji)
      ? {
          until: member.slackStatusExpiresAt,
          why: [member.slackStatusEmoji, member.slackStatusText].filter(Boolean).join(' '),
          source: 'slack' as const,
        }
      : undefined;
  if (!fromMailroom) return fromSlack;
  if (!fromSlack) return fromMailroom;
  // Both: away until the later of the two (a status with no end outlasts any date).
  if (fromSlack.until === null || fromSlack.until > fromMailroom.until) return fromSlack;
  return fromMailroom;
}

/** People who can receive queue items: not bots, not deactivated. */
export function canReceive(member: Member): boolean {
  return !member.isBot && !member.deleted;
}

export function nameOf(member: Pick<Member, 'displayName' | 'realName' | 'name'>): string {
  return member.displayName || member.realName || member.name;
}

/** How long to wait before looking again at someone away with no known end (a Slack status). */
export const AWAY_RECHECK_MS = 60 * 60 * 1000;

/**
 * When someone away can next be sent something: the first working instant once they are back,
 * or, while a Slack status with no end stands, the next look after `AWAY_RECHECK_MS`.
 */
export function nextTryWhenAway(away: Away, hours: WorkingHours, now: number): number {
  return away.until === null ? now + AWAY_RECHECK_MS : nextWorkingInstant(hours, away.until);
}

/**
 * When something for this person may first be delivered, from `from` on: the next working
 * instant; for someone who takes one digest a day, the start of their next working stretch.
 */
export function firstDeliveryInstant(
  preference: DeliveryPreference,
  hours: WorkingHours,
  from: number,
): number {
  return preference === 'digest' ? nextStretchStart(hours, from) : nextWorkingInstant(hours, from);
}

/**
 * Which items due now go into one digest rather than a message each: those created before the
 * instant returned. For "one digest a day", everything due; for "both", what arrived before the
 * working stretch began (while the person was off); for "as they come", nothing (undefined).
 */
export function digestCutoff(
  preference: DeliveryPreference,
  hours: WorkingHours,
  now: number,
): number | undefined {
  if (preference === 'immediate') return undefined;
  if (preference === 'digest') return now + 1;
  return workingStretchAt(hours, now)?.start;
}

/**
 * Whom a document is credited to once its author's data was erased (`npm run forget`): what
 * they wrote stays as the team's knowledge, credited to "a former member".
 */
export const FORMER_MEMBER_ID = 'former-member';

/** What stands in place of a person's words once they were erased. */
export const ERASED_TEXT = '(erased at a former member’s request)';
