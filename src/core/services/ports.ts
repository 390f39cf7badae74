import type { Member, MemberProfile } from '../domain/member.js';
import type { ClaimedItem, QueueItem } from '../domain/queue.js';

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
  /** When the item was first claimed: the message carries it, so recovery can tell it apart. */
  firstClaimedAt: number;
}

/** An item whose outcome was lost, to look for in the recipient's conversation. */
export interface InterruptedItem {
  item: QueueItem;
  firstClaimedAt: number;
}

/** Where a post item goes: a conversation (a user id for their DM), in a thread when `threadTs` is set. */
export interface PostTarget {
  channelId: string;
  threadTs?: string;
}

/** Sends queue items to people and posts into conversations. Implemented over the Slack Web API. */
export interface Messenger {
  deliver(item: QueueItem, context: DeliveryContext): Promise<PostedMessage>;
  /** One message for several items (a digest); its metadata names every item it carries. */
  deliverDigest(items: ClaimedItem[], context: DeliveryContext): Promise<PostedMessage>;
  /**
   * Reads the recipient's DM once, from the earliest first claim on, and returns the messages
   * already posted for any of `items`, by item id.
   */
  findDelivered(recipient: Member, items: InterruptedItem[]): Promise<Map<number, PostedMessage>>;
  /** Posts a `post` item where it goes, with the metadata that lets `findPosted` find it again. */
  post(item: ClaimedItem, target: PostTarget): Promise<PostedMessage>;
  /**
   * Reads the target conversation (or thread) once, from the earliest first claim on, and
   * returns the messages already posted for any of `items`, by item id.
   */
  findPosted(target: PostTarget, items: InterruptedItem[]): Promise<Map<number, PostedMessage>>;
  /** Resolves when Slack accepts Mailroom's token again; throws a DeliveryError otherwise. */
  checkToken(): Promise<void>;
}

/**
 * Why a call to Slack failed, as the delivery worker must act on it:
 * - `unreachable`: the recipient can never get it (deactivated, no such user); give up.
 * - `token`: Slack refuses Mailroom's own token (uninstalled, revoked, rotated); pause.
 * - `rate-limited`: wait `retryAfterMs`, then try again; not a failed attempt.
 * - `not-sent`: a transient failure before Slack took the message; try again later.
 * - `in-doubt`: Slack may have posted it (a timeout, a broken connection, a 5xx); look first.
 */
export type DeliveryFailure = 'unreachable' | 'token' | 'rate-limited' | 'not-sent' | 'in-doubt';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly failure: DeliveryFailure,
    readonly details: { code?: string; retryAfterMs?: number } = {},
    /** What failed underneath (the Web API's error), kept for the log line. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DeliveryError';
  }

  /** Trying again cannot help. */
  get permanent(): boolean {
    return this.failure === 'unreachable';
  }
}
