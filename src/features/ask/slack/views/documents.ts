import type { KnownBlock, ModalView } from '@slack/types';
import type { DocChannel } from '../../../../core/services/documents.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, truncate } from '../../../../core/slack/views/mrkdwn.js';
import type { UpsertStatus } from '../../../../core/store/knowledge-repository.js';
import type { DocumentVisibility } from '../../../../core/store/schema.js';

/** Ids the "Write a doc" modal and its submission handler share. */
export const WRITE_DOC = {
  callbackId: 'write_doc_modal',
  titleBlock: 'write_doc_title',
  titleAction: 'title',
  bodyBlock: 'write_doc_body',
  bodyAction: 'body',
  /** A guest's: which of their channels the doc belongs to. */
  channelBlock: 'write_doc_channel',
  channelAction: 'channel',
} as const;

/** Slack's limits: a plain_text_input holds at most 3,000 characters. */
export const WRITE_DOC_LIMITS = { title: 150, body: 3000 } as const;

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});

/** Slack's limit on a static select's options. */
const MAX_CHANNEL_OPTIONS = 100;

/**
 * The modal the "Write a doc" global shortcut opens. For a guest (`channels` given), it also
 * asks which of their channels the doc belongs to.
 */
export function writeDocModal(channels?: readonly DocChannel[]): ModalView {
  const lead = channels
    ? 'Write down something your channel keeps asking about. As a guest, your doc belongs to one of your channels: only its members can find it with `/ask`.'
    : "Write down something the team keeps asking about. It goes into Mailroom's library, where everyone can find it with `/ask`.";
  const channelInput: KnownBlock[] = channels
    ? [
        {
          type: 'input',
          block_id: WRITE_DOC.channelBlock,
          label: plain('Channel', 2000),
          element: {
            type: 'static_select',
            action_id: WRITE_DOC.channelAction,
            placeholder: plain('Which of your channels is it for?', 150),
            options: channels.slice(0, MAX_CHANNEL_OPTIONS).map((channel) => ({
              text: plain(`#${channel.name ?? channel.id}`, 75),
              value: channel.id,
            })),
          },
        },
      ]
    : [];
  return {
    type: 'modal',
    callback_id: WRITE_DOC.callbackId,
    title: plain('Write a doc', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(lead),
      ...channelInput,
      {
        type: 'input',
        block_id: WRITE_DOC.titleBlock,
        label: plain('Title', 2000),
        element: {
          type: 'plain_text_input',
          action_id: WRITE_DOC.titleAction,
          max_length: WRITE_DOC_LIMITS.title,
          placeholder: plain('How to rotate the staging database password', 150),
        },
      },
      {
        type: 'input',
        block_id: WRITE_DOC.bodyBlock,
        label: plain('Body', 2000),
        element: {
          type: 'plain_text_input',
          action_id: WRITE_DOC.bodyAction,
          multiline: true,
          max_length: WRITE_DOC_LIMITS.body,
          placeholder: plain(
            'The steps, the answer, the links: what you would tell a colleague.',
            150,
          ),
        },
      },
    ],
  };
}

/** What a guest in no channel Mailroom knows sees instead of the form. */
export function noDocChannelModal(message: string): ModalView {
  return {
    type: 'modal',
    callback_id: 'write_doc_refused',
    title: plain('Write a doc', 24),
    close: plain('Close', 24),
    blocks: [section(message)],
  };
}

export interface WrittenDocSummary {
  title: string;
  body: string;
  /** Set for a doc that belongs to a channel (a guest's). */
  channelId: string | null;
}

/** What the modal turns into once the doc is saved. */
export function writtenDocView(doc: WrittenDocSummary): ModalView {
  const preview = doc.body.replace(/\s+/g, ' ').trim();
  return {
    type: 'modal',
    callback_id: 'write_doc_saved',
    title: plain('Doc saved', 24),
    close: plain('Done', 24),
    blocks: [
      section(`Saved *${escapeMrkdwn(truncate(doc.title, WRITE_DOC_LIMITS.title))}* to Mailroom.`),
      context(escapeMrkdwn(truncate(preview, 300))),
      context(
        doc.channelId
          ? `Only members of <#${doc.channelId}> can find it with \`/ask\`.`
          : 'Everyone in the workspace can find it with `/ask`.',
      ),
    ],
  };
}

export interface SavedMessageSummary {
  status: UpsertStatus;
  title: string;
  visibility: DocumentVisibility;
  /** Slack would not say what this conversation is, so the document was kept private to it. */
  channelUnknown: boolean;
  /** Thread replies saved with the message. */
  replyCount: number;
  /** The thread was longer than Mailroom reads; later replies were left out. */
  threadTruncated: boolean;
  permalink: string | null;
}

const LEAD: Record<UpsertStatus, string> = {
  added: 'Saved to Mailroom:',
  updated: 'Updated in Mailroom:',
  unchanged: 'Already in Mailroom, nothing changed:',
};

/** The ephemeral reply to "Save to Mailroom". */
export function savedMessageReply(summary: SavedMessageSummary): Message {
  const title = escapeMrkdwn(truncate(summary.title, 150));
  const replies =
    summary.replyCount === 0
      ? ''
      : ` with ${summary.replyCount} message${summary.replyCount === 1 ? '' : 's'} from its thread`;
  const who =
    summary.visibility === 'public'
      ? 'Everyone in the workspace can find it with `/ask`.'
      : 'Only members of this private conversation can find it.';
  const lines = [`${LEAD[summary.status]} *${title}*${replies}. ${who}`];
  const notes: string[] = [];
  if (summary.channelUnknown) {
    notes.push(
      'I could not look this conversation up in Slack, so I kept the document private to its members.',
    );
  }
  if (summary.threadTruncated) {
    notes.push('The thread is very long: I kept its first replies and left the rest out.');
  }
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (summary.permalink) blocks.push(context(`<${summary.permalink}|View the message in Slack>`));
  for (const note of notes) blocks.push(context(note));
  return { text: [lines[0], ...notes].join('\n'), blocks };
}

/** The reply when the message has no text to keep (a file or an image alone). */
export function nothingToSaveReply(): Message {
  const text =
    'That message has no text, so there is nothing to save: Mailroom keeps words, not files or images on their own. To keep what a file says, write it up with the *Write a doc* shortcut.';
  return { text, blocks: [section(text)] };
}

/**
 * The reply when Mailroom cannot read the message in Slack (it is not in the conversation, the
 * thread is longer than it reads, or Slack's copy has no text): it saves only what it reads.
 */
export function cannotReadMessageReply(channelId: string): Message {
  const text = `Add @Mailroom to <#${channelId}> to save from it: I save only what I can read in Slack, so I saved nothing. A file or an image on its own has no text to save.`;
  return { text, blocks: [section(text)] };
}

/** The reply when Slack has no such message in that conversation. */
export function messageNotFoundReply(): Message {
  const text =
    'I can’t find that message in Slack, so I saved nothing. It may have been deleted; if it is still there, try again.';
  return { text, blocks: [section(text)] };
}
