import { describe, expect, it } from 'vitest';
import { applyProfile, syncDirectory } from '../../../../src/core/services/directory.js';
import { PLAIN_NAMING } from '../../../../src/core/services/naming.js';
import { ownerLeft, takeOver } from '../../../../src/core/services/ownership.js';
import { answerReview, raiseConcern } from '../../../../src/core/services/reviews.js';
import { mention } from '../../../../src/core/slack/views/mrkdwn.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import { acceptDecision, endDecision } from '../../../../src/features/decisions/services/change.js';
import { decisionRecord } from '../../../../src/features/decisions/services/find.js';
import { completeFollowUp } from '../../../../src/features/decisions/services/follow-ups.js';
import {
  followUpOwnerLeft,
  NEW_OWNER_FIELD,
  nameFollowUpOwner,
} from '../../../../src/features/decisions/services/leavers.js';
import { InvalidDecision, logDecision } from '../../../../src/features/decisions/services/log.js';
import { decisionOwnershipSubject } from '../../../../src/features/decisions/services/ownership.js';
import { decisionReviewSubject } from '../../../../src/features/decisions/services/review-subject.js';
import { decisionMessage } from '../../../../src/features/decisions/slack/views/message.js';
import { textOf } from '../../../support/blocks.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

/**
 * Ada (London) logs decisions in #general; Bob (New York) owns follow-ups of them, and leaves
 * the workspace on Saturday 7 March 2026. Eve is in #general too; Gus is a guest outside it;
 * Sam is a workspace admin. Everyone works 09:00–17:00, Monday to Friday.
 */

const SATURDAY = '2026-03-07T12:00:00Z';
/** Monday 9 March 2026, 09:00 in London. */
const ADA_MONDAY = Date.parse('2026-03-09T09:00:00Z');

