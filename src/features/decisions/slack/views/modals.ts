import type { KnownBlock, ModalView, PlainTextElement } from '@slack/types';
import { actions, context, divider, header, section } from '../../../../core/slack/views/blocks.js';
import {
  escapeMrkdwn,
  mention,
  quote,
  slackDate,
  truncate,
} from '../../../../core/slack/views/mrkdwn.js';
import {
  DECISION_FIELDS as F,
  DECISION_LIMITS as L,
  type RawDecisionDraft,
  revisionLabel,
} from '../../domain/decision.js';
import type { DecisionRecord } from '../../services/find.js';
import type { Decision } from '../../store/decision-repository.js';
import { DECISION_ACTIONS, DECISION_VIEWS, FIELD_ACTION, FORM_BLOCKS } from './ids.js';
import { decisionBodyBlocks, decisionButtons, titleLink } from './message.js';

const plain = (text: string, max = 150): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

/** What the decision form carries from one request to the next (private_metadata). */
export interface FormMetadata {
  mode: 'log' | 'edit' | 'supersede';
  /** edit: the decision edited; supersede: the decision replaced. */
  decisionId?: number | undefined;
  /** The conversation a new decision belongs to; null when the form asks where to post it. */
  channelId: string | null;
  /** Logged from a message ("Log a decision"): that message. */
  source?: { channelId: string; ts: string; threadTs?: string | undefined } | undefined;
  /** That message's text as the person saw it, shown to them in the form (never stored). */
  shownText?: string | undefined;
  /** How many option and follow-up rows the form shows. */
  options: number;
  followUps: number;
}

export interface FormState {
  metadata: FormMetadata;
  values: RawDecisionDraft;
}

const TITLES = { log: 'Log a decision', edit: 'Edit decision', supersede: 'Supersede decision' };
const SUBMIT = { log: 'Log it', edit: 'Save changes', supersede: 'Log the new one' };

function textInput(
  blockId: string,
  label: string,
  options: {
    max: number;
    multiline?: boolean;
    optional?: boolean;
    value?: string | null | undefined;
    placeholder?: string;
    hint?: string;
  },
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: FIELD_ACTION,
      max_length: options.max,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.value ? { initial_value: truncate(options.value, 3000) } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    },
  } as KnownBlock;
}

function usersInput(
  blockId: string,
  label: string,
  users: readonly string[],
  optional: boolean,
  hint?: string,
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'multi_users_select',
      action_id: FIELD_ACTION,
      max_selected_items: L.people,
      ...(users.length > 0 ? { initial_users: [...users] } : {}),
    },
  };
}

function dateInput(blockId: string, label: string, date: string | null | undefined, hint?: string) {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'datepicker',
      action_id: FIELD_ACTION,
      ...(date ? { initial_date: date } : {}),
    },
  } as KnownBlock;
}

/**
 * The decision form: title, why, the options with what speaks for and against each, the
 * choice and its trade-off, owners, people consulted, follow-ups, status and a revisit date.
 * "Add another option" and "Add a follow-up" grow it; what was typed is kept.
 */
