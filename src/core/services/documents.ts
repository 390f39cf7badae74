import { randomUUID } from 'node:crypto';
import { nameOf } from '../domain/member.js';
import type { KnowledgeDocument, UpsertStatus } from '../store/knowledge-repository.js';
import { maySeeDocument, viewerOf } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

/** Ways into the knowledge base: a saved Slack message (with its thread) and a written doc. */

type DocumentsContext = Pick<ServiceContext, 'knowledge' | 'channels' | 'members' | 'clock'>;

export interface ThreadReply {
  /** Who wrote it: a user id (a bot's id when a bot did), or null when Slack did not say. */
  authorId: string | null;
  /** The reply as plain text: Slack's markup read by the caller (core/slack/plain-text.ts). */
  text: string;
}

export interface SaveMessageInput {
  savedBy: string;
  /** The conversation, as the store knows it (the caller learns it from Slack first). */
  channelId: string;
  messageTs: string;
  authorId: string | null;
  /** The message as plain text: Slack's markup read by the caller (core/slack/plain-text.ts). */
  text: string;
  threadReplies: readonly ThreadReply[];
  permalink: string | null;
}

export interface WriteDocumentInput {
  authorId: string;
  title: string;
  body: string;
  /**
   * For a guest: the channel the doc belongs to, from the modal's select (a claim: the caller
   * checks it against Slack's member list first). Ignored for everyone else.
   */
  channelId?: string | null | undefined;
}

/** A channel a guest's doc may belong to. */
export interface DocChannel {
  id: string;
  name: string | null;
}

export interface SavedDocument {
  document: KnowledgeDocument;
  /** `unchanged` when the same message was saved before and nothing in it changed since. */
  status: UpsertStatus;
}

/** A document's title is cut to about this many characters. */
export const MAX_MESSAGE_TITLE = 80;
/** The longest title a written doc may have (the modal enforces it too). */
export const MAX_WRITTEN_TITLE = 150;

const NOT_YOUR_CONVERSATION =
  'I can only save messages from conversations I know you are in. If this is a private channel, invite Mailroom to it (`/invite @Mailroom`) and try again.';

/**
 * Who may save a message from a conversation: whoever may see a document from it (its members;
 * for a public channel, everyone but guests). Returns the visibility such a document gets.
 */
export function authorizeSavingFrom(
  ctx: Pick<ServiceContext, 'channels' | 'members'>,
  userId: string,
  channelId: string,
): KnowledgeDocument['visibility'] {
  const conversation = ctx.channels.get(channelId);
  const visibility =
    conversation && !conversation.isPrivate && !conversation.isIm ? 'public' : 'channel';
  if (!maySeeDocument(ctx, userId, { visibility, channelId })) {
    throw new UserFacingError(NOT_YOUR_CONVERSATION);
  }
  return visibility;
}

/**
 * Saves a Slack message and its thread as a document. Saving the same message again updates
 * that document (its sourceKey is `message:<channel>:<ts>`). A message from a private
 * conversation (or one Mailroom knows nothing about) stays visible to that conversation's
 * members only. Only someone who may see documents from the conversation may save from it:
 * the conversation named in a shortcut is chosen by the sender, so it proves nothing.
 */
export function saveMessageAsDocument(
  ctx: DocumentsContext,
  input: SaveMessageInput,
): SavedDocument {
  const visibility = authorizeSavingFrom(ctx, input.savedBy, input.channelId);
  const nameFor = (userId: string) => {
    const member = ctx.members.get(userId);
    return member ? nameOf(member) : undefined;
  };
  const text = input.text.trim();
  if (text === '') {
    throw new UserFacingError(
      'That message has no text to save: Mailroom keeps words, not files or images on their own.',
    );
  }
  const replies = input.threadReplies
    .map((reply) => ({
      author: authorName(reply.authorId, nameFor),
      text: reply.text.trim(),
    }))
    .filter((reply) => reply.text !== '');
  const body =
    replies.length === 0
      ? text
      : [text, 'Thread:', ...replies.map((reply) => `${reply.author}: ${reply.text}`)].join('\n\n');

  return ctx.knowledge.upsert(
    {
      title: titleFromText(stripFormatting(text)) || 'Saved message',
      body,
      source: 'message',
      sourceKey: `message:${input.channelId}:${input.messageTs}`,
      authorId: input.authorId,
      url: input.permalink,
      channelId: input.channelId,
      visibility,
    },
    ctx.clock(),
  );
}

