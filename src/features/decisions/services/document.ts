import { nameOf } from '../../../core/domain/member.js';
import type { KnowledgeDocument } from '../../../core/store/knowledge-repository.js';
import type { DecisionsContext } from '../context.js';
import type { DecisionStatus } from '../domain/decision.js';
import type { Decision } from '../store/decision-repository.js';
import { needsNewOwner } from './items.js';

type DocumentContext = Pick<DecisionsContext, 'decisions' | 'knowledge' | 'channels' | 'members'>;

export const decisionSourceKey = (decisionId: number) => `decision:${decisionId}`;

/**
 * Writes the decision into the knowledge base, so `/ask` finds it ("why did we pick X?"): seen
 * as its conversation's content is (a public channel's by the team, a private one's by its
 * members), or, kept for its owners and the people consulted, by them alone. Called after
 * every change; the document stays one, found by its source key.
 */
export function syncDecisionDocument(
  ctx: DocumentContext,
  decision: Decision,
  now: number,
): KnowledgeDocument {
  const successor =
    decision.supersededById === null ? undefined : ctx.decisions.get(decision.supersededById);
  const channel = decision.channelId === null ? undefined : ctx.channels.get(decision.channelId);
  const visibility =
    decision.channelId === null
      ? 'people'
      : channel && !channel.isPrivate && !channel.isIm
        ? 'public'
        : 'channel';
  const { document } = ctx.knowledge.upsert(
    {
      title: decision.title,
      body: decisionText(ctx, decision),
      source: 'decision',
      sourceKey: decisionSourceKey(decision.id),
      authorId: decision.loggedBy,
      url: decision.permalink,
      channelId: decision.channelId,
      visibility,
      readerIds: [...decision.ownerIds, ...decision.consultedIds],
      status: decision.status,
      supersededById: successor?.documentId ?? null,
    },
    now,
  );
  if (decision.documentId !== document.id) {
    ctx.decisions.update(decision.id, { documentId: document.id }, now);
  }
  return document;
}

/** How the decision's text begins, by its status. */
const STATUS_LEAD: Record<DecisionStatus, string> = {
  proposed: 'Proposed',
  in_review: 'Proposed, in review',
  accepted: 'Decided',
  rejected: 'Proposed, then rejected',
  deprecated: 'Decided, since deprecated',
  superseded: 'Decided, since superseded',
  reversed: 'Decided, since reversed',
};

/** The decision as plain text: what search reads and snippets show. */
function decisionText(ctx: DocumentContext, decision: Decision): string {
  const name = (id: string) => {
    const member = ctx.members.get(id);
    return member ? nameOf(member) : id;
  };
  // Reads as a record when /ask shows a part of it: "Decided: <title>. Chosen: <option>."
  const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);
  const lines = [
    sentence(`${STATUS_LEAD[decision.status]}: ${decision.title}`),
    sentence(`Chosen: ${decision.chosen}`),
    `Why: ${decision.why}`,
  ];
  if (decision.chosenBecause) lines.push(`Because: ${decision.chosenBecause}`);
  if (decision.drivers.length > 0) lines.push(`Decision drivers: ${decision.drivers.join('; ')}`);
  if (decision.options.length > 0) {
    lines.push('Options considered:');
    for (const option of decision.options) {
      const parts = [option.name];
      if (option.pros) parts.push(`For: ${option.pros}`);
      if (option.neutral) parts.push(`Neutral: ${option.neutral}`);
      if (option.cons) parts.push(`Against: ${option.cons}`);
      lines.push(`- ${parts.join('. ')}`);
    }
  }
  if (decision.tradeOff) lines.push(`Trade-off accepted: ${decision.tradeOff}`);
  for (const good of decision.goodConsequences) lines.push(`Good, because ${good}`);
  for (const bad of decision.badConsequences) lines.push(`Bad, because ${bad}`);
  if (decision.confirmation) lines.push(`Confirmation: ${decision.confirmation}`);
  if (decision.tags.length > 0) lines.push(`Tags: ${decision.tags.join(', ')}`);
  lines.push(`Owners: ${decision.ownerIds.map(name).join(', ')}`);
  const followUps = ctx.decisions.followUps(decision.id).filter((f) => f.state !== 'cancelled');
  if (followUps.length > 0) {
    lines.push('Follow-ups:');
    for (const followUp of followUps) {
      const owner = needsNewOwner(ctx, followUp)
        ? `needs a new owner: ${name(followUp.ownerId)} left the workspace`
        : name(followUp.ownerId);
      lines.push(`- ${followUp.text} (${owner})`);
    }
  }
  return lines.join('\n');
}
