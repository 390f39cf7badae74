import type { OwnershipSubject } from '../../../core/services/ownership-subject.js';
import type { DecisionsContext } from '../context.js';
import { isCurrent } from '../domain/decision.js';
import { syncDecisionDocument } from './document.js';
import { askForNewOwners } from './leavers.js';
import { maySeeDecision } from './review.js';

/** The kind the core's ownership offers name decisions by. */
export const DECISION_OWNERSHIP_KIND = 'decision';

/**
 * Decisions as the core's hand-over sees them: a member owns the decisions still current that
 * name them as an owner; with no owner left, a decision is offered to whoever logged it (when
 * that is someone else), then to Mailroom's admins. Taking one over puts the new owner in the
 * leaver's place, as a revision in its record, and `refresh` rewrites its message; follow-ups
 * still waiting for an owner nobody could be asked for are then asked of the new owner.
 */
export function decisionOwnershipSubject(
  ctx: DecisionsContext,
  refresh?: (decisionId: number) => void,
): OwnershipSubject {
  return {
    kind: DECISION_OWNERSHIP_KIND,
    ownedBy: (memberId) =>
      ctx.decisions
        .loggedOrOwnedBy(memberId)
        .filter((d) => d.ownerIds.includes(memberId) && isCurrent(d.status))
        .map((d) => ({ id: d.id, ownerIds: d.ownerIds })),
    fallback(decisionId, leaverId) {
      const decision = ctx.decisions.get(decisionId);
      return decision && decision.loggedBy !== leaverId ? [decision.loggedBy] : [];
    },
    describe(decisionId, viewerId) {
      const decision = ctx.decisions.get(decisionId);
      if (!decision) return undefined;
      // Someone who may not read it is told only that it exists, until they own it.
      return maySeeDecision(ctx, decisionId, viewerId)
        ? { title: decision.title, link: decision.permalink }
        : { title: 'a decision kept private to its people', link: null };
    },
    transfer(decisionId, fromId, toId, naming) {
      const decision = ctx.decisions.get(decisionId);
      if (!decision?.ownerIds.includes(fromId)) return false;
      const ownerIds = [...new Set(decision.ownerIds.map((id) => (id === fromId ? toId : id)))];
      const now = ctx.clock();
      ctx.decisions.setPeople(
        decisionId,
        ownerIds,
        decision.consultedIds.filter((id) => id !== toId),
      );
      const names = (ids: readonly string[]) => ids.map(naming.person).join(', ');
      ctx.decisions.addRevision(
        decisionId,
        toId,
        'owner_changed',
        [{ field: 'ownerIds', before: names(decision.ownerIds), after: names(ownerIds) }],
        `${naming.person(fromId)} left the workspace; ${naming.person(toId)} took it over`,
        now,
      );
      const updated = ctx.decisions.update(decisionId, {}, now);
      if (updated) {
        syncDecisionDocument(ctx, updated, now);
        // Follow-ups whose owner left, with nobody to ask until now: the new owner is asked.
        askForNewOwners(ctx, updated);
      }
      refresh?.(decisionId);
      return true;
    },
  };
}
