import { describe, expect, it } from 'vitest';
import { documentVerdict, type Viewer } from '../../../../src/core/domain/authorization.js';
import { mention } from '../../../../src/core/slack/views/mrkdwn.js';
import {
  type DecisionAction,
  type DecisionFacts,
  decisionVerdict,
  mayTakePartIn,
} from '../../../../src/features/decisions/domain/authorization.js';
import {
  canBecome,
  confirmationOf,
  consequencesOf,
  DECISION_STATUSES,
  type DecisionContent,
} from '../../../../src/features/decisions/domain/decision.js';
import {
  checkDecisionDraft,
  checkRemark,
  checkTags,
  draftFromMessage,
  isLocalDateText,
  type RawDecisionDraft,
} from '../../../../src/features/decisions/domain/draft.js';
import {
  decisionFileName,
  exportNumberOfFile,
} from '../../../../src/features/decisions/domain/file-names.js';
import { readDecisionFilter } from '../../../../src/features/decisions/domain/filter.js';
import { summarizeInput } from '../../../../src/features/decisions/domain/input.js';
import { diffDecision } from '../../../../src/features/decisions/domain/revisions.js';

const valid: RawDecisionDraft = {
  title: '  Use   Postgres for billing ',
  why: 'The billing service needs transactions.\r\n',
  options: [
    { name: 'Postgres', pros: 'Transactions', cons: 'One more thing to run' },
    { name: '', pros: '', cons: '' },
    { name: 'DynamoDB', pros: '', cons: 'No joins' },
  ],
  chosen: 'Postgres',
  tradeOff: 'Slower to set up, robust later',
  ownerIds: ['U1', 'U2', 'U1'],
  consultedIds: ['U2', 'U3'],
  followUps: [
    { text: 'Provision the database', ownerId: 'U2', dueOn: '2026-03-20' },
    { text: '', ownerId: null, dueOn: null },
  ],
  status: 'proposed',
  revisitOn: '2026-06-01',
};

describe('checkDecisionDraft', () => {
  it('keeps a well-formed decision, tidied', () => {
    const checked = checkDecisionDraft(valid, '2026-03-09');
    expect(checked).toEqual({
      ok: true,
      draft: {
        title: 'Use Postgres for billing',
        why: 'The billing service needs transactions.',
        options: [
          { name: 'Postgres', pros: 'Transactions', cons: 'One more thing to run', neutral: '' },
          { name: 'DynamoDB', pros: '', cons: 'No joins', neutral: '' },
        ],
        chosen: 'Postgres',
        chosenBecause: '',
        tradeOff: 'Slower to set up, robust later',
        drivers: [],
        goodConsequences: [],
        badConsequences: [],
        confirmation: '',
        tags: [],
        ownerIds: ['U1', 'U2'],
        consultedIds: ['U3'],
        followUps: [{ text: 'Provision the database', ownerId: 'U2', dueOn: '2026-03-20' }],
        status: 'proposed',
        revisitOn: '2026-06-01',
        reviewerIds: [],
        informedIds: [],
        reviewHours: 16,
      },
      followUpRows: [0],
    });
  });

  it('reads reviewers, informed people and the review window, refusing owners as reviewers', () => {
    const checked = checkDecisionDraft(
      {
        ...valid,
        reviewerIds: ['U4', 'U5', 'U4'],
        informedIds: ['U6', 'U4', 'U1'],
        reviewHours: ' 24 ',
      },
      '2026-03-09',
    );
    expect(checked.ok && checked.draft).toMatchObject({
      reviewerIds: ['U4', 'U5'],
      informedIds: ['U6'],
      reviewHours: 24,
    });
    const wrong = checkDecisionDraft(
      { ...valid, reviewerIds: ['U1'], reviewHours: 'two days' },
      '2026-03-09',
    );
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.errors.reviewers).toContain('owners can’t review it');
    expect(wrong.errors.review_hours).toContain('whole number of working hours');
  });

  it('reports every missing required field at once, under its own field', () => {
    const checked = checkDecisionDraft({ ownerIds: [], options: [] });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(
      ['chosen', 'option_name_0', 'owners', 'status', 'title', 'why'].sort(),
    );
    expect(checked.errors.why).toContain('why a choice was needed');
  });

  it('names the limit of a field that is too long', () => {
    const checked = checkDecisionDraft({
      ...valid,
      title: 'x'.repeat(151),
      options: [{ name: 'A', pros: 'p'.repeat(1001), cons: '' }],
    });
    expect(checked).toMatchObject({
      ok: false,
      errors: {
        title: 'Keep the title to 150 characters or fewer (it has 151).',
        option_pros_0: 'Keep what speaks for it to 1000 characters or fewer (it has 1001).',
      },
    });
  });

  it('asks for a name of an option described without one, and an owner for each follow-up', () => {
    const checked = checkDecisionDraft({
      ...valid,
      options: [
        { name: 'A', pros: '', cons: '' },
        { name: ' ', pros: 'fast', cons: '' },
      ],
      followUps: [{ text: 'Write the runbook', ownerId: '', dueOn: '2026-02-30' }],
    });
    expect(checked).toMatchObject({
      ok: false,
      errors: {
        option_name_1: expect.stringContaining('Name this option'),
        follow_up_owner_0: 'Who owns this follow-up?',
        follow_up_due_0: 'Pick a date.',
      },
    });
  });

  it('refuses a revisit date that is not after today', () => {
    expect(checkDecisionDraft({ ...valid, revisitOn: '2026-03-09' }, '2026-03-09')).toMatchObject({
      ok: false,
      errors: { revisit_on: 'Pick a revisit date after today.' },
    });
    expect(checkDecisionDraft({ ...valid, revisitOn: '2026-03-09' }).ok).toBe(true);
  });

  it('checks dates on the calendar', () => {
    expect(isLocalDateText('2028-02-29')).toBe(true);
    expect(isLocalDateText('2026-02-29')).toBe(false);
    expect(isLocalDateText('2026-3-1')).toBe(false);
  });
});

