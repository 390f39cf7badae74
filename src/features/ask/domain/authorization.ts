import {
  ALLOWED,
  isIn,
  refuse,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../../../core/domain/authorization.js';

/**
 * Who may do what with a question: the one rule for its kind. The viewer, the verdicts and which
 * facts come from Slack are the kernel's: see the top of core/domain/authorization.ts.
 */

export interface QuestionFacts {
  askerId: string;
  state: 'draft' | 'open' | 'answered' | 'cancelled';
  channelId: string | null;
  /** Asked where the whole team may read it: a public channel, Mailroom's own DM, or nowhere. */
  askedInPublic: boolean;
  /** Put to its channel because no expert was left: that channel's members may answer it. */
  askedInChannel: boolean;
  /** The recipients of its open queue items: the expert it is with now. */
  expertIds: readonly string[];
}

/**
 * `settle`: the asker decides what becomes of their own draft (a document answers it, a person
 * is asked, or they follow another question instead). `withdraw`: the asker closes their own
 * question, draft or open, because a document answers it. `release`: the asker sends their own
 * open question on now instead of after its hold ("Ask now").
 */
export type QuestionAction = 'see' | 'follow' | 'answer' | 'settle' | 'withdraw' | 'release';

function seesQuestion(viewer: Viewer, question: QuestionFacts): boolean {
  if (viewer.userId === question.askerId) return true;
  // A draft is the asker's until it goes to someone.
  if (question.state === 'draft' || question.state === 'cancelled') return false;
  if (question.expertIds.includes(viewer.userId)) return true;
  return seesConversation(viewer, question.channelId, question.askedInPublic);
}

/**
 * See: the asker, the expert it is with, and whoever may read the conversation it came from.
 * Follow: whoever sees it, while it is open. Answer: the expert it is with and, once it was put
 * to its channel, that channel's members; never the asker. Settle: the asker, while it is a draft.
 * Withdraw: the asker, while it is a draft or open. Release: the asker, while it is open.
 */
export function questionVerdict(
  viewer: Viewer,
  question: QuestionFacts,
  action: QuestionAction,
): Verdict {
  if (!seesQuestion(viewer, question)) return refuse('unknown');
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'follow':
      return question.state === 'open' ? ALLOWED : refuse('settled');
    case 'answer': {
      const answers =
        viewer.userId !== question.askerId &&
        (question.expertIds.includes(viewer.userId) ||
          (question.askedInChannel && isIn(viewer, question.channelId)));
      if (!answers) return refuse(question.state === 'open' ? 'not_yours' : 'settled');
      return question.state === 'open' ? ALLOWED : refuse('settled');
    }
    case 'settle':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'draft' ? ALLOWED : refuse('settled');
    case 'withdraw':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'draft' || question.state === 'open' ? ALLOWED : refuse('settled');
    case 'release':
      if (viewer.userId !== question.askerId) return refuse('not_yours');
      return question.state === 'open' ? ALLOWED : refuse('settled');
  }
}

/**
 * Whether a question may be put in this person's queue (routed, or passed on to them): not to
 * a guest outside the conversation it was asked in, who could not otherwise see it.
 */
export function mayReceiveQuestion(
  candidate: Viewer,
  question: Pick<QuestionFacts, 'channelId'>,
): boolean {
  return !candidate.isGuest || isIn(candidate, question.channelId);
}
