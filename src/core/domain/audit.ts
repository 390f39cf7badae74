import { z } from 'zod';
import { describeWindows } from './hours-text.js';
import { formatDuration } from './time-text.js';
import type { WorkWindow } from './working-hours.js';

/**
 * The audit trail's vocabulary: what is recorded, and who did it. Pure: the store keeps the
 * entries, the services write them, the Slack side says them in words.
 */

export const AUDIT_ACTIONS = [
  'experts.changed',
  'glossary.added',
  'glossary.removed',
  'team_settings.changed',
  'member.exported',
  'member.forgotten',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: a Slack user, or someone at the server's shell (by their OS user name). */
export type AuditActor = { kind: 'slack'; userId: string } | { kind: 'shell'; osUser: string };

const SHELL = 'shell:';

/** How an actor is stored: the Slack user id, or `shell:<OS user>`. */
export function actorKey(actor: AuditActor): string {
  return actor.kind === 'slack' ? actor.userId : `${SHELL}${actor.osUser}`;
}

/** The actor a stored key names. */
export function actorOf(key: string): AuditActor {
  return key.startsWith(SHELL)
    ? { kind: 'shell', osUser: key.slice(SHELL.length) }
    : { kind: 'slack', userId: key };
}

/** A change to record: who made it, what it was, and what it changed from and to. */
export interface NewAuditEntry {
  actor: AuditActor;
  action: AuditAction;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

/** One recorded change, as read back. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: AuditActor;
  action: AuditAction;
  subject: string | null;
  before: unknown;
  after: unknown;
}

/** How many entries `/mailroom audit` shows at once: a Slack message holds them comfortably. */
export const AUDIT_PAGE_SIZE = 15;

/** A page of the trail, newest first: which page, of how many, out of how many entries. */
export interface AuditPage {
  entries: AuditEntry[];
  page: number;
  pages: number;
  total: number;
}

/** The page asked for in `/mailroom audit [page]`: a whole number from 1, or undefined. */
export function auditPageNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(/^page\s+/i, '');
  if (trimmed === '') return 1;
  if (!/^\d{1,6}$/.test(trimmed)) return undefined;
  const page = Number(trimmed);
  return page >= 1 ? page : undefined;
}

const people = z.array(z.string());
const glossaryEntry = z.object({ term: z.string(), expansion: z.string() });
const windows = z.array(
  z.object({ day: z.number(), startMinute: z.number(), endMinute: z.number() }),
);
const teamSettings = z.object({
  newMemberWindows: windows,
  questionDueMs: z.number(),
  awayPassOnMs: z.number(),
});
const counts = z.record(z.string(), z.number());
const exported = z.object({ destination: z.string(), counts });
const forgotten = z.object({ erased: counts, notDeleted: z.number() });

/** One team setting that changed, in words: what it is, and its value before and after. */
export interface SettingChange {
  setting: string;
  before: string;
  after: string;
}

/** What an entry says, checked against its action's shape; `unreadable` when it does not fit. */
export type AuditDetails =
  | {
      kind: 'experts';
      topicKind: 'keyword' | 'channel';
      topic: string;
      before: string[];
      after: string[];
    }
  | { kind: 'glossary'; added: boolean; term: string; expansion: string }
  | { kind: 'team_settings'; changes: SettingChange[] }
  | { kind: 'exported'; memberId: string; destination: string; counts: Record<string, number> }
  | { kind: 'forgotten'; memberId: string; erased: Record<string, number>; notDeleted: number }
  | { kind: 'unreadable' };

const UNREADABLE: AuditDetails = { kind: 'unreadable' };

/** The details of an entry, for saying it in words. */
export function auditDetails(entry: AuditEntry): AuditDetails {
  switch (entry.action) {
    case 'experts.changed': {
      const match = /^(keyword|channel):(.+)$/s.exec(entry.subject ?? '');
      const before = people.safeParse(entry.before);
      const after = people.safeParse(entry.after);
      if (!match || !before.success || !after.success) return UNREADABLE;
      return {
        kind: 'experts',
        topicKind: match[1] as 'keyword' | 'channel',
        topic: match[2] as string,
        before: before.data,
        after: after.data,
      };
    }
    case 'glossary.added':
    case 'glossary.removed': {
      const added = entry.action === 'glossary.added';
      const parsed = glossaryEntry.safeParse(added ? entry.after : entry.before);
      return parsed.success ? { kind: 'glossary', added, ...parsed.data } : UNREADABLE;
    }
    case 'team_settings.changed': {
      const before = teamSettings.safeParse(entry.before);
      const after = teamSettings.safeParse(entry.after);
      if (!before.success || !after.success) return UNREADABLE;
      return { kind: 'team_settings', changes: settingChanges(before.data, after.data) };
    }
    case 'member.exported': {
      const parsed = exported.safeParse(entry.after);
      return parsed.success && entry.subject
        ? { kind: 'exported', memberId: entry.subject, ...parsed.data }
        : UNREADABLE;
    }
    case 'member.forgotten': {
      const parsed = forgotten.safeParse(entry.after);
      return parsed.success && entry.subject
        ? { kind: 'forgotten', memberId: entry.subject, ...parsed.data }
        : UNREADABLE;
    }
  }
}

function settingChanges(
  before: z.output<typeof teamSettings>,
  after: z.output<typeof teamSettings>,
): SettingChange[] {
  const changes: SettingChange[] = [];
  const hoursBefore = describeWindows(before.newMemberWindows as WorkWindow[]);
  const hoursAfter = describeWindows(after.newMemberWindows as WorkWindow[]);
  if (hoursBefore !== hoursAfter) {
    changes.push({ setting: 'new members’ hours', before: hoursBefore, after: hoursAfter });
  }
  if (before.questionDueMs !== after.questionDueMs) {
    changes.push({
      setting: 'reminder and escalation after',
      before: formatDuration(before.questionDueMs),
      after: formatDuration(after.questionDueMs),
    });
  }
  if (before.awayPassOnMs !== after.awayPassOnMs) {
    changes.push({
      setting: 'pass on from someone away after',
      before: formatDuration(before.awayPassOnMs),
      after: formatDuration(after.awayPassOnMs),
    });
  }
  return changes;
}
