import { RetentionRows } from './retention-rows.js';

export type {
  MemberSchedule,
  Standup,
  StandupBlocker,
  StandupDay,
  StandupEntry,
  StandupMember,
} from './records.js';

/**
 * Standups, who they ask and when, their days, answers and blockers: what the services receive
 * as `ctx.standups`, with `transaction` to keep a change to several of them whole. Its six
 * sections are one class each, stacked so that the services get one object; none calls
 * another's methods:
 * - standup-rows.ts: the standups, their setup, state and next report;
 * - member-rows.ts: who each standup asks, and when each is asked next;
 * - entry-rows.ts: each member's entry for a date, and its posting in the channel;
 * - day-rows.ts: each standup's days, their thread and report;
 * - blocker-rows.ts: blockers raised in answers;
 * - retention-rows.ts: what the retention settings delete.
 */
export class StandupRepository extends RetentionRows {}
