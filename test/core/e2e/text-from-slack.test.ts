import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../../support/blocks.js';
import type { FakeUser, Json } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';
import { appMentionEvent } from '../../support/slack-requests.js';

/**
 * A message's text arrives with `&`, `<` and `>` escaped and Slack's own sequences as syntax:
 * Mailroom reads it once (a mention's question, a message logged as a decision) and shows it
 * escaped once.
 */
const ADA = 'U0ADA';
const SAM = 'U0SAM';
const users: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  { id: SAM, name: 'sam', realName: 'Sam Stone', tz: 'Europe/London' },
];
const channels = [{ id: 'C0GENERAL', name: 'general', members: [ADA, SAM, 'U0MAILBOT'] }];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('text from a message', () => {
  it('an @mention’s question is stored as written, with people by name', async () => {
    h = await startMailroom({ now: '2026-03-09T10:00:00Z', slack: { users, channels } });
    const text = '<@U0MAILBOT> does <@U0SAM> own the R&amp;D &lt;core&gt; budget?';
    const message = h.fake.seedMessage('C0GENERAL', { user: ADA, text });
    await h.sender.event(
      appMentionEvent({ userId: ADA, channelId: 'C0GENERAL', text, ts: message.ts }),
    );
    const question = await eventually(() => {
      const found = h?.mailroom.ctx.questions.findByMessage('C0GENERAL', message.ts);
      if (!found) throw new Error('not asked yet');
      return found;
    });
    expect(question.text).toBe('does @sam own the R&D <core> budget?');
  });

  it('Log a decision shows the message escaped once', async () => {
    h = await startMailroom({ now: '2026-03-09T10:00:00Z', slack: { users, channels } });
    const message = h.fake.seedMessage('C0GENERAL', {
      user: SAM,
      text: 'R&amp;D &lt;core&gt; wins',
    });
    await h.sender.messageShortcut({
      userId: ADA,
      callbackId: 'log_decision',
      channelId: 'C0GENERAL',
      message: { ts: message.ts, user: SAM, text: message.text },
    });
    const opened = await h.fake.waitForCall('views.open');
    const shown = textOf((opened.args.view as Json).blocks);
    expect(shown).toContain('R&amp;D &lt;core&gt; wins');
    expect(shown).not.toContain('&amp;amp;');
  });
});