describe('checkRemark', () => {
  it('requires a reason for an objection, within its limit', () => {
    expect(checkRemark('  ', 'reason')).toEqual({
      ok: false,
      problem: 'Say why you object: the owners need the reason to weigh it.',
    });
    expect(checkRemark('r'.repeat(1001), 'reason')).toMatchObject({
      ok: false,
      problem: 'Keep the reason to 1000 characters or fewer (it has 1001).',
    });
    expect(checkRemark(' too slow ', 'comment')).toEqual({ ok: true, text: 'too slow' });
  });
});

describe('status changes', () => {
  it.each([
    ['proposed', 'accepted', true],
    ['proposed', 'reversed', false],
    ['proposed', 'rejected', true],
    ['accepted', 'deprecated', true],
    ['accepted', 'reversed', true],
    ['accepted', 'rejected', false],
    ['proposed', 'deprecated', false],
    ['rejected', 'accepted', false],
    ['deprecated', 'accepted', false],
    ['accepted', 'superseded', true],
    ['accepted', 'proposed', false],
    ['superseded', 'accepted', false],
    ['reversed', 'accepted', false],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canBecome(from, to)).toBe(allowed);
  });
});

describe('diffDecision', () => {
  const before: DecisionContent = {
    title: 'Use Postgres',
    why: 'Transactions',
    options: [{ name: 'Postgres', pros: 'ACID', cons: '' }],
    chosen: 'Postgres',
    chosenBecause: '',
    tradeOff: '',
    drivers: [],
    goodConsequences: [],
    badConsequences: [],
    confirmation: '',
    tags: [],
    ownerIds: ['U2', 'U1'],
    consultedIds: [],
    followUps: [],
    revisitOn: null,
  };

  it('lists what changed, readably, and nothing else', () => {
    const after: DecisionContent = {
      ...before,
      ownerIds: ['U1', 'U2'],
      chosen: 'Postgres 16',
      followUps: [{ text: 'Provision', ownerId: 'U2', dueOn: null }],
    };
    expect(diffDecision(before, after, mention)).toEqual([
      { field: 'chosen', before: 'Postgres', after: 'Postgres 16' },
      { field: 'followUps', before: '', after: 'Provision (<@U2>)' },
    ]);
    expect(diffDecision(before, { ...before }, mention)).toEqual([]);
  });
});

describe('summarizeInput', () => {
  it('counts each person’s latest stance and keeps every comment', () => {
    const input = (
      id: number,
      userId: string,
      kind: 'agree' | 'object' | 'comment',
      text = '',
    ) => ({
      id,
      userId,
      kind,
      text,
      createdAt: 1000 + id,
    });
    const summary = summarizeInput([
      input(1, 'UA', 'agree'),
      input(2, 'UB', 'object', 'too slow'),
      input(3, 'UA', 'object', 'changed my mind'),
      input(4, 'UB', 'agree'),
      input(5, 'UC', 'comment', 'what about cost?'),
    ]);
    expect(summary.agreed).toEqual(['UB']);
    expect(summary.objections.map((o) => [o.userId, o.text])).toEqual([['UA', 'changed my mind']]);
    expect(summary.comments.map((c) => c.text)).toEqual(['what about cost?']);
  });
});

