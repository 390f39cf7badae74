import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDocument } from '../../../src/core/services/documents.js';
import { addExperts } from '../../../src/core/services/experts.js';
import { askQuestion } from '../../../src/features/ask/services/ask.js';
import { ASK_ACTIONS } from '../../../src/features/ask/slack/views/ask.js';
import { WRITE_DOC } from '../../../src/features/ask/slack/views/documents.js';
import {
  ANSWER_BLOCK,
  ANSWER_INPUT,
  QUESTION_ACTIONS,
  QUESTION_VIEWS,
  REASSIGN_BLOCK,
  REASSIGN_INPUT,
} from '../../../src/features/ask/slack/views/question.js';
import type { FakeUser, Json } from '../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../support/harness.js';
import type { SenderResponse } from '../../support/slack-requests.js';
import { tempDatabasePath } from '../../support/store.js';

/**
 * Signed requests whose content is arbitrary JSON and Unicode, sent to the real HTTP receiver.
 * Whatever they hold: no answer is a 5xx, nothing escapes as an uncaught error, no client
 * mistake is logged as an error, the app still answers /healthz, and no table changes that
 * the kind of request must not touch. Fixed seed: a failure prints it with the shrunk example.
 */
const SEED = 20_260_309;
const RUNS = 75;
const NOW = '2026-03-09T14:00:00Z';
const FORM = 'application/x-www-form-urlencoded';

const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Brown', tz: 'America/New_York' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'UTC', isAdmin: true },
];
const channels = [
  { id: 'C0GENERAL', name: 'general', members: ['U0ALICE', 'U0BOB', 'U0ADMIN', 'U0MAILBOT'] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: ['U0BOB', 'U0MAILBOT'] },
];

// ------------------------------------------------------------------ generators

const text = fc.string({ unit: 'binary', maxLength: 60 });
const json = fc.json({ stringUnit: 'binary', maxDepth: 3 });
const jsonValue = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 });
const jsonObject = fc.dictionary(text, jsonValue, { maxKeys: 5 });
/** Ids that exist in the seeded world, and ones that do not. */
const smallId = fc.integer({ min: -1, max: 4 });
const idText = fc.oneof(
  smallId.map(String),
  fc.tuple(smallId, smallId).map(([a, b]) => `${a}:${b}`),
);
const anyText = fc.oneof(text, json, idText);
const sender = fc.constantFrom('U0ALICE', 'U0BOB', 'U0NOBODY');

const commands = fc.record({
  command: fc.constantFrom('/ask', '/mailroom'),
  text: fc.oneof(
    anyText,
    fc
      .tuple(fc.constantFrom('hours ', 'experts add ', 'experts remove ', 'me ', 'help '), anyText)
      .map(([verb, rest]) => verb + rest),
  ),
  userId: sender,
  channelId: fc.constantFrom('C0GENERAL', 'C0SECRET', 'D0ALICE', 'C0UNKNOWN'),
});

const actionIds = [...Object.values(ASK_ACTIONS), ...Object.values(QUESTION_ACTIONS)];
const buttons = fc.record({
  actionId: fc.oneof(fc.constantFrom(...actionIds, 'no_such_button'), text),
  value: anyText,
  where: fc.constantFrom('channel', 'dm', 'home', 'modal'),
  userId: sender,
});

const inputState = (block: string, action: string, field: string) =>
  fc
    .oneof(text, fc.constant(null), jsonValue)
    .map((value) => ({ [block]: { [action]: { type: 'plain_text_input', [field]: value } } }));
const submissions = fc.record({
  callbackId: fc.oneof(
    fc.constantFrom(QUESTION_VIEWS.answer, QUESTION_VIEWS.reassign, WRITE_DOC.callbackId),
    text,
  ),
  privateMetadata: fc.oneof(
    anyText,
    fc
      .record({ questionId: smallId, itemId: fc.option(smallId), extra: jsonValue })
      .map((metadata) => JSON.stringify(metadata)),
  ),
  values: fc.oneof(
    jsonObject,
    inputState(ANSWER_BLOCK, ANSWER_INPUT, 'value'),
    inputState(REASSIGN_BLOCK, REASSIGN_INPUT, 'selected_user'),
    fc
      .tuple(
        inputState(WRITE_DOC.titleBlock, WRITE_DOC.titleAction, 'value'),
        inputState(WRITE_DOC.bodyBlock, WRITE_DOC.bodyAction, 'value'),
      )
      .map(([title, body]) => ({ ...title, ...body })),
  ),
  userId: sender,
});

