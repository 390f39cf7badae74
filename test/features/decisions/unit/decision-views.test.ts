import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../../src/core/domain/queue.js';
import type { DecisionInput } from '../../../../src/features/decisions/domain/input.js';
import type { DecisionRecord } from '../../../../src/features/decisions/services/find.js';
import { decisionForm } from '../../../../src/features/decisions/slack/views/decision-form.js';
import {
  decisionInputMessage,
  describeDecisionItem,
  followUpMessage,
  revisitMessage,
} from '../../../../src/features/decisions/slack/views/items.js';
import {
  decisionMessage,
  decisionSearchReply,
  postProblemMessage,
} from '../../../../src/features/decisions/slack/views/message.js';
import {
  detailsModal,
  filledDecisionForm,
  newDecisionForm,
} from '../../../../src/features/decisions/slack/views/modals.js';
import type {
  Decision,
  FollowUp,
} from '../../../../src/features/decisions/store/decision-repository.js';
import { findButton, textOf } from '../../../support/blocks.js';

const T = Date.parse('2026-03-09T14:00:00Z');

const decision: Decision = {
  id: 7,
  title: 'Ping <!channel> & use <@U9>',
  why: 'Because <https://evil.example|click> & more',
  options: [
    { name: 'A <b>', pros: 'fast & cheap', cons: '<!here> noisy' },
    { name: 'B', pros: '', cons: '' },
  ],
  chosen: 'A',
  chosenBecause: '',
  tradeOff: 'fast now',
  drivers: [],
  goodConsequences: [],
  badConsequences: [],
  confirmation: '',
  status: 'proposed',
  loggedBy: 'U1',
  channelId: 'C1',
  messageTs: '1773064800.000100',
  permalink: 'https://x.slack.com/archives/C1/p1773064800000100',
  postProblem: null,
  contextChannelId: null,
  contextTs: null,
  contextPermalink: null,
  contextText: null,
  revisitOn: '2026-06-01',
  revisitQueuedOn: null,
  supersedesId: null,
  supersededById: null,
  documentId: 3,
  decidedAt: null,
  publicNumber: null,
  privateNumber: null,
  createdAt: T,
  updatedAt: T,
  ownerIds: ['U1', 'U2'],
  tags: [],
  consultedIds: ['U3'],
  informedIds: [],
};

const followUp: FollowUp = {
  id: 4,
  decisionId: 7,
  position: 0,
  text: 'Write <@U5> a note',
  ownerId: 'U2',
  dueOn: '2026-03-13',
  state: 'open',
  doneBy: null,
  doneAt: null,
};

const input = (id: number, kind: DecisionInput['kind'], text = ''): DecisionInput => ({
  id,
  userId: `UI${id}`,
  kind,
  text,
  createdAt: T + id,
});

const record = (patch: Partial<DecisionRecord> = {}): DecisionRecord => ({
  decision,
  followUps: [followUp],
  inputs: [input(4, 'agree'), input(5, 'object', 'too <!here> loud')],
  revisions: [],
  predecessor: undefined,
  successor: undefined,
  ...patch,
});

const item = (kind: QueueItem['kind'], patch: Partial<QueueItem> = {}): QueueItem => ({
  id: 42,
  kind,
  state: 'delivered',
  recipientId: 'U2',
  requesterId: 'U1',
  teamId: null,
  channelId: 'C1',
  threadTs: null,
  payload: {},
  deliverAfter: T,
  notBefore: null,
  dueBy: null,
  escalationLevel: 0,
  idempotencyKey: 'k',
  attempts: 1,
  lastError: null,
  deliveredChannel: 'D2',
  deliveredTs: '1.1',
  deliveredAt: T,
  createdAt: T,
  updatedAt: T,
  ...patch,
});

/** The mrkdwn texts of some blocks (plain_text is never parsed for mentions or links). */
function mrkdwnOf(blocks: unknown): string {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') found.push(object.text);
      for (const child of Object.values(object)) walk(child);
    }
  };
  walk(blocks);
  return found.join('\n');
}

/** Every mrkdwn string must keep what people typed from mentioning or linking. */
function expectEscaped(blocks: unknown, fallback = '') {
  const text = `${mrkdwnOf(blocks)}\n${fallback}`;
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<!here>');
  expect(text).not.toContain('<https://evil');
  expect(text).not.toContain('<@U9>');
  expect(text).not.toContain('<@U5>');
}

