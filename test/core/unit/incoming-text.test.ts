import { describe, expect, it } from 'vitest';
import { decodeCommandText } from '../../../src/core/slack/incoming-text.js';
import { questionFromMessage } from '../../../src/features/ask/slack/threads.js';

describe('text as it arrives from Slack', () => {
  it.each([
    ['R&amp;D budget', 'R&D budget'],
    ['a &lt;b&gt; c &amp;amp;', 'a <b> c &amp;'],
    ['experts add <@U0SAM|sam> R&amp;D', 'experts add <@U0SAM|sam> R&D'],
    [
      'in <#C0ENG|eng>, <!here> see <https://x.io/?a=1&amp;b=2|R&amp;D>',
      'in <#C0ENG|eng>, <!here> see <https://x.io/?a=1&amp;b=2|R&amp;D>',
    ],
  ])('a command’s %j is decoded once, Slack’s sequences kept', (sent, read) => {
    expect(decodeCommandText(sent)).toBe(read);
  });

  it('a message’s question is plain text: names for mentions, labels for links, decoded once', () => {
    const members = {
      get: (id: string) =>
        id === 'U0SAM' ? { displayName: 'Sam', realName: 'Sam Stone', name: 'sam' } : undefined,
    };
    const ctx = { members } as unknown as Parameters<typeof questionFromMessage>[0];
    expect(
      questionFromMessage(
        ctx,
        '<@U0BOT> does <@U0SAM> own the R&amp;D &lt;core&gt; budget? <https://x.io|the page> &amp;amp;',
        'U0BOT',
      ),
    ).toBe('does @Sam own the R&D <core> budget? the page &amp;');
  });
});
