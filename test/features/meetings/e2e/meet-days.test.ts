import { afterEach, describe, expect, it } from 'vitest';
import { textOf } from '../../../support/blocks.js';
import type { FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

// Monday 9 March 2026, 12:00 UTC.
const NOW = '2026-03-09T12:00:00Z';

const people: FakeUser[] = [
  { id: 'U0ADA', name: 'Ada', realName: 'Ada', tz: 'Europe/London' },
  { id: 'U0LENA', name: 'Lena', realName: 'Lena', tz: 'Europe/Berlin' },
  { id: 'U0KENJI', name: 'Kenji', realName: 'Kenji', tz: 'Asia/Tokyo' },
  { id: 'U0SAM', name: 'Sam', realName: 'Sam', tz: 'America/New_York' },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  h = await startMailroom({
    now: NOW,
    slack: {
      users: people,
      channels: [{ id: 'C0GENERAL', name: 'general', members: people.map((p) => p.id) }],
    },
  });
  return h;
}

const mention = (id: string) => `<@${id}|${id.slice(2).toLowerCase()}>`;

async function meet(harness: Harness, text: string, userId = 'U0ADA') {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({
    command: '/meet',
    text,
    userId,
    channelId: 'C0GENERAL',
  });
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

/** The proposed slots' lines: "1. *Fri 13 Mar 14:00–14:45* for you · …". */
const slotLines = (card: string) => card.split('\n').filter((line) => /^\d\. \*/.test(line));

const meetings = (harness: Harness) =>
  harness.mailroom.ctx.db.$client.prepare('select count(*) as n from meetings').get() as {
    n: number;
  };

describe('/meet: day words', () => {
  it('proposes “tomorrow” on tomorrow only, in the requester’s zone, and shows the day it read', async () => {
    const harness = await start();
    const card = await meet(harness, `coffee with ${mention('U0LENA')} for 90 minutes tomorrow`);
    expect(card).toContain('1 h 30 min · on Tue 10 Mar, your time');
    const lines = slotLines(card);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d\. \*Tue 10 Mar /);
  });

  it('keeps “on Friday” and shows each person’s own day where it differs', async () => {
    const harness = await start();
    // Kenji asks from Tokyo: his Friday is Thursday evening in New York.
    const card = await meet(harness, `coffee with ${mention('U0SAM')} on friday`, 'U0KENJI');
    expect(card).toContain('*coffee*');
    expect(card).toContain('on Fri 13 Mar, your time');
    const lines = slotLines(card);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d\. \*Fri 13 Mar /);
    expect(lines.some((line) => line.includes('Thu ') && line.includes('for Sam'))).toBe(true);
  });

  it('reads a weekday in the title: “Friday drinks” falls on Friday', async () => {
    const harness = await start();
    const card = await meet(harness, `Friday drinks with ${mention('U0LENA')} ${mention('U0SAM')}`);
    expect(card).toContain('*Friday drinks*');
    expect(card).toContain('on Fri 13 Mar, your time');
    const lines = slotLines(card);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d\. \*Fri 13 Mar /);
  });

  it('asks about a date that reads two ways, and stores nothing', async () => {
    const harness = await start();
    const reply = await meet(harness, `roadmap review with ${mention('U0LENA')} on 3/4`);
    expect(reply).toContain('“3/4” could be 3 April or 4 March: write “on 3 Apr” or “on 4 Mar”.');
    expect(meetings(harness).n).toBe(0);
  });

  it('asks which Friday when the title’s weekday falls twice in the window', async () => {
    const harness = await start();
    const reply = await meet(harness, `Friday drinks with ${mention('U0LENA')} next 14 days`);
    expect(reply).toContain('could be Fri 13 Mar or Fri 20 Mar');
    expect(meetings(harness).n).toBe(0);
  });
});

describe('/meet: options that place the burden differently', () => {
  it('offers times that put different people outside their hours, and says who pays in each', async () => {
    const harness = await start();
    const card = await meet(
      harness,
      `coffee with ${mention('U0KENJI')} ${mention('U0SAM')} next week`,
    );
    expect(card).toContain('*Times that place the burden differently*, fairest first');
    const pays = card.split('\n').filter((line) => line.trim().startsWith('_Who pays'));
    expect(pays).toHaveLength(3);
    const who = pays.map((line) =>
      [...line.matchAll(/(\w+) outside their hours/g)]
        .map((m) => m[1])
        .sort()
        .join(),
    );
    expect(new Set(who).size).toBe(3);
    const times = slotLines(card).map((line) => /\d\d:\d\d/.exec(line)?.[0]);
    expect(new Set(times).size).toBe(3);
  });
});
