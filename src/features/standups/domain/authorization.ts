import {
  ALLOWED,
  isIn,
  refuse,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../../../core/domain/authorization.js';

/**
 * Who may do what with a standup: the one rule for its kind. The viewer, the verdicts and which
 * facts come from Slack are the kernel's: see the top of core/domain/authorization.ts.
 */

export interface StandupFacts {
  ownerId: string;
  channelId: string;
  /** A public channel: its standup is for the whole team to see (guests excepted). */
  channelIsPublic: boolean;
  deleted: boolean;
}

/**
 * `setup`: start a new standup in the channel. `see`: its settings and answers (history).
 * `edit`, `pause` (and resume), `delete`: run it. `answer`: answer (or edit, or skip) a prompt.
 * `resolve_blocker`: mark a blocker resolved, or say "Not me".
 */
export type StandupAction =
  | 'setup'
  | 'see'
  | 'edit'
  | 'pause'
  | 'delete'
  | 'answer'
  | 'resolve_blocker';

export interface StandupSubject {
  standup: StandupFacts;
  /**
   * Workspace admins (Slack's admins and owners, and MAILROOM_ADMINS) are the admins of every
   * channel they may see: Slack has no channel admins of its own outside Enterprise Grid.
   */
  viewerIsAdmin: boolean;
  /** For `answer`: whose prompt it is, and whether its day is still open for answers. */
  prompt?: { memberId: string; open: boolean };
  /** For `resolve_blocker`: who holds the blocker now, and whether it is still open. */
  blocker?: { recipientId: string; open: boolean };
}

/**
 * A standup is for the people who may see its channel. Setting one up: a full member in the
 * channel. Running it (edit, pause, resume, delete): its owner, and the channel's admins. A
 * prompt is answered by the member it was sent to, while its day is open; a blocker is
 * resolved by the person who holds it. Someone else's prompt or blocker is, to them, unknown.
 */
export function standupVerdict(
  viewer: Viewer,
  subject: StandupSubject,
  action: StandupAction,
): Verdict {
  const { standup } = subject;
  if (action === 'setup') {
    return isIn(viewer, standup.channelId) && !viewer.isGuest ? ALLOWED : refuse('not_yours');
  }
  if (standup.deleted || !seesConversation(viewer, standup.channelId, standup.channelIsPublic)) {
    return refuse('unknown');
  }
  switch (action) {
    case 'see':
      return ALLOWED;
    case 'edit':
    case 'pause':
    case 'delete':
      return viewer.userId === standup.ownerId || (subject.viewerIsAdmin && !viewer.isGuest)
        ? ALLOWED
        : refuse('not_yours');
    case 'answer': {
      const prompt = subject.prompt;
      if (!prompt || prompt.memberId !== viewer.userId) return refuse('unknown');
      return prompt.open ? ALLOWED : refuse('settled');
    }
    case 'resolve_blocker': {
      const blocker = subject.blocker;
      if (!blocker || blocker.recipientId !== viewer.userId) return refuse('unknown');
      return blocker.open ? ALLOWED : refuse('settled');
    }
  }
}
