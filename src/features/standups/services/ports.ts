import { z } from 'zod';
import type { QueueItem } from '../../../core/domain/queue.js';
import type { AnswerTiming, DayTally, Participation } from '../domain/standup.js';
import type { Standup, StandupEntry } from '../store/standup-repository.js';

/** An answer as the channel shows it. */
export interface AnswerPost {
  entry: StandupEntry;
  /** The member's name (not a mention: an answer pings nobody). */
  name: string;
  /** Each question with its answer; unanswered questions are left out. */
  answers: { question: string; text: string }[];
  blocker: { text: string; ownerName: string } | null;
  /** Given ahead, on time, late (after the report), or after a report that came before the prompt. */
  timing: AnswerTiming;
}

/** A day's report: who did what, the open blockers, and the last four weeks. */
export interface DayReport {
  standup: Standup;
  date: string;
  /** Everyone named in it, by id. */
  names: Map<string, string>;
  tally: DayTally;
  openBlockers: { text: string; fromId: string; ownerId: string; since: string }[];
  participation: Participation[];
  /** The answers themselves, for a summary (empty in thread mode: they are in the thread). */
  answers: AnswerPost[];
}

/** What became of a prompt, for rewriting the DM that asked it. */
export type PromptOutcome =
  | { kind: 'answered'; standup: Standup; entry: StandupEntry; nextDate: string | null }
  | { kind: 'skipped'; standup: Standup; entry: StandupEntry }
  | { kind: 'away'; standup: Standup; entry: StandupEntry; backOn: string }
  | { kind: 'closed'; standup: Standup; entry: StandupEntry };

/** Where a standup post goes under: a message already posted, or one queued (by its key). */
export type StandupThread = { ts: string } | { key: string };

/** What a standup's channel post is, for recording its ts once the delivery worker posted it. */
export const standupPostPurposeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standup_day'), standupId: z.number(), date: z.string() }),
  z.object({ kind: z.literal('standup_answer'), entryId: z.number(), postDueAt: z.number() }),
  z.object({
    kind: z.literal('standup_report'),
    standupId: z.number(),
    date: z.string(),
    startsThread: z.boolean(),
  }),
]);
export type StandupPostPurpose = z.infer<typeof standupPostPurposeSchema>;

/**
 * The standup's Slack side: its channel posts, queued for the delivery worker (each posted
 * exactly once, a reply after the message it goes under), and the rewriting of messages already
 * posted. Everything addressed to one person is a queue item of its own kind.
 */
export interface StandupPoster {
  /**
   * Queues the day's message (thread mode), under which the answers go; returns where they go.
   * With `report`, it carries the day's tally already (the report comes before any answer).
   */
  queueDay(standup: Standup, date: string, report?: DayReport): StandupThread;
  /** Queues an answer's first post; false when it was queued already. */
  queueAnswer(standup: Standup, thread: StandupThread, answer: AnswerPost): boolean;
  updateAnswer(standup: Standup, ts: string, answer: AnswerPost): Promise<void>;
  /**
   * Queues the report: in the day's thread (thread mode), or as one summary with every answer
   * in its own thread (summary mode), which late answers then join.
   */
  queueReport(report: DayReport, thread: StandupThread | null): void;
  /** Rewrites the posted report (its first message) after a late answer changed the day. */
  updateReport(report: DayReport, ts: string): Promise<void>;
  /** Puts the day's tally on its posted daily message (thread mode). */
  updateDay(report: DayReport, ts: string): Promise<void>;
  /** Rewrites a prompt's (or reminder's) DM so that its buttons say what happened. */
  updatePrompt(item: QueueItem, outcome: PromptOutcome): Promise<void>;
  /** How the standups' notices name people and channels. */
  readonly texts: StandupTexts;
}

/**
 * What the standup's services tell people that names someone or a channel: worded on the Slack
 * side (slack/views/texts.ts), where Slack's mentions are written.
 */
export interface StandupTexts {
  /** Mailroom must be in the standup's channel to post there. */
  mailroomNotInChannel(channelId: string): string;
  /** People picked for a standup who are not in its channel. */
  notInChannel(memberIds: readonly string[]): string;
  /** A blocker sent to someone who cannot take one: no longer in the team, or a bot. */
  cannotTakeBlockers(memberId: string): string;
  /** A blocker sent to someone who cannot see the standup's channel. */
  cannotSeeStandup(memberId: string, channelId: string): string;
  /** The person a blocker held up hears who resolved it. */
  blockerResolved(resolverId: string, channelId: string): string;
  /** Its owner hears that the standup paused because its channel no longer takes posts. */
  pausedForChannel(channelId: string, reason: string): string;
}

/** The standup's channel can no longer be posted in: archived, deleted, or Mailroom removed. */
export class StandupChannelGone extends Error {
  constructor(
    readonly code: string,
    message = `the standup's channel cannot be posted in (${code})`,
  ) {
    super(message);
    this.name = 'StandupChannelGone';
  }
}
