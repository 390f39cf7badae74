import { describe, expect, it } from 'vitest';
import { stripFormatting, titleFromText } from '../../../../src/core/services/documents.js';
import { slackToPlainText } from '../../../../src/core/slack/plain-text.js';
import {
  nothingToSaveReply,
  type SavedMessageSummary,
  savedMessageReply,
  WRITE_DOC,
  WRITE_DOC_LIMITS,
  writeDocModal,
  writtenDocView,
} from '../../../../src/features/ask/slack/views/documents.js';

const summary: SavedMessageSummary = {
  status: 'added',
  title: 'Deploys',
  visibility: 'public',
  channelUnknown: false,
  replyCount: 0,
  threadTruncated: false,
  permalink: null,
};

/** Every text object in the blocks (section text, context elements). */
function textsOf(blocks: unknown[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (typeof object.text === 'string') found.push(object.text);
      for (const child of Object.values(object)) walk(child);
    }
  };
  walk(blocks);
  return found;
}

describe('savedMessageReply', () => {
  it('escapes & < > in the title, so a title cannot mention or link', () => {
    const reply = savedMessageReply({ ...summary, title: 'Fish & chips <!channel> <@U1> a>b' });
    const all = [reply.text, ...textsOf(reply.blocks)].join('\n');
    expect(all).toContain('Fish &amp; chips &lt;!channel&gt; &lt;@U1&gt; a&gt;b');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U1>');
  });

  it('says who can find it, and whether it was saved or updated', () => {
    expect(savedMessageReply(summary).text).toMatch(/^Saved to Mailroom: \*Deploys\*/);
    expect(savedMessageReply(summary).text).toContain('Everyone in the workspace');
    const updated = savedMessageReply({ ...summary, status: 'updated', visibility: 'channel' });
    expect(updated.text).toMatch(/^Updated in Mailroom/);
    expect(updated.text).toContain('Only members of this private conversation');
    expect(savedMessageReply({ ...summary, replyCount: 2 }).text).toContain(
      'with 2 messages from its thread',
    );
  });

  it('adds a note when the conversation could not be read or the thread was cut', () => {
    const plain = savedMessageReply(summary);
    expect(plain.blocks).toHaveLength(1);
    const noted = savedMessageReply({
      ...summary,
      channelUnknown: true,
      threadTruncated: true,
      permalink: 'https://x.slack.com/archives/C1/p1',
    });
    const all = textsOf(noted.blocks).join('\n');
    expect(all).toContain('kept its first replies');
    expect(all).toContain('could not look this conversation up');
    expect(all).toContain('<https://x.slack.com/archives/C1/p1|View the message in Slack>');
  });

  it('keeps a very long title within the section limit', () => {
    const reply = savedMessageReply({ ...summary, title: 'x'.repeat(5000) });
    for (const text of textsOf(reply.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('explains a message without text', () => {
    expect(nothingToSaveReply().text).toContain('no text');
  });
});

describe('writeDocModal', () => {
  it('is a modal with a title (max 150) and a multiline body (max 3000, Slack’s limit)', () => {
    const modal = writeDocModal();
    expect(modal.callback_id).toBe('write_doc_modal');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.submit?.text).toBeTruthy();
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    expect(inputs).toMatchObject([
      {
        block_id: WRITE_DOC.titleBlock,
        element: { type: 'plain_text_input', action_id: WRITE_DOC.titleAction, max_length: 150 },
      },
      {
        block_id: WRITE_DOC.bodyBlock,
        element: {
          type: 'plain_text_input',
          action_id: WRITE_DOC.bodyAction,
          multiline: true,
          max_length: 3000,
        },
      },
    ]);
    expect(WRITE_DOC_LIMITS).toEqual({ title: 150, body: 3000 });
  });
});

describe('writtenDocView', () => {
  it('escapes the title and body it shows, and stays within limits', () => {
    const view = writtenDocView({
      title: 'R&D <notes>',
      body: `<@U1> & ${'y'.repeat(5000)}`,
      channelId: null,
    });
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit).toBeUndefined();
    const all = textsOf(view.blocks);
    expect(all.join('\n')).toContain('R&amp;D &lt;notes&gt;');
    expect(all.join('\n')).toContain('&lt;@U1&gt; &amp;');
    expect(all.join('\n')).not.toContain('<@U1>');
    for (const text of all) expect(text.length).toBeLessThanOrEqual(3000);
  });
});

describe('message text for documents', () => {
  it('turns Slack markup into plain text', () => {
    const names = (id: string) => (id === 'U1' ? 'alice' : undefined);
    expect(
      slackToPlainText(
        'Ask <@U1> or <@U2> in <#C1|ops>: <https://x.test/a|the runbook>, <https://x.test/b> &amp; <!here> a &lt;b&gt;',
        names,
      ),
    ).toBe('Ask @alice or @U2 in #ops: the runbook, https://x.test/b & @here a <b>');
    expect(slackToPlainText('<mailto:a@b.test|a@b.test> <!subteam^S1|@oncall>')).toBe(
      'a@b.test @oncall',
    );
  });

  it('keeps emphasised words as text, and leaves snake_case alone', () => {
    expect(stripFormatting('*Deploy* _freeze_ ~old~ `make ship` for my_var_name')).toBe(
      'Deploy freeze old make ship for my_var_name',
    );
  });

  it('titles a document with its first line, cut at a word to about 80 characters', () => {
    expect(titleFromText('\n  First   line \nsecond')).toBe('First line');
    const long = titleFromText(`${'word '.repeat(40)}end`);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith('word…')).toBe(true);
    expect(titleFromText('👍\nReal title')).toBe('Real title');
  });
});
