import type { KnownBlock } from '@slack/types';
import type { QueueItem } from '../../../../core/domain/queue.js';
import {
  actions,
  type ButtonSpec,
  context,
  type Message,
  section,
} from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, mention, truncate } from '../../../../core/slack/views/mrkdwn.js';
import type { ItemDescription } from '../../../../core/slack/views/queue-item-message.js';
import { type DecisionOutcome, isCurrent, isOpenProposal } from '../../domain/decision.js';
import { type DecisionInput, summarizeInput } from '../../domain/input.js';
import type { Decision, FollowUp } from '../../store/decision-repository.js';
import { DECISION_ACTIONS } from './ids.js';
import { localDateLabel, STATUS_LABEL, titleLink } from './message.js';

/** How the decisions' queue items look in a DM and on the Home tab. */

const oneLine = (text: string, max = 160) => escapeMrkdwn(truncate(text.replace(/\s+/g, ' '), max));
const where = (decision: Decision) =>
  decision.channelId ? ` in <#${decision.channelId}>` : ' (kept for its owners)';

function inputLine(input: DecisionInput): string {
  switch (input.kind) {
    case 'agree':
      return `:+1: ${mention(input.userId)} agrees.`;
    case 'object':
      return `:raised_hand: ${mention(input.userId)} objects: ${oneLine(input.text, 400)}`;
    case 'comment':
      return `:speech_balloon: ${mention(input.userId)}: ${oneLine(input.text, 400)}`;
  }
}

const button = (text: string, actionId: string, value: number, style?: 'primary'): ButtonSpec => ({
  text,
  actionId,
  value: String(value),
  ...(style ? { style } : {}),
});

/** The buttons an owner's input item offers, in the DM and on Home. */
function inputButtons(decision: Decision): ButtonSpec[] {
  const buttons: ButtonSpec[] = [];
  if (decision.status === 'proposed') {
    buttons.push(button('Accept', DECISION_ACTIONS.accept, decision.id, 'primary'));
  }
  buttons.push(button('Details', DECISION_ACTIONS.details, decision.id));
  return buttons;
}

/**
 * An owner's input item: everything said since they last looked (or, with none yet, that a
 * proposal awaits them), where everyone stands, Accept, Details, and Seen.
 */
export function decisionInputMessage(
  item: QueueItem,
  decision: Decision,
  news: readonly DecisionInput[],
  all: readonly DecisionInput[],
  proposal = false,
): Message {
  const logged = `${item.requesterId ? mention(item.requesterId) : 'Someone'} logged a decision you own${where(decision)}: ${titleLink(decision)}. Accept it when you are ready, or revise it.`;
  const lead = proposal
    ? `${logged}${news.length > 0 ? ' Input so far:' : ''}`
    : `New input on your decision ${titleLink(decision)}${where(decision)}, since you last looked:`;
  const blocks: KnownBlock[] = [section(lead)];
  if (news.length > 0) {
    blocks.push(section(news.slice(-20).map(inputLine).join('\n')));
  }
  const summary = summarizeInput(all);
  blocks.push(
    context(
      `${STATUS_LABEL[decision.status]} · so far ${summary.agreed.length} agree, ${summary.objections.length} object, ${summary.comments.length} comment${summary.comments.length === 1 ? '' : 's'}.`,
    ),
  );
  const open = item.state !== 'done' && item.state !== 'skipped' && item.state !== 'expired';
  if (open) {
    blocks.push(
      actions(`decision_input_item:${item.id}`, [
        ...inputButtons(decision),
        { text: 'Seen', actionId: DECISION_ACTIONS.inputSeen, value: String(item.id) },
      ]),
    );
  } else if (decision.status !== 'proposed') {
    blocks.push(context(`The decision is ${decision.status} now.`));
  }
  const title = escapeMrkdwn(truncate(decision.title, 150));
  const text = proposal
    ? `A decision you own awaits you: ${title}`
    : `${news.length} new input on your decision ${title}`;
  return { text, blocks };
}

/** A follow-up task, with Done; the second time, as a reminder that it is overdue. */
export function followUpMessage(item: QueueItem, decision: Decision, followUp: FollowUp): Message {
  const due = followUp.dueOn ? ` Due ${localDateLabel(followUp.dueOn)}.` : '';
  const lead =
    item.escalationLevel > 0
      ? `:alarm_clock: A reminder: this follow-up of ${titleLink(decision)} is overdue.`
      : `A follow-up task for you, from the decision ${titleLink(decision)}${where(decision)}:`;
  const blocks: KnownBlock[] = [section(lead), section(`>${oneLine(followUp.text, 300)}${due}`)];
  if (followUp.state === 'open') {
    blocks.push(
      actions(`decision_follow_up_item:${item.id}`, [
        button('Done', DECISION_ACTIONS.followUpDone, followUp.id, 'primary'),
        button('Details', DECISION_ACTIONS.details, decision.id),
      ]),
    );
  } else {
    blocks.push(context(followUp.state === 'done' ? 'Done. Thank you!' : 'Cancelled.'));
  }
  return { text: `Follow-up: ${escapeMrkdwn(truncate(followUp.text, 200))}`, blocks };
}

