import type { WorkingHours, WorkWindow } from './working-hours.js';

/** A person in the directory. Slack owns the profile fields; Mailroom owns the working hours. */
export interface Member {
  id: string;
  teamId: string | null;
  name: string;
  displayName: string;
  realName: string | null;
  timeZone: string | null;
  workingWindows: WorkWindow[];
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
> & { slackUpdatedAt: number | null };

export interface MemberSchedule {
  hours: WorkingHours;
  /** True when Slack has no time zone for this person and the team default stands in. */
  usesDefaultTimeZone: boolean;
}

export function scheduleOf(member: Member, defaultTimeZone: string): MemberSchedule {
  return {
    hours: {
      timeZone: member.timeZone ?? defaultTimeZone,
      windows: member.workingWindows,
    },
    usesDefaultTimeZone: member.timeZone === null,
  };
}

/** People who can receive queue items: not bots, not deactivated. */
export function canReceive(member: Member): boolean {
  return !member.isBot && !member.deleted;
}

export function nameOf(member: Pick<Member, 'displayName' | 'realName' | 'name'>): string {
  return member.displayName || member.realName || member.name;
}
