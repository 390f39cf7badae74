import {
  type DocumentAction,
  type DocumentFacts,
  documentVerdict,
  type QueueItemAction,
  queueItemVerdict,
  type Refusal,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../domain/authorization.js';
import type { QueueItem } from '../domain/queue.js';
import type { KnowledgeDocument } from '../store/knowledge-repository.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

/**
 * The authorization rules of domain/authorization.ts with their facts looked up. The facts
 * about conversations come from Slack only (see the rule at the top of domain/authorization.ts):
 * a conversation id a payload names is checked against Slack's member list before it gets here. Every use case
 * that acts on an object named by a request goes through one of the `authorize…` functions, so
 * a forged id is refused the same way whichever listener it came through. Refusals are
 * UserFacingErrors that say nothing about the object (not its text, not who asked it).
 *
 * This file is the kernel: the viewer, the refusal of a missing or hidden object, documents,
 * queue items, conversations and team admins. Each capability looks up the facts of its own
 * kind of object in its services/authorization.ts, through `authorized` and `viewerOf`.
 */

export type ViewerContext = Pick<ServiceContext, 'members' | 'channels'>;
export type FactsContext = Pick<ServiceContext, 'members' | 'channels' | 'queue'>;

/** The person as the rules see them; someone the directory does not know counts as a guest. */
export function viewerOf(ctx: ViewerContext, userId: string): Viewer {
  const member = ctx.members.get(userId);
  return {
    userId,
    isGuest: !member || member.isGuest || member.deleted,
    visibleChannelIds: ctx.channels.channelsOf(userId),
  };
}

/**
 * Everyone in a conversation at once, as one viewer: what Mailroom says there for all to read
 * (an @mention answered in its thread) may show only what every member may see. Through the
 * same rules as a person (documentVerdict and the search SQL), that is documents of this very
 * conversation, and public ones too when no member is a guest. `memberIds` is who is in it,
 * or null when Slack would not say: then it counts as having a guest. Someone the directory
 * does not know (a person from another organisation, say) counts as a guest. No document kept
 * for named people is shown, and nothing from any one member's own channels or DMs.
 */
export function conversationViewerOf(
  ctx: ViewerContext,
  channelId: string,
  memberIds: readonly string[] | null,
): Viewer {
  // A deactivated account reads nothing, so it does not narrow what the others may see.
  const isGuest = (memberId: string) => {
    const member = ctx.members.get(memberId);
    return !member || (member.isGuest && !member.deleted);
  };
  const hasGuest = memberIds === null || memberIds.some(isGuest);
  return {
    userId: `conversation:${channelId}`,
    isGuest: hasGuest,
    visibleChannelIds: [channelId],
  };
}

/**
 * The object a request names, when its rule allows the action; otherwise a UserFacingError in
 * the words `refusal` chooses. A missing object is refused as `unknown`, exactly like one the
 * person may not see, so a refusal never tells the two apart.
 */
export function authorized<T>(
  found: T | undefined,
  verdictOf: (found: T) => Verdict,
  refusal: (refusal: Refusal, found: T | undefined) => string,
): T {
  const verdict: Verdict = found ? verdictOf(found) : { allowed: false, refusal: 'unknown' };
  if (verdict.allowed && found) return found;
  throw new UserFacingError(refusal(verdict.allowed ? 'unknown' : verdict.refusal, found));
}

/**
 * The queue item, if `userId` may take `action` on it; otherwise a refusal that names no more
 * than `noun` ("that", "that question").
 */
export function ownItem(
  ctx: FactsContext,
  userId: string,
  itemId: number,
  action: Exclude<QueueItemAction, 'see'>,
  noun: string,
): QueueItem {
  return authorized(
    ctx.queue.get(itemId),
    (item) => queueItemVerdict(viewerOf(ctx, userId), item, action),
    (refusal) =>
      refusal === 'settled'
        ? `${noun.charAt(0).toUpperCase()}${noun.slice(1)} is no longer in your queue.`
        : `I can’t find ${noun} in your queue.`,
  );
}

/** An item of any kind in `userId`'s own queue that still takes `action` (snooze, done). */
export function authorizeOwnItem(
  ctx: FactsContext,
  userId: string,
  itemId: number,
  action: 'snooze' | 'done',
): QueueItem {
  return ownItem(ctx, userId, itemId, action, 'that');
}

/** The document, if `userId` may see it; otherwise the same answer as for a missing one. */
export function authorizeDocument(
  ctx: ViewerContext & Pick<ServiceContext, 'knowledge'>,
  userId: string,
  documentId: number,
  action: DocumentAction,
): KnowledgeDocument {
  const document = ctx.knowledge.get(documentId);
  if (
    !document ||
    !documentVerdict(viewerOf(ctx, userId), documentFactsOf(ctx, document), action).allowed
  ) {
    throw new UserFacingError('I can’t find that document; it may have been removed.');
  }
  return document;
}

/** A document as its rule sees it: who may read it, when it is for named people. */
export function documentFactsOf(
  ctx: Pick<ServiceContext, 'knowledge'>,
  document: KnowledgeDocument,
): DocumentFacts {
  return {
    visibility: document.visibility,
    channelId: document.channelId,
    readerIds: document.visibility === 'people' ? ctx.knowledge.readersOf(document.id) : [],
  };
}

/** Whether `userId` may see a document with these facts (one not written yet, say). */
export function maySeeDocument(ctx: ViewerContext, userId: string, facts: DocumentFacts): boolean {
  return documentVerdict(viewerOf(ctx, userId), facts, 'see').allowed;
}

/** Whether `userId` may see what comes from the conversation (listed as a topic, say). */
export function maySeeConversation(ctx: ViewerContext, userId: string, channelId: string): boolean {
  const channel = ctx.channels.get(channelId);
  const isPublic = channel !== undefined && !channel.isPrivate && !channel.isIm;
  return seesConversation(viewerOf(ctx, userId), channelId, isPublic);
}

/** Slack admins and owners, and the people named in MAILROOM_ADMINS: they change team settings. */
export function isTeamAdmin(ctx: Pick<ServiceContext, 'members' | 'settings'>, userId: string) {
  const member = ctx.members.get(userId);
  return Boolean(member?.isAdmin && !member.deleted) || ctx.settings.admins.includes(userId);
}

/** Refuses anyone but a team admin, saying what only admins may do (`purpose`). */
export function requireAdmin(
  ctx: Pick<ServiceContext, 'members' | 'settings'>,
  userId: string,
  purpose: string,
): void {
  if (isTeamAdmin(ctx, userId)) return;
  throw new UserFacingError(
    `Only workspace admins (or people listed in MAILROOM_ADMINS) can ${purpose}.`,
  );
}
