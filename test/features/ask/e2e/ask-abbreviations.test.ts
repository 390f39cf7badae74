import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../../../support/blocks.js';
import type { FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('/ask reads office abbreviations and the frame of a question', () => {
  it('finds a page written out in full from its abbreviation, and says what it searched for', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    const { ctx } = h.mailroom;
    ctx.knowledge.upsert(
      {
        title: 'Paid time off',
        body: 'Everyone gets 25 days of paid time off a year. Book it in the HR tool two weeks ahead.',
        source: 'written',
      },
      h.clock(),
    );
    ctx.knowledge.upsert(
      {
        title: 'Travel policy',
        body: 'Book flights through the portal; trains for trips under four hours.',
        source: 'written',
      },
      h.clock(),
    );

    const response = await h.sender.slashCommand({
      command: '/ask',
      text: "hey team, what's the policy on PTO?",
      userId: 'U0ASKER',
      channelId: 'C0GENERAL',
    });
    expect(response.status).toBe(200);
    const reply = await h.fake.waitForResponse();
    const shown = `${reply.body.text}\n${textOf(reply.body.blocks)}`;
    expect(shown).toContain(
      'Searched for *hey team what s the policy on PTO (paid time off, time off',
    );
    expect(shown).toContain('*Paid time off*');
    expect(shown).not.toContain('Travel policy');
    expect(h.logs.errors()).toEqual([]);
  });
});