const closings = fc.record({
  callbackId: fc.oneof(fc.constantFrom(...Object.values(QUESTION_VIEWS)), text),
  privateMetadata: anyText,
  values: jsonObject,
  userId: sender,
});

const eventTypes = [
  'app_home_opened',
  'member_joined_channel',
  'member_left_channel',
  'channel_archive',
  'channel_deleted',
  'group_unarchive',
  'user_change',
  'team_join',
  'message',
];
const slackishUser = fc.record(
  {
    id: fc.oneof(sender, text),
    team_id: text,
    name: text,
    real_name: text,
    tz: fc.oneof(fc.constantFrom('Europe/Paris', 'Mars/Olympus'), text, fc.constant(null)),
    deleted: fc.oneof(fc.boolean(), jsonValue),
    is_bot: fc.boolean(),
    profile: fc.oneof(jsonObject, fc.record({ display_name: text, real_name: text })),
  },
  { requiredKeys: ['id'] },
);
const events = fc
  .record(
    {
      type: fc.oneof(fc.constantFrom(...eventTypes), text),
      user: fc.oneof(sender, text, slackishUser, jsonValue),
      channel: fc.oneof(fc.constantFrom('C0GENERAL', 'C0SECRET', 'C0NEW'), text, jsonValue),
      item: jsonValue,
      tab: fc.oneof(fc.constantFrom('home', 'messages'), text),
      more: jsonObject,
    },
    { requiredKeys: ['type', 'more'] },
  )
  .map(({ more, ...event }) => ({ ...more, ...event }) as Json);

const bodies = fc.oneof(
  jsonValue.map((value) => ({ body: JSON.stringify(value), type: 'application/json' })),
  jsonValue.map((value) => ({
    body: new URLSearchParams({ payload: JSON.stringify(value) }).toString(),
    type: FORM,
  })),
  fc.dictionary(text, text, { maxKeys: 6 }).map((fields) => ({
    body: new URLSearchParams(fields).toString(),
    type: FORM,
  })),
  fc.tuple(text, fc.constantFrom(FORM, 'application/json')).map(([body, type]) => ({ body, type })),
);

// ------------------------------------------------------------------ the world and its tables

/** Everything stored, table by table, as comparable text (the search index follows documents). */
function snapshot(sqlite: Database.Database): Map<string, string> {
  const tables = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table'
         and name not like 'sqlite%' and name not like '__drizzle%' and name not like 'documents_fts%'`,
    )
    .all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => {
      const rows = sqlite.prepare(`select * from "${name}"`).all() as Record<string, unknown>[];
      // A member's DM channel id is what Slack answered to a post in it: learned, not claimed.
      const facts = rows.map(({ dm_channel_id: _learned, ...row }) => JSON.stringify(row));
      return [name, JSON.stringify(facts.sort())];
    }),
  );
}

/** A question routed to Bob (his queue item), an expert, and a written doc: ids 1 exist. */
async function seed(harness: Harness) {
  const { ctx } = harness.mailroom;
  addExperts(ctx, {
    byUserId: 'U0ADMIN',
    topics: [{ kind: 'keyword', topic: 'vpn' }],
    memberIds: ['U0BOB'],
  });
  writeDocument(ctx, { authorId: 'U0BOB', title: 'Lunch', body: 'The canteen opens at noon.' });
  await askQuestion(ctx, {
    askerId: 'U0ALICE',
    text: 'How do I rotate the vpn token?',
    place: { channelId: 'C0GENERAL', channelName: 'general' },
  });
}

/** A log argument that is an error (its stack) or text over several lines. */
const spansLines = (arg: unknown) =>
  arg instanceof Error || (typeof arg === 'string' && /[\n\r]/.test(arg));

const processErrors: unknown[] = [];
const recordProcessError = (error: unknown) => processErrors.push(error);
beforeEach(() => {
  processErrors.length = 0;
  process.on('uncaughtException', recordProcessError);
  process.on('unhandledRejection', recordProcessError);
});
afterEach(() => {
  process.off('uncaughtException', recordProcessError);
  process.off('unhandledRejection', recordProcessError);
});

/**
 * Runs `RUNS` generated requests of one kind against one app, then checks what must hold:
 * every answer below 500, /healthz still answering, no uncaught error, no error logged, and
 * (after the app stopped, so work started by a request has finished) only `mayChange` tables
 * differ.
 */
async function fuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  send: (harness: Harness, value: T) => Promise<SenderResponse>,
  mayChange: string[],
) {
  const databasePath = tempDatabasePath();
  const harness = await startMailroom({
    now: NOW,
    slack: { users: people, channels },
    env: { DATABASE_PATH: databasePath },
  });
  let stopped = false;
  try {
    await seed(harness);
    const before = snapshot(harness.mailroom.ctx.db.$client);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const response = await send(harness, value);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, response.body).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const health = await fetch(`${harness.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    await harness.stop();
    stopped = true;

    expect(processErrors).toEqual([]);
    expect(harness.logs.errors().map((entry) => entry.args)).toEqual([]);
    const withStacks = harness.logs.entries.filter((entry) => entry.args.some(spansLines));
    expect(withStacks.map((entry) => entry.args)).toEqual([]);
    const sqlite = new Database(databasePath, { readonly: true });
    const after = snapshot(sqlite);
    sqlite.close();
    const allowed = new Set([...mayChange, 'seen_requests']);
    for (const [table, rows] of before) {
      if (!allowed.has(table)) expect(after.get(table), `${table} changed`).toBe(rows);
    }
    const changed = [...before].filter(([table, rows]) => after.get(table) !== rows);
    return { statuses, changed: new Set(changed.map(([table]) => table)) };
  } finally {
    if (!stopped) await harness.stop();
  }
}