describe('the decision message', () => {
  it('is one readable message with everything people typed escaped', () => {
    const message = decisionMessage(record());
    expectEscaped(message.blocks, message.text);
    const text = textOf(message.blocks);
    // The header is plain text, which Slack never reads for mentions or links.
    expect(text).toContain('Decision: Ping <!channel> & use <@U9>');
    expect(mrkdwnOf(message.blocks)).toContain('&lt;https://evil.example|click&gt; &amp; more');
    expect(text).toContain('Proposed, collecting input');
    expect(text).toContain('*Confirmation:* Revisit by Mon 1 Jun 2026.');
    expect(text).toContain('*Owners:* <@U1>, <@U2>');
    expect(text).toContain('due Fri 13 Mar 2026');
    expect(text).toContain('1 agree (<@UI4>) · :raised_hand: 1 objection');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text).toBe('Decision (proposed): Ping &lt;!channel&gt; &amp; use &lt;@U9&gt;');
  });

  it('offers input while proposed and only Details once settled', () => {
    const proposed = decisionMessage(record());
    for (const action of [
      'decision_agree',
      'decision_object',
      'decision_accept',
      'decision_edit',
    ]) {
      expect(findButton(proposed.blocks, action).value).toBe('7');
    }
    const superseded = decisionMessage(
      record({ decision: { ...decision, status: 'superseded', supersededById: 8 } }),
    );
    expect(() => findButton(superseded.blocks, 'decision_agree')).toThrow();
    expect(() => findButton(superseded.blocks, 'decision_edit')).toThrow();
    findButton(superseded.blocks, 'decision_details');
  });

  it('links the decisions that replaced each other', () => {
    const successor = { ...decision, id: 8, title: 'Newer', permalink: 'https://x/8' };
    const text = textOf(decisionMessage(record({ successor })).blocks);
    expect(text).toContain('Superseded by <https://x/8|Newer>.');
  });
});

describe('the decision form', () => {
  it('holds every option and follow-up it can grow to within Slack’s 100 blocks, each named once', () => {
    const view = decisionForm({
      metadata: { mode: 'log', channelId: null, options: 6, followUps: 6, shownText: 'hi' },
      values: {},
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['post_in', 'option_name_5', 'follow_up_due_5', 'revisit_on', 'status']) {
      expect(ids).toContain(id);
    }
    // At the limit there is nothing more to add.
    expect(() => findButton(view.blocks, 'decision_add_option')).toThrow();
    expect(JSON.stringify(view).length).toBeLessThan(100_000);
  });

  it('holds its largest form, with More fields shown and a trade-off kept, within 100 blocks', () => {
    const view = decisionForm({
      metadata: {
        mode: 'log',
        channelId: null,
        options: 6,
        followUps: 6,
        shownText: 'hi',
        more: true,
      },
      values: { tradeOff: 'fast now' },
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'drivers',
      'option_neutral_5',
      'chosen_because',
      'trade_off',
      'good_consequences',
      'bad_consequences',
      'confirmation',
      'tags',
    ]) {
      expect(ids).toContain(id);
    }
    // Shown already: no "More fields" button.
    expect(() => findButton(view.blocks, 'decision_more_fields')).toThrow();
    expect(JSON.stringify(view).length).toBeLessThan(100_000);
  });

  it('keeps the optional fields behind More fields for a new decision', () => {
    const view = newDecisionForm('U1', { channelId: 'C1' }, 'Pick a CI');
    const ids = view.blocks.map((b) => b.block_id);
    for (const id of ['drivers', 'option_neutral_0', 'good_consequences', 'tags', 'trade_off']) {
      expect(ids).not.toContain(id);
    }
    expect(ids).toContain('chosen_because');
    findButton(view.blocks, 'decision_more_fields');
  });

  it('opens an edit with More fields shown when the decision has any of them', () => {
    const view = filledDecisionForm('edit', { ...decision, tags: ['frontend', 'a11y'] }, []);
    const tags = view.blocks.find((b) => b.block_id === 'tags') as {
      element: { initial_value: string };
    };
    expect(tags.element.initial_value).toBe('frontend, a11y');
    expect(JSON.parse(view.private_metadata ?? '')).toMatchObject({ more: true });
    // Logged with a trade-off: it stays editable as it was.
    const tradeOff = view.blocks.find((b) => b.block_id === 'trade_off') as {
      element: { initial_value: string };
    };
    expect(tradeOff.element.initial_value).toBe('fast now');
    const plain = filledDecisionForm('supersede', decision, []);
    expect(plain.blocks.map((b) => b.block_id)).not.toContain('trade_off');
    findButton(plain.blocks, 'decision_more_fields');
  });

  it('starts with the person as owner, and says where a channel’s decision goes', () => {
    const view = newDecisionForm('U1', { channelId: 'C1' }, 'Pick a CI');
    const owners = view.blocks.find((b) => b.block_id === 'owners') as {
      element: { initial_users: string[] };
    };
    expect(owners.element.initial_users).toEqual(['U1']);
    expect(textOf(view.blocks)).toContain('It will be posted in <#C1>');
    expect(view.blocks.some((b) => b.block_id === 'post_in')).toBe(false);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      mode: 'log',
      channelId: 'C1',
      options: 2,
      followUps: 1,
    });
  });

  it('fills in a decision to edit, without status or channel', () => {
    const view = filledDecisionForm('edit', decision, [
      { text: 'Write a note', ownerId: 'U2', dueOn: '2026-03-13' },
    ]);
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).not.toContain('status');
    expect(ids).not.toContain('post_in');
    const chosen = view.blocks.find((b) => b.block_id === 'chosen') as {
      element: { initial_value: string };
    };
    expect(chosen.element.initial_value).toBe('A');
    const due = view.blocks.find((b) => b.block_id === 'follow_up_due_0') as {
      element: { initial_date: string };
    };
    expect(due.element.initial_date).toBe('2026-03-13');
    expect(JSON.parse(view.private_metadata ?? '')).toMatchObject({ mode: 'edit', decisionId: 7 });
  });

  it('keeps Details within Slack’s limits however long the history', () => {
    const revisions = Array.from({ length: 80 }, (_, i) => ({
      id: i,
      decisionId: 7,
      userId: 'U1',
      change: 'edited',
      fields: [],
      note: null,
      createdAt: T + i,
    }));
    const inputs = Array.from({ length: 80 }, (_, i) => input(i + 1, 'comment', 'x'.repeat(500)));
    const view = detailsModal(record({ revisions, inputs }));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const block of view.blocks) {
      const text = (block as { text?: { text: string } }).text?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
    }
  });
});

