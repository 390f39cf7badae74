import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importMarkdownFolder } from '../../../../src/core/services/knowledge.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

const NOW = '2026-03-09T14:00:00Z';
const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
];
const channels: FakeChannel[] = [{ id: 'C0GENERAL', name: 'general', members: ['U0ASKER'] }];

function padding(topic: string): string {
  return Array.from(
    { length: 4 },
    (_, i) =>
      `The ${topic} team keeps notes number ${i + 1} in the shared folder and reviews them every quarter with everyone involved.`,
  ).join(' ');
}

function longPage(title: string, sections: [string, string][], topic: string): string {
  return [
    `# ${title}`,
    '',
    ...sections.map(([heading, text]) => `## ${heading}\n\n${text} ${padding(topic)}\n`),
  ].join('\n');
}

let h: Harness | undefined;
let folder: string | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

async function handbook(): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users, channels } });
  folder = mkdtempSync(join(tmpdir(), 'mailroom-handbook-'));
  writeFileSync(
    join(folder, 'time-off.md'),
    longPage(
      'Time off',
      [
        ['Vacation', 'Everyone gets twenty five vacation days a year, booked in the calendar.'],
        [
          'Parental leave',
          'New parents take sixteen weeks of paid parental leave. It starts any time in the first year after the birth or adoption.',
        ],
        ['Sick days', 'Tell your manager before ten when you are sick; no doctor note is needed.'],
      ],
      'people',
    ),
  );
  writeFileSync(
    join(folder, 'events.md'),
    longPage(
      'Company events',
      [
        ['Films', 'Films for the offsite are chosen with parental guidance ratings in mind.'],
        ['Travel', 'Book travel three weeks ahead through the travel desk.'],
        ['Offboarding', 'When you leave the company, return your laptop and badge.'],
      ],
      'events',
    ),
  );
  const short: [string, string][] = [
    ['printer', 'The printer is on floor 3; badge in to print.'],
    ['expenses', 'Submit receipts within thirty days in the expenses tool.'],
    ['laptops', 'Order a laptop through the IT portal; it ships in a week.'],
    ['wifi', 'The guest network password is on the board by reception.'],
    ['payroll', 'Salaries are paid on the last working day of the month.'],
    ['lunch', 'Lunch is served at noon on Tuesdays and Thursdays.'],
  ];
  for (const [name, text] of short)
    writeFileSync(join(folder, `${name}.md`), `# ${name}\n\n${text}`);
  await importMarkdownFolder(
    {
      knowledge: h.mailroom.ctx.knowledge,
      clock: h.clock,
      baseUrl: 'https://handbook.example/handbook',
    },
    folder,
  );
  return h;
}

async function ask(harness: Harness, text: string) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({
    command: '/ask',
    text,
    userId: 'U0ASKER',
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return { text: String(reply.body.text), all: `${reply.body.text}\n${textOf(reply.body.blocks)}` };
}

describe('/ask on long pages', () => {
  it('answers from the section that holds the answer, linked to its heading', async () => {
    const harness = await handbook();
    const reply = await ask(harness, 'weeks of parental leave for new parents?');
    expect(reply.all).toContain('The team already wrote about this');
    expect(reply.all).toContain(
      '<https://handbook.example/handbook/time-off|Time off> › <https://handbook.example/handbook/time-off#parental-leave|Parental leave>',
    );
    // The answer is the section's opening, cut after a sentence, not the page's start.
    expect(reply.all).toContain(
      'New parents take sixteen weeks of paid parental leave. It starts any time in the first year after the birth or adoption.',
    );
    expect(reply.all).not.toContain('Everyone gets twenty five vacation days');
  });

  it('lists the section that matched, with its heading path and link, when the words are scattered', async () => {
    const harness = await handbook();
    const reply = await ask(harness, 'guidance on travel when you leave?');
    expect(reply.all).not.toContain('The team already wrote about this');
    expect(reply.all).toContain(
      '<https://handbook.example/handbook/events|Company events> › <https://handbook.example/handbook/events#travel|Travel>',
    );
    expect(reply.all).toContain('Book *travel* three weeks ahead');
  });
});
