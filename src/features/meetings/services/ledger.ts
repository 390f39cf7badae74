import { maySeeConversation } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { MeetingsContext } from '../context.js';
import { fairnessLedger, groupKeyOf, type LedgerEntry, type Meeting } from '../domain/meetings.js';
import { personOf } from './view.js';

export interface GroupLedger {
  /** `channel:<id>` or the people, as /meet groups them. */
  groupKey: string;
  channelId: string | null;
  personIds: string[];
  entries: (LedgerEntry & { name: string })[];
  /** The group's confirmed social meetings the ledger counts. */
  meetings: number;
}

/**
 * "Show the ledger": how far outside their hours the group's past social meetings put each
 * person. A channel's ledger is for those who may see the channel; a group of people's for the
 * asker with the people they name.
 */
export function groupLedger(
  ctx: Pick<MeetingsContext, 'meetings' | 'members' | 'channels' | 'settings'>,
  input: { userId: string; channelId?: string | undefined; personIds?: readonly string[] },
): GroupLedger {
  const channelId = input.channelId ?? null;
  if (channelId && !maySeeConversation(ctx, input.userId, channelId)) {
    throw new UserFacingError('I can’t find that channel, or you aren’t in it.');
  }
  const personIds = channelId ? [] : [input.userId, ...(input.personIds ?? [])];
  if (!channelId && personIds.length < 2) {
    throw new UserFacingError(
      'Whose ledger? Name the channel (`/meet ledger #team`) or the people you meet with (`/meet ledger @ada @kenji`).',
    );
  }
  const groupKey = groupKeyOf(channelId, personIds);
  const confirmed: Meeting[] = ctx.meetings.confirmedSocial(groupKey);
  return {
    groupKey,
    channelId,
    personIds: [...new Set(personIds)],
    entries: fairnessLedger(confirmed).map((e) => ({ ...e, name: personOf(ctx, e.memberId).name })),
    meetings: confirmed.length,
  };
}
