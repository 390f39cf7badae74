import { describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import {
  DUPLICATE_SIMILARITY,
  questionSimilarity,
  similarityTerms,
} from '../../../../src/core/domain/routing.js';
import { queryTerms } from '../../../../src/core/domain/search/terms.js';
import { viewerOf } from '../../../../src/core/services/authorization.js';
import { OpenQuestionIndex } from '../../../../src/features/ask/domain/open-question-index.js';
import { mayOnQuestion } from '../../../../src/features/ask/services/authorization.js';
import { mostSimilarOpenQuestion } from '../../../../src/features/ask/services/duplicates.js';
import type { Question } from '../../../../src/features/ask/store/question-repository.js';
import { profile, serviceContext } from '../../../support/store.js';

/** How duplicates were found before the index: every open question, one by one. */
function scanForDuplicate(ctx: MailroomContext, askerId: string, text: string) {
  const terms = queryTerms(text);
  const viewer = viewerOf(ctx, askerId);
  let best: { question: Question; similarity: number } | undefined;
  for (const open of ctx.questions.open()) {
    const similarity = questionSimilarity(terms, queryTerms(open.text));
    if (similarity < DUPLICATE_SIMILARITY || similarity <= (best?.similarity ?? 0)) continue;
    if (mayOnQuestion(ctx, viewer, open, 'follow')) best = { question: open, similarity };
  }
  return best?.question;
}

/** mulberry32: seeded, so every run builds the same questions. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'deploy deploys staging database access vpn password reset laptop invoice budget release notes oncall pager rotation holiday policy expense report kubernetes cluster certificate'.split(
    ' ',
  );
const PEOPLE = ['U1', 'U2', 'U3', 'U4', 'U5', 'UGUEST'];
const PLACES = [null, 'CPUBLIC', 'GPRIVATE', 'GOTHER', 'CUNKNOWN'];

describe('duplicate detection through the index of open questions', () => {
  it('offers the same question as scanning every open question, visibility included', () => {
    let now = Date.parse('2026-03-09T10:00:00Z');
    const ctx = serviceContext(() => now);
    const rand = random(13);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    ctx.members.upsertProfiles(
      PEOPLE.map((id) => profile(id, { isGuest: id === 'UGUEST' })),
      now,
    );
    ctx.channels.upsert(
      { id: 'CPUBLIC', name: 'general', isPrivate: false, isIm: false, archived: false },
      now,
    );
    ctx.channels.upsert(
      { id: 'GPRIVATE', name: 'secret', isPrivate: true, isIm: false, archived: false },
      now,
    );
    ctx.channels.upsert(
      { id: 'GOTHER', name: 'other', isPrivate: true, isIm: false, archived: false },
      now,
    );
    ctx.channels.setMembers('CPUBLIC', ['U1', 'U2', 'U3', 'UGUEST'], now);
    ctx.channels.setMembers('GPRIVATE', ['U1', 'U4'], now);
    ctx.channels.setMembers('GOTHER', ['U2', 'U5', 'UGUEST'], now);
    const sentence = () =>
      Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WORDS)).join(' ');

    let offered = 0;
    let hidden = 0;
    for (let round = 0; round < 600; round += 1) {
      now += 1 + Math.floor(rand() * 3) * 1000;
      const askerId = pick(PEOPLE);
      const text = `How do I ${sentence()}?`;
      const byScan = scanForDuplicate(ctx, askerId, text);
      const viewer = viewerOf(ctx, askerId);
      const byIndex = mostSimilarOpenQuestion(ctx, text, (open) =>
        mayOnQuestion(ctx, viewer, open, 'follow'),
      );
      expect(byIndex?.id, `round ${round}: "${text}" asked by ${askerId}`).toBe(byScan?.id);
      if (byScan) offered += 1;
      const unseen = mostSimilarOpenQuestion(ctx, text, () => true);
      if (unseen && unseen.id !== byScan?.id) hidden += 1;

      // The question asked, then opened, and now and then an open one closed.
      const question = ctx.questions.create({ askerId, text, channelId: pick(PLACES) }, now);
      if (rand() < 0.7) {
        ctx.questions.update(question.id, ['draft'], {
          state: 'open',
          route: [],
          routeIndex: 0,
          updatedAt: now,
        });
      }
      if (rand() < 0.3) {
        const open = ctx.questions.open();
        const closing = open[Math.floor(rand() * open.length)];
        if (closing) {
          ctx.questions.update(closing.id, ['open'], {
            state: pick(['answered', 'cancelled'] as const),
            updatedAt: now,
          });
        }
      }
    }
    // The comparison meant something: offers were made, and some were withheld from askers
    // who may not see the most similar question.
    expect(offered).toBeGreaterThan(50);
    expect(hidden).toBeGreaterThan(5);
  });

  it('finds a question closed inside a rolled-back transaction again', () => {
    const now = Date.parse('2026-03-09T10:00:00Z');
    const ctx = serviceContext(() => now);
    const question = ctx.questions.create(
      { askerId: 'U1', text: 'How do I reset the vpn password?', channelId: null },
      now,
    );
    ctx.questions.update(question.id, ['draft'], { state: 'open', updatedAt: now });
    const terms = similarityTerms(queryTerms('reset vpn password'));
    expect(ctx.questions.openSimilarTo(terms, 0.5).map((q) => q.id)).toEqual([question.id]);
    expect(() =>
      ctx.db.$client.transaction(() => {
        ctx.questions.update(question.id, ['open'], { state: 'answered', updatedAt: now });
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(ctx.questions.openSimilarTo(terms, 0.5).map((q) => q.id)).toEqual([question.id]);
    ctx.questions.update(question.id, ['open'], { state: 'answered', updatedAt: now });
    expect(ctx.questions.openSimilarTo(terms, 0.5)).toEqual([]);
  });
});

describe('OpenQuestionIndex', () => {
  it('returns the questions at least as similar as asked, and forgets removed ones', () => {
    const index = new OpenQuestionIndex();
    index.add(1, new Set(['vpn', 'password', 'reset']));
    index.add(2, new Set(['vpn', 'laptop']));
    index.add(3, new Set(['budget']));
    const asked = new Set(['vpn', 'password']);
    expect(index.similarTo(asked, 0.5).sort()).toEqual([1]);
    expect(index.similarTo(asked, 0.3).sort()).toEqual([1, 2]);
    index.remove(1);
    expect(index.similarTo(asked, 0.3)).toEqual([2]);
    index.add(2, new Set(['budget']));
    expect(index.similarTo(asked, 0.1)).toEqual([]);
    expect(index.similarTo(new Set(['budget']), 1).sort()).toEqual([2, 3]);
    expect(index.size).toBe(2);
  });
});
