import { describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { parsePayload } from '../../../../src/core/domain/queue.js';
import { viewerOf } from '../../../../src/core/services/authorization.js';
import { searchKnowledge } from '../../../../src/core/services/knowledge.js';
import { snoozeItem } from '../../../../src/core/services/queue.js';
import { mention } from '../../../../src/core/slack/views/mrkdwn.js';
import type { RawDecisionDraft } from '../../../../src/features/decisions/domain/draft.js';
import {
  acceptDecision,
  editDecision,
  endDecision,
  reverseDecision,
} from '../../../../src/features/decisions/services/change.js';
import { searchDecisions } from '../../../../src/features/decisions/services/find.js';
import {
  completeFollowUp,
  remindOverdueFollowUps,
} from '../../../../src/features/decisions/services/follow-ups.js';
import { giveInput } from '../../../../src/features/decisions/services/input.js';
import { INPUT_GATHER_MS } from '../../../../src/features/decisions/services/items.js';
import { InvalidDecision, logDecision } from '../../../../src/features/decisions/services/log.js';
import { queueDueRevisits } from '../../../../src/features/decisions/services/revisits.js';
import { unnameablePeople } from '../../../../src/features/decisions/slack/views/decision-form.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

// Monday 2026-03-09, 10:00 UTC.
const NOW = '2026-03-09T10:00:00Z';

function world() {
  const clock = testClock(NOW);
  const ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [
      profile('UADA'),
      profile('UBOB', { timeZone: 'America/New_York' }),
      profile('UEVE'),
      profile('UPAT'),
      profile('UOUT'),
    ],
    clock(),
  );
  ctx.channels.upsert(
    { id: 'CGEN', name: 'general', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CGEN', ['UADA', 'UBOB', 'UEVE', 'UPAT', 'UOUT'], clock());
  ctx.channels.upsert(
    { id: 'CSEC', name: 'secret', isPrivate: true, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers('CSEC', ['UADA', 'UBOB', 'UPAT'], clock());
  return { clock, ctx };
}

function draft(patch: RawDecisionDraft = {}): RawDecisionDraft {
  return {
    title: 'Use Postgres for the billing service',
    why: 'Billing needs transactions across invoices and payments.',
    options: [
      { name: 'Postgres', pros: 'Transactions, known to the team', cons: 'One more server' },
      { name: 'DynamoDB', pros: 'Managed', cons: 'No multi-item transactions we trust' },
    ],
    chosen: 'Postgres',
    tradeOff: 'Slower to set up now, robust later',
    ownerIds: ['UADA', 'UBOB'],
    consultedIds: ['UEVE'],
    followUps: [{ text: 'Provision the database', ownerId: 'UBOB', dueOn: '2026-03-13' }],
    status: 'accepted',
    revisitOn: null,
    ...patch,
  };
}

/** As the delivery worker records a sent item. */
function markDelivered(ctx: MailroomContext, itemId: number) {
  ctx.db.$client
    .prepare(
      "UPDATE queue_items SET state = 'delivered', delivered_channel = 'D1', delivered_ts = '1.1' WHERE id = ?",
    )
    .run(itemId);
  return ctx.queue.get(itemId);
}

const itemsOf = (ctx: MailroomContext, userId: string, kind: string) =>
  ctx.queue.openForRecipient(userId).filter((item) => item.kind === kind);

describe('logging a decision', () => {
  it('keeps the record, its first revision and a document the team finds', async () => {
    const { ctx } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    expect(decision).toMatchObject({
      status: 'accepted',
      loggedBy: 'UADA',
      channelId: 'CGEN',
      ownerIds: ['UADA', 'UBOB'],
      consultedIds: ['UEVE'],
      decidedAt: Date.parse(NOW),
    });
    expect(ctx.decisions.revisions(decision.id).map((r) => r.change)).toEqual(['logged']);
    const document = ctx.knowledge.get(decision.documentId ?? 0);
    expect(document).toMatchObject({
      source: 'decision',
      visibility: 'public',
      status: 'accepted',
    });
    const { hits } = searchKnowledge(
      ctx,
      viewerOf(ctx, 'UOUT'),
      'why did we pick postgres for billing',
    );
    expect(hits[0]?.document.id).toBe(decision.documentId);
  });

  it('puts an accepted decision’s follow-ups in their owners’ queues, due at the end of the day', async () => {
    const { ctx } = world();
    logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    const [item] = itemsOf(ctx, 'UBOB', 'decision_follow_up');
    // The end of Friday 13 March in New York (23:59 EDT, UTC-4).
    expect(item?.dueBy).toBe(Date.parse('2026-03-14T03:59:00Z'));
    // Bob works 09:00-17:00 in New York: 10:00 UTC is before his day starts.
    expect(item?.deliverAfter).toBe(Date.parse('2026-03-09T13:00:00Z'));
    expect(item?.requesterId).toBe('UADA');
  });

  it('refuses to name someone outside a private channel in its decision', async () => {
    const { ctx } = world();
    const attempt = () =>
      logDecision(ctx, {
        userId: 'UADA',
        draft: draft({ ownerIds: ['UADA', 'UOUT'], consultedIds: [] }),
        channelId: 'CSEC',
      });
    expect(attempt).toThrow(InvalidDecision);
    try {
      attempt();
    } catch (error) {
      expect(unnameablePeople((error as InvalidDecision).people)).toEqual({
        owners:
          '<@UOUT> can’t see this conversation, so they can’t be named in a decision that belongs to it.',
      });
    }
    expect(ctx.decisions.count()).toBe(0);
  });

  it('refuses a conversation the person is not known to be in', async () => {
    const { ctx } = world();
    expect(() =>
      logDecision(ctx, {
        userId: 'UOUT',
        draft: draft({ ownerIds: ['UOUT'], consultedIds: [], followUps: [] }),
        channelId: 'CSEC',
      }),
    ).toThrow('I can’t log a decision there');
  });

  it('keeps a decision for its owners and the people consulted: nobody else finds it', async () => {
    const { ctx } = world();
    const { decision } = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ ownerIds: ['UADA'], consultedIds: ['UEVE'], followUps: [] }),
      channelId: null,
    });
    expect(ctx.knowledge.get(decision.documentId ?? 0)?.visibility).toBe('people');
    expect(await searchDecisions(ctx, 'UEVE', 'postgres billing')).toHaveLength(1);
    expect(await searchDecisions(ctx, 'UOUT', 'postgres billing')).toEqual([]);
    expect(searchKnowledge(ctx, viewerOf(ctx, 'UOUT'), 'postgres billing').hits).toEqual([]);
  });
});

