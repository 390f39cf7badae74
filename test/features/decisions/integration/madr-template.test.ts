import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  answerConcern,
  answerReview,
  overrideConcern,
  raiseConcern,
} from '../../../../src/core/services/reviews.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import { acceptDecision, endDecision } from '../../../../src/features/decisions/services/change.js';
import { exportDecisions } from '../../../../src/features/decisions/services/export.js';
import { logDecision } from '../../../../src/features/decisions/services/log.js';
import { reviewOfDecision } from '../../../../src/features/decisions/services/review.js';
import { decisionReviewSubject } from '../../../../src/features/decisions/services/review-subject.js';
import {
  frontMatterKeys,
  headings,
  shape,
  shaped,
  split,
  MADR_TEMPLATE as TEMPLATE,
} from '../../../support/madr.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-madr-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function world() {
  const clock = testClock('2026-03-09T10:00:00Z');
  const ctx = serviceContext(clock);
  ctx.hooks.onReview(decisionReviewSubject(ctx));
  ctx.members.upsertProfiles(
    [
      profile('UADA', { displayName: 'Ada' }),
      profile('UBOB', { displayName: 'Bob' }),
      profile('UEVE', { displayName: 'Eve' }),
      profile('UIRIS', { displayName: 'Iris' }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CGEN', ['UADA', 'UBOB', 'UEVE', 'UIRIS'], clock());
  return { ctx, clock };
}

const FULL: RawDecisionDraft = {
  title: 'Render the storefront on the server',
  why: 'Pages take four seconds to show on phones.\n# Not a heading: typed in Slack',
  drivers: '- Time to first render under one second\nSearch engines must read every page',
  options: [
    {
      name: 'Server-side rendering',
      pros: 'Fast first render\nPages are indexable',
      neutral: 'The team knows the framework either way',
      cons: 'Servers to run',
    },
    { name: 'Client-side rendering', pros: 'No servers', cons: 'Slow on phones' },
    { name: 'Static pages' },
  ],
  chosen: '1',
  chosenBecause: 'It is the only option that meets the one-second budget.',
  goodConsequences: 'Pages show in under a second',
  badConsequences: 'One more service on call',
  confirmation: 'A Lighthouse check in CI fails a slower page.',
  tags: 'Frontend, performance',
  ownerIds: ['UADA'],
  consultedIds: [],
  reviewerIds: ['UBOB', 'UEVE'],
  informedIds: ['UIRIS'],
  followUps: [],
  status: 'proposed',
  revisitOn: '2026-09-01',
};

describe('the export, field by field against MADR 4.0’s template', () => {
  it('writes a full decision with the template’s front matter keys and headings, in order', async () => {
    const template = split(readFileSync(TEMPLATE, 'utf8'));
    const templateKeys = frontMatterKeys(template.yaml);
    expect(templateKeys).toEqual(['status', 'date', 'decision-makers', 'consulted', 'informed']);
    const templateHeadings = headings(template.body);

    const { ctx, clock } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', channelId: 'CGEN', draft: FULL });
    const reviewId = reviewOfDecision(ctx, decision.id)?.review.id ?? 0;
    clock.advance(3600_000);
    answerReview(ctx, { reviewId, userId: 'UBOB', answer: 'agree' });
    const concern = raiseConcern(ctx, {
      reviewId,
      userId: 'UEVE',
      reason: 'Caching gets harder',
    });
    answerConcern(ctx, { concernId: concern.id, userId: 'UADA', answer: 'A CDN caches pages' });
    overrideConcern(ctx, {
      concernId: concern.id,
      userId: 'UADA',
      reason: 'The launch cannot wait for a caching plan',
    });
    acceptDecision(ctx, 'UADA', decision.id);

    const out = join(dir, 'adr');
    const summary = await exportDecisions(ctx, out);
    expect(summary.added).toEqual(['0001-render-the-storefront-on-the-server.md']);
    const exported = readFileSync(join(out, summary.added[0] ?? ''), 'utf8');
    const record = split(exported);

    // The front matter: the template's keys, in its order, and YAML that parses.
    expect(frontMatterKeys(record.yaml)).toEqual(templateKeys);
    expect(parseYaml(record.yaml)).toEqual({
      status: 'accepted',
      date: '2026-03-09',
      'decision-makers': 'Ada',
      consulted: 'Bob, Eve',
      informed: 'Iris',
    });

    // Every heading of the template, in its order; an option heading for each argued option.
    const got = headings(record.body);
    expect(shape(got, 'one')).toEqual(shape(templateHeadings, 'one'));
    expect(got.filter((h) => h.level === 3).map((h) => h.text)).toEqual([
      'Consequences',
      'Confirmation',
      'Server-side rendering',
      'Client-side rendering',
    ]);

    // Each section holds its field, in MADR's words.
    for (const part of [
      '# Render the storefront on the server\n',
      '## Context and Problem Statement\n\nPages take four seconds to show on phones.  \n\\# Not a heading: typed in Slack\n',
      '## Decision Drivers\n\n* Time to first render under one second\n* Search engines must read every page\n',
      '## Considered Options\n\n* Server-side rendering\n* Client-side rendering\n* Static pages\n',
      '## Decision Outcome\n\nChosen option: "Server-side rendering", because it is the only option that meets the one-second budget.\n',
      '### Consequences\n\n* Good, because pages show in under a second\n* Bad, because one more service on call\n',
      '### Confirmation\n\nA Lighthouse check in CI fails a slower page.\n\nRevisit by 2026-09-01.\n',
      '### Server-side rendering\n\n* Good, because fast first render\n* Good, because pages are indexable\n* Neutral, because the team knows the framework either way\n* Bad, because servers to run\n',
      '### Client-side rendering\n\n* Good, because no servers\n* Bad, because slow on phones\n',
      '- Tags: frontend, performance',
      '- Agreed: Bob',
      '- Concern from Eve (2026-03-09): Caching gets harder Answered: A CDN caches pages Overridden 2026-03-09: The launch cannot wait for a caching plan',
    ]) {
      expect(exported).toContain(part);
    }

    const index = readFileSync(join(out, 'index.md'), 'utf8');
    expect(index).toContain('| Number | Title | Status | Date | Tags |');
    expect(index).toContain(
      '| [0001](0001-render-the-storefront-on-the-server.md) | Render the storefront on the server | accepted | 2026-03-09 | frontend, performance |',
    );
  });

  it('leaves out only the sections the template marks optional when they are empty, never printing one empty', async () => {
    const template = split(readFileSync(TEMPLATE, 'utf8'));
    const templateHeadings = headings(template.body);
    const { ctx } = world();
    logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: {
        title: 'Name the staging cluster',
        why: 'Two clusters share a name.',
        options: [{ name: 'Staging' }],
        chosen: 'staging',
        ownerIds: ['UADA'],
        status: 'accepted',
      },
    });
    const out = join(dir, 'adr');
    const { added } = await exportDecisions(ctx, out);
    const record = split(readFileSync(join(out, added[0] ?? ''), 'utf8'));

    expect(parseYaml(record.yaml)).toEqual({
      status: 'accepted',
      date: '2026-03-09',
      'decision-makers': 'Ada',
    });
    const got = shape(headings(record.body), 'one');
    const expected = shaped(templateHeadings, 'one');
    // What is left out is optional in the template; what is kept keeps the template's order.
    for (const heading of expected) {
      if (!got.includes(heading.key)) expect(heading).toEqual({ ...heading, optional: true });
    }
    expect(got).toEqual(expected.map((h) => h.key).filter((key) => got.includes(key)));
    expect(got).toEqual([
      '# {title}',
      '## Context and Problem Statement',
      '## Considered Options',
      '## Decision Outcome',
      '## More Information',
    ]);
    // No heading is followed straight by another at the same or a higher level: none is empty.
    const body = record.body.split('\n').filter((line) => line.trim() !== '');
    body.forEach((line, i) => {
      const next = body[i + 1];
      if (/^#{2,} /.test(line) && next !== undefined) expect(next).not.toMatch(/^#{1,2} /);
    });
  });

  it('maps statuses to MADR’s: in review as proposed, superseded by the record, reversed as deprecated with its reason', async () => {
    const { ctx, clock } = world();
    const simple = (title: string, patch: RawDecisionDraft = {}): RawDecisionDraft => ({
      title,
      why: 'The team asked.',
      options: [{ name: 'Yes' }, { name: 'No' }],
      chosen: 'Yes',
      ownerIds: ['UADA'],
      status: 'accepted',
      ...patch,
    });
    const reviewed = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: simple('Adopt a design review', { reviewerIds: ['UBOB'] }),
    }).decision;
    const old = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: simple('Deploy on Fridays'),
    }).decision;
    clock.advance(86_400_000);
    const newer = logDecision(ctx, {
      userId: 'UADA',
      channelId: 'CGEN',
      draft: simple('Deploy on Thursdays'),
      supersedesId: old.id,
    }).decision;
    clock.advance(86_400_000);
    endDecision(ctx, 'UADA', newer.id, 'reverse', 'Thursdays clash with the release train.', false);

    const out = join(dir, 'adr');
    const { added } = await exportDecisions(ctx, out);
    expect(added).toEqual([
      '0001-adopt-a-design-review.md',
      '0002-deploy-on-fridays.md',
      '0003-deploy-on-thursdays.md',
    ]);
    const read = (file: string) => readFileSync(join(out, file), 'utf8');
    const front = (file: string) => parseYaml(split(read(file)).yaml) as Record<string, string>;
    expect(front('0001-adopt-a-design-review.md').status).toBe('proposed');
    expect(front('0002-deploy-on-fridays.md').status).toBe('superseded by ADR-0003');
    expect(read('0002-deploy-on-fridays.md')).toContain(
      '- Superseded by [ADR-0003: Deploy on Thursdays](0003-deploy-on-thursdays.md) (since reversed)',
    );
    expect(front('0003-deploy-on-thursdays.md')).toMatchObject({
      status: 'deprecated',
      date: '2026-03-11',
    });
    expect(read('0003-deploy-on-thursdays.md')).toContain(
      '- Reversed on 2026-03-11: Thursdays clash with the release train.',
    );
    expect(read('0003-deploy-on-thursdays.md')).toContain(
      '- Supersedes [ADR-0002: Deploy on Fridays](0002-deploy-on-fridays.md)',
    );
    const index = read('index.md');
    expect(index).toContain('| Adopt a design review | proposed | 2026-03-09 |  |');
    expect(index).toContain('| Deploy on Fridays | superseded by ADR-0003 | 2026-03-10 |  |');
    expect(index).toContain('| Deploy on Thursdays | deprecated | 2026-03-11 |  |');
    expect(reviewed.status).toBe('in_review');
  });
});
