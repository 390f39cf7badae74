import { describe, expect, it } from 'vitest';
import {
  type DocumentFacts,
  documentVerdict,
  type QueueItemAction,
  type QueueItemFacts,
  queueItemVerdict,
  type Viewer,
} from '../../../src/core/domain/authorization.js';
import {
  mayReceiveQuestion,
  type QuestionAction,
  type QuestionFacts,
  questionVerdict,
} from '../../../src/features/ask/domain/authorization.js';

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

const outcome = (verdict: ReturnType<typeof questionVerdict>) =>
  verdict.allowed ? 'allowed' : verdict.refusal;

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

describe('questionVerdict', () => {
  const question = (patch: Partial<QuestionFacts> = {}): QuestionFacts => ({
    askerId: 'UASK',
    state: 'open',
    channelId: 'CPRIV',
    askedInPublic: false,
    askedInChannel: false,
    expertIds: ['UEXP'],
    ...patch,
  });
  const PRIVATE = question();
  const PUBLIC = question({ channelId: 'CGEN', askedInPublic: true });
  const PUT_TO_PUBLIC = question({
    channelId: 'CGEN',
    askedInPublic: true,
    askedInChannel: true,
    expertIds: [],
  });
  const PUT_TO_PRIVATE = question({ askedInChannel: true, expertIds: [] });
  const DRAFT = question({ state: 'draft', expertIds: [] });
  const ANSWERED = question({ state: 'answered', expertIds: [] });
  const NOWHERE = question({ channelId: null, askedInPublic: true });

  type Row = [string, QuestionFacts, Viewer, Record<QuestionAction, string>];
  const rows: Row[] = [
    [
      'asker, private, open',
      PRIVATE,
      ASKER,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'settled',
        withdraw: 'allowed',
        release: 'allowed',
      },
    ],
    [
      'expert, private, open',
      PRIVATE,
      EXPERT,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'allowed',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'member of the private channel',
      PRIVATE,
      INSIDER,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'outsider, private',
      PRIVATE,
      OUTSIDER,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
    [
      'guest in the private channel',
      PRIVATE,
      GUEST_IN,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'outsider, public channel',
      PUBLIC,
      OUTSIDER,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'guest outside the public channel',
      PUBLIC,
      GUEST_OUT,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
    [
      'guest, question asked nowhere in particular',
      NOWHERE,
      GUEST_OUT,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
    [
      'member of the channel it was put to',
      PUT_TO_PUBLIC,
      OUTSIDER,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'allowed',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'non-member once put to a public channel',
      PUT_TO_PUBLIC,
      EXPERT,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'guest in the channel it was put to',
      PUT_TO_PUBLIC,
      GUEST_IN,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'allowed',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'asker, in the channel it was put to',
      PUT_TO_PUBLIC,
      ASKER,
      {
        see: 'allowed',
        follow: 'allowed',
        answer: 'not_yours',
        settle: 'settled',
        withdraw: 'allowed',
        release: 'allowed',
      },
    ],
    [
      'outsider, put to a private channel',
      PUT_TO_PRIVATE,
      OUTSIDER,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
    [
      'asker, own draft',
      DRAFT,
      ASKER,
      {
        see: 'allowed',
        follow: 'settled',
        answer: 'settled',
        settle: 'allowed',
        withdraw: 'allowed',
        release: 'settled',
      },
    ],
    [
      'someone else’s draft, even in their channel',
      DRAFT,
      INSIDER,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
    [
      'answered, member of its channel',
      ANSWERED,
      INSIDER,
      {
        see: 'allowed',
        follow: 'settled',
        answer: 'settled',
        settle: 'not_yours',
        withdraw: 'not_yours',
        release: 'not_yours',
      },
    ],
    [
      'asker, own answered question',
      ANSWERED,
      ASKER,
      {
        see: 'allowed',
        follow: 'settled',
        answer: 'settled',
        settle: 'settled',
        withdraw: 'settled',
        release: 'settled',
      },
    ],
    [
      'answered, its former expert outside the channel',
      ANSWERED,
      EXPERT,
      {
        see: 'unknown',
        follow: 'unknown',
        answer: 'unknown',
        settle: 'unknown',
        withdraw: 'unknown',
        release: 'unknown',
      },
    ],
  ];
  it.each(rows)('%s', (_name, facts, who, expected) => {
    const actual = Object.fromEntries(
      (Object.keys(expected) as QuestionAction[]).map((action) => [
        action,
        outcome(questionVerdict(who, facts, action)),
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('lets a question reach a guest only inside its conversation', () => {
    expect(mayReceiveQuestion(EXPERT, PRIVATE)).toBe(true);
    expect(mayReceiveQuestion(GUEST_IN, PRIVATE)).toBe(true);
    expect(mayReceiveQuestion(GUEST_OUT, PRIVATE)).toBe(false);
    expect(mayReceiveQuestion(GUEST_OUT, NOWHERE)).toBe(false);
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
