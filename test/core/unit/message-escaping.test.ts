import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../src/core/domain/queue.js';
import type { Message } from '../../../src/core/slack/views/blocks.js';
import type { KnowledgeDocument } from '../../../src/core/store/knowledge-repository.js';
import type { AskOutcome } from '../../../src/features/ask/services/ask.js';
import { askReply } from '../../../src/features/ask/slack/views/ask.js';
import {
  threadAnswerMessage,
  threadReply,
} from '../../../src/features/ask/slack/views/ask-places.js';
import {
  answerMessage,
  channelQuestionMessage,
  closedQuestionMessage,
  questionItemMessage,
} from '../../../src/features/ask/slack/views/question.js';
import type { Question } from '../../../src/features/ask/store/question-repository.js';
import { dayMessage } from '../../../src/features/standups/slack/views/channel-posts.js';
import {
  blockerMessage,
  settledPromptMessage,
} from '../../../src/features/standups/slack/views/messages.js';
import type {
  Standup,
  StandupEntry,
} from '../../../src/features/standups/store/standup-repository.js';

/**
 * One escaping rule for every field of a message: what a person wrote reaches a message's
 * notification `text` and its blocks alike escaped once, so it can neither notify a channel nor
 * mention anyone.
 */
const HOSTILE = 'Ping <!channel> & <@U0BOSS> <https://evil.example|here>';

const ESCAPED = 'Ping &lt;!channel&gt; &amp; &lt;@U0BOSS&gt; &lt;https://evil.example|here&gt;';
const T = Date.parse('2026-03-09T14:00:00Z');

const question: Question = {
  id: 7,
  askerId: 'U1',
  text: HOSTILE,
  channelId: 'C1',
  threadTs: '1.1',
  askedVia: 'mention',
  messageTs: '1.1',
  requestedBy: null,
  state: 'answered',
  route: [],
  routeIndex: 0,
  answerText: HOSTILE,
  answeredBy: 'U2',
  answeredAt: T,
  documentId: null,
  askedInChannelAt: null,
  createdAt: T,
  updatedAt: T,
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
  payload: { questionId: 7, text: HOSTILE, reason: 'owns the topic “x”' },
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

const doc: KnowledgeDocument = {
  id: 3,
  title: HOSTILE,
  body: 'x',
  source: 'written',
  sourceKey: null,
  contentHash: 'h',
  authorId: 'U2',
  url: null,
  channelId: null,
  visibility: 'public',
  status: null,
  supersededById: null,
  createdAt: T,
  updatedAt: T,
};
const found: AskOutcome = {
  kind: 'found',
  question,
  hits: [{ document: doc, score: 1, snippet: 'x', coverage: 1, matchedAlias: false, concepts: [] }],
};

const standup: Standup = {
  id: 7,
  channelId: 'C0TEAM',
  ownerId: 'U0OWNER',
  name: HOSTILE,
  questions: ['What did you do?'],
  asksBlockers: true,
  days: [1, 2, 3, 4, 5],
  promptMode: 'member_zone',
  promptMinute: 570,
  teamZone: 'America/New_York',
  reportMinute: 1020,
  memberMode: 'channel',
  destination: 'thread',
  reminderAfterMinutes: 120,
  state: 'active',
  pausedReason: null,
  nextReportAt: null,
  nextReportDate: null,
  daysOff: [],
  everyOtherWeekFrom: null,
  createdAt: 0,
  updatedAt: 0,
};
const entry: StandupEntry = {
  id: 1,
  standupId: 7,
  memberId: 'U0AIKO',
  date: '2026-03-10',
  status: 'answered',
  promptAt: T,
  closesAt: T,
  remindAt: null,
  promptItemId: null,
  answers: ['done'],
  blockerText: null,
  blockerOwnerId: null,
  answeredAt: T,
  answeredZone: 'Asia/Tokyo',
  postedTs: null,
  postDueAt: null,
  closedAt: null,
  createdAt: 0,
  updatedAt: 0,
};

/** Every mrkdwn string of a message: its `text`, and each text in its blocks. */
function mrkdwnFields(message: Message): string[] {
  const fields = [message.text];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') fields.push(object.text);
    for (const child of Object.values(object)) walk(child);
  };
  walk(message.blocks);
  return fields;
}

const builders: [string, () => Message][] = [
  ['the expert’s question DM', () => questionItemMessage(item)],
  ['the expert’s settled DM', () => closedQuestionMessage(item, 'Answered. Thank you!')],
  ['the channel’s question', () => channelQuestionMessage(question)],
  ['the answer by DM', () => answerMessage(question)],
  ['the answer in the thread', () => threadAnswerMessage(question)],
  ['the thread’s reply from the docs', () => threadReply(found, 'Ada', T)],
  ['/ask’s reply from the docs', () => askReply(found, T)],
  ['a blocker', () => blockerMessage({ blockerId: 1, text: HOSTILE, fromUserId: 'U1', standup })],
  ['a standup’s day', () => dayMessage(standup, '2026-03-10')],
  ...(['skipped', 'closed'] as const).map((kind): [string, () => Message] => [
    `a ${kind} prompt`,
    () => settledPromptMessage({ kind, standup, entry }),
  ]),
  [
    'an answered prompt',
    () => settledPromptMessage({ kind: 'answered', standup, entry, nextDate: null }),
  ],
  [
    'an away prompt',
    () => settledPromptMessage({ kind: 'away', standup, entry, backOn: '2026-03-12' }),
  ],
];

describe('what a person wrote, in every field of a message', () => {
  it.each(builders)('%s: escaped once in the text and the blocks', (_name, build) => {
    const message = build();
    for (const field of mrkdwnFields(message)) {
      expect(field).not.toMatch(/<!channel>|<@U0BOSS>|<https:\/\/evil/);
      expect(field).not.toContain('&amp;lt;');
    }
    expect(message.text).toContain(ESCAPED.slice(0, 30));
  });
});
