import { describe, expect, it } from 'vitest';
import { writeDocModal } from '../../src/features/ask/slack/views/documents.js';
import {
  answerField,
  describeState,
  type FormField,
  formFields,
  initialState,
  type Lookup,
} from '../support/sandbox/modal-form.js';
import {
  type Json,
  mrkdwnToText,
  type RenderContext,
  renderBlocks,
  renderMessage,
  renderView,
} from '../support/sandbox/render.js';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const names = {
  user: (id: string) => ({ U0PRIYA: 'priya', U0SAM: 'sam' })[id],
  channel: (id: string) => ({ C0ENG: 'eng' })[id],
};
const ctx: RenderContext = { names, timeZone: 'Asia/Kolkata', now: NOW };

/** A context that numbers elements, and the elements it numbered. */
function numbering() {
  const seen: { blockId: string; element: Json }[] = [];
  const numbered: RenderContext = {
    ...ctx,
    number: (blockId, element) => seen.push({ blockId, element }),
  };
  return { numbered, seen };
}

const lookup: Lookup = {
  user: (text) => ({ priya: 'U0PRIYA', sam: 'U0SAM' })[text.replace(/^@/, '')],
  conversation: (text) => ({ '#eng': 'C0ENG', eng: 'C0ENG' })[text],
  userName: (id) => names.user(id),
  conversationName: (id) => names.channel(id),
};

describe('mrkdwnToText', () => {
  it.each([
    ['<@U0SAM> asked', '@sam asked'],
    ['<@U0NOBODY|ghost> asked', '@ghost asked'],
    ['in <#C0ENG|old-name>', 'in #eng'],
    ['<!here> look', '@here look'],
    [
      '<https://example.com/doc|the doc> and <https://x.y>',
      'the doc (https://example.com/doc) and https://x.y',
    ],
    ['a &lt;b&gt; &amp; c', 'a <b> & c'],
    ['>quoted\n>two', '> quoted\n> two'],
  ])('reads %j as %j', (mrkdwn, text) => {
    expect(mrkdwnToText(mrkdwn, ctx)).toBe(text);
  });

  it('shows a date token in the reader’s zone, relative to now', () => {
    const seconds = Date.parse('2026-03-03T03:30:00Z') / 1000;
    expect(mrkdwnToText(`<!date^${seconds}^{date_short_pretty} {time}|fallback>`, ctx)).toBe(
      'tomorrow 09:00',
    );
    expect(mrkdwnToText(`<!date^${seconds}^{date_num}|fallback>`, ctx)).toBe('2026-03-03');
    expect(mrkdwnToText('<!date^oops^{time}|the fallback>', ctx)).toBe('the fallback');
  });
});

describe('renderBlocks', () => {
  it('numbers buttons and menus in the order they are shown, and lists a menu’s options', () => {
    const { numbered, seen } = numbering();
    const lines = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Your Mailroom' } },
        {
          type: 'section',
          block_id: 'status',
          text: { type: 'mrkdwn', text: '*Working*\nfor <@U0SAM>' },
          accessory: {
            type: 'button',
            action_id: 'settings',
            text: { type: 'plain_text', text: 'Settings' },
          },
        },
        { type: 'divider' },
        {
          type: 'actions',
          block_id: 'item:1',
          elements: [
            { type: 'button', action_id: 'done', text: { type: 'plain_text', text: 'Done' } },
            {
              type: 'static_select',
              action_id: 'snooze',
              placeholder: { type: 'plain_text', text: 'Snooze until…' },
              options: [
                { text: { type: 'plain_text', text: 'In 2 hours' }, value: '1:2h' },
                { text: { type: 'plain_text', text: 'Tomorrow' }, value: '1:tomorrow' },
              ],
            },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'asked in <#C0ENG>' }] },
        { type: 'mystery' },
      ],
      numbered,
    );
    expect(lines).toEqual([
      '== Your Mailroom ==',
      '*Working*',
      'for @sam',
      '  [1] Settings',
      '────────',
      '[2] Done',
      '[3] Snooze until… ▾',
      '      1) In 2 hours',
      '      2) Tomorrow',
      '  asked in #eng',
      '[mystery block]',
    ]);
    expect(seen.map((s) => [s.blockId, s.element.action_id])).toEqual([
      ['status', 'settings'],
      ['item:1', 'done'],
      ['item:1', 'snooze'],
    ]);
  });

  it('puts a row of buttons on one line, and shows elements without numbers when none are given', () => {
    const row = {
      type: 'actions',
      elements: ['Answer', 'Not me'].map((text) => ({
        type: 'button',
        action_id: text,
        text: { type: 'plain_text', text },
      })),
    };
    expect(renderBlocks([row], numbering().numbered)).toEqual(['[1] Answer  [2] Not me']);
    expect(renderBlocks([row], ctx)).toEqual(['[Answer]  [Not me]']);
  });
});

