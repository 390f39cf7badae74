import type { KnownBlock, ModalView } from '@slack/types';
import { divider, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, mention, slackDate, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { DECISION_LIMITS as L, type RawDecisionDraft } from '../../domain/draft.js';
import { revisionLabel } from '../../domain/revisions.js';
import type { DecisionRecord } from '../../services/find.js';
import type { Decision } from '../../store/decision-repository.js';
import { decisionForm, type FormMetadata } from './decision-form.js';
import { DECISION_VIEWS, FIELD_ACTION, FORM_BLOCKS } from './ids.js';
import { plain, textInput } from './inputs.js';
import { decisionBodyBlocks, decisionButtons, titleLink } from './message.js';

/** The form for a new decision, with the person as its first owner (begun from a message: its title and why). */
export function newDecisionForm(
  userId: string,
  where: Pick<FormMetadata, 'channelId' | 'source'>,
  title = '',
  sourceText?: string,
  why = '',
): ModalView {
  const shownText = sourceText === undefined ? {} : { shownText: truncate(sourceText, 600) };
  return decisionForm({
    metadata: { mode: 'log', ...where, ...shownText, options: 2, followUps: 1 },
    values: { title, why, ownerIds: [userId], status: 'proposed' },
  });
}

/** The form filled in with a decision, to edit it or to log the one that replaces it. */
export function filledDecisionForm(
  mode: 'edit' | 'supersede',
  decision: Decision,
  followUps: RawDecisionDraft['followUps'],
): ModalView {
  const editing = mode === 'edit';
  const values: RawDecisionDraft = {
    title: decision.title,
    why: decision.why,
    drivers: decision.drivers,
    options: decision.options,
    chosen: editing ? decision.chosen : '',
    chosenBecause: editing ? decision.chosenBecause : '',
    // Shown only where a decision has one: decisions now name bad consequences instead.
    ...(editing && decision.tradeOff ? { tradeOff: decision.tradeOff } : {}),
    goodConsequences: editing ? decision.goodConsequences : [],
    badConsequences: editing ? decision.badConsequences : [],
    confirmation: editing ? decision.confirmation : '',
    tags: decision.tags,
    ownerIds: decision.ownerIds,
    consultedIds: decision.consultedIds,
    informedIds: decision.informedIds,
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
      more: hasOptionalFields(values),
    },
    values,
  });
}

/** Whether a form begins with one of the fields "More fields" shows filled in. */
function hasOptionalFields(values: RawDecisionDraft): boolean {
  const filled = (value: string | readonly string[] | null | undefined) =>
    value !== undefined && value !== null && value.length > 0;
  return (
    filled(values.drivers) ||
    filled(values.goodConsequences) ||
    filled(values.badConsequences) ||
    filled(values.confirmation) ||
    filled(values.tags) ||
    (values.options ?? []).some((option) => filled(option.neutral))
  );
}

/** What a remark is for: an objection, a comment, or why a decision ends. */
export type RemarkKind = 'object' | 'comment' | 'reject' | 'deprecate' | 'reverse';

const REMARKS: Record<
  RemarkKind,
  { callbackId: string; title: string; submit: string; label: string; hint: string; max: number }
> = {
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
  reject: {
    callbackId: DECISION_VIEWS.reject,
    title: 'Reject proposal',
    submit: 'Reject it',
    label: 'Why is it rejected?',
    hint: 'Kept with the decision, so the next person understands. Its follow-ups are cancelled.',
    max: L.reason,
  },
  deprecate: {
    callbackId: DECISION_VIEWS.deprecate,
    title: 'Deprecate decision',
    submit: 'Deprecate it',
    label: 'Why is it deprecated?',
    hint: 'Kept with the decision and in its export: say what to follow instead. Its open follow-ups are cancelled.',
    max: L.reason,
  },
  reverse: {
    callbackId: DECISION_VIEWS.reverse,
    title: 'Reverse decision',
    submit: 'Reverse it',
    label: 'Why is it reversed?',
    hint: 'Kept with the decision, so the next person understands. Its open follow-ups are cancelled.',
    max: L.reason,
  },
};

/**
 * A one-field form about a decision: an objection's reason, a comment, why it is rejected,
 * deprecated or reversed. Reversing the decision that superseded `earlier` also asks whether
 * that one is current again.
 */
export function remarkModal(kind: RemarkKind, decision: Decision, earlier?: Decision): ModalView {
  const spec = REMARKS[kind];
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(truncate(decision.title, 150))}*`),
    textInput(FORM_BLOCKS.remark, spec.label, {
      max: spec.max,
      multiline: true,
      hint: spec.hint,
    }),
  ];
  if (kind === 'reverse' && earlier) {
    const choices = {
      yes: `Yes: “${truncate(earlier.title, 100)}” is accepted again`,
      no: 'No: it stays superseded, by a reversed decision',
    };
    blocks.push({
      type: 'input',
      block_id: FORM_BLOCKS.earlier,
      label: plain('This decision superseded another. Is that one current again?', 2000),
      element: {
        type: 'radio_buttons',
        action_id: FIELD_ACTION,
        options: (['yes', 'no'] as const).map((value) => ({
          text: plain(choices[value]),
          value,
        })),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    private_metadata: JSON.stringify({ decisionId: decision.id }),
    title: plain(spec.title, 24),
    submit: plain(spec.submit, 24),
    close: plain('Cancel', 24),
    blocks,
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
