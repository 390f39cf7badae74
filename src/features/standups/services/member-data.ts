import { ERASED_TEXT, type Member } from '../../../core/domain/member.js';
import { erasePostItem } from '../../../core/services/member-data.js';
import { postKey } from '../../../core/services/posts.js';
import type { StandupsContext } from '../context.js';
import type { StandupBlocker, StandupEntry, StandupMember } from '../store/standup-repository.js';

/** The standups capability's part of what Mailroom holds about a member. */
export interface StandupMemberData {
  memberships: StandupMember[];
  answers: StandupEntry[];
  blockers: StandupBlocker[];
}

export function standupMemberData(
  ctx: Pick<StandupsContext, 'standups'>,
  member: Member,
): StandupMemberData {
  return {
    memberships: ctx.standups.membershipsOf(member.id),
    answers: ctx.standups.entriesOf(member.id),
    blockers: ctx.standups.blockersFrom(member.id),
  };
}

/** Deletes one of Mailroom's messages in Slack; `deleted: false` says why it could not. */
export type DeleteMessage = (
  channelId: string,
  ts: string,
) => Promise<{ deleted: true } | { deleted: false; reason: string }>;

/** A message in Slack that still holds the member's answers. */
export interface LeftMessage {
  channelId: string;
  ts: string;
  reason: string;
}

const answerKey = (entryId: number) => postKey(`standup-answer:${entryId}`);

/**
 * Erases the member's standup answers and blockers: in the database, in the posts queued for
 * them, and in Slack, where each answer Mailroom posted for them is deleted. What could not be
 * deleted is returned with why; a day's summary (which holds others' answers too) is left as
 * it is and returned.
 */
export async function forgetStandupData(
  ctx: Pick<StandupsContext, 'standups' | 'queue' | 'clock'>,
  member: Member,
  deleteMessage: DeleteMessage,
): Promise<{ erased: Record<string, number>; left: LeftMessage[] }> {
  const left: LeftMessage[] = [];
  let answers = 0;
  let deletedMessages = 0;
  for (const entry of ctx.standups.entriesOf(member.id)) {
    const standup = ctx.standups.get(entry.standupId);
    const hadWords = entry.answers !== null || entry.blockerText !== null;
    const posted = new Map<string, { channelId: string; ts: string }>();
    if (standup && entry.postedTs) {
      posted.set(`${standup.channelId}:${entry.postedTs}`, {
        channelId: standup.channelId,
        ts: entry.postedTs,
      });
    }
    const item = ctx.queue.findByKey(answerKey(entry.id));
    if (item) {
      erasePostItem(ctx, item);
      if (item.deliveredChannel && item.deliveredTs) {
        posted.set(`${item.deliveredChannel}:${item.deliveredTs}`, {
          channelId: item.deliveredChannel,
          ts: item.deliveredTs,
        });
      }
    }
    if (hadWords) {
      ctx.standups.eraseAnswers(entry.id, ctx.clock());
      answers += 1;
    }
    let allDeleted = true;
    for (const message of posted.values()) {
      const result = await deleteMessage(message.channelId, message.ts);
      if (result.deleted) deletedMessages += 1;
      else {
        allDeleted = false;
        left.push({ ...message, reason: result.reason });
      }
    }
    if (allDeleted && entry.postedTs) ctx.standups.forgetPosted(entry.id);
    const day = standup && ctx.standups.day(standup.id, entry.date);
    if (hadWords && standup?.destination === 'summary' && !entry.postedTs && day?.reportTs) {
      left.push({
        channelId: standup.channelId,
        ts: day.reportTs,
        reason: `the summary of ${entry.date} holds other members’ answers too; edit it in Slack`,
      });
    }
  }
  const blockers = ctx.standups.replaceBlockerTextsOf(member.id, ERASED_TEXT, ctx.clock());
  return {
    erased: {
      standup_answers: answers,
      standup_messages_deleted: deletedMessages,
      standup_blockers: blockers,
    },
    left,
  };
}
