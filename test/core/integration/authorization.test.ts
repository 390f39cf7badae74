import { beforeEach, describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../src/context.js';
import {
  docChannelsFor,
  saveMessageAsDocument,
  writeDocument,
} from '../../../src/core/services/documents.js';
import { UserFacingError } from '../../../src/core/services/errors.js';
import { completeItem, snoozeItem } from '../../../src/core/services/queue.js';
import { answerQuestion } from '../../../src/features/ask/services/answer.js';
import { askAPerson, askQuestion } from '../../../src/features/ask/services/ask.js';
import { exhaustRoute, reassignQuestion } from '../../../src/features/ask/services/pass-on.js';
import type { QuestionNotifier } from '../../../src/features/ask/services/ports.js';
import { confirmAnswer, followQuestion } from '../../../src/features/ask/services/settle.js';
import { slackNames } from '../../../src/features/ask/slack/views/names.js';
import type { Question } from '../../../src/features/ask/store/question-repository.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

/**
 * The use cases refuse on their own, whatever listener (or future caller) hands them an id:
 * the same rules as the listeners, one layer down.
 */

let ctx: MailroomContext;

/** Everything a refusal must leave as it was. */
function state() {
  const db = ctx.db.$client;
  return ['questions', 'question_followers', 'queue_items', 'documents', 'document_aliases'].map(
    (table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
  );
}

function refuses(run: () => unknown, message: string | RegExp) {
  const before = state();
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UserFacingError);
  expect((thrown as UserFacingError).userMessage).toMatch(message);
  expect(state()).toEqual(before);
}

/** As refuses, for a use case that answers with a promise. */
async function refusesLater(run: () => Promise<unknown>, message: string | RegExp) {
  const before = state();
  const thrown = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(UserFacingError);
  expect((thrown as UserFacingError).userMessage).toMatch(message);
  expect(state()).toEqual(before);
}

const notifier = (posted: boolean): QuestionNotifier => ({
  names: slackNames,
  remind() {},
  async closeDelivered() {},
  askChannel() {
    return posted;
  },
});

beforeEach(() => {
  const clock = testClock('2026-03-09T10:00:00Z');
  ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [
      profile('UASK'),
      profile('UEXP'),
      profile('UPEER'),
      profile('UOUT'),
      profile('UGUEST', { isGuest: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CPRIV', name: 'priv', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CPRIV', ['UASK', 'UPEER'], clock());
  ctx.channels.upsert(
    { id: 'CGEN', name: 'gen', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.experts.add('keyword', 'falcon', 'UEXP', 'UADMIN', clock());
});

async function askInPrivate(): Promise<{ question: Question; itemId: number }> {
  const outcome = await askQuestion(ctx, {
    askerId: 'UASK',
    text: 'Who signs off the falcon budget?',
    place: { channelId: 'CPRIV' },
  });
  if (outcome.kind !== 'routed') throw new Error(`expected routed, got ${outcome.kind}`);
  return { question: outcome.question, itemId: outcome.routed.item.id };
}

describe('use cases refuse what their rule forbids', () => {
  it('answerQuestion: only the expert it is with', async () => {
    const { question } = await askInPrivate();
    for (const userId of ['UOUT', 'UGUEST', 'UNOBODY']) {
      refuses(
        () => answerQuestion(ctx, { questionId: question.id, expertId: userId, text: 'forged' }),
        'I can’t find that question any more.',
      );
    }
    for (const userId of ['UPEER', 'UASK']) {
      refuses(
        () => answerQuestion(ctx, { questionId: question.id, expertId: userId, text: 'forged' }),
        /isn’t yours to answer/,
      );
    }
    expect(
      answerQuestion(ctx, { questionId: question.id, expertId: 'UEXP', text: 'The CFO.' }).question
        .state,
    ).toBe('answered');
  });

  it('reassignQuestion, snoozeItem and completeItem: only the item’s recipient', async () => {
    const { itemId } = await askInPrivate();
    for (const userId of ['UASK', 'UPEER', 'UOUT', 'UGUEST']) {
      refuses(
        () => reassignQuestion(ctx, { itemId, byUserId: userId }, slackNames),
        'I can’t find that question in your queue.',
      );
      refuses(
        () => snoozeItem(ctx, { itemId, userId, choice: '2h' }),
        'I can’t find that in your queue.',
      );
      refuses(() => completeItem(ctx, { itemId, userId }), 'I can’t find that in your queue.');
    }
  });

  it('followQuestion, confirmAnswer and askAPerson: own drafts only, visible things only', async () => {
    const { question } = await askInPrivate();
    const draft = (userId: string) =>
      ctx.questions.create({ askerId: userId, text: 'a draft', channelId: 'CGEN' }, ctx.clock());
    const outsiderDraft = draft('UOUT');
    refuses(
      () =>
        followQuestion(ctx, {
          questionId: outsiderDraft.id,
          existingId: question.id,
          userId: 'UOUT',
        }),
      'I can’t find that question any more.',
    );
    const secretDoc = ctx.knowledge.upsert(
      {
        title: 'Falcon',
        body: 'secret',
        source: 'message',
        channelId: 'CPRIV',
        visibility: 'channel',
      },
      ctx.clock(),
    ).document;
    refuses(
      () =>
        confirmAnswer(ctx, {
          questionId: outsiderDraft.id,
          documentId: secretDoc.id,
          userId: 'UOUT',
        }),
      /can’t find that document/,
    );
    const guestDraft = draft('UGUEST');
    const handbook = ctx.knowledge.upsert(
      { title: 'Handbook', body: 'for everyone', source: 'import' },
      ctx.clock(),
    ).document;
    refuses(
      () =>
        confirmAnswer(ctx, {
          questionId: guestDraft.id,
          documentId: handbook.id,
          userId: 'UGUEST',
        }),
      /can’t find that document/,
    );
    await refusesLater(
      () =>
        askAPerson(ctx, {
          questionId: outsiderDraft.id,
          userId: 'UPEER',
          place: { channelId: 'CGEN' },
        }),
      'I can’t find that question. Please ask again with `/ask`.',
    );
  });

  it('saveMessageAsDocument: only from a conversation the saver may see, recording nobody', async () => {
    const save = (savedBy: string, channelId: string) =>
      saveMessageAsDocument(ctx, {
        savedBy,
        channelId,
        messageTs: '1.1',
        authorId: 'UASK',
        text: 'Falcon ships in April',
        threadReplies: [],
        permalink: null,
      });
    refuses(() => save('UOUT', 'CPRIV'), /conversations I know you are in/);
    refuses(() => save('UGUEST', 'CGEN'), /conversations I know you are in/);
    refuses(() => save('UOUT', 'CUNKNOWN'), /conversations I know you are in/);
    expect(ctx.channels.channelsOf('UOUT')).toEqual([]);
    expect(save('UPEER', 'CPRIV').document.visibility).toBe('channel');
    expect(save('UOUT', 'CGEN').document.visibility).toBe('public');
  });

  it('writeDocument: a guest’s doc belongs to one of their channels; in none, it is refused', () => {
    const write = (authorId: string, channelId?: string) =>
      writeDocument(ctx, { authorId, title: 'Visitor wifi', body: 'It is guest-42.', channelId });
    refuses(() => write('UGUEST'), /don’t know you are in any yet/);
    ctx.channels.addMember('CGEN', 'UGUEST', ctx.clock());
    expect(docChannelsFor(ctx, 'UGUEST')).toEqual([{ id: 'CGEN', name: 'gen' }]);
    refuses(() => write('UGUEST'), /Pick one of your channels/);
    refuses(() => write('UGUEST', 'CPRIV'), /Pick one of your channels/);
    refuses(() => write('UNOBODY', 'CGEN'), /don’t know you are in any yet/);
    expect(write('UGUEST', 'CGEN').document).toMatchObject({
      visibility: 'channel',
      channelId: 'CGEN',
    });
    expect(docChannelsFor(ctx, 'UOUT')).toBeUndefined();
    expect(write('UOUT', 'CPRIV').document).toMatchObject({
      visibility: 'public',
      channelId: null,
    });
  });
});

describe('questions and guests', () => {
  it('routes a question to a guest expert only when they are in its conversation', async () => {
    ctx.experts.add('keyword', 'lisbon', 'UGUEST', 'UADMIN', ctx.clock());
    const elsewhere = await askQuestion(ctx, {
      askerId: 'UASK',
      text: 'Where is the lisbon office?',
      place: { channelId: 'CPRIV' },
    });
    expect(elsewhere.kind).toBe('unroutable');
    ctx.channels.addMember('CGEN', 'UGUEST', ctx.clock());
    const inside = await askQuestion(ctx, {
      askerId: 'UOUT',
      text: 'Where is the lisbon office exactly?',
      place: { channelId: 'CGEN' },
    });
    expect(inside.kind === 'routed' && inside.routed.expert.id).toBe('UGUEST');
  });

  it('will not pass a question on to a guest outside its conversation', async () => {
    const { itemId } = await askInPrivate();
    refuses(
      () => reassignQuestion(ctx, { itemId, byUserId: 'UEXP', toUserId: 'UGUEST' }, slackNames),
      /is a guest outside the conversation/,
    );
  });
});

describe('exhaustRoute', () => {
  it('records when the question was put to its channel, and only if it was', async () => {
    const { question } = await askInPrivate();
    exhaustRoute(ctx, notifier(false), question);
    expect(ctx.questions.get(question.id)?.askedInChannelAt).toBeNull();
    exhaustRoute(ctx, notifier(true), question);
    expect(ctx.questions.get(question.id)?.askedInChannelAt).toBe(ctx.clock());
  });
});

describe('asking Slack again about a conversation', () => {
  it('is claimed at most once a minute per known conversation, never for an unknown one', () => {
    const now = ctx.clock();
    // CPRIV's members were read at `now` (setMembers): not again within the minute.
    expect(ctx.channels.claimMembersRecheck('CPRIV', now + 59_999, 60_000)).toBe(false);
    expect(ctx.channels.claimMembersRecheck('CPRIV', now + 60_000, 60_000)).toBe(true);
    expect(ctx.channels.claimMembersRecheck('CPRIV', now + 60_001, 60_000)).toBe(false);
    // Never read: claimed once, then not for a minute, whoever asks.
    expect(ctx.channels.claimMembersRecheck('CGEN', now, 60_000)).toBe(true);
    expect(ctx.channels.claimMembersRecheck('CGEN', now + 1, 60_000)).toBe(false);
    expect(ctx.channels.claimMembersRecheck('CUNKNOWN', now, 60_000)).toBe(false);
    expect(ctx.channels.get('CUNKNOWN')).toBeUndefined();
  });
});
