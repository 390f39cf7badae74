import type { QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { DecisionsContext } from '../context.js';
import { checkRemark } from '../domain/draft.js';
import { type DecisionInput, summarizeInput } from '../domain/input.js';
import type { Decision } from '../store/decision-repository.js';
import { authorizeDecision } from './authorization.js';
import { gatherInput } from './items.js';

export type InputRequest =
  | { kind: 'agree' }
  | { kind: 'object'; reason: string }
  | { kind: 'comment'; text: string };

export interface InputGiven {
  decision: Decision;
  /** Undefined when it changed nothing (agreeing again). */
  input: DecisionInput | undefined;
  /** Owners' input items already delivered, whose message should show the new input. */
  delivered: QueueItem[];
}

/**
 * Agree, Object (a reason is required) or Comment on a decision. It stays part of the record;
 * the owners hear of it through their queue, gathered with the rest, in their working hours.
 */
export function giveInput(
  ctx: DecisionsContext,
  userId: string,
  decisionId: number,
  request: InputRequest,
): InputGiven {
  const decision = authorizeDecision(ctx, userId, decisionId, request.kind);
  const now = ctx.clock();
  let text = '';
  if (request.kind !== 'agree') {
    const checked = checkRemark(
      request.kind === 'object' ? request.reason : request.text,
      request.kind === 'object' ? 'reason' : 'comment',
    );
    if (!checked.ok) throw new UserFacingError(checked.problem);
    text = checked.text;
  } else if (summarizeInput(ctx.decisions.inputs(decision.id)).agreed.includes(userId)) {
    return { decision, input: undefined, delivered: [] };
  }
  const input = ctx.decisions.addInput(decision.id, userId, request.kind, text, now);
  const delivered = gatherInput(ctx, decision, input);
  return { decision, input, delivered };
}
