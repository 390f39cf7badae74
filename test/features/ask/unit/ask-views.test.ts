import { describe, expect, it } from 'vitest';
import type { Member } from '../../../../src/core/domain/member.js';
import type { QueueItem } from '../../../../src/core/domain/queue.js';
import type {
  KnowledgeDocument,
  SearchHit,
} from '../../../../src/core/store/knowledge-repository.js';
import type { AskOutcome } from '../../../../src/features/ask/services/ask.js';
import type { Routed } from '../../../../src/features/ask/services/route.js';
import {
  answeredByDocReply,
  answerText,
  askReply,
  hitText,
  searchedForLine,
} from '../../../../src/features/ask/slack/views/ask.js';
import { threadReply } from '../../../../src/features/ask/slack/views/ask-places.js';
import type { Question } from '../../../../src/features/ask/store/question-repository.js';
import { findButton, textOf } from '../../../support/blocks.js';

const T = Date.parse('2026-03-09T14:00:00Z');
const MINUTE = 60_000;

const question: Question = {
  id: 7,
  askerId: 'U1',
  text: 'How do I recieve teh invoce?',
  channelId: 'C1',
  threadTs: null,
  askedVia: 'command',
  messageTs: null,
  requestedBy: null,
  state: 'open',
  route: [{ memberId: 'U2', reason: 'owns the topic “invoices”' }],
  routeIndex: 0,
  answerText: null,
  answeredBy: null,
  answeredAt: null,
  documentId: null,
  askedInChannelAt: null,
  createdAt: T,
  updatedAt: T,
};

function hit(id: number, title: string): SearchHit {
  const document: KnowledgeDocument = {
    id,
    title,
    body: 'x',
    source: 'written',
    sourceKey: null,
    contentHash: 'h',
    authorId: null,
    url: null,
    channelId: null,
    visibility: 'public',
    status: null,
    supersededById: null,
    createdAt: T,
    updatedAt: T,
  };
  return { document, score: 1, snippet: title, coverage: 0.3, matchedAlias: false, concepts: [] };
}

const expert = { id: 'U2', name: 'sam' } as Member;

function routed(deliverAfter: number, patch: Partial<Routed> = {}): Routed {
  return {
    expert,
    reason: 'owns the topic “invoices”',
    item: { id: 42, deliverAfter, notBefore: T + 10 * MINUTE } as QueueItem,
    timeZone: 'America/New_York',
    workingNow: true,
    nextStartLocal: 'Tue 09:00',
    waitMs: 0,
    position: 1,
    away: undefined,
    ...patch,
  };
}

function held(deliverAfter: number, hits = [hit(1, 'Invoices'), hit(2, 'Billing')]): AskOutcome {
  return {
    kind: 'held',
    question,
    routed: routed(deliverAfter),
    hits,
    releaseAt: T + 10 * MINUTE,
    searchedFor: null,
  };
}

