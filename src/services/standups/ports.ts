import type { QueueItem } from '../../domain/queue.js';
import type { DayTally, Participation } from '../../domain/standup.js';
import type { Standup, StandupEntry } from '../../store/standup-repository.js';

/** An answer as the channel shows it. */
export interface AnswerPost {
  entry: StandupEntry;
  /** The member's name (not a mention: an answer pings nobody). */
  name: string;
  /** Each question with its answer; unanswered questions are left out. */
  answers: { question: string; text: string }[];
  blocker: { text: string; ownerName: string } | null;
  /** Answered after the day's report. */
  late: boolean;
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

/**
 * The standup's Slack side: its channel posts and the rewriting of the DMs the delivery worker
 * sent. Channel posts are few (a daily message, the answers, a report), so they are posted
 * directly; everything addressed to one person is a queue item.
 */
export interface StandupPoster {
  /** The day's message (thread mode), under which the answers go; returns its ts. */
  postDay(standup: Standup, date: string): Promise<string>;
  postAnswer(standup: Standup, threadTs: string, answer: AnswerPost): Promise<string>;
  updateAnswer(standup: Standup, ts: string, answer: AnswerPost): Promise<void>;
  /**
   * The report: in the day's thread with the tally on the daily message (thread mode), or as
   * one summary with every answer (summary mode). `threadTs`: the message late answers go under.
   */
  postReport(
    report: DayReport,
    threadTs: string | null,
  ): Promise<{ reportTs: string; threadTs: string }>;
  /** Rewrites a prompt's (or reminder's) DM so that its buttons say what happened. */
  updatePrompt(item: QueueItem, outcome: PromptOutcome): Promise<void>;
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
