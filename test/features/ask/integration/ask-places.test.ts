import { beforeEach, describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { documentVerdict } from '../../../../src/core/domain/authorization.js';
import {
  conversationViewerOf,
  documentFactsOf,
} from '../../../../src/core/services/authorization.js';
import { UserFacingError } from '../../../../src/core/services/errors.js';
import { searchKnowledge } from '../../../../src/core/services/knowledge.js';
import { shareAnswerInThread } from '../../../../src/features/ask/services/answer.js';
import {
  askFromMessage,
  authorizeAskingFor,
} from '../../../../src/features/ask/services/places.js';
import { slackNames } from '../../../../src/features/ask/slack/views/names.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

let ctx: MailroomContext;

beforeEach(() => {
  const clock = testClock('2026-03-09T10:00:00Z');
  ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [
      profile('UASK'),
      profile('UPEER'),
      profile('UGONE', { isGuest: true, deleted: true }),
      profile('UGUEST', { isGuest: true }),
      profile('UBOT', { isBot: true }),
      profile('UAUTHOR'),
      profile('UEXP'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'gen', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPRIV', ['UASK', 'UAUTHOR'], clock());
  ctx.channels.setMembers('CGEN', ['UASK', 'UPEER'], clock());
  const add = (title: string, where: { visibility: 'public' | 'channel'; channelId?: string }) =>
    ctx.knowledge.upsert(
      {
        title,
        body: `${title}: the kettle descaling rota`,
        source: 'written',
        authorId: where.channelId === 'CPRIV' ? 'UAUTHOR' : null,
        ...where,
      },
      clock(),
    ).document;
  add('Public kettle', { visibility: 'public' });
  add('Private kettle', { visibility: 'channel', channelId: 'CPRIV' });
  add('General kettle', { visibility: 'channel', channelId: 'CGEN' });
  ctx.knowledge.upsert(
    {
      title: 'People kettle',
      body: 'the kettle descaling rota, kept for named people',
      source: 'decision',
      visibility: 'people',
      readerIds: ['UASK', 'UPEER'],
    },
    clock(),
  );
});

const titlesFor = (memberIds: string[] | null) =>
  searchKnowledge(ctx, conversationViewerOf(ctx, 'CGEN', memberIds), 'kettle descaling rota', 10)
    .hits.map((hit) => hit.document.title)
    .sort();

describe('a conversation as one viewer', () => {
  it('sees its own documents and public ones, never a member’s private channel or named-people ones', async () => {
    expect(titlesFor(['UASK', 'UPEER', 'UBOT', 'UGONE'])).toEqual([
      'General kettle',
      'Public kettle',
    ]);
  });

  it('sees only its own documents when a guest, someone unknown, or nobody knows who is in it', async () => {
    for (const members of [['UASK', 'UGUEST'], ['UASK', 'USTRANGER'], null]) {
      expect(titlesFor(members)).toEqual(['General kettle']);
    }
  });

  it('agrees with documentVerdict for every document', async () => {
    const viewer = conversationViewerOf(ctx, 'CGEN', ['UASK', 'UPEER']);
    const seen = ctx.knowledge
      .search('kettle descaling rota', viewer, 10)
      .map((hit) => hit.document.id);
    for (const id of [1, 2, 3, 4]) {
      const document = ctx.knowledge.get(id);
      if (!document) throw new Error(`no document ${id}`);
      expect(documentVerdict(viewer, documentFactsOf(ctx, document), 'see').allowed).toBe(
        seen.includes(id),
      );
    }
  });
});

describe('asking from a message', () => {
  const ask = (messageTs: string, extra: { requestedBy?: string } = {}) =>
    askFromMessage(
      ctx,
      {
        askerId: 'UASK',
        text: 'How often is the kettle descaled?',
        place: { channelId: 'CGEN', threadTs: '100.000001', messageTs },
        via: extra.requestedBy ? 'shortcut' : 'mention',
        audience: conversationViewerOf(ctx, 'CGEN', ['UASK', 'UPEER']),
        ...extra,
      },
      slackNames,
    );

  it('asks once per message, and keeps where and how it was asked', async () => {
    const first = await ask('100.000002');
    expect(first.kind).toBe('asked');
    const again = await ask('100.000002');
    expect(again).toMatchObject({ kind: 'repeat' });
    const question = ctx.questions.findByMessage('CGEN', '100.000002');
    expect(question).toMatchObject({
      threadTs: '100.000001',
      askedVia: 'mention',
      requestedBy: null,
    });
    expect(first.kind === 'asked' && first.outcome.hits.map((h) => h.document.title)).not.toContain(
      'Private kettle',
    );
  });

  it('asks anyway when a similar question is open, routing only on what the conversation may see', async () => {
    ctx.experts.add('keyword', 'kettle', 'UEXP', 'UASK', ctx.clock());
    const earlier = await askFromMessage(
      ctx,
      {
        askerId: 'UPEER',
        text: 'How often is the kettle descaled?',
        place: { channelId: 'CGEN', threadTs: '99.000001', messageTs: '99.000001' },
        via: 'mention',
        audience: conversationViewerOf(ctx, 'CGEN', ['UASK', 'UPEER']),
      },
      slackNames,
    );
    // A mention's asker reads the matches first: it is held, but already open.
    expect(earlier).toMatchObject({ kind: 'asked', outcome: { kind: 'held' } });
    const mine = await ask('100.000004');
    expect(mine).toMatchObject({ kind: 'asked', outcome: { kind: 'routed' } });
    const route = ctx.questions.findByMessage('CGEN', '100.000004')?.route ?? [];
    expect(route.map((step) => step.memberId)).toEqual(['UEXP']);
    expect(JSON.stringify(route)).not.toContain('Private kettle');
    expect(ctx.questions.open()).toHaveLength(2);
  });

  it('tells the author, in their hours, when someone else asked it for them', async () => {
    await ask('100.000003', { requestedBy: 'UPEER' });
    const [notice] = ctx.queue.openForRecipient('UASK');
    expect(notice).toMatchObject({ kind: 'notice', requesterId: 'UPEER' });
    expect(String(notice?.payload.text)).toContain('<@UPEER> asked me your question in <#CGEN>');
  });

  it('refuses someone outside the conversation, an app’s message and an unknown author', async () => {
    const refusal = (input: Parameters<typeof authorizeAskingFor>[1]) => {
      try {
        authorizeAskingFor(ctx, input);
      } catch (error) {
        expect(error).toBeInstanceOf(UserFacingError);
        return (error as UserFacingError).userMessage;
      }
      return undefined;
    };
    expect(refusal({ requesterId: 'UGUEST', channelId: 'CGEN', authorId: 'UASK' })).toContain(
      'conversations you are in',
    );
    expect(refusal({ requesterId: 'UPEER', channelId: 'CGEN', authorId: 'UBOT' })).toContain(
      'from an app',
    );
    expect(refusal({ requesterId: 'UPEER', channelId: 'CGEN', authorId: 'UNOBODY' })).toContain(
      'I don’t know who wrote that message',
    );
    expect(refusal({ requesterId: 'UPEER', channelId: 'CGEN', authorId: 'UASK' })).toBeUndefined();
  });

  it('shares an answer in the thread only for a question asked in one, and survives a refusal', async () => {
    const posted: number[] = [];
    const notifier = {
      names: slackNames,
      remind() {},
      async closeDelivered() {},
      askChannel() {
        return false;
      },
      answerInThread(question: { id: number }): boolean {
        posted.push(question.id);
        throw new Error('is_archived');
      },
    };
    const question = ctx.questions.create(
      { askerId: 'UASK', text: 'Kettle?', channelId: 'CGEN', threadTs: '1.2' },
      ctx.clock(),
    );
    expect(shareAnswerInThread(ctx, notifier, question)).toBe(false);
    expect(posted).toEqual([]);
    const answered = { ...question, state: 'answered' as const };
    expect(shareAnswerInThread(ctx, notifier, answered)).toBe(false);
    expect(posted).toEqual([question.id]);
    const unthreaded = { ...answered, threadTs: null };
    expect(shareAnswerInThread(ctx, notifier, unthreaded)).toBe(false);
    expect(posted).toEqual([question.id]);
  });
});