/** The revisit date came: confirm, revise or supersede. */
export function revisitMessage(item: QueueItem, decision: Decision): Message {
  const text = `It is time to revisit ${titleLink(decision)}${where(decision)}. Does it still stand?`;
  const blocks: KnownBlock[] = [section(text), context(STATUS_LABEL[decision.status])];
  const current = isCurrent(decision.status);
  const open = item.state !== 'done' && item.state !== 'skipped' && item.state !== 'expired';
  if (current && open) {
    blocks.push(actions(`decision_revisit_item:${item.id}`, revisitButtons(decision)));
  }
  return { text: `Time to revisit: ${escapeMrkdwn(truncate(decision.title, 150))}`, blocks };
}

function revisitButtons(decision: Decision): ButtonSpec[] {
  return [
    button('It still stands', DECISION_ACTIONS.confirm, decision.id, 'primary'),
    button('Revise', DECISION_ACTIONS.edit, decision.id),
    button('Supersede…', DECISION_ACTIONS.supersede, decision.id),
  ];
}

const OUTCOME_WORDS: Record<DecisionOutcome, string> = {
  accepted: 'was accepted',
  rejected: 'was rejected',
  superseded: 'was superseded',
  reversed: 'was reversed',
};

/** A person the decision informs is told of its outcome, with the reason when there is one. */
export function outcomeMessage(
  decision: Decision,
  outcome: DecisionOutcome,
  reason: string | null,
): Message {
  const blocks: KnownBlock[] = [
    section(
      `For your information: ${titleLink(decision)}${where(decision)} ${OUTCOME_WORDS[outcome]}.`,
    ),
  ];
  if (reason) blocks.push(section(`*Why:* ${oneLine(reason, 1000)}`));
  blocks.push(context(`You are named as someone to inform. Now: ${STATUS_LABEL[decision.status]}`));
  blocks.push(
    actions(`decision_outcome:${decision.id}`, [
      button('Details', DECISION_ACTIONS.details, decision.id),
    ]),
  );
  return {
    text: `Decision ${OUTCOME_WORDS[outcome]}: ${escapeMrkdwn(truncate(decision.title, 150))}`,
    blocks,
  };
}

/** A follow-up whose owner left, and what became of it: its new owner, done, or cancelled. */
export interface LeaverFollowUp {
  followUp: FollowUp;
  /** Still open with nobody: the person asked may name a new owner. */
  needsOwner: boolean;
  /** The same task, as its new owner has it. */
  handedTo: FollowUp | undefined;
}

const ownerButton = (followUp: FollowUp, several: boolean): ButtonSpec =>
  button(
    several ? `New owner: ${truncate(followUp.text.replace(/\s+/g, ' '), 40)}` : 'Name a new owner',
    DECISION_ACTIONS.followUpOwner,
    followUp.id,
    'primary',
  );

/**
 * To whoever is asked: someone who owned follow-ups of a decision left the workspace; each has
 * Name a new owner until it has one, then says whose it is.
 */
export function followUpOwnerLeftMessage(
  item: QueueItem,
  decision: Decision,
  leaverId: string,
  followUps: readonly LeaverFollowUp[],
): Message {
  const count = followUps.length;
  const blocks: KnownBlock[] = [
    section(
      `${mention(leaverId)} left the workspace. ${count === 1 ? 'A follow-up' : `${count} follow-ups`} of the decision ${titleLink(decision)}${where(decision)} ${count === 1 ? 'was theirs and has' : 'were theirs and have'} no owner now: name who takes ${count === 1 ? 'it' : 'each'} over.`,
    ),
  ];
  for (const { followUp, needsOwner, handedTo } of followUps.slice(0, 20)) {
    const due = followUp.dueOn ? ` Due ${localDateLabel(followUp.dueOn)}.` : '';
    blocks.push(section(`>${oneLine(followUp.text, 300)}${due}`));
    if (needsOwner && isCurrent(decision.status)) {
      blocks.push(
        actions(`decision_follow_up_owner_item:${item.id}:${followUp.id}`, [
          ownerButton(followUp, false),
        ]),
      );
    } else if (handedTo) {
      blocks.push(
        context(
          handedTo.state === 'done'
            ? `${mention(handedTo.ownerId)} took it over, and it is done.`
            : handedTo.state === 'cancelled'
              ? 'It was cancelled since.'
              : `${mention(handedTo.ownerId)} owns it now.`,
        ),
      );
    } else {
      blocks.push(context(followUp.state === 'done' ? 'It is done.' : 'It was cancelled.'));
    }
  }
  return {
    text: `A follow-up needs a new owner: ${escapeMrkdwn(truncate(decision.title, 150))}`,
    blocks,
  };
}

