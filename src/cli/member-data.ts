/**
 * What Mailroom holds about one member, put together from the core and each capability, for
 * `npm run export-member` and `npm run forget`. Both need shell access to the server, not a
 * Slack role, and each run goes into the audit trail under the operating system user who ran it.
 */
import { userInfo } from 'node:os';
import type { MailroomContext } from '../context.js';
import type { AuditActor } from '../core/domain/audit.js';
import type { Member } from '../core/domain/member.js';
import { recordAudit } from '../core/services/audit.js';
import { coreMemberData, findMember, forgetCoreData } from '../core/services/member-data.js';
import { askMemberData, forgetAskData } from '../features/ask/services/member-data.js';
import { decisionMemberData } from '../features/decisions/services/member-data.js';
import {
  type DeleteMessage,
  forgetStandupData,
  type LeftMessage,
  standupMemberData,
} from '../features/standups/services/member-data.js';

export type MemberDataContext = Pick<
  MailroomContext,
  | 'members'
  | 'queue'
  | 'knowledge'
  | 'audit'
  | 'appState'
  | 'reviews'
  | 'ownership'
  | 'questions'
  | 'standups'
  | 'decisions'
  | 'clock'
>;

/** The exit status of a tool given a member Mailroom does not know. */
const UNKNOWN_MEMBER = 2;

/**
 * The member a tool was given (a Slack user id or name), or undefined after saying that
 * Mailroom does not know them, and what was not done, with exit status 2.
 */
export function memberNamed(
  ctx: Pick<MemberDataContext, 'members'>,
  who: string,
  notDone: string,
): Member | undefined {
  const member = findMember(ctx, who);
  if (member) return member;
  process.stderr.write(
    `Mailroom does not know a member "${who}": give their Slack user id (like U0123ABCD) or their Slack name. ${notDone}\n`,
  );
  process.exitCode = UNKNOWN_MEMBER;
  return undefined;
}

/** Whoever runs a tool at the server's shell, by their operating system user name. */
export function shellActor(): AuditActor {
  let osUser: string;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return { kind: 'shell', osUser };
}

/** Everything Mailroom holds about a member, as written by `npm run export-member`. */
export function memberExport(ctx: MemberDataContext, member: Member) {
  const core = coreMemberData(ctx, member);
  const ask = askMemberData(ctx, member);
  const standups = standupMemberData(ctx, member);
  return {
    exportedAt: new Date(ctx.clock()).toISOString(),
    about: 'What Mailroom holds about this member. Instants are UTC epoch milliseconds.',
    member: core.member,
    questionsAsked: ask.questionsAsked,
    questionsAnswered: ask.questionsAnswered,
    queueItems: core.queueItems,
    standups,
    decisions: decisionMemberData(ctx, member).decisions,
    documents: core.documents,
    auditEntries: core.auditEntries,
    reviews: core.reviews,
    answerConfirmations: core.answerConfirmations,
    aliasesAdded: core.aliasesAdded,
    ownershipOffers: core.ownershipOffers,
  };
}

export type MemberExport = ReturnType<typeof memberExport>;

/** How many of each part an export holds, for its audit entry and its summary. */
export function exportCounts(data: MemberExport): Record<string, number> {
  return {
    questions_asked: data.questionsAsked.length,
    questions_answered: data.questionsAnswered.length,
    queue_items: data.queueItems.forThem.length + data.queueItems.fromThem.length,
    standup_answers: data.standups.answers.length,
    standup_blockers: data.standups.blockers.length,
    decisions: data.decisions.length,
    documents: data.documents.length,
    audit_entries: data.auditEntries.length,
    reviews: data.reviews.reviews.length,
    review_concerns: data.reviews.concerns.length,
    answer_confirmations: data.answerConfirmations.length,
    aliases_added: data.aliasesAdded.length,
    ownership_offers: data.ownershipOffers.length,
  };
}

/** Records an export in the audit trail. */
export function auditExport(
  ctx: MemberDataContext,
  member: Member,
  destination: string,
  counts: Record<string, number>,
): void {
  recordAudit(ctx, {
    actor: shellActor(),
    action: 'member.exported',
    subject: member.id,
    after: { destination, counts },
  });
}

export interface ForgetReport {
  erased: Record<string, number>;
  /** Messages in Slack that still hold the member's words, with why. */
  left: LeftMessage[];
}

/**
 * Erases a member's personal data: their questions' wording (in the questions and in the
 * queue), their settings and hours, the wordings they confirmed documents answer, their
 * standup answers and blockers, and the answers
 * Mailroom posted for them in Slack. What they wrote as answers and docs stays, credited to a
 * former member. The run goes into the audit trail with how much was erased, never the data.
 */
export async function forgetMember(
  ctx: MemberDataContext,
  member: Member,
  deleteMessage: DeleteMessage,
): Promise<ForgetReport> {
  const standups = await forgetStandupData(ctx, member, deleteMessage);
  const erased = {
    ...forgetAskData(ctx, member),
    ...forgetCoreData(ctx, member),
    ...standups.erased,
  };
  recordAudit(ctx, {
    actor: shellActor(),
    action: 'member.forgotten',
    subject: member.id,
    after: { erased, notDeleted: standups.left.length },
  });
  return { erased, left: standups.left };
}
