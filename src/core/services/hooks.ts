import type { QueueItem } from '../domain/queue.js';
import type { Review } from '../domain/review.js';
import type { DecisionLog } from './decision-log.js';
import type { OwnershipSubject } from './ownership-subject.js';
import type { ReviewSubject } from './review-subject.js';
import type { StandupNoteProvider } from './standup-notes.js';

/** Why Mailroom can no longer post in a conversation, as Slack said it. */
export type ConversationGone = 'not_in_channel' | 'is_archived' | 'channel_not_found';

/**
 * What the core tells the capabilities about people and conversations. A capability registers
 * its handlers when the context is built (src/context.ts), so the core never imports it: when
 * someone's hours change, the core moves their queue and the standups move their prompts.
 */
export class Hooks {
  private readonly schedule: ((userId: string) => void)[] = [];
  private readonly left: ((userId: string) => void)[] = [];
  private readonly members: ((channelId: string) => void)[] = [];
  private readonly gone: ((channelId: string, why: ConversationGone) => Promise<void>)[] = [];
  private readonly subjects = new Map<string, ReviewSubject>();
  private readonly owned = new Map<string, OwnershipSubject>();
  private readonly closed: ((review: Review, delivered: readonly QueueItem[]) => void)[] = [];
  private decisions: DecisionLog | undefined;
  private readonly linked: ((decisionId: number) => void)[] = [];
  private readonly notes = new Map<string, StandupNoteProvider>();

  /** Someone's hours, time zone or away changed (in Mailroom or in Slack). */
  onScheduleChanged(handler: (userId: string) => void): void {
    this.schedule.push(handler);
  }

  /**
   * Someone Mailroom knew as active was deactivated (a user_change, or the daily directory walk):
   * what waits on them goes to someone else.
   */
  onMemberLeft(handler: (userId: string) => void): void {
    this.left.push(handler);
  }

  memberLeft(userId: string): void {
    for (const handler of this.left) handler(userId);
  }

  /** Who is in a conversation Mailroom knows changed. */
  onMembersChanged(handler: (channelId: string) => void): void {
    this.members.push(handler);
  }

  /** Mailroom can no longer post in a conversation: it left, or it was archived or deleted. */
  onConversationGone(handler: (channelId: string, why: ConversationGone) => Promise<void>): void {
    this.gone.push(handler);
  }

  /** The decision log (see decision-log.ts): registered once, by the decisions capability. */
  onDecisionLog(log: DecisionLog): void {
    if (this.decisions) throw new Error('The decision log is already registered');
    this.decisions = log;
  }

  /** A decision's message was posted and has its link: what links to it can show it. */
  onDecisionLinked(handler: (decisionId: number) => void): void {
    this.linked.push(handler);
  }

  decisionLinked(decisionId: number): void {
    for (const handler of this.linked) handler(decisionId);
  }

  /** The decision log, when the decisions capability is there. */
  decisionLog(): DecisionLog | undefined {
    return this.decisions;
  }

  /** What a capability has mentioned in standup prompts (see standup-notes.ts): one per kind. */
  onStandupNotes(provider: StandupNoteProvider): void {
    if (this.notes.has(provider.kind)) {
      throw new Error(`Standup notes of ${provider.kind} are already registered`);
    }
    this.notes.set(provider.kind, provider);
  }

  /** Every provider of standup notes, in the order they were registered. */
  standupNoteProviders(): StandupNoteProvider[] {
    return [...this.notes.values()];
  }

  /** A capability whose objects are reviewed (see review-subject.ts): one per kind of object. */
  onReview(subject: ReviewSubject): void {
    if (this.subjects.has(subject.kind)) {
      throw new Error(`Reviews of ${subject.kind} are already registered`);
    }
    this.subjects.set(subject.kind, subject);
  }

  /** The capability that owns objects of `kind`, when one registered. */
  reviewSubject(kind: string): ReviewSubject | undefined {
    return this.subjects.get(kind);
  }

  /** A capability whose objects have owners (see ownership-subject.ts): one per kind of object. */
  onOwnership(subject: OwnershipSubject): void {
    if (this.owned.has(subject.kind)) {
      throw new Error(`Owners of ${subject.kind} are already registered`);
    }
    this.owned.set(subject.kind, subject);
  }

  ownershipSubject(kind: string): OwnershipSubject | undefined {
    return this.owned.get(kind);
  }

  ownershipSubjects(): OwnershipSubject[] {
    return [...this.owned.values()];
  }

  /** A review was closed without being accepted: its cards already in DMs should say so. */
  onReviewClosed(handler: (review: Review, delivered: readonly QueueItem[]) => void): void {
    this.closed.push(handler);
  }

  reviewClosed(review: Review, delivered: readonly QueueItem[]): void {
    for (const handler of this.closed) handler(review, delivered);
  }

  scheduleChanged(userId: string): void {
    for (const handler of this.schedule) handler(userId);
  }

  membersChanged(channelId: string): void {
    for (const handler of this.members) handler(channelId);
  }

  async conversationGone(channelId: string, why: ConversationGone): Promise<void> {
    for (const handler of this.gone) await handler(channelId, why);
  }
}
