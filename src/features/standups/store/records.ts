import type { ReminderChoice, StandupConfig, StandupState } from '../domain/standup.js';
import type {
  standupBlockers,
  standupDays,
  standupEntries,
  standupMembers,
  standups,
} from './schema.js';

/**
 * A standup, its members, entries, days and blockers as the store returns them, and the mapping
 * between a standup's setup and its row.
 */

/** A standup as stored: its setup (the people picked are its members), state and next report. */
export type Standup = Omit<StandupConfig, 'chosenMemberIds'> & {
  id: number;
  channelId: string;
  ownerId: string;
  state: StandupState;
  pausedReason: string | null;
  nextReportAt: number | null;
  nextReportDate: string | null;
  createdAt: number;
  updatedAt: number;
};

export type StandupMember = typeof standupMembers.$inferSelect;
export type StandupEntry = typeof standupEntries.$inferSelect;
export type StandupDay = typeof standupDays.$inferSelect;
export type StandupBlocker = typeof standupBlockers.$inferSelect;

export interface MemberSchedule {
  nextPromptAt: number | null;
  nextPromptDate: string | null;
  scheduledZone: string | null;
}

type StandupRow = typeof standups.$inferSelect;

export function toStandup(row: StandupRow): Standup {
  return { ...row, reminderAfterMinutes: row.reminderAfterMinutes as ReminderChoice };
}

export function configColumns(config: StandupConfig) {
  const { chosenMemberIds: _chosen, days, questions, ...columns } = config;
  return { ...columns, days: [...days], questions: [...questions] };
}
