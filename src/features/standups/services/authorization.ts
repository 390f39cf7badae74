import type { Refusal, Verdict } from '../../../core/domain/authorization.js';
import { isTeamAdmin, viewerOf } from '../../../core/services/authorization.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { StandupsContext } from '../context.js';
import {
  type StandupAction,
  type StandupFacts,
  type StandupSubject,
  standupVerdict,
} from '../domain/authorization.js';
import type { Standup, StandupBlocker, StandupEntry } from '../store/standup-repository.js';

/**
 * The standup rule of domain/authorization.ts with its facts looked up. Every listener and use
 * case that names a standup, a prompt or a blocker goes through one of these: the ids in a
 * button, a form's metadata or a command are whatever the sender put there.
 */

type AccessContext = Pick<
  StandupsContext,
  'members' | 'channels' | 'standups' | 'settings' | 'clock'
>;

export function standupFactsOf(
  ctx: Pick<StandupsContext, 'channels'>,
  standup: Pick<Standup, 'ownerId' | 'channelId' | 'state'>,
): StandupFacts {
  const channel = ctx.channels.get(standup.channelId);
  return {
    ownerId: standup.ownerId,
    channelId: standup.channelId,
    channelIsPublic: channel !== undefined && !channel.isPrivate && !channel.isIm,
    deleted: standup.state === 'deleted',
  };
}

function verdictOn(
  ctx: AccessContext,
  userId: string,
  standup: Standup,
  action: StandupAction,
  extra: Partial<StandupSubject> = {},
): Verdict {
  const subject: StandupSubject = {
    standup: standupFactsOf(ctx, standup),
    viewerIsAdmin: isTeamAdmin(ctx, userId),
    ...extra,
  };
  return standupVerdict(viewerOf(ctx, userId), subject, action);
}

/** Whether `userId` may do `action` with the standup (for lists: which buttons to show). */
export function mayOnStandup(
  ctx: AccessContext,
  userId: string,
  standup: Standup,
  action: 'see' | 'edit' | 'pause' | 'delete',
): boolean {
  return verdictOn(ctx, userId, standup, action).allowed;
}

const NO_STANDUP = 'I can’t find that standup any more.';

/** The standup, if `userId` may see or run it; otherwise a refusal that reveals nothing. */
export function authorizeStandup(
  ctx: AccessContext,
  userId: string,
  standupId: number,
  action: 'see' | 'edit' | 'pause' | 'delete',
): Standup {
  const standup = ctx.standups.get(standupId);
  const verdict = standup ? verdictOn(ctx, userId, standup, action) : refused('unknown');
  if (!standup || !verdict.allowed) {
    throw new UserFacingError(
      !verdict.allowed && verdict.refusal === 'not_yours' && standup
        ? 'Only the standup’s owner or a workspace admin can change it.'
        : NO_STANDUP,
    );
  }
  return standup;
}

/** Refuses a new standup in a channel the person is not (known to be) a full member of. */
export function authorizeSetup(ctx: AccessContext, userId: string, channelId: string): void {
  const facts: StandupFacts = {
    ownerId: userId,
    channelId,
    channelIsPublic: false,
    deleted: false,
  };
  const verdict = standupVerdict(
    viewerOf(ctx, userId),
    { standup: facts, viewerIsAdmin: false },
    'setup',
  );
  if (verdict.allowed) return;
  throw new UserFacingError(
    viewerOf(ctx, userId).isGuest
      ? 'Guests can’t set up standups. Ask a member of the channel.'
      : 'Only members of a channel can set up its standup: use `/standup` in the channel.',
  );
}

/**
 * Whose prompt a date is, and whether it is still open: the entry Mailroom made when it asked,
 * or (for an answer given early, "tomorrow's, tonight") the member's next scheduled prompt.
 */
export interface PromptSlot {
  standup: Standup;
  /** The entry for that date, if the member was asked or answered already. */
  entry: StandupEntry | undefined;
  /** When the member is (or was) asked for that date. */
  promptAt: number;
}

const OPEN_STATUSES = new Set(['prompted', 'answered', 'skipped']);

/**
 * The prompt for `date` of `userId` in the standup, if it is theirs and its day is still open
 * (answering, editing an answer, skipping); otherwise a refusal that reveals nothing of it.
 */
export function authorizePrompt(
  ctx: AccessContext,
  userId: string,
  standupId: number,
  date: string,
): PromptSlot {
  const standup = ctx.standups.get(standupId);
  const now = ctx.clock();
  const entry = standup ? ctx.standups.entryFor(standup.id, userId, date) : undefined;
  let prompt: StandupSubject['prompt'];
  let promptAt = 0;
  if (entry) {
    promptAt = entry.promptAt;
    prompt = { memberId: userId, open: OPEN_STATUSES.has(entry.status) && now < entry.closesAt };
  } else if (standup) {
    // Not asked yet: the member's next prompt may be answered early, once the standup runs.
    const slot = ctx.standups.member(standup.id, userId);
    if (slot?.nextPromptDate === date && slot.nextPromptAt !== null) {
      promptAt = slot.nextPromptAt;
      prompt = { memberId: userId, open: standup.state === 'active' };
    }
  }
  const verdict = standup
    ? verdictOn(ctx, userId, standup, 'answer', prompt ? { prompt } : {})
    : refused('unknown');
  if (!standup || !verdict.allowed) {
    throw new UserFacingError(
      !verdict.allowed && verdict.refusal === 'settled'
        ? 'That standup day is closed: your next prompt came. Answer that one instead.'
        : 'I can’t find that standup prompt.',
    );
  }
  return { standup, entry, promptAt };
}

/** The blocker, if `userId` holds it and it is still open. */
export function authorizeBlocker(
  ctx: AccessContext,
  userId: string,
  blockerId: number,
): { blocker: StandupBlocker; standup: Standup } {
  const blocker = ctx.standups.blocker(blockerId);
  const standup = blocker ? ctx.standups.get(blocker.standupId) : undefined;
  const verdict =
    blocker && standup
      ? verdictOn(ctx, userId, standup, 'resolve_blocker', {
          blocker: { recipientId: blocker.ownerId, open: blocker.state === 'open' },
        })
      : refused('unknown');
  if (!blocker || !standup || !verdict.allowed) {
    throw new UserFacingError(
      !verdict.allowed && verdict.refusal === 'settled'
        ? 'That blocker is already resolved.'
        : 'I can’t find that blocker in your queue.',
    );
  }
  return { blocker, standup };
}

/** Whether `userId` may see what the standup's channel holds (its blockers, its answers). */
export function seesStandupChannel(ctx: AccessContext, userId: string, standup: Standup): boolean {
  return verdictOn(ctx, userId, standup, 'see').allowed;
}

function refused(refusal: Refusal): Verdict {
  return { allowed: false, refusal };
}