/** To a review's owner: a reviewer left mid-review; what that means for accepting it. */
export function reviewerLeftMessage(
  decision: Decision,
  leaverId: string,
  news: { unanswered: boolean; openConcerns: number },
): Message {
  const lines = [
    `${mention(leaverId)} left the workspace while reviewing your decision ${titleLink(decision)}${where(decision)}.`,
  ];
  if (news.unanswered) {
    lines.push(
      'They had not answered: the review no longer waits for them, and accepting it shows them as silent.',
    );
  }
  if (news.openConcerns > 0) {
    lines.push(
      `${news.openConcerns === 1 ? 'Their concern stays open and blocks' : `Their ${news.openConcerns} concerns stay open and block`} acceptance until you override ${news.openConcerns === 1 ? 'it' : 'them'} with a reason (Override, on the concern's message).`,
    );
  }
  return {
    text: `A reviewer left: ${escapeMrkdwn(truncate(decision.title, 150))}`,
    blocks: [
      section(lines.join('\n')),
      actions(`decision_reviewer_left:${decision.id}:${leaverId}`, [
        button('Details', DECISION_ACTIONS.details, decision.id),
      ]),
    ],
  };
}

/** The Home tab's line for each of the decisions' items, with the same buttons as the DM. */
export function describeDecisionItem(
  item: QueueItem,
  decision: Decision | undefined,
  extra: {
    newInputs?: number;
    followUp?: FollowUp | undefined;
    leaver?: { id: string; waiting: readonly FollowUp[] };
  },
): ItemDescription {
  const settled = decision && !isCurrent(decision.status);
  const title = decision
    ? `${oneLine(decision.title)}${settled ? ` (${decision.status})` : ''}`
    : 'a decision';
  switch (item.kind) {
    case 'decision_input':
      return {
        label:
          decision && isOpenProposal(decision.status)
            ? 'Decision to accept'
            : 'Input on a decision',
        summary: `${title}${extra.newInputs ? ` · ${extra.newInputs} new input${extra.newInputs === 1 ? '' : 's'}` : ''}`,
        ...(decision ? { actions: inputButtons(decision) } : {}),
      };
    case 'decision_follow_up':
      return {
        label: 'Follow-up',
        summary: `${extra.followUp ? oneLine(extra.followUp.text) : 'a task'} (decision: ${title})`,
        ...(decision && extra.followUp?.state === 'open'
          ? {
              actions: [
                button('Done', DECISION_ACTIONS.followUpDone, extra.followUp.id, 'primary'),
                button('Details', DECISION_ACTIONS.details, decision.id),
              ],
            }
          : {}),
      };
    case 'decision_follow_up_owner_left': {
      const waiting = extra.leaver?.waiting ?? [];
      const who = extra.leaver ? mention(extra.leaver.id) : 'Someone';
      return {
        label: 'Follow-up needs an owner',
        summary:
          waiting.length > 0
            ? `${waiting.map((f) => oneLine(f.text, 80)).join('; ')}: ${who} left (decision: ${title})`
            : `${who} left; each follow-up has an owner now (decision: ${title})`,
        ...(decision
          ? {
              actions: [
                ...waiting.slice(0, 3).map((followUp) => ownerButton(followUp, waiting.length > 1)),
                button('Details', DECISION_ACTIONS.details, decision.id),
              ],
            }
          : {}),
      };
    }
    case 'decision_reviewer_left':
      return {
        label: 'A reviewer left',
        summary: `${extra.leaver ? mention(extra.leaver.id) : 'Someone'} left mid-review (decision: ${title})`,
        ...(decision
          ? { actions: [button('Details', DECISION_ACTIONS.details, decision.id)] }
          : {}),
      };
    case 'decision_outcome':
      return {
        label: 'Decision outcome',
        summary: title,
        ...(decision
          ? { actions: [button('Details', DECISION_ACTIONS.details, decision.id)] }
          : {}),
      };
    default:
      return {
        label: 'Decision to revisit',
        summary: title,
        ...(decision ? { actions: revisitButtons(decision) } : {}),
      };
  }
}
