import {
  ALLOWED,
  refuse,
  seesConversation,
  type Verdict,
  type Viewer,
} from '../../../core/domain/authorization.js';
import type { Stage, StageState } from './plan.js';

/**
 * Who may do what with a plan: the one rule for its kind, on the kernel of
 * core/domain/authorization.ts. The review of a stage (agree, concern, its answers) is the
 * core's rule, which asks this one whether the reviewer may see the plan.
 */

export interface PlanFacts {
  ownerId: string;
  channelId: string;
  /** Its channel is a public one. */
  inPublic: boolean;
}

export interface StageFacts {
  stage: Stage;
  state: StageState;
  reviewerIds: readonly string[];
}

/**
 * `see`: the plan's message, its stages and their revisions; `edit_stage`: open a stage's form
 * and submit it (a new revision); `accept_stage`: accept a stage's review; `recheck`: say an
 * accepted stage still holds, or raise a concern on it, once an earlier stage changed;
 * `accept_who`: accept the who without reviewers, once every task has an owner who accepted.
 */
export type PlanAction = 'see' | 'edit_stage' | 'accept_stage' | 'recheck' | 'accept_who';

/**
 * See: its owner and whoever sees its channel (its members; a public channel's, the team too,
 * guests excepted). Edit a stage and accept its review: the owner, while the stage is not under
 * review (edit) or while it is (accept); the who has no form to edit. Accept the who without
 * reviewers: its owner, while it is open. Re-check: the stage's reviewers, while it is to re-check.
 */
export function planVerdict(
  viewer: Viewer,
  plan: PlanFacts,
  action: PlanAction,
  stage?: StageFacts,
): Verdict {
  const isOwner = plan.ownerId === viewer.userId;
  if (!isOwner && !seesConversation(viewer, plan.channelId, plan.inPublic)) {
    return refuse('unknown');
  }
  if (action === 'see') return ALLOWED;
  if (!stage) return refuse('unknown');
  switch (action) {
    case 'edit_stage':
      if (!isOwner) return refuse('not_yours');
      return stage.state === 'in_review' || stage.stage === 'who' ? refuse('settled') : ALLOWED;
    case 'accept_who':
      if (!isOwner) return refuse('not_yours');
      return stage.stage === 'who' && stage.state === 'draft' ? ALLOWED : refuse('settled');
    case 'accept_stage':
      if (!isOwner) return refuse('not_yours');
      return stage.state === 'in_review' ? ALLOWED : refuse('settled');
    case 'recheck':
      if (!stage.reviewerIds.includes(viewer.userId)) return refuse('not_yours');
      return stage.state === 'recheck' ? ALLOWED : refuse('settled');
  }
}

/** Whether someone may be named a reviewer of a plan in this channel: only someone who sees it. */
export function mayReview(
  candidate: Viewer,
  plan: Pick<PlanFacts, 'channelId' | 'inPublic'>,
): boolean {
  return seesConversation(candidate, plan.channelId, plan.inPublic);
}
