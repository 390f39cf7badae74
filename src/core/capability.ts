import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Away } from './domain/member.js';
import type { QueueItem, QueueItemKind } from './domain/queue.js';
import type { Logger, PostedMessage } from './services/ports.js';
import type { Message } from './slack/views/blocks.js';
import type { ItemDescription, QueueItemRenderer } from './slack/views/queue-item-message.js';

/**
 * What one capability (ask, decisions, standups, meetings, home) adds to Mailroom. Each builds
 * its own in `features/<capability>/index.ts`; `app.ts` composes them, and the core reaches a
 * capability only through what it registers here, never by importing it.
 */
export interface Capability {
  readonly name: string;
  /** Its Slack listeners: commands, shortcuts, buttons, modals, events. */
  listen?(app: App): void;
  /** How each of its queue-item kinds looks in its recipient's DM. */
  renderers?: Partial<Record<QueueItemKind, QueueItemRenderer>>;
  /** One line on the Home tab and in a digest for each of its kinds; undefined for other kinds. */
  describe?(item: QueueItem): ItemDescription | undefined;
  /** Its sections of a person's Home tab. */
  home?: HomeSection[];
  /** Lines of `/mailroom help`. */
  helpLines?: readonly string[];
  /** Its `/mailroom <word>` subcommands. */
  mailroomCommands?: Record<string, MailroomSubcommand>;
  /** What it does once a minute; what it returns joins the tick's report. */
  tick?(run: TickRun): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The delivery worker's news about items and posts of this capability. */
  delivery?: DeliveryHooks;
}

/** One section of the Home tab: after the person's queue, or in the admins' part below it. */
export interface HomeSection {
  place: 'after_queue' | 'admins';
  /** Blocks for this person, with times in their zone; none when there is nothing to show. */
  blocks(userId: string, zone: string): KnownBlock[];
}

/** `/mailroom <word> …`: what the person wrote after the word; the reply is theirs alone. */
export type MailroomSubcommand = (request: {
  userId: string;
  args: string;
  client: WebClient;
}) => Promise<Message> | Message;

export interface TickRun {
  /** False while Slack refuses Mailroom's token: nobody can be reminded or posted to. */
  delivering: boolean;
  /** Wakes the delivery worker (for work that queues in batches). */
  wake(): void;
  /** Starts work that waits on Slack beside the tick, one run per name at a time. */
  background(name: string, work: () => Promise<unknown>): void;
}

export interface DeliveryHooks {
  /** A message is in Slack (a post's purpose, a decision's message to keep current). */
  onPosted?(item: QueueItem, posted: PostedMessage): void;
  /** Slack refused an item for good (a post's conversation is gone, a DM cannot be opened). */
  onUndeliverable?(item: QueueItem, reason: string): Promise<void> | void;
  /** Its recipient is away: what the capability does with the item meanwhile. */
  onAway?(item: QueueItem, away: Away): Promise<void> | void;
}

/** Publishes a person's Home tab after a click there; the home capability provides it. */
export type PublishHome = (client: WebClient, userId: string) => Promise<void>;

/** What app.ts gives each capability it builds. */
export interface CapabilityDeps {
  /** Mailroom's own Web API client for calls outside listeners: retried, and it posts nothing. */
  client: WebClient;
  /**
   * The same, making each call once and handing a 429 back: for calls a blind retry could make
   * twice (creating something in Slack). The caller owns the pace, and looks before it retries.
   */
  onceClient: WebClient;
  publishHome: PublishHome;
}

/**
 * Tells each capability the worker's news, in order, each on its own: one failing (thrown or
 * rejected) is logged and never keeps the news from the others.
 */
export async function tellEach(
  capabilities: readonly Capability[],
  logger: Pick<Logger, 'error'>,
  what: string,
  hear: (hooks: DeliveryHooks) => unknown,
): Promise<void> {
  for (const capability of capabilities) {
    if (!capability.delivery) continue;
    try {
      await hear(capability.delivery);
    } catch (error) {
      logger.error(`the ${capability.name} capability failed on ${what}`, error);
    }
  }
}