export function decisionForm(state: FormState): ModalView {
  const { metadata: m, values: v } = state;
  const blocks: KnownBlock[] = [];
  if (m.shownText !== undefined) {
    blocks.push(section(`*From the message:*\n${quote(m.shownText)}`));
    blocks.push(context('The message and its thread’s link are kept with the decision.'));
  }
  if (m.mode === 'log' && m.channelId === null) {
    blocks.push({
      type: 'input',
      block_id: FORM_BLOCKS.postIn,
      optional: true,
      label: plain('Post it in'),
      hint: plain(
        'Leave it empty to keep the decision visible only to its owners and the people consulted.',
        2000,
      ),
      element: {
        type: 'conversations_select',
        action_id: FIELD_ACTION,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    });
  } else if (m.mode === 'log' && m.channelId) {
    blocks.push(context(`It will be posted in <#${m.channelId}>, with a thread for discussion.`));
  } else if (m.mode === 'supersede') {
    blocks.push(
      context('The new decision is posted where the one it replaces was; both link to each other.'),
    );
  }
  blocks.push(
    textInput(F.title, 'Title', {
      max: L.title,
      value: v.title,
      placeholder: 'Use Postgres for the billing service',
    }),
    textInput(F.why, 'Why a choice was needed', {
      max: L.why,
      multiline: true,
      value: v.why,
      placeholder: 'The business goal, client request or problem that forces a choice',
    }),
    header('Options considered'),
  );
  for (let i = 0; i < m.options; i++) {
    const option = v.options?.[i];
    blocks.push(
      textInput(F.optionName(i), `Option ${i + 1}`, {
        max: L.optionName,
        optional: i > 0,
        value: option?.name,
      }),
      textInput(F.optionPros(i), 'What speaks for it', {
        max: L.optionPoint,
        multiline: true,
        optional: true,
        value: option?.pros,
      }),
      textInput(F.optionCons(i), 'What speaks against it', {
        max: L.optionPoint,
        multiline: true,
        optional: true,
        value: option?.cons,
      }),
    );
  }
  if (m.options < L.options) {
    blocks.push(
      actions('decision_form_options', [
        { text: 'Add another option', actionId: DECISION_ACTIONS.addOption, value: 'option' },
      ]),
    );
  }
  blocks.push(
    divider(),
    textInput(F.chosen, 'The option chosen', { max: L.chosen, value: v.chosen }),
    textInput(F.tradeOff, 'The trade-off accepted', {
      max: L.tradeOff,
      multiline: true,
      optional: true,
      value: v.tradeOff,
      placeholder: 'For example: fast and good enough now, against slower and robust',
    }),
  );
  if (m.mode !== 'edit') {
    const status = v.status === 'accepted' ? 'accepted' : 'proposed';
    const choices = {
      proposed: 'Proposed: collect input first, accept later',
      accepted: 'Accepted: already decided',
    };
    blocks.push({
      type: 'input',
      block_id: F.status,
      label: plain('Status'),
      element: {
        type: 'radio_buttons',
        action_id: FIELD_ACTION,
        options: (['proposed', 'accepted'] as const).map((value) => ({
          text: plain(choices[value]),
          value,
        })),
        initial_option: { text: plain(choices[status]), value: status },
      },
    });
  }
  blocks.push(
    usersInput(
      F.owners,
      'Owners',
      v.ownerIds ?? [],
      false,
      'They accept, edit, supersede or reverse it, and hear of the input. Take yourself off if it is not yours.',
    ),
    usersInput(F.consulted, 'People consulted', v.consultedIds ?? [], true),
    header('Follow-up tasks'),
  );
  for (let i = 0; i < m.followUps; i++) {
    const followUp = v.followUps?.[i];
    blocks.push(
      textInput(F.followUpText(i), `Follow-up ${i + 1}`, {
        max: L.followUp,
        optional: true,
        value: followUp?.text,
      }),
      {
        type: 'input',
        block_id: F.followUpOwner(i),
        optional: true,
        label: plain('Owner'),
        element: {
          type: 'users_select',
          action_id: FIELD_ACTION,
          ...(followUp?.ownerId ? { initial_user: followUp.ownerId } : {}),
        },
      },
      dateInput(F.followUpDue(i), 'Due', followUp?.dueOn),
    );
  }
  if (m.followUps < L.followUps) {
    blocks.push(
      actions('decision_form_follow_ups', [
        { text: 'Add a follow-up', actionId: DECISION_ACTIONS.addFollowUp, value: 'follow_up' },
      ]),
    );
  }
  blocks.push(
    divider(),
    dateInput(
      F.revisitOn,
      'Revisit by',
      v.revisitOn,
      'On that date the owners are asked to confirm, revise or supersede it.',
    ),
  );
  return {
    type: 'modal',
    callback_id: DECISION_VIEWS.form,
    private_metadata: JSON.stringify(m),
    title: plain(TITLES[m.mode], 24),
    submit: plain(SUBMIT[m.mode], 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** The form for a new decision, with the person as its first owner. */
export function newDecisionForm(
  userId: string,
  where: Pick<FormMetadata, 'channelId' | 'source'>,
  title = '',
  sourceText?: string,
): ModalView {
  const shownText = sourceText === undefined ? {} : { shownText: truncate(sourceText, 600) };
  return decisionForm({
    metadata: { mode: 'log', ...where, ...shownText, options: 2, followUps: 1 },
    values: { title, ownerIds: [userId], status: 'proposed' },
  });
}

/** The form filled in with a decision, to edit it or to log the one that replaces it. */
export function filledDecisionForm(
  mode: 'edit' | 'supersede',
  decision: Decision,
  followUps: RawDecisionDraft['followUps'],
): ModalView {
  const values: RawDecisionDraft = {
    title: decision.title,
    why: decision.why,
    options: decision.options,
    chosen: mode === 'edit' ? decision.chosen : '',
    tradeOff: mode === 'edit' ? decision.tradeOff : '',
    ownerIds: decision.ownerIds,
    consultedIds: decision.consultedIds,
    followUps: followUps ?? [],
    status: 'proposed',
    revisitOn: mode === 'edit' ? decision.revisitOn : null,
  };
  return decisionForm({
    metadata: {
      mode,
      decisionId: decision.id,
      channelId: decision.channelId,
      options: Math.max(1, Math.min(L.options, decision.options.length)),
      followUps: Math.max(1, Math.min(L.followUps, values.followUps?.length ?? 0)),
    },
    values,
  });
}

/** A one-field form about a decision: an objection's reason, a comment, why it is reversed. */
export function remarkModal(kind: 'object' | 'comment' | 'reverse', decision: Decision): ModalView {
  const spec = {
    object: {
      callbackId: DECISION_VIEWS.object,
      title: 'Object',
      submit: 'Object',
      label: 'Why do you object?',
      hint: 'Your objection and its reason stay part of the decision’s record; the owners get it in their working hours.',
      max: L.reason,
    },
    comment: {
      callbackId: DECISION_VIEWS.comment,
      title: 'Comment',
      submit: 'Comment',
      label: 'Your comment',
      hint: 'It stays part of the decision’s record; the owners get it in their working hours.',
      max: L.comment,
    },
    reverse: {
      callbackId: DECISION_VIEWS.reverse,
      title: 'Reverse decision',
      submit: 'Reverse it',
      label: 'Why is it reversed?',
      hint: 'Kept with the decision, so the next person understands. Its open follow-ups are cancelled.',
      max: L.reason,
    },
  }[kind];
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: JSON.stringify({ decisionId: decision.id }),
    title: plain(spec.title, 24),
    submit: plain(spec.submit, 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`*${escapeMrkdwn(truncate(decision.title, 150))}*`),
      textInput(FORM_BLOCKS.remark, spec.label, {
        max: spec.max,
        multiline: true,
        hint: spec.hint,
      }),
    ],
  };
}

/** What the form turns into once submitted. */
export function loggedModal(
  decision: Decision,
  outcome: 'posting' | 'posted' | 'kept' | 'edited' | 'unchanged' | { problem: string },
): ModalView {
  const where = decision.channelId ? `<#${decision.channelId}>` : '';
  const text =
    outcome === 'posting'
      ? `Logged ${titleLink(decision)}. Posting it in ${where}…`
      : outcome === 'posted'
        ? `Logged ${titleLink(decision)} and posted it in ${where}, with a thread for discussion.`
        : outcome === 'kept'
          ? `Logged ${titleLink(decision)}. It is visible only to its owners and the people consulted: they find it with \`/decision search\`, \`/decision list\` in a DM with Mailroom, and \`/ask\`.`
          : outcome === 'edited'
            ? `Saved your changes to ${titleLink(decision)}. The change is kept in its history.`
            : outcome === 'unchanged'
              ? `Nothing changed in ${titleLink(decision)}.`
              : `Logged ${titleLink(decision)}, but I could not post it in ${where} (\`${escapeMrkdwn(outcome.problem)}\`). I sent you a DM with how to fix it; nothing is lost.`;
  return {
    type: 'modal',
    callback_id: DECISION_VIEWS.logged,
    title: plain('Decision', 24),
    close: plain('Done', 24),
    blocks: [section(text)],
  };
}

/** "Details": the whole record, its input and its history. */
export function detailsModal(record: DecisionRecord): ModalView {
  const blocks: KnownBlock[] = decisionBodyBlocks(record);
  const { inputs, revisions } = record;
  if (inputs.length > 0) {
    const lines = inputs.slice(-20).map((input) => {
      const what =
        input.kind === 'agree'
          ? 'agreed'
          : input.kind === 'object'
            ? `objected: ${escapeMrkdwn(truncate(input.text, 200))}`
            : `commented: ${escapeMrkdwn(truncate(input.text, 200))}`;
      return `• ${mention(input.userId)} ${what} _(${slackDate(input.createdAt)})_`;
    });
    blocks.push(divider(), section(`*Input*\n${lines.join('\n')}`));
  }
  const history = revisions.slice(-15).map((revision) => {
    const fields = revision.fields.map((f) => f.field).join(', ');
    const note = revision.note ? `: ${escapeMrkdwn(truncate(revision.note, 200))}` : '';
    return `• ${slackDate(revision.createdAt)} ${mention(revision.userId)} ${revisionLabel(revision.change)}${fields ? ` (${fields})` : ''}${note}`;
  });
  blocks.push(divider(), section(`*History*\n${history.join('\n')}`));
  // Not in any channel: its buttons are here.
  if (!record.decision.messageTs) blocks.push(...decisionButtons(record.decision));
  return {
    type: 'modal',
    callback_id: DECISION_VIEWS.details,
    private_metadata: JSON.stringify({ decisionId: record.decision.id }),
    title: plain('Decision', 24),
    close: plain('Close', 24),
    blocks: blocks.slice(0, 100),
  };
}
