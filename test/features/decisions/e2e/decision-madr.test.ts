import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportDecisions } from '../../../../src/features/decisions/services/export.js';
import { findButton, textOf } from '../../../support/blocks.js';
import type { FakeChannel, FakeUser, Json } from '../../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../../support/harness.js';
import {
  frontMatterKeys,
  headings,
  MADR_TEMPLATE,
  shape,
  shaped,
  split,
} from '../../../support/madr.js';

// Monday 2026-03-09 14:00Z: working hours in London.
const NOW = '2026-03-09T14:00:00Z';
const BOT = 'U0MAILBOT';
const ADA = 'U0ADA';
const BOB = 'U0BOB';
const EVE = 'U0EVE';
const PAT = 'U0PAT';

const users: FakeUser[] = [
  { id: ADA, name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' },
  { id: BOB, name: 'bob', realName: 'Bob Brown', tz: 'Europe/London' },
  { id: EVE, name: 'eve', realName: 'Eve Evans', tz: 'Europe/London' },
  { id: PAT, name: 'pat', realName: 'Pat Park', tz: 'Europe/London' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: [ADA, BOB, EVE, PAT, BOT] },
  { id: 'C0SECRET', name: 'secret', isPrivate: true, members: [ADA, BOB, BOT] },
];

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(): Promise<Harness> {
  h = await startMailroom({ now: NOW, slack: { users, channels } });
  return h;
}

// ---------------------------------------------------------------- the form, as Slack sends it

interface MadrInput {
  title?: string;
  why?: string;
  drivers?: string;
  /** Name, good, neutral, bad. */
  options?: [string, string?, string?, string?][];
  chosen?: string;
  because?: string;
  good?: string;
  bad?: string;
  confirmation?: string;
  tags?: string;
  owners?: string[];
  consulted?: string[];
  informed?: string[];
  status?: 'proposed' | 'accepted';
}

const text = (value: string | undefined) => ({ value: { type: 'plain_text_input', value } });

function formValues(input: MadrInput): Json {
  const values: Json = {
    title: text(input.title),
    why: text(input.why),
    drivers: text(input.drivers),
    chosen: text(input.chosen),
    chosen_because: text(input.because),
    good_consequences: text(input.good),
    bad_consequences: text(input.bad),
    confirmation: text(input.confirmation),
    tags: text(input.tags),
    owners: { value: { type: 'multi_users_select', selected_users: input.owners ?? [ADA] } },
    consulted: { value: { type: 'multi_users_select', selected_users: input.consulted ?? [] } },
    reviewers: { value: { type: 'multi_users_select', selected_users: [] } },
    informed: { value: { type: 'multi_users_select', selected_users: input.informed ?? [] } },
    status: {
      value: { type: 'radio_buttons', selected_option: { value: input.status ?? 'accepted' } },
    },
  };
  (input.options ?? []).forEach(([name, good, neutral, bad], i) => {
    values[`option_name_${i}`] = text(name);
    values[`option_pros_${i}`] = text(good);
    values[`option_neutral_${i}`] = text(neutral);
    values[`option_cons_${i}`] = text(bad);
  });
  return values;
}

const STOREFRONT: MadrInput = {
  title: 'Render the storefront on the server',
  why: 'Pages take four seconds to show on phones.',
  drivers: 'Time to first render under one second\nSearch engines must read every page',
  options: [
    [
      'Server-side rendering',
      'Fast first render',
      'The team knows the framework either way',
      'Servers to run',
    ],
    ['Client-side rendering', 'No servers', '', 'Slow on phones'],
  ],
  chosen: 'Server-side rendering',
  because: 'It is the only option that meets the one-second budget',
  good: 'Pages show in under a second',
  bad: 'One more service on call',
  confirmation: 'A Lighthouse check in CI fails a slower page.',
  tags: 'frontend, performance',
  consulted: [BOB],
  informed: [EVE],
  status: 'accepted',
};

interface Form {
  viewId: string;
  view: Json & { private_metadata: string; blocks: Json[] };
}

/** `/decision <title>` in a channel: the form Mailroom opens. */
async function openForm(harness: Harness, title: string, channelId = 'C0GENERAL'): Promise<Form> {
  const before = harness.fake.callsTo('views.open').length;
  await harness.sender.slashCommand({ command: '/decision', text: title, userId: ADA, channelId });
  return eventually(() => {
    const call = harness.fake.callsTo('views.open').at(before);
    if (!call) throw new Error('no modal yet');
    const view = call.response.view as Form['view'];
    return { viewId: String(view.id), view };
  });
}

/** "More fields", pressed with what was typed so far: the form Mailroom redraws. */
async function moreFields(harness: Harness, form: Form, typed: MadrInput): Promise<Form> {
  const stored = harness.fake.view(form.viewId) as Json;
  const before = harness.fake.callsTo('views.update').length;
  await harness.sender.blockAction({
    userId: ADA,
    actionId: 'decision_more_fields',
    value: 'more',
    view: { ...stored, state: { values: formValues(typed) } },
  });
  return eventually(() => {
    const call = harness.fake.callsTo('views.update').at(before);
    if (!call) throw new Error('no update yet');
    return { viewId: form.viewId, view: call.args.view as Form['view'] };
  });
}

async function submit(harness: Harness, form: Form, input: MadrInput): Promise<Json> {
  const response = await harness.sender.viewSubmission({
    userId: ADA,
    callbackId: 'decision_modal',
    viewId: form.viewId,
    privateMetadata: form.view.private_metadata,
    values: formValues(input),
  });
  expect(response.status).toBe(200);
  return response.body === '' ? {} : (response.json() as Json);
}

/** Logs a decision through the form, with More fields shown; returns its id once posted. */
async function logMadr(harness: Harness, input: MadrInput, channelId = 'C0GENERAL') {
  const form = await moreFields(harness, await openForm(harness, input.title ?? '', channelId), {
    title: input.title,
  });
  const ack = await submit(harness, form, input);
  expect(ack).toMatchObject({ response_action: 'update' });
  const { ctx } = harness.mailroom;
  return eventually(() => {
    const latest = ctx.decisions.all().at(-1);
    if (!latest?.messageTs) throw new Error('not posted yet');
    return latest.id;
  });
}

async function slash(harness: Harness, userId: string, typed: string, channelId = 'C0GENERAL') {
  harness.fake.responses.length = 0;
  await harness.sender.slashCommand({ command: '/decision', text: typed, userId, channelId });
  const reply = await harness.fake.waitForResponse();
  return `${reply.body.text}\n${textOf(reply.body.blocks)}`;
}

const blockIds = (form: Form) => form.view.blocks.map((b) => b.block_id);

// ---------------------------------------------------------------- the form

describe('/decision: MADR’s fields in the form', () => {
  it('shows the optional fields on More fields, keeping what was typed', async () => {
    const harness = await start();
    const form = await openForm(harness, 'Render the storefront on the server');
    expect(blockIds(form)).not.toContain('drivers');
    expect(blockIds(form)).not.toContain('tags');
    findButton(form.view.blocks, 'decision_more_fields');

    const more = await moreFields(harness, form, {
      title: 'Render the storefront on the server',
      why: 'Pages are slow on phones',
      options: [['Server-side rendering', 'Fast first render'], ['Client-side rendering']],
      chosen: '1',
    });
    for (const id of [
      'drivers',
      'option_neutral_0',
      'option_neutral_1',
      'good_consequences',
      'bad_consequences',
      'confirmation',
      'tags',
    ]) {
      expect(blockIds(more)).toContain(id);
    }
    expect(() => findButton(more.view.blocks, 'decision_more_fields')).toThrow();
    const initial = (blockId: string) =>
      ((more.view.blocks.find((b) => b.block_id === blockId) as Json).element as Json)
        .initial_value;
    expect(initial('why')).toBe('Pages are slow on phones');
    expect(initial('option_pros_0')).toBe('Fast first render');
    expect(initial('chosen')).toBe('1');
    expect(JSON.parse(more.view.private_metadata)).toMatchObject({ more: true, options: 2 });
    expect(more.view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('refuses a missing chosen option, one that is not an option, six tags and a tag with a space, saving nothing', async () => {
    const harness = await start();
    const form = await moreFields(harness, await openForm(harness, 'Storefront'), {});
    const { ctx } = harness.mailroom;

    expect(await submit(harness, form, { ...STOREFRONT, chosen: '' })).toEqual({
      response_action: 'errors',
      errors: { chosen: 'Say which option you chose.' },
    });
    expect(await submit(harness, form, { ...STOREFRONT, chosen: 'Static pages' })).toEqual({
      response_action: 'errors',
      errors: {
        chosen:
          'Pick one of the options above, by its name or its number (1. Server-side rendering; 2. Client-side rendering). Chose something else? Add it as an option.',
      },
    });
    expect(
      await submit(harness, form, { ...STOREFRONT, tags: 'web, seo, mobile, perf, ux, cdn' }),
    ).toEqual({
      response_action: 'errors',
      errors: { tags: 'Use at most 5 tags (there are 6): keep the ones people will filter by.' },
    });
    expect(await submit(harness, form, { ...STOREFRONT, tags: 'frontend, page speed' })).toEqual({
      response_action: 'errors',
      errors: {
        tags: 'Each tag is a single word: “page speed” has a space. Write it as one word (page-speed), or separate tags with commas.',
      },
    });
    expect(ctx.decisions.count()).toBe(0);
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- logged, shown, exported

describe('/decision: a decision with every MADR field, end to end', () => {
  it('is logged through the form, shown on its message, and exported as the MADR 4.0 template lays it out', async () => {
    const harness = await start();
    const id = await logMadr(harness, STOREFRONT);
    const { ctx } = harness.mailroom;
    expect(ctx.decisions.get(id)).toMatchObject({
      chosen: 'Server-side rendering',
      drivers: ['Time to first render under one second', 'Search engines must read every page'],
      goodConsequences: ['Pages show in under a second'],
      badConsequences: ['One more service on call'],
      confirmation: 'A Lighthouse check in CI fails a slower page.',
      tags: ['frontend', 'performance'],
    });

    const ts = ctx.decisions.get(id)?.messageTs;
    const message = harness.fake.messagesIn('C0GENERAL').find((m) => m.ts === ts);
    const shown = textOf(message?.blocks);
    for (const part of [
      '*Decision drivers*\n• Time to first render under one second',
      ':heavy_equals_sign: The team knows the framework either way',
      '*Because:* It is the only option that meets the one-second budget',
      '• Good, because Pages show in under a second\n• Bad, because One more service on call',
      '*Confirmation:* A Lighthouse check in CI fails a slower page.',
      '*Tags:* `frontend` `performance`',
    ]) {
      expect(shown).toContain(part);
    }

    dir = mkdtempSync(join(tmpdir(), 'mailroom-madr-e2e-'));
    const summary = await exportDecisions(ctx, dir);
    expect(summary.added).toEqual(['0001-render-the-storefront-on-the-server.md']);
    const record = split(readFileSync(join(dir, summary.added[0] ?? ''), 'utf8'));
    const template = split(readFileSync(MADR_TEMPLATE, 'utf8'));

    expect(frontMatterKeys(record.yaml)).toEqual(frontMatterKeys(template.yaml));
    expect(parseYaml(record.yaml)).toEqual({
      status: 'accepted',
      date: '2026-03-09',
      'decision-makers': 'ada',
      consulted: 'bob',
      informed: 'eve',
    });
    expect(shape(headings(record.body), 'one')).toEqual(shape(headings(template.body), 'one'));
    expect(shaped(headings(record.body)).map((h) => h.key)).toContain('## Decision Drivers');
    expect(record.body).toContain(
      'Chosen option: "Server-side rendering", because it is the only option that meets the one-second budget.',
    );
    expect(readFileSync(join(dir, 'index.md'), 'utf8')).toContain(
      '| Render the storefront on the server | accepted | 2026-03-09 | frontend, performance |',
    );
  });
});

// ---------------------------------------------------------------- list and search, narrowed

describe('/decision list and search, by status and tag', () => {
  it('narrow by status and tag, name what is unknown, and never show a private decision to someone outside it', async () => {
    const harness = await start();
    await logMadr(harness, STOREFRONT);
    await logMadr(harness, {
      ...STOREFRONT,
      title: 'Cache product pages at the edge',
      options: [['Edge caching'], ['No caching']],
      chosen: 'Edge caching',
      tags: 'backend, performance',
      status: 'proposed',
    });
    await logMadr(
      harness,
      {
        ...STOREFRONT,
        title: 'Falcon storefront launches in April',
        informed: [],
        tags: 'frontend, launchcode',
      },
      'C0SECRET',
    );

    const accepted = await slash(harness, PAT, 'list status:accepted tag:frontend');
    expect(accepted).toContain('Recent decisions in this conversation, accepted, tagged frontend');
    expect(accepted).toContain('Render the storefront on the server');
    expect(accepted).not.toContain('Cache product pages');
    expect(accepted).not.toContain('Log a decision titled');

    const proposed = await slash(harness, PAT, 'list status:proposed');
    expect(proposed).toContain('Cache product pages at the edge');
    expect(proposed).not.toContain('Render the storefront');
    expect(await slash(harness, PAT, 'list status:rejected')).toContain(
      'No decisions in this conversation are rejected.',
    );

    const searched = await slash(harness, PAT, 'search storefront status:accepted');
    expect(searched).toContain('*Decisions matching “storefront”* (accepted), best first:');
    expect(searched).toContain('Render the storefront on the server');
    expect(searched).not.toContain('Falcon');
    expect(await slash(harness, PAT, 'search storefront tag:frontend')).not.toContain('Falcon');
    expect(await slash(harness, ADA, 'search storefront tag:frontend')).toContain(
      'Falcon storefront launches in April',
    );
    expect(await slash(harness, PAT, 'search pages status:in review')).toContain(
      'No decision you can see that is in-review matches “pages”.',
    );

    expect(await slash(harness, PAT, 'list status:done')).toContain(
      'I don’t know the status “done”. Filter by one of: proposed, in-review, accepted, rejected, deprecated, superseded, reversed.',
    );
    // Pat may not see the private decision: its tag is unknown to him, and not listed.
    const unknown = await slash(harness, PAT, 'list tag:launchcode');
    expect(unknown).toContain(
      'No decision you can see is tagged “launchcode”. Tags in use: backend, frontend, performance.',
    );
    expect(unknown).not.toContain('Falcon');
    expect(await slash(harness, ADA, 'list tag:launchcode', 'C0SECRET')).toContain(
      'Falcon storefront launches in April',
    );

    const help = await slash(harness, PAT, 'help');
    expect(help).toContain('`/decision list status:accepted tag:frontend`');
  });
});
