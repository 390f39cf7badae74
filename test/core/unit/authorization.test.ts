import { describe, expect, it } from 'vitest';
import {
  type DocumentFacts,
  documentVerdict,
  type QueueItemAction,
  type QueueItemFacts,
  queueItemVerdict,
  type ReviewAction,
  type ReviewFacts,
  reviewVerdict,
  type Verdict,
  type Viewer,
} from '../../../src/core/domain/authorization.js';

const viewer = (userId: string, channels: string[] = [], isGuest = false): Viewer => ({
  userId,
  isGuest,
  visibleChannelIds: channels,
});

const ASKER = viewer('UASK', ['CPRIV', 'CGEN']);
const EXPERT = viewer('UEXP');
const INSIDER = viewer('UIN', ['CPRIV', 'CGEN']);
const OUTSIDER = viewer('UOUT', ['CGEN']);
const GUEST_IN = viewer('UGIN', ['CPRIV', 'CGEN'], true);
const GUEST_OUT = viewer('UGOUT', ['CGUEST'], true);

const outcome = (verdict: Verdict) => (verdict.allowed ? 'allowed' : verdict.refusal);

describe('documentVerdict', () => {
  const cases: [string, DocumentFacts, Viewer, boolean][] = [
    ['public import, member', { visibility: 'public', channelId: null }, OUTSIDER, true],
    ['public import, guest', { visibility: 'public', channelId: null }, GUEST_IN, false],
    ['public channel message, member', { visibility: 'public', channelId: 'CGEN' }, EXPERT, true],
    [
      'public channel message, guest in it',
      { visibility: 'public', channelId: 'CGEN' },
      GUEST_IN,
      true,
    ],
    [
      'public channel message, guest not in it',
      { visibility: 'public', channelId: 'CGEN' },
      GUEST_OUT,
      false,
    ],
    ['private doc, member', { visibility: 'channel', channelId: 'CPRIV' }, INSIDER, true],
    ['private doc, outsider', { visibility: 'channel', channelId: 'CPRIV' }, OUTSIDER, false],
    ['private doc, guest in it', { visibility: 'channel', channelId: 'CPRIV' }, GUEST_IN, true],
    [
      'private doc, guest not in it',
      { visibility: 'channel', channelId: 'CPRIV' },
      GUEST_OUT,
      false,
    ],
  ];
  it.each(cases)('%s', (_name, document, who, sees) => {
    for (const action of ['see', 'confirm'] as const) {
      expect(documentVerdict(who, document, action)).toEqual(
        sees ? { allowed: true } : { allowed: false, refusal: 'unknown' },
      );
    }
  });
});

describe('queueItemVerdict', () => {
  const item = (patch: Partial<QueueItemFacts> = {}): QueueItemFacts => ({
    kind: 'question',
    state: 'delivered',
    recipientId: 'UEXP',
    ...patch,
  });
  type Row = [string, QueueItemFacts, Viewer, Record<QueueItemAction, string>];
  const all = (value: string) => ({
    see: value,
    answer: value,
    reassign: value,
    snooze: value,
    done: value,
  });
  const rows: Row[] = [
    [
      'recipient, delivered',
      item(),
      EXPERT,
      { ...all('allowed'), done: 'unknown' }, // a question needs an answer
    ],
    [
      'recipient, snoozed',
      item({ state: 'snoozed' }),
      EXPERT,
      { ...all('allowed'), done: 'unknown' },
    ],
    [
      'recipient, not yet delivered',
      item({ state: 'queued' }),
      EXPERT,
      {
        see: 'allowed',
        answer: 'allowed',
        reassign: 'allowed',
        snooze: 'allowed',
        done: 'unknown',
      },
    ],
    [
      'recipient, being sent',
      item({ state: 'sending' }),
      EXPERT,
      {
        see: 'allowed',
        answer: 'allowed',
        reassign: 'allowed',
        snooze: 'settled',
        done: 'unknown',
      },
    ],
    [
      'recipient, done',
      item({ state: 'done' }),
      EXPERT,
      {
        see: 'allowed',
        answer: 'settled',
        reassign: 'settled',
        snooze: 'settled',
        done: 'unknown',
      },
    ],
    [
      'recipient, a notice',
      item({ kind: 'notice' }),
      EXPERT,
      {
        see: 'allowed',
        answer: 'unknown',
        reassign: 'unknown',
        snooze: 'allowed',
        done: 'allowed',
      },
    ],
    [
      'recipient, a notice already done',
      item({ kind: 'notice', state: 'done' }),
      EXPERT,
      {
        see: 'allowed',
        answer: 'unknown',
        reassign: 'unknown',
        snooze: 'settled',
        done: 'settled',
      },
    ],
    ['the asker', item(), ASKER, all('unknown')],
    ['a member of the question’s channel', item(), INSIDER, all('unknown')],
    ['a guest', item(), GUEST_IN, all('unknown')],
    ['someone else, a notice', item({ kind: 'notice' }), ASKER, all('unknown')],
  ];
  it.each(rows)('%s', (_name, facts, who, expected) => {
    const actual = Object.fromEntries(
      (Object.keys(expected) as QueueItemAction[]).map((action) => [
        action,
        outcome(queueItemVerdict(who, facts, action)),
      ]),
    );
    expect(actual).toEqual(expected);
  });
});

