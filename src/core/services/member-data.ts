import type { AuditEntry } from '../domain/audit.js';
import { ERASED_TEXT, FORMER_MEMBER_ID, type Member } from '../domain/member.js';
import type { QueueItem } from '../domain/queue.js';
import type { Concern, Review } from '../domain/review.js';
import type { MemberConfirmation } from '../store/answer-confirmations.js';
import type { KnowledgeDocument, MemberAlias } from '../store/knowledge-repository.js';
import type { OwnershipOffer } from '../store/ownership-repository.js';
import type { ServiceContext } from './context.js';
import { newMemberWindowsOf } from './team-settings.js';

/**
 * What the core holds about one member, for a data request, and erasing it when they leave.
 * Each capability adds its own part (its services/member-data.ts); the command-line tools put
 * the parts together.
 */

export interface CoreMemberData {
  /** Their profile from Slack's directory, with Mailroom's own settings and hours. */
  member: Member;
  /** Items in their queue, and items they asked for (their questions in others' queues). */
  queueItems: { forThem: QueueItem[]; fromThem: QueueItem[] };
  /** Documents credited to them: answers, saved messages, written docs, decisions. */
  documents: KnowledgeDocument[];
  /** Audit entries they made, or that are about them. */
  auditEntries: AuditEntry[];
  /** Reviews they own or were asked to review, and the concerns holding their words. */
  reviews: { reviews: Review[]; concerns: Concern[] };
  /** The wordings they confirmed a document answers ("This answers it"), which rank it higher. */
  answerConfirmations: MemberConfirmation[];
  /** Their wordings kept as documents' aliases, which find those documents. */
  aliasesAdded: MemberAlias[];
  /** What was offered to take over when an owner left: offers they left, were made, or took. */
  ownershipOffers: OwnershipOffer[];
}

type CoreContext = Pick<
  ServiceContext,
  'members' | 'queue' | 'knowledge' | 'audit' | 'appState' | 'clock' | 'reviews' | 'ownership'
>;

/** Someone Mailroom knows, by Slack user id or by name (`@priya`, `priya`). */
export function findMember(ctx: Pick<ServiceContext, 'members'>, who: string): Member | undefined {
  const wanted = who.trim().replace(/^@/, '');
  if (wanted === '') return undefined;
  const byId = ctx.members.get(wanted) ?? ctx.members.get(wanted.toUpperCase());
  if (byId) return byId;
  const lower = wanted.toLowerCase();
  const named = ctx.members
    .all()
    .filter((m) => m.name.toLowerCase() === lower || m.displayName.toLowerCase() === lower);
  return named.length === 1 ? named[0] : undefined;
}

export function coreMemberData(ctx: CoreContext, member: Member): CoreMemberData {
  const items = ctx.queue.involving(member.id);
  return {
    member,
    queueItems: {
      forThem: items.filter((item) => item.recipientId === member.id),
      fromThem: items.filter((item) => item.recipientId !== member.id && isFrom(item, member.id)),
    },
    documents: ctx.knowledge.authoredBy(member.id),
    auditEntries: ctx.audit.involving(member.id),
    reviews: {
      reviews: ctx.reviews.involving(member.id),
      concerns: ctx.reviews.concernsWithWordsOf(member.id),
    },
    answerConfirmations: ctx.knowledge.confirmations.byMember(member.id),
    aliasesAdded: ctx.knowledge.aliasesAddedBy(member.id),
    ownershipOffers: ctx.ownership.involving(member.id),
  };
}

/** Whether the item carries what the member asked or wrote. */
function isFrom(item: QueueItem, memberId: string): boolean {
  if (item.requesterId === memberId) return true;
  return item.kind === 'blocker' && item.payload.fromUserId === memberId;
}

/** The item's payload with the member's words replaced; undefined when it holds none of them. */
function erasedPayload(item: QueueItem, memberId: string): Record<string, unknown> | undefined {
  if (!isFrom(item, memberId)) return undefined;
  switch (item.kind) {
    case 'question':
    case 'blocker':
      return { ...item.payload, text: ERASED_TEXT };
    case 'notice':
      return 'quote' in item.payload ? { ...item.payload, quote: ERASED_TEXT } : undefined;
    default:
      return undefined;
  }
}

/** Puts ERASED_TEXT in place of a post item's text (an answer posted for someone). */
export function erasePostItem(ctx: Pick<ServiceContext, 'queue' | 'clock'>, item: QueueItem) {
  if (item.kind !== 'post') return;
  const payload = item.payload as Record<string, unknown>;
  const orElse = payload.orElse as Record<string, unknown> | undefined;
  ctx.queue.replacePayload(
    item.id,
    {
      ...payload,
      text: ERASED_TEXT,
      blocks: [],
      ...(orElse ? { orElse: { ...orElse, text: ERASED_TEXT, blocks: [] } } : {}),
    },
    ctx.clock(),
  );
}

/**
 * Erases the core's part of a member's personal data: their settings and hours (back to a
 * newcomer's), their words in queue items (questions, blockers, quotes) and in reviews' concerns
 * (who raised what, and how it ended, stays), the wordings they confirmed documents answer.
 * Documents they wrote stay, credited to a former member. Returns how much of each was erased.
 */
export function forgetCoreData(ctx: CoreContext, member: Member): Record<string, number> {
  const now = ctx.clock();
  let queueItems = 0;
  for (const item of ctx.queue.involving(member.id)) {
    const payload = erasedPayload(item, member.id);
    if (!payload) continue;
    ctx.queue.replacePayload(item.id, payload, now);
    queueItems += 1;
  }
  const settings = ctx.members.resetSettings(member.id, newMemberWindowsOf(ctx.appState), now);
  return {
    settings_and_hours: settings ? 1 : 0,
    queue_items: queueItems,
    review_concerns: ctx.reviews.eraseWordsOf(member.id, ERASED_TEXT),
    documents_credited_to_a_former_member: ctx.knowledge.reattribute(member.id, FORMER_MEMBER_ID),
    answer_confirmations: ctx.knowledge.confirmations.forget(member.id),
    aliases_credited_to_a_former_member: ctx.knowledge.reattributeAliases(
      member.id,
      FORMER_MEMBER_ID,
    ),
  };
}
