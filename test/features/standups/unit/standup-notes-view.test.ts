import { describe, expect, it } from 'vitest';
import type { StandupNote } from '../../../../src/core/services/standup-notes.js';
import {
  MAX_NOTES_SHOWN,
  standupNotesBlocks,
} from '../../../../src/features/standups/slack/views/messages.js';
import { textOf } from '../../../support/blocks.js';

const note = (patch: Partial<StandupNote> = {}): StandupNote => ({
  title: 'Token endpoint',
  from: { title: 'Partner API', link: 'https://example.slack.com/archives/C1/p1' },
  detail: 'due Thursday 10 Dec · accepted',
  attention: false,
  ...patch,
});

describe('what a standup prompt mentions under its first line', () => {
  it('is nothing when no provider has anything', () => {
    expect(standupNotesBlocks([])).toEqual([]);
    expect(standupNotesBlocks([{ heading: 'Tasks', notes: [], seeAll: 'in Home' }])).toEqual([]);
  });

  it('links what a note belongs to, marks one needing attention, and escapes what people wrote', () => {
    const text = textOf(
      standupNotesBlocks([
        {
          heading: 'Your plan tasks due soon',
          notes: [
            note(),
            note({
              title: 'Ping <!here> & fix',
              from: { title: 'Plan <b>', link: null },
              detail: 'due Friday 11 Dec · blocked',
              attention: true,
            }),
          ],
          seeAll: 'in Home',
        },
      ]),
    );
    expect(text).toBe(
      [
        '*Your plan tasks due soon*',
        '• *Token endpoint* · <https://example.slack.com/archives/C1/p1|Partner API> · due Thursday 10 Dec · accepted',
        '⚠️ *Ping &lt;!here&gt; &amp; fix* · “Plan &lt;b&gt;” · due Friday 11 Dec · blocked',
      ].join('\n'),
    );
  });

  it('shows the first few of a long list and says how many more there are, and where', () => {
    const notes = Array.from({ length: 12 }, (_, i) => note({ title: `Task ${i + 1}` }));
    const blocks = standupNotesBlocks([{ heading: 'Tasks', notes, seeAll: 'in Home' }]);
    expect(blocks).toHaveLength(1);
    const text = textOf(blocks);
    expect(text).toContain(`Task ${MAX_NOTES_SHOWN}*`);
    expect(text).not.toContain(`Task ${MAX_NOTES_SHOWN + 1}*`);
    expect(text).toContain(`…and ${12 - MAX_NOTES_SHOWN} more in Home`);
  });
});
