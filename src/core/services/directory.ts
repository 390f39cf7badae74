import type { MemberProfile } from '../domain/member.js';
import type { AppStateRepository } from '../store/app-state-repository.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { Clock, DirectorySource } from './ports.js';
import { newMemberWindowsOf } from './team-settings.js';

export const DIRECTORY_SYNCED_AT = 'directory.synced_at';
const RESYNC_AFTER_MS = 24 * 60 * 60 * 1000;

export interface DirectoryDeps {
  members: MemberRepository;
  appState: AppStateRepository;
  source: DirectorySource;
  clock: Clock;
  /** Someone Mailroom knew as active was found deactivated: what they owned is handed over. */
  onLeft?: (userId: string) => void;
  /**
   * Someone Mailroom knew has a new time zone or Slack status (which may say they are away):
   * their queue, standup prompts and review windows move, as on a user_change.
   */
  onScheduleChanged?: (userId: string) => void;
}

/** The people among `profiles` whom Mailroom knows as active and who are deactivated now. */
function leaversAmong(members: MemberRepository, profiles: readonly MemberProfile[]): string[] {
  return profiles
    .filter((p) => {
      const known = members.get(p.id);
      return p.deleted && known !== undefined && !known.deleted;
    })
    .map((p) => p.id);
}

/** The people among `profiles` whom Mailroom knows, active, with a new zone or status. */
function scheduleChangesAmong(
  members: MemberRepository,
  profiles: readonly MemberProfile[],
): string[] {
  return profiles
    .filter((p) => {
      const known = members.get(p.id);
      return (
        known !== undefined &&
        !known.deleted &&
        !p.deleted &&
        (known.timeZone !== p.timeZone ||
          known.slackStatusText !== p.slackStatusText ||
          known.slackStatusEmoji !== p.slackStatusEmoji ||
          known.slackStatusExpiresAt !== p.slackStatusExpiresAt)
      );
    })
    .map((p) => p.id);
}

/** Reads the whole directory page by page (users.list), never one users.info per person. */
export async function syncDirectory(
  deps: DirectoryDeps,
): Promise<{ members: number; pages: number }> {
  let count = 0;
  let pages = 0;
  for await (const page of deps.source.pages()) {
    const leavers = leaversAmong(deps.members, page);
    const changed = deps.onScheduleChanged ? scheduleChangesAmong(deps.members, page) : [];
    deps.members.upsertProfiles(page, deps.clock(), newMemberWindowsOf(deps.appState));
    for (const leaver of leavers) deps.onLeft?.(leaver);
    for (const id of changed) deps.onScheduleChanged?.(id);
    count += page.length;
    pages += 1;
  }
  deps.appState.set(DIRECTORY_SYNCED_AT, String(deps.clock()), deps.clock());
  return { members: count, pages };
}

export function isDirectoryStale(deps: Pick<DirectoryDeps, 'appState'>, now: number): boolean {
  const last = Number(deps.appState.get(DIRECTORY_SYNCED_AT) ?? 0);
  return now - last >= RESYNC_AFTER_MS;
}

/**
 * Applies one person's profile from a user_change or team_join event; true when it tells that
 * someone Mailroom knew as active was deactivated (they left the workspace).
 */
export function applyProfile(
  deps: Pick<DirectoryDeps, 'members' | 'appState' | 'clock'>,
  profile: MemberProfile,
): boolean {
  const left = leaversAmong(deps.members, [profile]).length > 0;
  deps.members.upsertProfiles([profile], deps.clock(), newMemberWindowsOf(deps.appState));
  return left && deps.members.get(profile.id)?.deleted === true;
}