describe('decisionFileName', () => {
  it('is the export number (P- for a private one) and the title in ASCII words, and reads back', () => {
    expect(decisionFileName(7, 'Use Postgres (not MySQL) for billing!')).toBe(
      '0007-use-postgres-not-mysql-for-billing.md',
    );
    expect(decisionFileName(12, 'Café à Zürich')).toBe('0012-cafe-a-zurich.md');
    expect(decisionFileName(3, '東京')).toBe('0003-decision.md');
    expect(decisionFileName(2, 'Launch Falcon', 'private')).toBe('P-0002-launch-falcon.md');
    expect(exportNumberOfFile('0007-use-postgres.md')).toEqual({ sequence: 'public', number: 7 });
    expect(exportNumberOfFile('P-0002-launch-falcon.md')).toEqual({
      sequence: 'private',
      number: 2,
    });
    expect(exportNumberOfFile('notes.md')).toBeUndefined();
  });
});

// ---------------------------------------------------------------- who may do what

const viewer = (userId: string, channels: string[] = [], isGuest = false): Viewer => ({
  userId,
  isGuest,
  visibleChannelIds: channels,
});

const OWNER = viewer('UOWN', ['CPRIV']);
const CONSULTED = viewer('UCON');
const MEMBER = viewer('UMEM', ['CPRIV', 'CGEN']);
const OUTSIDER = viewer('UOUT', ['CGEN']);
const GUEST = viewer('UGST', ['CGUEST'], true);
const FOLLOW_UP_OWNER = viewer('UFOL', ['CPRIV']);

const decision = (patch: Partial<DecisionFacts> = {}): DecisionFacts => ({
  status: 'proposed',
  channelId: 'CPRIV',
  inPublic: false,
  ownerIds: ['UOWN'],
  consultedIds: ['UCON'],
  ...patch,
});

const outcome = (verdict: ReturnType<typeof decisionVerdict>) =>
  verdict.allowed ? 'allowed' : verdict.refusal;

describe('decisionVerdict', () => {
  const ACTIONS: DecisionAction[] = [
    'see',
    'agree',
    'object',
    'comment',
    'edit',
    'accept',
    'supersede',
    'reverse',
    'reject',
    'deprecate',
  ];
  const table: [string, DecisionFacts, Viewer, string[]][] = [
    [
      'owner, proposed',
      decision(),
      OWNER,
      [
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'settled',
        'allowed',
        'settled',
      ],
    ],
    [
      'member of the private channel',
      decision(),
      MEMBER,
      [
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
      ],
    ],
    [
      'consulted, outside the channel',
      decision(),
      CONSULTED,
      [
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
      ],
    ],
    ['outsider', decision(), OUTSIDER, Array(10).fill('unknown')],
    ['guest', decision({ channelId: 'CGEN', inPublic: true }), GUEST, Array(10).fill('unknown')],
    [
      'member, public channel, accepted',
      decision({ channelId: 'CGEN', inPublic: true, status: 'accepted' }),
      OUTSIDER,
      [
        'allowed',
        'settled',
        'settled',
        'allowed',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
      ],
    ],
    [
      'owner, accepted',
      decision({ status: 'accepted' }),
      OWNER,
      [
        'allowed',
        'settled',
        'settled',
        'allowed',
        'allowed',
        'settled',
        'allowed',
        'allowed',
        'settled',
        'allowed',
      ],
    ],
    [
      'owner, superseded',
      decision({ status: 'superseded' }),
      OWNER,
      Array(1).fill('allowed').concat(Array(9).fill('settled')),
    ],
    [
      'owner, rejected',
      decision({ status: 'rejected' }),
      OWNER,
      Array(1).fill('allowed').concat(Array(9).fill('settled')),
    ],
    [
      'member of the private channel, deprecated',
      decision({ status: 'deprecated' }),
      MEMBER,
      [
        'allowed',
        'settled',
        'settled',
        'settled',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
      ],
    ],
    [
      'member, kept for its owners',
      decision({ channelId: null }),
      MEMBER,
      Array(10).fill('unknown'),
    ],
    [
      'consulted, kept for its owners',
      decision({ channelId: null }),
      CONSULTED,
      [
        'allowed',
        'allowed',
        'allowed',
        'allowed',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
        'not_yours',
      ],
    ],
  ];
  it.each(table)('%s', (_name, facts, who, expected) => {
    expect(ACTIONS.map((action) => outcome(decisionVerdict(who, facts, action)))).toEqual(expected);
  });

  it('lets a follow-up’s owner or the decision’s complete it, once', () => {
    const open = { ownerId: 'UFOL', state: 'open' } as const;
    const facts = decision({ status: 'accepted' });
    const complete = (who: Viewer) =>
      outcome(decisionVerdict(who, facts, 'complete_follow_up', open));
    expect(complete(FOLLOW_UP_OWNER)).toBe('allowed');
    expect(complete(OWNER)).toBe('allowed');
    expect(complete(MEMBER)).toBe('not_yours');
    expect(complete(OUTSIDER)).toBe('unknown');
    expect(outcome(decisionVerdict(FOLLOW_UP_OWNER, facts, 'complete_follow_up'))).toBe('unknown');
    expect(
      outcome(
        decisionVerdict(FOLLOW_UP_OWNER, facts, 'complete_follow_up', {
          ownerId: 'UFOL',
          state: 'done',
        }),
      ),
    ).toBe('settled');
  });

  it('lets only people who see a conversation take part in its decisions', () => {
    const secret = { channelId: 'CPRIV', inPublic: false };
    expect(mayTakePartIn(MEMBER, secret)).toBe(true);
    expect(mayTakePartIn(OUTSIDER, secret)).toBe(false);
    expect(mayTakePartIn(GUEST, { channelId: 'CGEN', inPublic: true })).toBe(false);
    expect(mayTakePartIn(OUTSIDER, { channelId: 'CGEN', inPublic: true })).toBe(true);
    expect(mayTakePartIn(OUTSIDER, { channelId: null, inPublic: false })).toBe(true);
  });
});

