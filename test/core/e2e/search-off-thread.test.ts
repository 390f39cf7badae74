import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../src/core/services/errors.js';
import {
  type KnowledgeSearch,
  type KnowledgeSearchResult,
  searchKnowledge,
} from '../../../src/core/services/knowledge.js';
import { SEARCH_INTERRUPTED } from '../../../src/core/services/search/pool.js';
import { BUSY_NOTICE } from '../../../src/core/slack/reply.js';
import type { FakeChannel, FakeUser } from '../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../support/harness.js';

const NOW = '2026-03-09T14:00:00Z';
const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0OTHER', name: 'other', realName: 'Oli Other', tz: 'Europe/London' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [...users.map((u) => u.id), 'U0MAILBOT'] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A promise the test resolves itself. */
function latch<T = void>() {
  let open: (value: T) => void = () => {};
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/**
 * A search port whose searches for words containing "slow" wait for `release`, telling
 * `started` when one began; `delay` makes them report that they wait for room first.
 */
function heldSearch(options: { delay?: boolean; fail?: Error } = {}) {
  const started = latch<string>();
  const release = latch();
  let harness: Harness | undefined;
  const search: KnowledgeSearch = async (viewer, text, limit, searchOptions, waiting) => {
    const inThread = (): KnowledgeSearchResult =>
      searchKnowledge((harness as Harness).mailroom.ctx, viewer, text, limit, searchOptions);
    if (!text.includes('slow')) return inThread();
    if (options.delay) waiting?.onDelayed?.();
    started.open(text);
    await release.opened;
    if (options.fail) throw options.fail;
    return inThread();
  };
  return {
    search,
    started: started.opened,
    release: () => release.open(),
    attach: (started: Harness) => {
      harness = started;
    },
  };
}

async function start(search?: KnowledgeSearch, env: Record<string, string> = {}) {
  h = await startMailroom({
    now: NOW,
    slack: { users, channels },
    env,
    ...(search ? { search } : {}),
  });
  return h;
}

function writeDoc(harness: Harness, title: string, body: string) {
  harness.mailroom.ctx.knowledge.upsert(
    { title, body, source: 'written', sourceKey: title, visibility: 'public' },
    harness.mailroom.ctx.clock(),
  );
}

const slash = (harness: Harness, userId: string, command: string, text: string) =>
  harness.sender.slashCommand({ command, text, userId, channelId: 'C0GENERAL' });

describe('searches off the event loop', () => {
  it('a slow search never delays another request’s acknowledgement or reply', async () => {
    const held = heldSearch();
    const harness = await start(held.search);
    held.attach(harness);
    writeDoc(harness, 'Invoices', 'Invoices are paid twice a month by finance.');

    const first = await slash(harness, 'U0ASKER', '/ask', 'slow: when are invoices paid?');
    expect(first.status).toBe(200);
    expect(await held.started).toBe('slow: when are invoices paid?');
    // The question was stored before its search began: nothing typed is lost.
    expect(harness.mailroom.ctx.questions.get(1)?.text).toBe('slow: when are invoices paid?');

    // While it searches, others are acknowledged and answered.
    const help = await slash(harness, 'U0OTHER', '/mailroom', 'help');
    expect(help.status).toBe(200);
    const second = await slash(harness, 'U0OTHER', '/ask', 'when are invoices paid?');
    expect(second.status).toBe(200);
    const answered = await harness.fake.waitForResponse((r) =>
      JSON.stringify(r.body).includes('Invoices'),
    );
    expect(harness.fake.responses).toHaveLength(2);
    expect(answered.body.text).not.toContain('slow');

    held.release();
    const late = await harness.fake.waitForResponse(
      (r) => r !== answered && JSON.stringify(r.body).includes('Invoices'),
    );
    expect(late.url).not.toBe(answered.url);
  });

  it('when the search must wait for room, says the answer follows, then gives it through the same response_url', async () => {
    const held = heldSearch({ delay: true });
    const harness = await start(held.search);
    held.attach(harness);
    writeDoc(harness, 'Invoices', 'Invoices are paid twice a month by finance.');

    const response = await slash(harness, 'U0ASKER', '/ask', 'slow: when are invoices paid?');
    expect(response.status).toBe(200);
    const busy = await harness.fake.waitForResponse();
    expect(busy.body.text).toBe(BUSY_NOTICE);
    expect(harness.mailroom.ctx.questions.get(1)?.text).toBe('slow: when are invoices paid?');

    held.release();
    const answer = await harness.fake.waitForResponse((r) => r !== busy);
    expect(answer.url).toBe(busy.url);
    expect(JSON.stringify(answer.body)).toContain('Invoices');
  });

  it('the Ask Mailroom shortcut is told too when its search waits for room, then what became of the question', async () => {
    const held = heldSearch({ delay: true });
    const harness = await start(held.search);
    held.attach(harness);
    writeDoc(harness, 'Invoices', 'Invoices are paid twice a month by finance.');
    const message = harness.fake.seedMessage('C0GENERAL', {
      user: 'U0ASKER',
      text: 'slow: when are invoices paid?',
    });
    const response = await harness.sender.messageShortcut({
      userId: 'U0OTHER',
      callbackId: 'ask_mailroom',
      channelId: 'C0GENERAL',
      message: { ts: message.ts, text: message.text, user: 'U0ASKER' },
    });
    expect(response.status).toBe(200);
    const busy = await harness.fake.waitForResponse();
    expect(busy.body.text).toBe(BUSY_NOTICE);
    expect(harness.mailroom.ctx.questions.findByMessage('C0GENERAL', message.ts)?.text).toBe(
      'slow: when are invoices paid?',
    );
    held.release();
    const note = await harness.fake.waitForResponse((r) => r !== busy);
    expect(note.url).toBe(busy.url);
    expect(note.body.text).not.toBe(BUSY_NOTICE);
  });

  it('a search that stops halfway (its thread died) gets a friendly reply with what was typed', async () => {
    const held = heldSearch({ fail: new UserFacingError(SEARCH_INTERRUPTED) });
    const harness = await start(held.search);
    held.attach(harness);

    const response = await slash(harness, 'U0ASKER', '/ask', 'slow: who owns the vpn?');
    expect(response.status).toBe(200);
    await held.started;
    held.release();
    const reply = await harness.fake.waitForResponse();
    expect(String(reply.body.text)).toContain(SEARCH_INTERRUPTED);
    expect(String(reply.body.text)).toContain('slow: who owns the vpn?');
    expect(harness.logs.errors()).toEqual([]);
  });

  it('answers /ask from the docs through a search thread, showing only what the asker may see', async () => {
    const harness = await start(undefined, { SEARCH_WORKERS: '1' });
    writeDoc(harness, 'Invoices', 'Invoices are paid twice a month by finance.');
    harness.mailroom.ctx.knowledge.upsert(
      {
        title: 'Invoice secrets',
        body: 'Invoices of the secret project are paid by the board.',
        source: 'written',
        sourceKey: 'secret',
        visibility: 'channel',
        channelId: 'C0SECRET',
      },
      harness.mailroom.ctx.clock(),
    );
    expect(harness.mailroom.ctx.search).toBeDefined();
    const response = await slash(harness, 'U0ASKER', '/ask', 'when are invoices paid?');
    expect(response.status).toBe(200);
    const reply = await harness.fake.waitForResponse();
    expect(JSON.stringify(reply.body)).toContain('Invoices');
    expect(JSON.stringify(reply.body)).not.toContain('Invoice secrets');
  });
});
