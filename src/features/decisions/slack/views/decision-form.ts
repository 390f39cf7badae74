import type { KnownBlock, ModalView } from '@slack/types';
import { DEFAULT_REVIEW_WINDOW_HOURS } from '../../../../core/domain/review.js';
import { actions, context, divider, header, section } from '../../../../core/slack/views/blocks.js';
import { mention, quote } from '../../../../core/slack/views/mrkdwn.js';
import {
  DECISION_FIELDS as F,
  DECISION_LIMITS as L,
  type RawDecisionDraft,
} from '../../domain/draft.js';
import type { UnnameablePerson } from '../../services/log.js';
import { DECISION_ACTIONS, DECISION_VIEWS, FIELD_ACTION, FORM_BLOCKS } from './ids.js';
import { dateInput, plain, textInput, usersInput } from './inputs.js';

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
  /** The optional fields are shown ("More fields" was pressed, or the decision has some). */
  more?: boolean | undefined;
}

export interface FormState {
  metadata: FormMetadata;
  values: RawDecisionDraft;
}

const TITLES = { log: 'Log a decision', edit: 'Edit decision', supersede: 'Supersede decision' };
const SUBMIT = { log: 'Log it', edit: 'Save changes', supersede: 'Log the new one' };

/**
 * The decision form: title, why, the options with what speaks for and against each, the
 * choice and why, owners, people consulted, follow-ups, status and a revisit date. "More
 * fields" adds the optional ones: decision drivers, a neutral argument per option, good and bad
 * consequences, how it will be confirmed, tags. "Add another option" and "Add a follow-up" grow
 * it; what was typed is kept.
 *
 * The chosen option is typed, by its name or its number, and checked against the options on
 * submit: a modal cannot rebuild itself as its options are typed, and rebuilding it at each
 * keystroke would fight the typing.
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
  );
  if (m.more) {
    blocks.push(
      textInput(F.drivers, 'Decision drivers', {
        max: L.listField,
        multiline: true,
        optional: true,
        value: listText(v.drivers),
        hint: 'One per line: the forces and concerns the choice has to answer.',
      }),
    );
  }
  blocks.push(header('Options considered'));
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
    );
    if (m.more) {
      blocks.push(
        textInput(F.optionNeutral(i), 'What weighs neither way', {
          max: L.optionPoint,
          multiline: true,
          optional: true,
          value: option?.neutral,
        }),
      );
    }
    blocks.push(
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
    textInput(F.chosen, 'The option chosen', {
      max: L.chosen,
      value: v.chosen,
      hint: 'Its name as written above, or its number (1, 2, …).',
    }),
    textInput(F.chosenBecause, 'Chosen because', {
      max: L.chosenBecause,
      multiline: true,
      optional: true,
      value: v.chosenBecause,
      placeholder: 'It is the only option that meets the latency budget',
    }),
  );
  // Decisions logged before consequences were kept: their trade-off stays editable as it was.
  if (v.tradeOff !== undefined && v.tradeOff !== null) {
    blocks.push(
      textInput(F.tradeOff, 'The trade-off accepted', {
        max: L.tradeOff,
        multiline: true,
        optional: true,
        value: v.tradeOff,
        hint: 'It reads as the first bad consequence.',
      }),
    );
  }
  if (m.more) {
    blocks.push(
      textInput(F.goodConsequences, 'Good consequences', {
        max: L.listField,
        multiline: true,
        optional: true,
        value: listText(v.goodConsequences),
        hint: 'One per line: what improves because of it.',
      }),
      textInput(F.badConsequences, 'Bad consequences', {
        max: L.listField,
        multiline: true,
        optional: true,
        value: listText(v.badConsequences),
        hint: 'One per line: what it costs, the trade-off accepted.',
      }),
      textInput(F.confirmation, 'Confirmation', {
        max: L.confirmation,
        multiline: true,
        optional: true,
        value: v.confirmation,
        hint: 'How compliance will be checked: a review, a test, a metric.',
      }),
      textInput(F.tags, 'Tags', {
        max: L.tagsField,
        optional: true,
        value: listText(v.tags, ', '),
        placeholder: 'frontend, security',
        hint: `Up to ${L.tags} single words, separated by commas, to filter /decision list and search by.`,
      }),
    );
  } else {
    blocks.push(
      actions(FORM_BLOCKS.more, [
        { text: 'More fields', actionId: DECISION_ACTIONS.moreFields, value: 'more' },
      ]),
      context(
        'Decision drivers, a neutral argument per option, good and bad consequences, how it will be confirmed, tags.',
      ),
    );
  }
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
  );
  if (m.mode !== 'edit') {
    blocks.push(
      usersInput(
        F.reviewers,
        'Reviewers',
        v.reviewerIds ?? [],
        true,
        'People to consult: each is asked in their working hours to agree, raise a concern or abstain. With reviewers, it is logged in review.',
      ),
      textInput(F.reviewHours, 'Review window (working hours)', {
        max: 3,
        optional: true,
        value: v.reviewHours ?? undefined,
        placeholder: String(DEFAULT_REVIEW_WINDOW_HOURS),
      }),
    );
  }
  blocks.push(
    usersInput(
      F.informed,
      'Inform',
      v.informedIds ?? [],
      true,
      'People to tell, in a DM in their working hours, when it is accepted, rejected, superseded or reversed.',
    ),
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

/** A list field as its input shows it: one item a line (tags: separated by commas). */
function listText(value: string | readonly string[] | null | undefined, separator = '\n') {
  return typeof value === 'string' ? value : (value ?? []).join(separator);
}

/** The people the form cannot name, each said under the field that names them. */
export function unnameablePeople(people: Record<string, UnnameablePerson>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(people).map(([field, { userId, reason }]) => [
      field,
      reason === 'not_a_member'
        ? `I can’t name ${mention(userId)} in a decision: they are not a current member of this workspace.`
        : `${mention(userId)} can’t see this conversation, so they can’t be named in a decision that belongs to it.`,
    ]),
  );
}