describe('documentVerdict for documents kept for named people', () => {
  it('shows them to the people listed and nobody else', () => {
    const facts = { visibility: 'people', channelId: null, readerIds: ['UOWN', 'UCON'] } as const;
    expect(documentVerdict(OWNER, facts, 'see').allowed).toBe(true);
    expect(documentVerdict(CONSULTED, facts, 'see').allowed).toBe(true);
    expect(documentVerdict(MEMBER, facts, 'see').allowed).toBe(false);
    expect(documentVerdict(viewer('UOWN', [], true), facts, 'see').allowed).toBe(true);
  });
});

describe('draftFromMessage', () => {
  it('titles the decision with the first line, or its first sentence, and keeps the whole message as the why', () => {
    expect(draftFromMessage('Let us drop IE11. It costs a day each release.\nAgreed?')).toEqual({
      title: 'Let us drop IE11',
      why: 'Let us drop IE11. It costs a day each release.\nAgreed?',
    });
    expect(draftFromMessage('\n  Postgres for billing\nBecause of transactions.').title).toBe(
      'Postgres for billing',
    );
    expect(draftFromMessage('Ship on Friday? Only with a rollback plan.').title).toBe(
      'Ship on Friday?',
    );
  });

  it('cuts a long first sentence at a word boundary, within the title’s limit', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const { title, why } = draftFromMessage(words);
    expect(Array.from(title).length).toBeLessThanOrEqual(150);
    expect(title.endsWith('…')).toBe(true);
    expect(words.startsWith(title.slice(0, -1))).toBe(true);
    expect(words.charAt(title.length - 1)).toBe(' ');
    expect(why).toBe(words);
  });
});