describe('reviewVerdict', () => {
  const OWNER = viewer('UOWN');
  const REVIEWER = viewer('UREV');
  const OTHER_REVIEWER = viewer('UREV2');
  const review = (patch: Partial<ReviewFacts> = {}): ReviewFacts => ({
    ownerId: 'UOWN',
    reviewerIds: ['UREV', 'UREV2'],
    state: 'open',
    maySeeObject: true,
    ...patch,
  });
  const concern = (patch: Partial<NonNullable<ReviewFacts['concern']>> = {}) => ({
    concern: { reviewerId: 'UREV', state: 'open' as const, answered: false, ...patch },
  });
  type Row = [string, ReviewFacts, Viewer, Record<ReviewAction, string>];
  const all = (value: string): Record<ReviewAction, string> => ({
    see: value,
    answer: value,
    respond: value,
    override: value,
    withdraw: value,
    accept: value,
  });
  const rows: Row[] = [
    [
      'the owner, open',
      review(),
      OWNER,
      {
        ...all('not_yours'),
        see: 'allowed',
        accept: 'allowed',
        respond: 'settled',
        override: 'settled',
      },
    ],
    [
      'the owner, on an open concern',
      review(concern()),
      OWNER,
      {
        ...all('not_yours'),
        see: 'allowed',
        accept: 'allowed',
        respond: 'allowed',
        override: 'allowed',
      },
    ],
    [
      'the owner, on a withdrawn concern',
      review(concern({ state: 'withdrawn', answered: true })),
      OWNER,
      {
        ...all('not_yours'),
        see: 'allowed',
        accept: 'allowed',
        respond: 'settled',
        override: 'settled',
      },
    ],
    [
      'the owner, accepted',
      review({ state: 'accepted' }),
      OWNER,
      {
        ...all('not_yours'),
        see: 'allowed',
        accept: 'settled',
        respond: 'settled',
        override: 'settled',
      },
    ],
    [
      'a reviewer, open',
      review(),
      REVIEWER,
      { ...all('not_yours'), see: 'allowed', answer: 'allowed' },
    ],
    [
      'a reviewer, on their concern not answered yet',
      review(concern()),
      REVIEWER,
      { ...all('not_yours'), see: 'allowed', answer: 'allowed', withdraw: 'settled' },
    ],
    [
      'a reviewer, on their answered concern',
      review(concern({ answered: true })),
      REVIEWER,
      { ...all('not_yours'), see: 'allowed', answer: 'allowed', withdraw: 'allowed' },
    ],
    [
      'another reviewer, on someone else’s concern',
      review(concern({ answered: true })),
      OTHER_REVIEWER,
      { ...all('not_yours'), see: 'allowed', answer: 'allowed' },
    ],
    [
      'a reviewer, accepted',
      review({ state: 'accepted' }),
      REVIEWER,
      { ...all('not_yours'), see: 'allowed', answer: 'settled' },
    ],
    [
      'a reviewer who may not see the object',
      review({ maySeeObject: false }),
      REVIEWER,
      all('unknown'),
    ],
    ['the owner, who may no longer see it', review({ maySeeObject: false }), OWNER, all('unknown')],
    ['someone outside the review', review(concern({ answered: true })), INSIDER, all('unknown')],
    ['a guest', review(), GUEST_IN, all('unknown')],
  ];
  it.each(rows)('%s', (_name, facts, who, expected) => {
    const actual = Object.fromEntries(
      (Object.keys(expected) as ReviewAction[]).map((action) => [
        action,
        outcome(reviewVerdict(who, facts, action)),
      ]),
    );
    expect(actual).toEqual(expected);
  });
});
