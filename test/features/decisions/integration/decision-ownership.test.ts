import { describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../../src/core/domain/member.js';
import { applyProfile, syncDirectory } from '../../../../src/core/services/directory.js';
import { coreMemberData } from '../../../../src/core/services/member-data.js';
import { PLAIN_NAMING } from '../../../../src/core/services/naming.js';
import { ownerLeft, takeOver } from '../../../../src/core/services/ownership.js';
import { raiseConcern, reviewRecord } from '../../../../src/core/services/reviews.js';
import { ownershipCapability } from '../../../../src/core/slack/ownership.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import { endDecision } from '../../../../src/features/decisions/services/change.js';
import { logDecision } from '../../../../src/features/decisions/services/log.js';
import { decisionOwnershipSubject } from '../../../../src/features/decisions/services/ownership.js';
import { decisionReviewSubject } from '../../../../src/features/decisions/services/review-subject.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

/**
 * Ada owns decisions alone and with Bob; Eve (in Kolkata) reviews one of them. Ada leaves the
 * workspace (Bob reviews it too). Mailroom's admins are Nia (named in MAILROOM_ADMINS) and Sam (a workspace admin).
 */

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock, { admins: ['UNIA'] });
  ctx.hooks.onReview(decisionReviewSubject(ctx));
  const refreshed: number[] = [];
  ctx.hooks.onOwnership(decisionOwnershipSubject(ctx, (id) => refreshed.push(id)));
  ctx.members.upsertProfiles(
    [
      profile('UADA'),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UEVE', { timeZone: 'Asia/Kolkata' }),
      profile('UNIA'),
      profile('USAM', { isAdmin: true }),
      profile('UOLD', { isAdmin: true, deleted: true }),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CGEN', ['UADA', 'UBOB', 'UEVE', 'UNIA', 'USAM'], clock());
  const log = (draft: RawDecisionDraft) =>
    logDecision(ctx, { userId: 'UADA', channelId: 'CGEN', draft: decisionDraft(draft) });
  const alone = log({ title: 'Drop IE11', reviewerIds: ['UEVE', 'UBOB'], status: 'proposed' });
  const shared = log({ title: 'Lunch at noon', ownerIds: ['UADA', 'UBOB'] });
  const rejected = log({ title: 'Four-day week', status: 'proposed' });
  endDecision(ctx, 'UADA', rejected.decision.id, 'reject', 'Not this year');
  return { clock, ctx, refreshed, alone, shared };
}

function decisionDraft(patch: RawDecisionDraft): RawDecisionDraft {
  return {
    title: 'A decision',
    why: 'It needs a call.',
    options: [{ name: 'Do it', pros: 'Time back', cons: 'Some leave' }],
    chosen: 'Do it',
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

const left = (): MemberProfile => profile('UADA', { deleted: true });

const itemsOf = (w: World, kind: string) =>
  w.ctx.db.$client
    .prepare('SELECT recipient_id, payload, state FROM queue_items WHERE kind = ? ORDER BY id')
    .all(kind) as { recipient_id: string; payload: string; state: string }[];

function adaLeaves(w: World) {
  expect(applyProfile(w.ctx, left())).toBe(true);
  return ownerLeft(w.ctx, 'UADA');
}

describe('an owner who leaves the workspace', () => {
  it('offers what they owned alone to Mailroom’s admins, once each, and tells the other owners', () => {
    const w = world();
    const result = adaLeaves(w);
    expect(result.offers.map((o) => [o.objectId, o.candidateIds])).toEqual([
      [w.alone.decision.id, ['UNIA', 'USAM']],
    ]);
    expect(result.told).toEqual(['UBOB']);
    expect(itemsOf(w, 'ownership_offer').map((i) => i.recipient_id)).toEqual(['UNIA', 'USAM']);
    expect(JSON.parse(itemsOf(w, 'owner_left')[0]?.payload ?? '{}')).toEqual({
      leaverId: 'UADA',
      objects: [{ kind: 'decision', objectId: w.shared.decision.id }],
    });
    // Heard again (the event, then the daily sync): nothing more is offered or sent.
    expect(ownerLeft(w.ctx, 'UADA').offers.map((o) => o.id)).toEqual(
      result.offers.map((o) => o.id),
    );
    expect(itemsOf(w, 'ownership_offer')).toHaveLength(2);
    expect(itemsOf(w, 'owner_left')).toHaveLength(1);
  });

  it('is noticed by the directory sync too, and only for someone who was active', async () => {
    const w = world();
    const leavers: string[] = [];
    const source = {
      async *pages() {
        yield [left(), profile('UOLD', { isAdmin: true, deleted: true }), profile('UBOB')];
      },
    };
    await syncDirectory({
      members: w.ctx.members,
      appState: w.ctx.appState,
      source,
      clock: w.clock,
      onLeft: (id) => leavers.push(id),
    });
    expect(leavers).toEqual(['UADA']);
    // An active member is no leaver: nothing is offered.
    expect(ownerLeft(w.ctx, 'UBOB').offers).toEqual([]);
  });

  it('lets the first candidate take over: the decision, its record and its open review are theirs', () => {
    const w = world();
    const [offer] = adaLeaves(w).offers;
    if (!offer) throw new Error('nothing was offered');
    const reviewId = reviewRecord(w.ctx, w.alone.review?.review.id ?? 0).review.id;
    // Eve raises a concern while nobody owns it: it is kept, and waits for the new owner.
    raiseConcern(w.ctx, { reviewId, userId: 'UEVE', reason: 'Support is not ready' });
    expect(itemsOf(w, 'review_concern')).toEqual([]);

    w.clock.advance(60_000);
    const taken = takeOver(w.ctx, { offerId: offer.id, userId: 'USAM', naming: PLAIN_NAMING });
    expect(taken.offer.takenBy).toBe('USAM');
    const decision = w.ctx.decisions.get(w.alone.decision.id);
    expect(decision?.ownerIds).toEqual(['USAM']);
    expect(w.ctx.decisions.revisions(w.alone.decision.id).at(-1)).toMatchObject({
      change: 'owner_changed',
      userId: 'USAM',
      fields: [{ field: 'ownerIds', before: '@UADA', after: '@USAM' }],
      note: '@UADA left the workspace; @USAM took it over',
    });
    expect(w.refreshed).toContain(w.alone.decision.id);
    // The review is Sam's: the window's end and Eve's concern go to him.
    expect(w.ctx.reviews.get(reviewId)?.ownerId).toBe('USAM');
    expect(itemsOf(w, 'review_window_end').map((i) => [i.recipient_id, i.state])).toEqual([
      ['USAM', 'queued'],
    ]);
    expect(itemsOf(w, 'review_concern').map((i) => i.recipient_id)).toEqual(['USAM']);
    // Nothing is left to offer: the offers not sent yet are dropped.
    expect(itemsOf(w, 'ownership_offer').map((i) => [i.recipient_id, i.state])).toEqual([
      ['UNIA', 'expired'],
      ['USAM', 'expired'],
    ]);

    // Nia comes second: refused, and nothing changes.
    expect(() =>
      takeOver(w.ctx, { offerId: offer.id, userId: 'UNIA', naming: PLAIN_NAMING }),
    ).toThrow('@USAM took it over first.');
    expect(() =>
      takeOver(w.ctx, { offerId: offer.id, userId: 'USAM', naming: PLAIN_NAMING }),
    ).toThrow('You took it over already');
    expect(w.ctx.decisions.get(w.alone.decision.id)?.ownerIds).toEqual(['USAM']);

    // Each one's data names the offer: the leaver's, each candidate's; not Bob's.
    const offersOf = (id: string) => {
      const member = w.ctx.members.get(id);
      if (!member) throw new Error(`no ${id}`);
      return coreMemberData(w.ctx, member).ownershipOffers.map((o) => o.id);
    };
    expect([offersOf('UADA'), offersOf('UNIA'), offersOf('USAM'), offersOf('UBOB')]).toEqual([
      [offer.id],
      [offer.id],
      [offer.id],
      [],
    ]);
  });

  it('refuses anyone it was not offered to, and a forged offer, changing nothing', () => {
    const w = world();
    const [offer] = adaLeaves(w).offers;
    if (!offer) throw new Error('nothing was offered');
    for (const [offerId, userId] of [
      [offer.id, 'UBOB'],
      [offer.id, 'UEVE'],
      [offer.id, 'UOLD'],
      [987_654, 'USAM'],
    ] as const) {
      expect(() => takeOver(w.ctx, { offerId, userId, naming: PLAIN_NAMING })).toThrow(
        'Only the people Mailroom offered it to can take it over',
      );
    }
    expect(w.ctx.ownership.get(offer.id)?.takenBy).toBeNull();
    expect(w.ctx.decisions.get(w.alone.decision.id)?.ownerIds).toEqual(['UADA']);
  });

  it('refuses a take-over once the decision’s owners changed since it was offered', () => {
    const w = world();
    const [offer] = adaLeaves(w).offers;
    if (!offer) throw new Error('nothing was offered');
    w.ctx.decisions.setPeople(w.alone.decision.id, ['UNIA'], ['UEVE']);
    expect(() =>
      takeOver(w.ctx, { offerId: offer.id, userId: 'USAM', naming: PLAIN_NAMING }),
    ).toThrow('nothing to take over');
    expect(w.ctx.ownership.get(offer.id)?.takenBy).toBeNull();
  });

  it('offers it to whoever logged it first, when that is someone else', () => {
    const w = world();
    const logged = logDecision(w.ctx, {
      userId: 'UBOB',
      channelId: 'CGEN',
      draft: decisionDraft({ title: 'Ship on Fridays', ownerIds: ['UADA'] }),
    });
    const offers = adaLeaves(w).offers;
    expect(offers.find((o) => o.objectId === logged.decision.id)?.candidateIds).toEqual([
      'UBOB',
      'UNIA',
      'USAM',
    ]);
  });

  it('shows each offer on Home with what is left to take over, and its button', () => {
    const w = world();
    const [offer] = adaLeaves(w).offers;
    if (!offer) throw new Error('nothing was offered');
    const { describe: describeItem } = ownershipCapability(w.ctx);
    const item = (userId: string) => {
      const found = w.ctx.queue.findByKey(`ownership:UADA:offer:${userId}`);
      if (!found) throw new Error(`no offer for ${userId}`);
      return found;
    };
    expect(describeItem?.(item('UNIA'))).toEqual({
      label: 'Take over',
      summary: 'Drop IE11',
      actions: [{ text: 'Take over', actionId: 'ownership_take_over', value: String(offer.id) }],
    });
    takeOver(w.ctx, { offerId: offer.id, userId: 'UNIA', naming: PLAIN_NAMING });
    expect(describeItem?.(item('USAM'))).toEqual({
      label: 'Take over',
      summary: 'Everything was taken over',
    });
    const told = w.ctx.queue.findByKey('ownership:UADA:left:UBOB');
    expect(told && describeItem?.(told)?.label).toBe('Someone left');
  });
});