describe('MADR’s fields in the form', () => {
  const madr = (patch: RawDecisionDraft) =>
    checkDecisionDraft({ ...valid, tradeOff: '', ...patch }, '2026-03-09');

  it('picks the chosen option by its name, capitals aside, or by its number', () => {
    for (const typed of ['postgres', ' Postgres ', '1', 'Option 1', '#1']) {
      const checked = madr({ chosen: typed });
      expect(checked.ok && checked.draft.chosen).toBe('Postgres');
    }
    const second = madr({ chosen: '2' });
    expect(second.ok && second.draft.chosen).toBe('DynamoDB');
  });

  it('refuses a chosen option that is none of the options, naming them', () => {
    expect(madr({ chosen: 'MySQL' })).toEqual({
      ok: false,
      errors: {
        chosen:
          'Pick one of the options above, by its name or its number (1. Postgres; 2. DynamoDB). Chose something else? Add it as an option.',
      },
    });
    expect(madr({ chosen: '3' }).ok).toBe(false);
    expect(madr({ chosen: '' })).toEqual({
      ok: false,
      errors: { chosen: 'Say which option you chose.' },
    });
    // A decision logged before the choice was picked from its options keeps its choice.
    const kept = checkDecisionDraft(
      { ...valid, chosen: 'Postgres 16, managed' },
      { keptChosen: 'Postgres 16, managed' },
    );
    expect(kept.ok && kept.draft.chosen).toBe('Postgres 16, managed');
  });

  it('refuses two options with the same name', () => {
    const checked = madr({
      options: [{ name: 'Postgres' }, { name: 'postgres' }],
    });
    expect(checked).toMatchObject({
      ok: false,
      errors: { option_name_1: 'Another option has this name: give each option its own.' },
    });
  });

  it('keeps drivers and consequences one a line, without the bullets typed, and a neutral argument', () => {
    const checked = madr({
      drivers: '- Exact totals\n\n* Audits every quarter\n2. Cost',
      goodConsequences: '• Totals are exact',
      badConsequences: 'One more server\nSlower to set up',
      confirmation: ' A monthly reconciliation report ',
      chosenBecause: 'Only it has transactions we trust.',
      options: [{ name: 'Postgres', neutral: 'Either way we host it' }],
    });
    expect(checked.ok && checked.draft).toMatchObject({
      drivers: ['Exact totals', 'Audits every quarter', 'Cost'],
      goodConsequences: ['Totals are exact'],
      badConsequences: ['One more server', 'Slower to set up'],
      confirmation: 'A monthly reconciliation report',
      chosenBecause: 'Only it has transactions we trust.',
      options: [{ name: 'Postgres', pros: '', cons: '', neutral: 'Either way we host it' }],
    });
    const long = madr({ drivers: Array.from({ length: 11 }, (_, i) => `d${i}`).join('\n') });
    expect(long).toMatchObject({
      ok: false,
      errors: { drivers: 'Keep the decision drivers to 10 lines or fewer (it has 11).' },
    });
  });

  it('takes up to five single-word tags, lowered, each once', () => {
    const checked = madr({ tags: 'Frontend, #security,\nfrontend, a11y, web-perf' });
    expect(checked.ok && checked.draft.tags).toEqual(['frontend', 'security', 'a11y', 'web-perf']);
    expect(checkTags('a, b, c, d, e, f')).toEqual({
      ok: false,
      problem: 'Use at most 5 tags (there are 6): keep the ones people will filter by.',
    });
    expect(checkTags('front end, security')).toEqual({
      ok: false,
      problem:
        'Each tag is a single word: “front end” has a space. Write it as one word (front-end), or separate tags with commas.',
    });
    expect(checkTags('c++')).toEqual({
      ok: false,
      problem: '“c++” can’t be a tag: use letters and digits, with - or _ inside a word.',
    });
    expect(madr({ tags: 'front end' })).toMatchObject({
      ok: false,
      errors: { tags: expect.any(String) },
    });
  });

  it('reads a trade-off as the first bad consequence, and a revisit date as part of the confirmation', () => {
    expect(
      consequencesOf({
        tradeOff: 'Slower to set up',
        goodConsequences: ['Exact totals'],
        badConsequences: ['One more server', 'Slower to set up'],
      }),
    ).toEqual({ good: ['Exact totals'], bad: ['Slower to set up', 'One more server'] });
    expect(confirmationOf({ confirmation: 'A monthly report', revisitOn: '2026-06-01' })).toEqual([
      'A monthly report',
      'Revisit by 2026-06-01.',
    ]);
    expect(confirmationOf({ confirmation: '', revisitOn: null })).toEqual([]);
  });
});

describe('readDecisionFilter', () => {
  it('reads statuses as people type them, and tags, leaving the other words', () => {
    for (const typed of [
      'status:in-review',
      'status:in_review',
      'status:in review',
      'status:"in review"',
      'STATUS:In-Review',
      'status: in-review',
    ]) {
      const read = readDecisionFilter(`caching ${typed} layer`);
      expect(read).toEqual({
        ok: true,
        filter: { words: 'caching layer', statuses: ['in_review'], tags: [] },
      });
    }
    expect(readDecisionFilter('status:accepted tag:Frontend tag:security,a11y')).toEqual({
      ok: true,
      filter: { words: '', statuses: ['accepted'], tags: ['frontend', 'security', 'a11y'] },
    });
    for (const status of DECISION_STATUSES) {
      expect(readDecisionFilter(`status:${status}`)).toMatchObject({
        ok: true,
        filter: { statuses: [status] },
      });
    }
  });

  it('refuses an unknown status, naming the valid ones', () => {
    expect(readDecisionFilter('status:done')).toEqual({
      ok: false,
      problem:
        'I don’t know the status “done”. Filter by one of: proposed, in-review, accepted, rejected, deprecated, superseded, reversed. For example: `/decision list status:accepted`',
    });
    expect(readDecisionFilter('tag:frontend status:')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(
        /^Say which status after status:\. Filter by one of: proposed,/,
      ),
    });
  });
});