describe('the decisions’ DMs and Home lines', () => {
  it('shows an owner the input since they last looked, with Accept while proposed', () => {
    const message = decisionInputMessage(
      item('decision_input'),
      decision,
      [input(5, 'object', 'too <!here> loud')],
      [input(4, 'agree'), input(5, 'object', 'too <!here> loud')],
    );
    expectEscaped(message.blocks, message.text);
    expect(textOf(message.blocks)).toContain(
      ':raised_hand: <@UI5> objects: too &lt;!here&gt; loud',
    );
    expect(textOf(message.blocks)).toContain('so far 1 agree, 1 object, 0 comments');
    findButton(message.blocks, 'decision_accept');
    expect(findButton(message.blocks, 'decision_input_seen').value).toBe('42');
    const accepted = decisionInputMessage(
      item('decision_input', { state: 'done' }),
      { ...decision, status: 'accepted' },
      [],
      [],
    );
    expect(() => findButton(accepted.blocks, 'decision_accept')).toThrow();
    expect(textOf(accepted.blocks)).toContain('The decision is accepted now.');
    const proposal = decisionInputMessage(item('decision_input'), decision, [], [], true);
    expect(textOf(proposal.blocks)).toContain('<@U1> logged a decision you own in <#C1>');
    expect(proposal.text).toBe(
      'A decision you own awaits you: Ping &lt;!channel&gt; &amp; use &lt;@U9&gt;',
    );
  });

  it('reminds of an overdue follow-up, and offers Done', () => {
    const first = followUpMessage(item('decision_follow_up'), decision, followUp);
    expect(textOf(first.blocks)).toContain('A follow-up task for you');
    expectEscaped(first.blocks, first.text);
    const reminder = followUpMessage(
      item('decision_follow_up', { escalationLevel: 1 }),
      decision,
      followUp,
    );
    expect(textOf(reminder.blocks)).toContain('A reminder: this follow-up of');
    expect(findButton(reminder.blocks, 'decision_follow_up_done').value).toBe('4');
  });

  it('asks to confirm, revise or supersede at the revisit date', () => {
    const message = revisitMessage(item('decision_revisit'), { ...decision, status: 'accepted' });
    for (const action of ['decision_confirm', 'decision_edit', 'decision_supersede']) {
      expect(findButton(message.blocks, action).value).toBe('7');
    }
    const home = describeDecisionItem(item('decision_revisit'), decision, {});
    expect(home.label).toBe('Decision to revisit');
    expect(home.summary).toBe('Ping &lt;!channel&gt; &amp; use &lt;@U9&gt;');
  });

  it('says on Home when a decision is no longer current, and shows a reason where it ended', () => {
    for (const status of ['rejected', 'deprecated'] as const) {
      const home = describeDecisionItem(item('decision_follow_up'), { ...decision, status }, {});
      expect(home.summary).toContain(`(${status})`);
    }
    const deprecated = decisionMessage({
      ...record(),
      decision: { ...decision, status: 'deprecated' },
      revisions: [
        {
          id: 1,
          decisionId: 7,
          userId: 'U1',
          change: 'deprecated',
          fields: [],
          note: 'Follow the release guide.',
          createdAt: T,
        },
      ],
    });
    expect(textOf(deprecated.blocks)).toContain(':warning: Deprecated');
    expect(textOf(deprecated.blocks)).toContain(
      '*Why it was deprecated:* Follow the release guide.',
    );
  });

  it('explains how to fix a decision Slack would not take', () => {
    expect(textOf(postProblemMessage(decision, 'not_in_channel').blocks)).toContain(
      'Mailroom is not a member of <#C1>. Add it there with `/invite @Mailroom`',
    );
    expect(textOf(postProblemMessage(decision, 'is_archived').blocks)).toContain('is archived');
  });

  it('echoes a search escaped', () => {
    const reply = decisionSearchReply('<!channel> plans', []);
    expect(reply.text).toBe('No decision you can see matches “&lt;!channel&gt; plans”.');
  });
});
