import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../../src/core/domain/authorization.js';
import {
  mayReceiveQuestion,
  type QuestionAction,
  type QuestionFacts,
  questionVerdict,
} from '../../../../src/features/ask/domain/authorization.js';

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