export const GUEST_WITHOUT_CHANNEL =
  'As a guest, your doc belongs to one of your channels, and I don’t know you are in any yet. Use Mailroom in one of them (such as `/ask` there), then write the doc again.';
const NOT_YOUR_CHANNEL = 'Pick one of your channels for the doc: I don’t know you are in that one.';

/**
 * The channels a guest's doc may belong to: the channels Mailroom knows they are in (not DMs,
 * not archived or deleted ones). Undefined for someone who is not a guest: their docs are for
 * the whole team.
 */
export function docChannelsFor(
  ctx: Pick<ServiceContext, 'channels' | 'members'>,
  userId: string,
): DocChannel[] | undefined {
  const viewer = viewerOf(ctx, userId);
  if (!viewer.isGuest) return undefined;
  return viewer.visibleChannelIds.flatMap((id) => {
    const channel = ctx.channels.get(id);
    if (!channel || channel.isIm || channel.archived || channel.deleted) return [];
    return [{ id, name: channel.name }];
  });
}

/**
 * A document someone wrote in the "Write a doc" modal, never merged with another. A member's is
 * for the whole team; a guest's belongs to one of their channels and is found only by its
 * members. A guest in no channel Mailroom knows is refused.
 */
export function writeDocument(
  ctx: Pick<ServiceContext, 'knowledge' | 'clock' | 'channels' | 'members'>,
  input: WriteDocumentInput,
): SavedDocument {
  const title = input.title.replace(/\s+/g, ' ').trim();
  const body = input.body.trim();
  if (title === '')
    throw new UserFacingError('Give the doc a title, so people can tell what it is about.');
  if (title.length > MAX_WRITTEN_TITLE) {
    throw new UserFacingError(`Keep the title to ${MAX_WRITTEN_TITLE} characters or fewer.`);
  }
  if (body === '') throw new UserFacingError('Write something in the doc: it has no text yet.');
  const channels = docChannelsFor(ctx, input.authorId);
  let place: Pick<KnowledgeDocument, 'visibility' | 'channelId'> = {
    visibility: 'public',
    channelId: null,
  };
  if (channels) {
    if (channels.length === 0) throw new UserFacingError(GUEST_WITHOUT_CHANNEL);
    const channelId = input.channelId;
    if (!channelId || !channels.some((channel) => channel.id === channelId)) {
      throw new UserFacingError(NOT_YOUR_CHANNEL);
    }
    place = { visibility: 'channel', channelId };
  }
  return ctx.knowledge.upsert(
    {
      title,
      body,
      source: 'written',
      sourceKey: `written:${randomUUID()}`,
      authorId: input.authorId,
      ...place,
    },
    ctx.clock(),
  );
}

/** Removes Slack's emphasis markers (`*bold*`, `_italic_`, `~strike~`, `` `code` ``), keeping the words. */
export function stripFormatting(text: string): string {
  return text
    .replace(/```/g, '')
    .replace(/(^|[\s([{"'])([*_~`])(?=\S)([^\n]*?\S)\2(?=$|[\s)\]}.,;:!?"'])/gm, '$1$3');
}

/** The first line with words in it, cut at a word boundary to about MAX_MESSAGE_TITLE characters. */
export function titleFromText(text: string, max = MAX_MESSAGE_TITLE): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .find((l) => /[\p{L}\p{N}]/u.test(l)) ?? '';
  const chars = Array.from(line);
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function authorName(
  authorId: string | null,
  nameFor: (userId: string) => string | undefined,
): string {
  if (authorId === null) return 'Someone';
  return nameFor(authorId) ?? authorId;
}
