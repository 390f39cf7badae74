import { describeWindows } from '../../../core/domain/hours-text.js';
import { canReceive, nameOf, scheduleOf } from '../../../core/domain/member.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { StandupsContext } from '../context.js';
import { promptOutsideHours } from '../domain/schedule.js';
import { describePromptTime } from '../domain/standup.js';
import type { Standup } from '../store/standup-repository.js';

/**
 * A member's hours or zone changed and their standup prompt, at its set time, now comes outside
 * their working hours: the standup's owner is told once for each new reading of their hours,
 * and may have them asked at the start of their working day instead.
 */
export function tellOwnerIfOutside(
  ctx: Pick<StandupsContext, 'members' | 'settings' | 'queue' | 'clock' | 'logger'>,
  standup: Standup,
  memberId: string,
): void {
  const member = ctx.members.get(memberId);
  if (!member || member.id === standup.ownerId) return;
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  if (!promptOutsideHours(standup, hours, ctx.clock())) return;
  const owner = ctx.members.get(standup.ownerId);
  if (!owner || !canReceive(owner)) return;
  const reading = `${hours.timeZone} ${JSON.stringify(hours.windows)}`;
  try {
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: standup.ownerId,
      payload: {
        text: 'After a change of working hours or time zone, a member’s prompt in one of your standups comes outside their working hours. Edit the standup (`/standup edit` in its channel) to ask them at the start of their working day instead.',
        quote: `${standup.name}: ${nameOf(member)} is asked ${describePromptTime(standup)}, and works ${describeWindows(hours.windows)} (${hours.timeZone}).`,
      },
      idempotencyKey: `standup-outside-hours:${standup.id}:${memberId}:${hashOf(reading)}`,
    });
  } catch (error) {
    ctx.logger.warn(
      `could not tell the owner of standup ${standup.id} about ${memberId}'s hours`,
      error,
    );
  }
}

/** A short stable fingerprint of a text, for an idempotency key. */
function hashOf(text: string): string {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(36);
}
