import { afterEach, describe, expect, it } from 'vitest';
import { glossaryLexicon } from '../../../../src/core/services/glossary.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function glossary(harness: Harness, userId: string, text: string): Promise<string> {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({
    command: '/mailroom',
    text: `glossary ${text}`.trim(),
    userId,
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

describe('/mailroom glossary', () => {
  it('lets admins add and remove terms, lists them for everyone, and feeds the search lexicon', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    expect(await glossary(h, 'U0ASKER', '')).toContain('The team glossary is empty');

    const added = await glossary(h, 'U0ADMIN', 'add WFH = working from home');
    expect(added).toContain('Added: *WFH* means working from home.');
    await glossary(h, 'U0ADMIN', 'add mtg = meeting');
    const listed = await glossary(h, 'U0ASKER', 'list');
    expect(listed).toContain('*The team glossary* (2 terms)');
    expect(listed).toContain('• *WFH*: working from home');

    const lexicon = glossaryLexicon(h.mailroom.ctx);
    expect(lexicon.expand('wfh')).toEqual([
      { text: 'working from home', origin: 'glossary', weight: 0.8 },
    ]);
    expect(lexicon.expand('working from home').map((w) => w.text)).toEqual(['wfh']);

    const removed = await glossary(h, 'U0ADMIN', 'remove wfh');
    expect(removed).toContain('Removed *WFH* from the glossary.');
    expect(lexicon.expand('wfh')).toEqual([]);
    expect(h.mailroom.ctx.glossary.all().map((r) => r.term)).toEqual(['mtg']);
  });

  it('refuses non-admins and bad entries with a clear message, changing nothing', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    await glossary(h, 'U0ADMIN', 'add WFH = working from home');

    const refused = await glossary(h, 'U0ASKER', 'add PTO = paid time off');
    expect(refused).toContain('Only workspace admins');
    expect(refused).toContain('change the team glossary');
    expect(await glossary(h, 'U0ASKER', 'remove WFH')).toContain('Only workspace admins');

    const cases: [string, string][] = [
      ['add PTO paid time off', 'Say what the term means with `='],
      ['add = paid time off', 'Both sides of `=` are needed'],
      [`add ${'P'.repeat(41)} = paid time off`, 'A term can be up to 40 characters'],
      [`add PTO = ${'p'.repeat(201)}`, 'can be up to 200 characters'],
      ['add working from home = WFH', 'go round in a circle'],
      ['add PTO = pto', 'only repeats the term'],
      ['add wfh = remote work', '“WFH” already means “working from home”'],
      ['remove PTO', '“PTO” is not in the glossary'],
      ['rename WFH', '/mailroom glossary add WFH = working from home'],
    ];
    for (const [text, problem] of cases) {
      expect(await glossary(h, 'U0ADMIN', text), text).toContain(problem);
    }
    expect(h.mailroom.ctx.glossary.all()).toMatchObject([
      { term: 'WFH', expansion: 'working from home' },
    ]);
    expect(h.logs.errors()).toEqual([]);
  });

  it('lets /ask find a page through the glossary, and the typo-corrected words say what it searched for', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    const { ctx } = h.mailroom;
    ctx.knowledge.upsert(
      {
        title: 'Working from home',
        body: 'Anyone may work from home two days a week. Tell your team in #general the day before.',
        source: 'written',
      },
      h.clock(),
    );
    ctx.knowledge.upsert(
      {
        title: 'Invoices',
        body: 'Suppliers send invoices to ap@example.com; you receive the invoice by email within a day.',
        source: 'written',
      },
      h.clock(),
    );
    const ask = async (text: string): Promise<string> => {
      h?.fake.responses.splice(0);
      const response = await h?.sender.slashCommand({
        command: '/ask',
        text,
        userId: 'U0ASKER',
        channelId: 'C0GENERAL',
      });
      expect(response?.status).toBe(200);
      const reply = await h?.fake.waitForResponse();
      return `${reply?.body.text}\n${textOf(reply?.body.blocks)}`;
    };

    expect(await ask('dfh rules?')).not.toContain('Working from home*');
    await glossary(h, 'U0ADMIN', 'add DFH = working from home');
    expect(await ask('dfh rules?')).toContain('*Working from home*');

    const corrected = await ask('how do I recieve teh invoce');
    expect(corrected).toContain('Searched for *how do I receive the invoice*');
    expect(corrected).toContain('*Invoices*');
    expect(h.logs.errors()).toEqual([]);
  });

  it('reads `&`, `<` and `>` in command text once, as Slack escapes them, and shows them once escaped', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    h.mailroom.ctx.knowledge.upsert(
      {
        title: 'R&D budget',
        body: 'The research and development budget is set each quarter by the leads.',
        source: 'written',
      },
      h.clock(),
    );
    // What Slack sends for `/mailroom glossary add R&D = research & development <core>`.
    await glossary(h, 'U0ADMIN', 'add R&amp;D = research &amp; development &lt;core&gt;');
    expect(h.mailroom.ctx.glossary.all()).toMatchObject([
      { term: 'R&D', expansion: 'research & development <core>' },
    ]);
    const listed = await glossary(h, 'U0ASKER', 'list');
    expect(listed).toContain('• *R&amp;D*: research &amp; development &lt;core&gt;');
    expect(listed).not.toContain('&amp;amp;');

    h.fake.responses.splice(0);
    await h.sender.slashCommand({
      command: '/ask',
      text: 'who sets the R&amp;D budget?',
      userId: 'U0ASKER',
      channelId: 'C0GENERAL',
    });
    const reply = await h.fake.waitForResponse();
    const answer = `${reply.body.text}\n${textOf(reply.body.blocks)}`;
    expect(answer).toContain('*R&amp;D budget*');
    expect(h.logs.errors()).toEqual([]);
  });
});