function world() {
  const clock = testClock(SATURDAY);
  const ctx = serviceContext(clock);
  const refreshed: number[] = [];
  ctx.hooks.onReview(decisionReviewSubject(ctx));
  ctx.hooks.onOwnership(decisionOwnershipSubject(ctx, (id) => refreshed.push(id)));
  ctx.hooks.onMemberLeft((userId) => refreshed.push(...followUpOwnerLeft(ctx, userId)));
  ctx.members.upsertProfiles(
    [
      profile('UADA', { displayName: 'Ada', timeZone: 'Europe/London' }),
      profile('UBOB', { displayName: 'Bob', timeZone: 'America/New_York' }),
      profile('UEVE', { displayName: 'Eve' }),
      profile('UGUS', { displayName: 'Gus', isGuest: true }),
      profile('USAM', { displayName: 'Sam', isAdmin: true }),
      profile('UBOT', { displayName: 'Builds', isBot: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CGEN', ['UADA', 'UBOB', 'UEVE', 'USAM', 'UBOT'], clock());
  const log = (draft: RawDecisionDraft, userId = 'UADA') =>
    logDecision(ctx, { userId, channelId: 'CGEN', draft: decisionDraft(draft) }).decision;
  return { clock, ctx, refreshed, log };
}

function decisionDraft(patch: RawDecisionDraft): RawDecisionDraft {
  return {
    title: 'Drop IE11',
    why: 'Supporting IE11 costs a week every quarter.',
    options: [{ name: 'Drop it', pros: 'A week back', cons: 'Kiosks need a browser' }],
    chosen: 'Drop it',
    tradeOff: '',
    ownerIds: ['UADA'],
    consultedIds: [],
    followUps: [],
    status: 'accepted',
    revisitOn: null,
    ...patch,
  };
}

type World = ReturnType<typeof world>;

const askedItems = (w: World) =>
  w.ctx.queue.withKeyPrefix('decision-follow-up-owner-left:').map((item) => ({
    recipient: item.recipientId,
    payload: item.payload,
    state: item.state,
    deliverAfter: item.deliverAfter,
  }));

function leaves(w: World, userId: string) {
  const known = w.ctx.members.get(userId);
  expect(
    applyProfile(
      w.ctx,
      profile(userId, {
        displayName: known?.displayName,
        timeZone: known?.timeZone,
        deleted: true,
      }),
    ),
  ).toBe(true);
  return ownerLeft(w.ctx, userId);
}

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('it was not refused');
};

describe('a follow-up owner who leaves the workspace', () => {
  it('asks whoever logged the decision once, in their hours, and shows each follow-up as needing an owner until named', async () => {
    const w = world();
    const { ctx } = w;
    const decision = w.log({
      followUps: [
        { text: 'Migrate the kiosks', ownerId: 'UBOB', dueOn: '2026-03-20' },
        { text: 'Tell support', ownerId: 'UBOB', dueOn: null },
        { text: 'Write the browser guide', ownerId: 'UEVE', dueOn: null },
      ],
    });
    const [kiosks, support, guide] = ctx.decisions.followUps(decision.id);
    if (!kiosks || !support || !guide) throw new Error('no follow-ups');

    leaves(w, 'UBOB');
    // One item for Ada, naming both of Bob's follow-ups, at her next working instant.
    expect(askedItems(w)).toEqual([
      {
        recipient: 'UADA',
        payload: {
          decisionId: decision.id,
          leaverId: 'UBOB',
          followUpIds: [kiosks.id, support.id],
        },
        state: 'queued',
        deliverAfter: ADA_MONDAY,
      },
    ]);
    expect(w.refreshed).toEqual([decision.id]);
    // Bob's own follow-up items are not sent to someone who left.
    expect(
      [kiosks, support].map((f) => ctx.queue.findByKey(`decision-follow-up:${f.id}`)?.state),
    ).toEqual(['skipped', 'skipped']);

    // Heard again (the same user_change, then the daily directory walk): nobody is asked twice.
    ownerLeft(ctx, 'UBOB');
    followUpOwnerLeft(ctx, 'UBOB');
    await syncDirectory({
      members: ctx.members,
      appState: ctx.appState,
      source: {
        async *pages() {
          yield [profile('UBOB', { displayName: 'Bob', deleted: true })];
        },
      },
      clock: w.clock,
      onLeft: (id) => ownerLeft(ctx, id),
    });
    expect(askedItems(w)).toHaveLength(1);

    // The decision's message, its record and the knowledge base say the follow-ups need an owner.
    const record = decisionRecord(ctx, ctx.decisions.get(decision.id) ?? decision);
    expect(record.needsOwner).toEqual([kiosks.id, support.id]);
    const shown = textOf(decisionMessage(record).blocks);
    expect(shown).toContain(
      `Migrate the kiosks (*needs a new owner*: ${mention('UBOB')} left the workspace, due Fri 20 Mar 2026)`,
    );
    expect(shown).toContain(`Write the browser guide (${mention('UEVE')})`);
    const documentId = ctx.decisions.get(decision.id)?.documentId ?? 0;
    expect(ctx.knowledge.get(documentId)?.body).toContain(
      '- Tell support (needs a new owner: Bob left the workspace)',
    );

    // Only Ada was asked; a new owner must be someone active who may see the decision.
    const name = (userId: string, followUpId: number, ownerId?: string) =>
      nameFollowUpOwner(ctx, { userId, followUpId, ownerId }, PLAIN_NAMING.person);
    expect(refusal(() => name('UEVE', kiosks.id, 'UEVE'))).toMatchObject({
      message: expect.stringContaining(
        'Mailroom asked someone else to name this follow-up’s new owner',
      ),
    });
    for (const [ownerId, reason] of [
      ['UBOB', 'not_a_member'],
      ['UBOT', 'not_a_member'],
      ['UNOBODY', 'not_a_member'],
      ['UGUS', 'outside_conversation'],
    ] as const) {
      const invalid = refusal(() => name('UADA', kiosks.id, ownerId));
      expect(invalid).toBeInstanceOf(InvalidDecision);
      expect((invalid as InvalidDecision).people).toEqual({
        [NEW_OWNER_FIELD]: { userId: ownerId, reason },
      });
    }
    expect((refusal(() => name('UADA', kiosks.id)) as InvalidDecision).fields).toEqual({
      [NEW_OWNER_FIELD]: 'Pick who owns this follow-up now.',
    });
    expect(ctx.decisions.followUp(kiosks.id)?.state).toBe('open');

    // Ada names Eve: the task is Eve's, due the same day, in her queue; the record says who.
    w.clock.set('2026-03-09T09:30:00Z');
    const named = name('UADA', kiosks.id, 'UEVE');
    expect(named.followUp).toMatchObject({
      text: 'Migrate the kiosks',
      ownerId: 'UEVE',
      dueOn: '2026-03-20',
      state: 'open',
    });
    expect(ctx.decisions.followUp(kiosks.id)?.state).toBe('cancelled');
    expect(ctx.queue.findByKey(`decision-follow-up:${named.followUp.id}`)?.recipientId).toBe(
      'UEVE',
    );
    expect(ctx.decisions.revisions(decision.id).at(-1)).toMatchObject({
      change: 'follow_up_owner_changed',
      userId: 'UADA',
      note: '@UBOB left the workspace; @UEVE owns “Migrate the kiosks” now',
    });
    const after = decisionRecord(ctx, ctx.decisions.get(decision.id) ?? decision);
    expect(after.needsOwner).toEqual([support.id]);
    expect(after.followUps.map((f) => [f.text, f.ownerId])).toEqual([
      ['Migrate the kiosks', 'UEVE'],
      ['Tell support', 'UBOB'],
      ['Write the browser guide', 'UEVE'],
    ]);
    // Ada is still asked about the other one.
    expect(askedItems(w).map((i) => i.state)).toEqual(['queued']);
    expect(refusal(() => name('UADA', kiosks.id, 'USAM'))).toMatchObject({
      message: 'That follow-up has a new owner already, or was cancelled.',
    });

    name('UADA', support.id, 'USAM');
    expect(askedItems(w).map((i) => i.state)).toEqual(['expired']);
    expect(decisionRecord(ctx, ctx.decisions.get(decision.id) ?? decision).needsOwner).toEqual([]);
    expect(ctx.knowledge.get(documentId)?.body).not.toContain('needs a new owner');
  });

  it('asks the decision’s owners when whoever logged it left too, and whoever takes it over when nobody is left', () => {
    const w = world();
    const { ctx } = w;
    const shared = w.log({
      title: 'Lunch at noon',
      ownerIds: ['UADA', 'UEVE'],
      followUps: [{ text: 'Book the room', ownerId: 'UADA', dueOn: null }],
    });
    const alone = w.log({
      title: 'Four-day week',
      followUps: [{ text: 'Ask payroll', ownerId: 'UADA', dueOn: null }],
    });
    const result = leaves(w, 'UADA');
    // Eve still owns the shared decision: she is asked. Nobody is left to ask about the other.
    expect(askedItems(w).map((i) => [i.recipient, i.payload.decisionId])).toEqual([
      ['UEVE', shared.id],
    ]);
    const offer = result.offers.find((o) => o.objectId === alone.id);
    if (!offer) throw new Error('the decision Ada owned alone was not offered');
    expect(offer.candidateIds).toEqual(['USAM']);

    // Sam takes it over: he is asked about its follow-up, once.
    takeOver(ctx, { offerId: offer.id, userId: 'USAM', naming: PLAIN_NAMING });
    expect(askedItems(w).map((i) => [i.recipient, i.payload.decisionId])).toEqual([
      ['UEVE', shared.id],
      ['USAM', alone.id],
    ]);
    const askAlone = ctx.decisions.followUps(alone.id)[0]?.id ?? 0;
    expect(
      nameFollowUpOwner(
        ctx,
        { userId: 'USAM', followUpId: askAlone, ownerId: 'USAM' },
        PLAIN_NAMING.person,
      ).followUp.ownerId,
    ).toBe('USAM');
  });

  it('asks the decision’s owners in place of whoever was asked, if that person leaves before naming one', () => {
    const w = world();
    const { ctx } = w;
    const lunch = w.log({
      title: 'Lunch at noon',
      ownerIds: ['UADA', 'USAM'],
      followUps: [{ text: 'Book the room', ownerId: 'UEVE', dueOn: null }],
    });
    const room = ctx.decisions.followUps(lunch.id)[0]?.id ?? 0;
    leaves(w, 'UEVE');
    expect(askedItems(w).map((i) => i.recipient)).toEqual(['UADA']);
    leaves(w, 'UADA');
    expect(askedItems(w).map((i) => i.recipient)).toEqual(['UADA', 'USAM']);
    ownerLeft(ctx, 'UADA');
    expect(askedItems(w)).toHaveLength(2);
    expect(
      nameFollowUpOwner(
        ctx,
        { userId: 'USAM', followUpId: room, ownerId: 'USAM' },
        PLAIN_NAMING.person,
      ).followUp.ownerId,
    ).toBe('USAM');
  });

  it('stops asking once the follow-up is done or its decision has ended', () => {
    const w = world();
    const { ctx } = w;
    const done = w.log({ followUps: [{ text: 'Tell support', ownerId: 'UBOB', dueOn: null }] });
    const ended = w.log({
      title: 'Lunch at noon',
      followUps: [{ text: 'Book the room', ownerId: 'UBOB', dueOn: null }],
    });
    leaves(w, 'UBOB');
    expect(askedItems(w).map((i) => i.state)).toEqual(['queued', 'queued']);

    // An owner of the decision may still mark it done; then nobody is asked about it.
    completeFollowUp(ctx, 'UADA', ctx.decisions.followUps(done.id)[0]?.id ?? 0);
    endDecision(ctx, 'UADA', ended.id, 'deprecate', 'Lunch is catered now.');
    expect(askedItems(w).map((i) => i.state)).toEqual(['expired', 'expired']);
    expect(
      refusal(() =>
        nameFollowUpOwner(
          ctx,
          {
            userId: 'UADA',
            followUpId: ctx.decisions.followUps(done.id)[0]?.id ?? 0,
            ownerId: 'UEVE',
          },
          PLAIN_NAMING.person,
        ),
      ),
    ).toMatchObject({ message: 'That follow-up is already done.' });
  });

  it('tells a review’s owner once when a reviewer it waited on leaves: it no longer waits for them, their concern still blocks', () => {
    const w = world();
    const { ctx } = w;
    w.clock.set('2026-03-09T10:00:00Z');
    const logged = (title: string) => {
      const result = logDecision(ctx, {
        userId: 'UADA',
        channelId: 'CGEN',
        draft: decisionDraft({ title, reviewerIds: ['UBOB', 'UEVE'], status: 'proposed' }),
      });
      if (!result.review) throw new Error('no review');
      return { id: result.decision.id, reviewId: result.review.review.id };
    };
    const silent = logged('Drop IE11');
    const objected = logged('Lunch at noon');
    answerReview(ctx, { reviewId: silent.reviewId, userId: 'UEVE', answer: 'agree' });
    answerReview(ctx, { reviewId: objected.reviewId, userId: 'UEVE', answer: 'agree' });
    const concern = raiseConcern(ctx, {
      reviewId: objected.reviewId,
      userId: 'UBOB',
      reason: 'Our kiosks still run IE11.',
    });
    // Bob's window has hours to run: Ada cannot accept yet.
    expect(refusal(() => acceptDecision(ctx, 'UADA', silent.id))).toMatchObject({
      message: expect.stringContaining('Not everyone has answered yet'),
    });

    leaves(w, 'UBOB');
    ownerLeft(ctx, 'UBOB');
    const told = ctx.queue.withKeyPrefix('decision-reviewer-left:').map((item) => ({
      recipient: item.recipientId,
      payload: item.payload,
    }));
    expect(told).toEqual([
      {
        recipient: 'UADA',
        payload: { decisionId: silent.id, leaverId: 'UBOB', unanswered: true, concernIds: [] },
      },
      {
        recipient: 'UADA',
        payload: {
          decisionId: objected.id,
          leaverId: 'UBOB',
          unanswered: false,
          concernIds: [concern.id],
        },
      },
    ]);
    // The review no longer waits for Bob: Ada accepts, and he shows as silent, having left.
    const accepted = acceptDecision(ctx, 'UADA', silent.id);
    expect(accepted.decision.status).toBe('accepted');
    expect(accepted.silent).toEqual([{ memberId: 'UBOB', awayWhy: null, deactivated: true }]);
    // His concern still blocks until Ada overrides it.
    expect(refusal(() => acceptDecision(ctx, 'UADA', objected.id))).toMatchObject({
      message: expect.stringContaining('It can’t be accepted while a concern is open'),
    });
  });
});
