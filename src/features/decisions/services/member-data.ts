import type { Member } from '../../../core/domain/member.js';
import type { DecisionsContext } from '../context.js';
import type { Decision } from '../store/decision-repository.js';

/** The decisions capability's part of what Mailroom holds about a member: decisions they own or logged. */
export function decisionMemberData(
  ctx: Pick<DecisionsContext, 'decisions'>,
  member: Member,
): { decisions: Decision[] } {
  return { decisions: ctx.decisions.loggedOrOwnedBy(member.id) };
}