describe('input on a proposed decision', () => {
  it('gathers everything since an owner last looked into one item per owner', async () => {
    const { ctx, clock } = world();
    const { decision } = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ status: 'proposed' }),
      channelId: 'CGEN',
    });
    // The co-owner hears of the proposal; the person who logged it does not.
    expect(itemsOf(ctx, 'UBOB', 'decision_input')).toHaveLength(1);
    expect(itemsOf(ctx, 'UADA', 'decision_input')).toHaveLength(0);

    giveInput(ctx, 'UEVE', decision.id, { kind: 'agree' });
    giveInput(ctx, 'UPAT', decision.id, { kind: 'object', reason: 'We have no DBA.' });
    const [ada] = itemsOf(ctx, 'UADA', 'decision_input');
    expect(parsePayload('decision_input', ada?.payload).inputIds).toHaveLength(2);
    // Not at once: input gathers for a while, then waits for the owner's working hours.
    expect(ada?.deliverAfter).toBe(clock() + INPUT_GATHER_MS);
    const bob = itemsOf(ctx, 'UBOB', 'decision_input');
    expect(bob).toHaveLength(1);
    expect(parsePayload('decision_input', bob[0]?.payload).inputIds).toHaveLength(2);

    // Agreeing again changes nothing.
    expect(giveInput(ctx, 'UEVE', decision.id, { kind: 'agree' }).input).toBeUndefined();

    // Delivered, then more input: the same item gathers it, to be shown in the same message.
    if (!ada) throw new Error('no item');
    markDelivered(ctx, ada.id);
    const more = giveInput(ctx, 'UEVE', decision.id, { kind: 'comment', text: 'Cost?' });
    expect(more.delivered.map((i) => i.id)).toContain(ada.id);
    expect(itemsOf(ctx, 'UADA', 'decision_input')).toHaveLength(1);

    // Once the owner looked (Done), the next input opens a new item.
    const looked = ctx.queue.get(ada.id);
    if (looked) ctx.queue.transition(looked, 'done', clock());
    giveInput(ctx, 'UPAT', decision.id, { kind: 'comment', text: 'Backups?' });
    const next = itemsOf(ctx, 'UADA', 'decision_input');
    expect(next).toHaveLength(1);
    expect(next[0]?.id).not.toBe(ada.id);
    expect(parsePayload('decision_input', next[0]?.payload).inputIds).toHaveLength(1);
  });

  it('requires a reason to object, and closes input once accepted', async () => {
    const { ctx } = world();
    const { decision } = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ status: 'proposed' }),
      channelId: 'CGEN',
    });
    expect(() => giveInput(ctx, 'UPAT', decision.id, { kind: 'object', reason: ' ' })).toThrow(
      'Say why you object',
    );
    expect(() => acceptDecision(ctx, 'UPAT', decision.id)).toThrow(
      'Only the decision’s owners can accept it.',
    );
    expect(() => giveInput(ctx, 'UOUT', 999, { kind: 'agree' })).toThrow(
      'I can’t find that decision.',
    );
    expect(itemsOf(ctx, 'UBOB', 'decision_follow_up')).toHaveLength(0);
    acceptDecision(ctx, 'UBOB', decision.id);
    expect(ctx.decisions.get(decision.id)?.status).toBe('accepted');
    expect(itemsOf(ctx, 'UBOB', 'decision_input')).toHaveLength(0);
    expect(itemsOf(ctx, 'UBOB', 'decision_follow_up')).toHaveLength(1);
    expect(() => giveInput(ctx, 'UPAT', decision.id, { kind: 'agree' })).toThrow(
      'already accepted',
    );
  });
});

