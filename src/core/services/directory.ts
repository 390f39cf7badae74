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
}

/** Reads the whole directory page by page (users.list), never one users.info per person. */
export async function syncDirectory(
  deps: DirectoryDeps,
): Promise<{ members: number; pages: number }> {
  let count = 0;
  let pages = 0;
  for await (const page of deps.source.pages()) {
    deps.members.upsertProfiles(page, deps.clock(), newMemberWindowsOf(deps.appState));
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

/** Applies one person's profile from a user_change or team_join event. */
export function applyProfile(
  deps: Pick<DirectoryDeps, 'members' | 'appState' | 'clock'>,
  profile: MemberProfile,
): void {
  deps.members.upsertProfiles([profile], deps.clock(), newMemberWindowsOf(deps.appState));
}