describe('/ask replies: show, then ask', () => {
  it('show at most three documents, each with "This answers it", and offer "Ask now"', () => {
    const hits = [1, 2, 3, 4].map((id) => hit(id, `Doc ${id}`));
    const reply = askReply(held(T + 10 * MINUTE, hits), T);
    const text = textOf(reply.blocks);
    expect(text).toContain('Doc 3');
    expect(text).not.toContain('Doc 4');
    const answers = JSON.stringify(reply.blocks).match(/"ask_this_answers"/g) ?? [];
    expect(answers).toHaveLength(3);
    expect(findButton(reply.blocks, 'ask_this_answers').value).toBe('7:1');
    expect(findButton(reply.blocks, 'ask_now').value).toBe('7');
  });

  it('say whom it will ask, when, and when they will see it', () => {
    const working = textOf(askReply(held(T + 10 * MINUTE), T).blocks);
    expect(working).toContain(
      'If none of these answers it, I will ask <@U2> (owns the topic “invoices”) in 10 min; they are working then (America/New_York).',
    );
    const offline = textOf(askReply(held(T + 19 * 60 * MINUTE), T).blocks);
    expect(offline).toContain(
      'they are offline then, so it reaches them at Tue 09:00 their time (in 19 h).',
    );
  });

  it('say what was searched for when a typo was corrected, escaped', () => {
    const outcome: AskOutcome = {
      kind: 'found',
      question,
      hits: [hit(1, 'Invoices')],
      searchedFor: 'receive the <invoice> & co',
    };
    const reply = askReply(outcome, T);
    expect(reply.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Searched for *receive the &lt;invoice&gt; &amp; co*' }],
    });
    const whileHeld = askReply({ ...held(T + 10 * MINUTE), searchedFor: 'receive invoice' }, T);
    expect(textOf(whileHeld.blocks)).toContain('Searched for *receive invoice*');
    expect(textOf(askReply({ ...outcome, searchedFor: null }, T).blocks)).not.toContain(
      'Searched for',
    );
    expect(searchedForLine(undefined)).toEqual([]);
  });

  it('tell the asker what became of the question after "This answers it"', () => {
    expect(answeredByDocReply('Invoices', 'withdrawn').text).toContain(
      'I took your question back before anyone was asked.',
    );
    expect(answeredByDocReply('Invoices', 'settled', ['U2']).text).toContain(
      '<@U2> already had your question; I told them it is settled.',
    );
    expect(answeredByDocReply('Invoices', 'settled', ['U2'], true).text).toContain(
      'Your question was on its way to <@U2> as you clicked; it is closed, so they will find it already answered.',
    );
    expect(answeredByDocReply('<b>', 'draft').text).toBe(
      'Glad that helped. I noted your wording, so the next person who asks it this way finds *&lt;b&gt;* first.',
    );
  });

  it('say that a released question was sent now', () => {
    const reply = askReply(
      { kind: 'routed', question, routed: routed(T), hits: [], released: true },
      T,
    );
    expect(reply.text).toContain('Sent now, so I asked <@U2>');
  });
});

describe('a held question in a thread', () => {
  it('shows the matches to everyone, without buttons, and says the asker may settle it', () => {
    const reply = threadReply(held(T + 10 * MINUTE), '<@U1>', T);
    const text = textOf(reply.blocks);
    expect(text).toContain('*Invoices*');
    expect(text).toContain('I will ask sam (owns the topic “invoices”) in 10 min');
    expect(text).toContain('<@U1> can settle it sooner with the buttons only they see');
    expect(JSON.stringify(reply.blocks)).not.toContain('"button"');
  });
});

describe('a hit found by its section', () => {
  function sectioned(heading: string, url: string | null): SearchHit {
    const base = hit(9, 'Time off & <leave>');
    return {
      ...base,
      document: { ...base.document, url },
      snippet: 'New \u0002parents\u0003 take sixteen weeks.',
      section: {
        heading,
        anchor: 'parental-leave',
        opening: 'New parents take <sixteen> weeks & more.',
        concepts: [],
        window: 0,
      },
    };
  }

  it('shows the heading path after the title, linked to the heading when the page has a URL', () => {
    const text = hitText(sectioned('People > Parental leave', 'https://h.example/time-off'));
    expect(text).toBe(
      '<https://h.example/time-off|Time off &amp; &lt;leave&gt;> › <https://h.example/time-off#parental-leave|People › Parental leave>\nNew *parents* take sixteen weeks.',
    );
  });

  it('shows the heading path unlinked without a URL, escaped and capped', () => {
    const text = hitText(sectioned(`<@U1> ${'very long heading '.repeat(30)}`, null));
    expect(text.startsWith('*Time off &amp; &lt;leave&gt;* › &lt;@U1&gt; very long heading')).toBe(
      true,
    );
    expect(text).not.toContain('<@U1>');
    expect(text.split('\n')[0]?.length).toBeLessThan(260);
  });

  it('answers with the section’s opening, escaped, instead of the snippet', () => {
    const text = answerText(sectioned('Parental leave', 'https://h.example/time-off'));
    expect(text).toContain('#parental-leave|Parental leave>');
    expect(text).toContain('\nNew parents take &lt;sixteen&gt; weeks &amp; more.');
    expect(answerText(hit(3, 'Printer'))).toBe(hitText(hit(3, 'Printer')));
  });
});