describe('changing a decision', () => {
  it('keeps every edit as a revision and lets only owners edit', async () => {
    const { ctx, clock } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    expect(() =>
      editDecision(ctx, 'UPAT', decision.id, draft({ chosen: 'DynamoDB' }), mention),
    ).toThrow('Only the decision’s owners can edit it.');
    clock.advance(60_000);
    const [oldItem] = itemsOf(ctx, 'UBOB', 'decision_follow_up');
    const { changes } = editDecision(
      ctx,
      'UBOB',
      decision.id,
      draft({
        chosen: 'DynamoDB',
        followUps: [
          { text: 'Provision the database', ownerId: 'UBOB', dueOn: '2026-03-13' },
          { text: 'Write the runbook', ownerId: 'UADA', dueOn: null },
        ],
      }),
      mention,
    );
    expect(changes.map((c) => c.field)).toEqual(['chosen', 'followUps']);
    const revisions = ctx.decisions.revisions(decision.id);
    expect(revisions.at(-1)).toMatchObject({ change: 'edited', userId: 'UBOB' });
    expect(revisions.at(-1)?.fields[0]).toEqual({
      field: 'chosen',
      before: 'Postgres',
      after: 'DynamoDB',
    });
    // The unchanged follow-up keeps its item; the new one gets one.
    expect(itemsOf(ctx, 'UBOB', 'decision_follow_up').map((i) => i.id)).toEqual([oldItem?.id]);
    expect(itemsOf(ctx, 'UADA', 'decision_follow_up')).toHaveLength(1);
  });

  it('supersedes a decision: both link, and search shows the current one first', async () => {
    const { ctx } = world();
    const old = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' }).decision;
    const { decision, superseded } = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({
        title: 'Move billing to CockroachDB',
        options: [{ name: 'CockroachDB', pros: 'Scales out', cons: '' }],
        chosen: 'CockroachDB',
        followUps: [],
      }),
      channelId: 'CSEC',
      supersedesId: old.id,
    });
    // The new decision belongs where the old one did.
    expect(decision.channelId).toBe('CGEN');
    expect(decision.supersedesId).toBe(old.id);
    expect(superseded).toMatchObject({ status: 'superseded', supersededById: decision.id });
    // The old one's follow-up is cancelled.
    expect(itemsOf(ctx, 'UBOB', 'decision_follow_up')).toHaveLength(0);
    const found = await searchDecisions(ctx, 'UOUT', 'postgres billing');
    expect(found.map((f) => f.decision.id)).toEqual([decision.id, old.id]);
    expect(found[1]?.successor?.id).toBe(decision.id);
    expect(() =>
      logDecision(ctx, {
        userId: 'UPAT',
        draft: draft(),
        channelId: 'CGEN',
        supersedesId: decision.id,
      }),
    ).toThrow('Only the decision’s owners can supersede it.');
  });

  it('reverses a decision with a reason, cancelling its follow-ups', async () => {
    const { ctx } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    expect(() => reverseDecision(ctx, 'UADA', decision.id, '')).toThrow('Say why it is reversed');
    reverseDecision(ctx, 'UADA', decision.id, 'The vendor deal fell through.');
    expect(ctx.decisions.get(decision.id)?.status).toBe('reversed');
    expect(ctx.decisions.revisions(decision.id).at(-1)).toMatchObject({
      change: 'reversed',
      note: 'The vendor deal fell through.',
    });
    expect(ctx.decisions.followUps(decision.id)[0]?.state).toBe('cancelled');
    expect(ctx.knowledge.get(decision.documentId ?? 0)?.status).toBe('reversed');
  });
});

