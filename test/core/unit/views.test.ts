import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../src/core/domain/queue.js';
import { SNIPPET_END, SNIPPET_START } from '../../../src/core/domain/search/query.js';
import { renderSnippet } from '../../../src/core/slack/views/snippet.js';
import type { KnowledgeDocument } from '../../../src/core/store/knowledge-repository.js';
import { askReply, formatAge } from '../../../src/features/ask/slack/views/ask.js';
import {
  answerModal,
  questionItemMessage,
} from '../../../src/features/ask/slack/views/question.js';
import type { Question } from '../../../src/features/ask/store/question-repository.js';
import { parseExpertsCommand } from '../../../src/features/home/slack/experts-text.js';
import { findButton, textOf } from '../../support/blocks.js';

const T = Date.parse('2026-03-09T14:00:00Z');

const question: Question = {
  id: 7,
  askerId: 'U1',
  text: 'Is <!channel> & co ok?',
  channelId: 'C1',
  threadTs: null,
  askedVia: 'command',
  messageTs: null,
  requestedBy: null,
  state: 'draft',
  route: [],
  routeIndex: 0,
  answerText: null,
  answeredBy: null,
  answeredAt: null,
  documentId: null,
  askedInChannelAt: null,
  createdAt: T,
  updatedAt: T,
};

const doc: KnowledgeDocument = {
  id: 3,
  title: 'Pings <here>',
  body: 'x',
  source: 'answer',
  sourceKey: null,
  contentHash: 'h',
  authorId: 'U2',
  url: null,
  channelId: null,
  visibility: 'public',
  status: null,
  supersededById: null,
  createdAt: T - 3 * 86_400_000,
  updatedAt: T - 3 * 86_400_000,
};

const item: QueueItem = {
  id: 42,
  kind: 'question',
  state: 'delivered',
  recipientId: 'U2',
  requesterId: 'U1',
  teamId: null,
  channelId: 'C1',
  threadTs: null,
  payload: { questionId: 7, text: 'Who owns <@U9>?', reason: 'owns the topic “x”' },
  deliverAfter: T,
  notBefore: null,
  dueBy: null,
  escalationLevel: 0,
  idempotencyKey: 'question:7:0',
  attempts: 1,
  lastError: null,
  deliveredChannel: 'D2',
  deliveredTs: '1.2',
  deliveredAt: T,
  createdAt: T,
  updatedAt: T,
};

describe('view builders', () => {
  it('escape what people wrote and bold the matches in snippets', () => {
    expect(
      renderSnippet(
        `use ${SNIPPET_START}<script>${SNIPPET_END} & ${SNIPPET_START}go${SNIPPET_END}`,
      ),
    ).toBe('use *&lt;script&gt;* &amp; *go*');
    expect(
      renderSnippet(`${SNIPPET_START}vpn${SNIPPET_END} ${SNIPPET_START}access${SNIPPET_END}`),
    ).toBe('*vpn access*');
  });

  it('say how old a document is', () => {
    expect([0, 1.5, 3, 90, 800].map((d) => formatAge(d * 86_400_000))).toEqual([
      'today',
      'yesterday',
      '3 days ago',
      '3 months ago',
      '2 years ago',
    ]);
  });

  it('offer "This answers it" per document and "Ask a person" under the docs', () => {
    const reply = askReply(
      {
        kind: 'found',
        question,
        hits: [
          { document: doc, score: 3, snippet: 'x', coverage: 1, matchedAlias: false, concepts: [] },
        ],
      },
      T,
    );
    expect(findButton(reply.blocks, 'ask_this_answers').value).toBe('7:3');
    expect(findButton(reply.blocks, 'ask_a_person').value).toBe('7');
    expect(textOf(reply.blocks)).toContain('Pings &lt;here&gt;');
    expect(textOf(reply.blocks)).toContain('answered by <@U2> · updated 3 days ago');
  });

  it('keep the question safe when nobody can be found', () => {
    const reply = askReply({ kind: 'unroutable', question, hits: [] }, T);
    expect(textOf(reply.blocks)).toContain('>Is &lt;!channel&gt; &amp; co ok?');
  });

  it('give the expert the question, why them, and the three buttons', () => {
    const message = questionItemMessage(item);
    expect(textOf(message.blocks)).toContain('>Who owns &lt;@U9&gt;?');
    expect(textOf(message.blocks)).toContain('Why you: owns the topic “x”.');
    for (const action of ['question_answer', 'question_reassign', 'question_snooze']) {
      expect(findButton(message.blocks, action).value).toBe('42');
    }
  });

  it('carry the question in the answer modal', () => {
    const view = answerModal(question, { questionId: 7, itemId: 42 });
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ questionId: 7, itemId: 42 });
    expect(view.blocks.some((b) => b.type === 'input' && b.block_id === 'answer')).toBe(true);
  });

  it('show all of a long question in the answer modal, within Slack’s block limits', () => {
    const long = `${'a'.repeat(5000)}<&>${'b'.repeat(5000)}`;
    const view = answerModal({ ...question, text: long }, { questionId: 7, itemId: 42 });
    const texts = view.blocks.flatMap((b) => {
      const text = (b as { text?: { text?: string } }).text?.text;
      return b.type === 'section' && text !== undefined ? [text] : [];
    });
    expect(texts.every((t) => t.length <= 3000)).toBe(true);
    const shown = texts.slice(1).join('').replace(/>/g, '');
    expect(shown).toBe(`${'a'.repeat(5000)}&lt;&amp;&gt;${'b'.repeat(5000)}`.replace(/>/g, ''));
  });
});

describe('parseExpertsCommand', () => {
  it.each([
    ['', { action: 'list' }],
    ['list', { action: 'list' }],
    [
      'add billing, Annual  Plans <@U1|ada> <@W2>',
      {
        action: 'add',
        topics: [
          { kind: 'keyword', topic: 'billing' },
          { kind: 'keyword', topic: 'Annual Plans' },
        ],
        memberIds: ['U1', 'W2'],
      },
    ],
    [
      'add <#C123|payments> <@U1>',
      { action: 'add', topics: [{ kind: 'channel', topic: 'C123' }], memberIds: ['U1'] },
    ],
    [
      'remove billing',
      { action: 'remove', topics: [{ kind: 'keyword', topic: 'billing' }], memberIds: [] },
    ],
    ['promote everyone', null],
  ])('%j', (text, expected) => {
    expect(parseExpertsCommand(text)).toEqual(expected);
  });
});