const TIMEOUT = 60_000;
const statusesOf = (run: { statuses: Map<number, number> }) => [...run.statuses.keys()].sort();

describe('signed requests with arbitrary content', () => {
  it(
    'slash commands: /ask and /mailroom with any text',
    async () => {
      const run = await fuzz(commands, (h, input) => h.sender.slashCommand(input), [
        'questions',
        'queue_items',
        'question_followers',
        'channels',
        'channel_members',
        'members',
      ]);
      expect(statusesOf(run)).toEqual([200]);
      expect(run.changed).toContain('questions');
    },
    TIMEOUT,
  );

  it(
    'buttons: any action id and value, in a message, a DM, the Home tab or a modal',
    async () => {
      const run = await fuzz(
        buttons,
        (h, { where, ...input }) =>
          h.sender.blockAction({
            ...input,
            ...(where === 'channel' ? { channelId: 'C0GENERAL' } : {}),
            ...(where === 'dm' ? { channelId: h.fake.dmChannelIdFor(input.userId) } : {}),
            ...(where === 'home' ? { view: { type: 'home' } } : {}),
            ...(where === 'modal' ? { view: { type: 'modal', callback_id: 'some_modal' } } : {}),
          }),
        [
          'questions',
          'queue_items',
          'question_followers',
          'document_aliases',
          'search_words',
          'channels',
          'channel_members',
        ],
      );
      expect(statusesOf(run)).toEqual([200]);
    },
    TIMEOUT,
  );

  it(
    'modal submissions: any callback id, private metadata and view state',
    async () => {
      const run = await fuzz(submissions, (h, input) => h.sender.viewSubmission(input), [
        'documents',
        'document_aliases',
        'search_words',
        'questions',
        'queue_items',
        'question_followers',
      ]);
      expect(statusesOf(run)).toEqual([200]);
      expect(run.changed).toContain('documents');
    },
    TIMEOUT,
  );

  it(
    'closed modals: acknowledged, and nothing changes',
    async () => {
      const run = await fuzz(closings, (h, input) => h.sender.viewClosed(input), []);
      expect(statusesOf(run)).toEqual([200]);
    },
    TIMEOUT,
  );

  it(
    'events: any type and fields',
    async () => {
      const run = await fuzz(events, (h, event) => h.sender.event(event), [
        'members',
        'channels',
        'channel_members',
        'queue_items',
        'processed_events',
      ]);
      expect(run.changed).toContain('processed_events');
    },
    TIMEOUT,
  );

  it(
    'whole bodies: any JSON value, form payload or form fields',
    async () => {
      const run = await fuzz(
        bodies,
        (h, { body, type }) => h.sender.raw(body, { contentType: type }),
        ['processed_events'],
      );
      expect(statusesOf(run)).toEqual([200, 400]);
    },
    TIMEOUT,
  );
});