describe('rejecting, deprecating and reversing', () => {
  it('rejects a proposal and deprecates an accepted decision, each with a reason, and refuses the wrong act without changing anything', () => {
    const { ctx } = world();
    const proposal = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ status: 'proposed' }),
      channelId: 'CGEN',
    }).decision;
    const accepted = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ title: 'Deploy on Fridays' }),
      channelId: 'CGEN',
    }).decision;
    expect(() => reverseDecision(ctx, 'UADA', proposal.id, 'Not now.')).toThrow(
      'That decision is still proposed: reject it instead.',
    );
    expect(() => endDecision(ctx, 'UADA', accepted.id, 'reject', 'Not now.')).toThrow(
      'deprecate or reverse it instead',
    );
    expect(() => endDecision(ctx, 'UPAT', proposal.id, 'reject', 'Not mine.')).toThrow(
      'Only the decision’s owners can reject it.',
    );
    expect(() => endDecision(ctx, 'UBOB', accepted.id, 'deprecate', ' ')).toThrow(
      'Say why it is deprecated',
    );
    expect(ctx.decisions.get(proposal.id)?.status).toBe('proposed');
    expect(ctx.decisions.get(accepted.id)?.status).toBe('accepted');

    endDecision(ctx, 'UADA', proposal.id, 'reject', 'Finance keeps billing in the ERP.');
    endDecision(ctx, 'UBOB', accepted.id, 'deprecate', 'Deploys are continuous now.');
    expect(ctx.decisions.get(proposal.id)?.status).toBe('rejected');
    expect(ctx.decisions.get(accepted.id)?.status).toBe('deprecated');
    expect(ctx.decisions.revisions(accepted.id).at(-1)).toMatchObject({
      change: 'deprecated',
      userId: 'UBOB',
      note: 'Deploys are continuous now.',
    });
    expect(ctx.decisions.followUps(accepted.id).map((f) => f.state)).toEqual(['cancelled']);
    expect(itemsOf(ctx, 'UBOB', 'decision_follow_up')).toHaveLength(0);
    expect(ctx.knowledge.get(accepted.documentId ?? 0)?.status).toBe('deprecated');
    // Once ended, nothing more: the stale button says so.
    expect(() => reverseDecision(ctx, 'UADA', accepted.id, 'Again.')).toThrow(
      'That decision is already deprecated, so it can’t be reversed.',
    );
  });

  it('reverses the decision that superseded another only once told whether that one is current again', () => {
    const { ctx } = world();
    const old = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' }).decision;
    const newer = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({
        title: 'Move billing to CockroachDB',
        options: [{ name: 'CockroachDB', pros: 'Scales out', cons: '' }],
        chosen: 'CockroachDB',
        followUps: [],
      }),
      channelId: 'CGEN',
      supersedesId: old.id,
    }).decision;
    expect(() => reverseDecision(ctx, 'UBOB', newer.id, 'It failed the load test.')).toThrow(
      'is current again',
    );
    expect(ctx.decisions.get(newer.id)?.status).toBe('accepted');
    const { reinstated } = reverseDecision(ctx, 'UBOB', newer.id, 'It failed the load test.', true);
    expect(reinstated).toMatchObject({ id: old.id, status: 'accepted', supersededById: null });
    expect(ctx.decisions.revisions(old.id).at(-1)).toMatchObject({
      change: 'reinstated',
      userId: 'UBOB',
    });
    expect(ctx.knowledge.get(old.documentId ?? 0)).toMatchObject({
      status: 'accepted',
      supersededById: null,
    });
  });
});

