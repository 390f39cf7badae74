import type { Member, MemberProfile } from '../domain/member.js';
import type { QueueItem } from '../domain/queue.js';

/** The current instant in UTC epoch milliseconds. Injected so tests control time. */
export type Clock = () => number;

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Pages of people as Slack describes them (users.list). */
export interface DirectorySource {
  pages(): AsyncIterable<MemberProfile[]>;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface DeliveryContext {
  recipient: Member;
  /** Slack has no time zone for the recipient; the team default was used. */
  usesDefaultTimeZone: boolean;
  defaultTimeZone: string;
}

/** Sends queue items to people. Implemented over the Slack Web API. */
export interface Messenger {
  deliver(item: QueueItem, context: DeliveryContext): Promise<PostedMessage>;
  /** Looks in the recipient's DM for a message already posted for this item since `since`. */
  findDelivered(item: QueueItem, recipient: Member, since: number): Promise<PostedMessage | null>;
}

/** A delivery that failed; `permanent` when trying again cannot help (no such user, deactivated). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
