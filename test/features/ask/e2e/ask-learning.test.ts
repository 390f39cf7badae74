import { afterEach, describe, expect, it } from 'vitest';
import { wordingKey } from '../../../../src/core/domain/search/learning.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

// Monday 2026-03-09 14:00Z: 10:00 in New York, where Sam works 9-17.
const NOW = '2026-03-09T14:00:00Z';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0NEXT', name: 'next', realName: 'Nia Next', tz: 'Europe/London' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam Ortiz', tz: 'America/New_York' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: users.map((u) => u.id) },
];

const QUESTION = 'Can I expense a taxi home after the late client dinner in Lisbon?';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

interface Reply {
  blocks: unknown;
  all: string;
}

async function slash(harness: Harness, userId: string, command: string, text: string) {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({
    command,
    text,
    userId,
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  return { blocks: reply.body.blocks, all: `${reply.body.text}\n${textOf(reply.body.blocks)}` };
}

/** The "This answers it" buttons of a reply, in the order its documents are shown. */
function answerButtons(reply: Reply): { value: string; blockId: string }[] {
  const found: { value: string; blockId: string }[] = [];
  for (const block of (reply.blocks ?? []) as Record<string, unknown>[]) {
    const accessory = block.accessory as Record<string, unknown> | undefined;
    if (accessory?.action_id === 'ask_this_answers') {
      found.push({ value: String(accessory.value), blockId: String(block.block_id ?? '') });
    }
  }
  return found;
}

const documentOf = (button: { value: string } | undefined) =>
  Number(button?.value.split(':')[1] ?? Number.NaN);

describe('/ask learns from "This answers it"', () => {
  it('shows the page one person confirmed first to the next person asking in the same words', async () => {
    const harness = await startMailroom({ now: NOW, slack: { users, channels } });
    h = harness;
    const { ctx } = harness.mailroom;
    const expenses = ctx.knowledge.upsert(
      {
        title: 'Expense policy',
        body: 'Meals with a client are expensed up to 60 EUR a person. Keep every receipt.',
        source: 'written',
      },
      harness.clock(),
    ).document;
    const lisbon = ctx.knowledge.upsert(
      {
        title: 'Travel in Lisbon',
        body: 'The Lisbon office is near the river; a taxi stand is outside.',
        source: 'written',
      },
      harness.clock(),
    ).document;
    const added = await slash(harness, 'U0ADMIN', '/mailroom', 'experts add expenses <@U0SAM|sam>');
    expect(added.all).toContain('Added');

    const first = await slash(harness, 'U0ASKER', '/ask', QUESTION);
    const shown = answerButtons(first);
    expect(shown.map(documentOf).sort()).toEqual([expenses.id, lisbon.id].sort());
    // The asker says the page shown second answers it.
    const chosenId = documentOf(shown[1]);
    const chosenTitle = chosenId === lisbon.id ? lisbon.title : expenses.title;

    harness.fake.responses.length = 0;
    const chosen = shown[1] as { value: string; blockId: string };
    const clicked = await harness.sender.blockAction({
      userId: 'U0ASKER',
      actionId: 'ask_this_answers',
      value: chosen.value,
      blockId: chosen.blockId,
      channelId: 'C0GENERAL',
    });
    expect(clicked.status).toBe(200);
    const thanks = await harness.fake.waitForResponse();
    expect(textOf(thanks.body.blocks)).toContain(chosenTitle);
    expect(ctx.knowledge.confirmations.forWording(wordingKey(QUESTION))).toEqual([
      { documentId: chosenId, confirmedAt: harness.clock() },
    ]);

    const next = await slash(harness, 'U0NEXT', '/ask', QUESTION);
    expect(next.all).toContain(chosenTitle);
    expect(documentOf(answerButtons(next)[0])).toBe(chosenId);
  });
});