describe('follow-ups and revisits', () => {
  it('reminds an overdue follow-up once, in its owner’s working hours, until it is done', async () => {
    const { ctx, clock } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    const [item] = itemsOf(ctx, 'UBOB', 'decision_follow_up');
    if (!item) throw new Error('no follow-up');
    markDelivered(ctx, item.id);
    clock.set('2026-03-14T05:00:00Z'); // Saturday 01:00 in New York: overdue since Friday 23:59.
    expect(remindOverdueFollowUps(ctx)).toBe(1);
    expect(ctx.queue.get(item.id)).toMatchObject({
      state: 'queued',
      escalationLevel: 1,
      // Monday 09:00 in New York.
      deliverAfter: Date.parse('2026-03-16T13:00:00Z'),
    });
    markDelivered(ctx, item.id);
    clock.set('2026-03-16T14:00:00Z');
    expect(remindOverdueFollowUps(ctx)).toBe(0);

    const followUpId = parsePayload('decision_follow_up', item.payload).followUpId;
    expect(() => completeFollowUp(ctx, 'UPAT', followUpId)).toThrow(
      'That follow-up belongs to someone else.',
    );
    completeFollowUp(ctx, 'UBOB', followUpId);
    expect(ctx.queue.get(item.id)?.state).toBe('done');
    expect(ctx.decisions.followUp(followUpId)).toMatchObject({ state: 'done', doneBy: 'UBOB' });
    expect(ctx.decisions.revisions(decision.id).at(-1)?.change).toBe('follow_up_done');
    expect(() => completeFollowUp(ctx, 'UBOB', followUpId)).toThrow('already done');
  });

  it('keeps a follow-up’s due date when its owner snoozes it', async () => {
    const { ctx, clock } = world();
    logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    const [item] = itemsOf(ctx, 'UBOB', 'decision_follow_up');
    if (!item) throw new Error('no follow-up');
    clock.set('2026-03-09T15:00:00Z');
    const delivered = markDelivered(ctx, item.id);
    const snoozed = snoozeItem(ctx, { itemId: item.id, userId: 'UBOB', choice: 'tomorrow' });
    expect(snoozed.dueBy).toBe(delivered?.dueBy);
  });

  it('asks each owner to revisit on the date, from the start of that day in their zone', async () => {
    const { ctx, clock } = world();
    const { decision } = logDecision(ctx, {
      userId: 'UADA',
      draft: draft({ revisitOn: '2026-06-01', followUps: [] }),
      channelId: 'CGEN',
    });
    expect(queueDueRevisits(ctx)).toBe(0);
    clock.set('2026-05-31T12:00:00Z');
    expect(queueDueRevisits(ctx)).toBe(2);
    const [ada] = itemsOf(ctx, 'UADA', 'decision_revisit');
    const [bob] = itemsOf(ctx, 'UBOB', 'decision_revisit');
    // Monday 1 June, 09:00 in each owner's own zone.
    expect(ada?.deliverAfter).toBe(Date.parse('2026-06-01T09:00:00Z'));
    expect(bob?.deliverAfter).toBe(Date.parse('2026-06-01T13:00:00Z'));
    expect(queueDueRevisits(ctx)).toBe(0);
    expect(ctx.decisions.get(decision.id)?.revisitQueuedOn).toBe('2026-06-01');
  });
});

describe('editing the chosen option', () => {
  it('keeps a choice logged before it had to be an option, and checks one that was', () => {
    const { ctx } = world();
    const { decision } = logDecision(ctx, { userId: 'UADA', draft: draft(), channelId: 'CGEN' });
    // A decision logged before: its choice names none of its options.
    ctx.decisions.update(decision.id, { chosen: 'Postgres 16, managed' }, ctx.clock());
    const kept = editDecision(
      ctx,
      'UADA',
      decision.id,
      draft({ chosen: 'Postgres 16, managed', why: 'Billing needs exact totals.' }),
      mention,
    );
    expect(kept.decision.chosen).toBe('Postgres 16, managed');
    expect(kept.changes.map((c) => c.field)).toEqual(['why']);
    // Once it names an option, renaming the options without the choice is refused.
    editDecision(ctx, 'UADA', decision.id, draft({ chosen: 'Postgres' }), mention);
    expect(() =>
      editDecision(
        ctx,
        'UADA',
        decision.id,
        draft({ options: [{ name: 'PostgreSQL' }, { name: 'DynamoDB' }], chosen: 'Postgres' }),
        mention,
      ),
    ).toThrow('Pick one of the options above');
  });
});