describe('renderMessage and renderView', () => {
  it('shows a message’s text when it has no blocks, and its attachments', () => {
    expect(
      renderMessage(
        { text: 'Hi <@U0PRIYA>', attachments: [{ title: 'Note', text: 'from *sam*' }] },
        ctx,
      ),
    ).toEqual(['Hi @priya', '│ Note', '│ from *sam*']);
  });

  it('describes a modal’s inputs and ends with its buttons', () => {
    const lines = renderView(writeDocModal() as unknown as Json, ctx);
    expect(lines).toContain('Title: [text, e.g. How to rotate the staging database password]');
    expect(lines.at(-1)).toBe('[Save]  [Cancel]');
  });
});

describe('a modal as a form', () => {
  const settings: Json = {
    type: 'modal',
    blocks: [
      {
        type: 'input',
        block_id: 'tz',
        optional: true,
        label: { type: 'plain_text', text: 'Time zone' },
        element: { type: 'plain_text_input', action_id: 'tz_value' },
      },
      {
        type: 'input',
        block_id: 'delivery',
        label: { type: 'plain_text', text: 'Requests reach you' },
        element: {
          type: 'radio_buttons',
          action_id: 'delivery_value',
          initial_option: {
            text: { type: 'plain_text', text: 'As they come' },
            value: 'immediate',
          },
          options: [
            { text: { type: 'plain_text', text: 'As they come' }, value: 'immediate' },
            { text: { type: 'plain_text', text: 'One digest a day' }, value: 'digest' },
          ],
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: 'not a field' } },
      {
        type: 'input',
        block_id: 'back',
        optional: true,
        label: { type: 'plain_text', text: 'Back on' },
        element: { type: 'datepicker', action_id: 'back_value' },
      },
      {
        type: 'input',
        block_id: 'who',
        label: { type: 'plain_text', text: 'Who' },
        element: { type: 'multi_users_select', action_id: 'who_value' },
      },
    ],
  };
  const fields = formFields(settings, ctx);
  const field = (blockId: string) => fields.find((f) => f.blockId === blockId) as FormField;

  it('finds the input blocks, in order, with what they hold to begin with', () => {
    expect(fields.map((f) => [f.blockId, f.actionId, f.type, f.optional])).toEqual([
      ['tz', 'tz_value', 'plain_text_input', true],
      ['delivery', 'delivery_value', 'radio_buttons', false],
      ['back', 'back_value', 'datepicker', true],
      ['who', 'who_value', 'multi_users_select', false],
    ]);
    expect(initialState(field('tz'))).toEqual({ type: 'plain_text_input', value: null });
    expect(describeState(initialState(field('delivery')), lookup)).toBe('As they come');
  });

  it('reads answers as the state Slack sends, and keeps or empties a field on request', () => {
    const tz = field('tz');
    expect(answerField(tz, 'Mars/Olympus', initialState(tz), lookup)).toEqual({
      ok: true,
      state: { type: 'plain_text_input', value: 'Mars/Olympus' },
    });
    const typed = { type: 'plain_text_input', value: 'Europe/Paris' };
    expect(answerField(tz, '', typed, lookup)).toEqual({ ok: true, state: typed });
    expect(answerField(tz, '-', typed, lookup)).toEqual({
      ok: true,
      state: { type: 'plain_text_input', value: null },
    });
    const delivery = field('delivery');
    const digest = answerField(delivery, '2', initialState(delivery), lookup);
    expect(digest).toMatchObject({ ok: true, state: { selected_option: { value: 'digest' } } });
    expect(answerField(delivery, 'one digest', initialState(delivery), lookup)).toEqual(digest);
    expect(answerField(field('who'), 'priya, @sam', initialState(field('who')), lookup)).toEqual({
      ok: true,
      state: { type: 'multi_users_select', selected_users: ['U0PRIYA', 'U0SAM'] },
    });
  });

  it('refuses what Slack itself would not send', () => {
    const back = field('back');
    expect(answerField(back, '2026-02-30', initialState(back), lookup)).toMatchObject({
      ok: false,
    });
    expect(answerField(field('delivery'), '7', initialState(field('delivery')), lookup)).toEqual({
      ok: false,
      problem: 'Pick one of 1–2.',
    });
    expect(answerField(field('who'), '', initialState(field('who')), lookup)).toEqual({
      ok: false,
      problem: 'Slack: this field is required.',
    });
    expect(answerField(field('who'), 'nobody', initialState(field('who')), lookup)).toEqual({
      ok: false,
      problem: 'Nobody here is called “nobody”.',
    });
    const title = formFields(writeDocModal() as unknown as Json, ctx)[0] as FormField;
    expect(answerField(title, 'x'.repeat(151), initialState(title), lookup)).toMatchObject({
      ok: false,
      problem: 'Slack: at most 150 characters (this is 151).',
    });
  });

  it.each([
    ['checkboxes', '1 3', { selected_options: [{ value: 'a' }, { value: 'c' }] }],
    ['multi_static_select', '2', { selected_options: [{ value: 'b' }] }],
    ['static_select', 'Cherry', { selected_option: { value: 'c' } }],
    ['timepicker', '09:30', { selected_time: '09:30' }],
    ['users_select', '@sam', { selected_user: 'U0SAM' }],
    ['conversations_select', '#eng', { selected_conversation: 'C0ENG' }],
    ['channels_select', 'eng', { selected_channel: 'C0ENG' }],
    ['number_input', '42', { value: '42' }],
  ])('reads a %s answered “%s”', (type, typed, state) => {
    const element = {
      type,
      action_id: 'value',
      options: ['Apple', 'Banana', 'Cherry'].map((text) => ({
        text: { type: 'plain_text', text },
        value: text[0]?.toLowerCase(),
      })),
    };
    const [field] = formFields(
      {
        blocks: [
          { type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'L' }, element },
        ],
      },
      ctx,
    );
    const answer = answerField(field as FormField, typed, initialState(field as FormField), lookup);
    expect(answer).toMatchObject({ ok: true, state: { type, ...state } });
  });

  it('turns \\n into a new line in a multi-line input only', () => {
    const body = formFields(writeDocModal() as unknown as Json, ctx)[1] as FormField;
    expect(answerField(body, 'one\\ntwo', initialState(body), lookup)).toMatchObject({
      state: { value: 'one\ntwo' },
    });
  });
});

describe('a person picker that dispatches its value', () => {
  const view = (picked?: string) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Propose an owner' },
    submit: { type: 'plain_text', text: 'Propose' },
    blocks: [
      {
        type: 'input',
        block_id: 'owner',
        dispatch_action: true,
        label: { type: 'plain_text', text: 'Who should own it?' },
        element: {
          type: 'users_select',
          action_id: 'pick',
          ...(picked ? { initial_user: picked } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'note',
        label: { type: 'plain_text', text: 'Note' },
        element: { type: 'plain_text_input', action_id: 'note' },
      },
    ],
  });

  it('is known as dispatching, and the fields beside it are not', () => {
    const [owner, note] = formFields(view(), ctx);
    expect(owner).toMatchObject({ blockId: 'owner', type: 'users_select', dispatchAction: true });
    expect(note).toMatchObject({ blockId: 'note', dispatchAction: false });
  });

  it('shows the person Mailroom picked in it when it updated the modal', () => {
    expect(renderView(view(), ctx)).toContain('Who should own it?: [a person]');
    expect(renderView(view('U0SAM'), ctx)).toContain('Who should own it?: [a person: @sam]');
  });
});
