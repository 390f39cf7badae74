import type { KnownBlock, ModalView } from '@slack/types';
import { section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, mention, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { NEW_OWNER_FIELD } from '../../services/leavers.js';
import type { Decision, FollowUp } from '../../store/decision-repository.js';
import { DECISION_VIEWS, FIELD_ACTION } from './ids.js';
import { plain } from './inputs.js';
import { localDateLabel, titleLink } from './message.js';

/** The form that names who takes over a follow-up whose owner left. */
export function followUpOwnerModal(decision: Decision, followUp: FollowUp): ModalView {
  const due = followUp.dueOn ? ` Due ${localDateLabel(followUp.dueOn)}.` : '';
  const blocks: KnownBlock[] = [
    section(
      `${mention(followUp.ownerId)} left the workspace. This follow-up of ${titleLink(decision)} was theirs:`,
    ),
    section(`>${escapeMrkdwn(truncate(followUp.text.replace(/\s+/g, ' '), 300))}${due}`),
    {
      type: 'input',
      block_id: NEW_OWNER_FIELD,
      label: plain('Who owns it now?'),
      hint: plain(
        'A current member who can see the decision. They get it in their working hours once the decision is accepted.',
        2000,
      ),
      element: { type: 'users_select', action_id: FIELD_ACTION },
    },
  ];
  return {
    type: 'modal',
    callback_id: DECISION_VIEWS.followUpOwner,
    private_metadata: JSON.stringify({ followUpId: followUp.id }),
    title: plain('New follow-up owner', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** What the form turns into once saved. */
export function followUpOwnerNamedModal(decision: Decision, followUp: FollowUp): ModalView {
  return {
    type: 'modal',
    title: plain('New follow-up owner', 24),
    close: plain('Close', 24),
    blocks: [
      section(
        `${mention(followUp.ownerId)} owns “${escapeMrkdwn(truncate(followUp.text, 200))}” now. ${titleLink(decision)} shows it${decision.status === 'accepted' ? ', and it is on its way to them in their working hours' : ''}.`,
      ),
    ],
  };
}
