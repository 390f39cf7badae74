import { canReceive, scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import { InvalidSettings, setAway } from '../../../core/services/settings.js';
import type { StandupsContext } from '../context.js';
import { answerWindowCloses, memberTiming, parseDateKey } from '../domain/schedule.js';
import type { Standup, StandupBlocker, StandupEntry } from '../store/standup-repository.js';
import {
  authorizePrompt,
  authorizeStandup,
  mayOnStandup,
  seesStandupChannel,
} from './authorization.js';
import type { StandupTexts } from './ports.js';
import { settlePromptItems } from './schedule.js';

/**
 * A member's answers: given when asked, early for their next date ("tomorrow's, tonight"), or
 * late (after the report, until their next prompt) into the day's thread; edited as long as
 * answering is open. A blocker in an answer becomes a queue item for whoever can unblock it.
 */

type AnswerContext = StandupsContext;

export const MAX_ANSWER_CHARS = 3000;

/** Which answer input a problem is about: a question's index, or the blocker fields. */
export type AnswerField = `q${number}` | 'blocker' | 'blockerOwner';
export class InvalidAnswer extends InvalidSettings<AnswerField> {}

/** What the answer form starts with. */
export interface AnswerForm {
  standup: Standup;
  date: string;
  /** This date's answer, when editing it. */
  entry: StandupEntry | undefined;
  /** The answer to the last question the previous time: offered as the start of the first. */
  previousPlan: { date: string; text: string } | null;
  /** Not asked yet: an answer given ahead of the prompt. */
  early: boolean;
  /** The later date asked for, when this still-open day came first. */
  instead: string | null;
}

export function answerFormFor(
  ctx: AnswerContext,
  asked: { userId: string; standupId: number; date: string },
): AnswerForm {
  let input = asked;
  let { standup, entry, promptAt } = authorizePrompt(
    ctx,
    input.userId,
    input.standupId,
    input.date,
  );
  // A day still open comes first: answering ahead waits until it is answered or skipped.
  const open = promptAt > ctx.clock() ? openDayOf(ctx, standup, input.userId) : undefined;
  if (open) {
    input = { ...input, date: open.date };
    ({ standup, entry, promptAt } = authorizePrompt(ctx, input.userId, standup.id, open.date));
  }
  const previous = ctx.standups.lastAnswerBefore(standup.id, input.userId, input.date);
  const last = standup.questions.length - 1;
  const planText = last >= 1 ? (previous?.answers?.[last] ?? '').trim() : '';
  return {
    standup,
    date: input.date,
    entry,
    previousPlan: previous && planText !== '' ? { date: previous.date, text: planText } : null,
    early: promptAt > ctx.clock(),
    instead: open ? asked.date : null,
  };
}

/** The member's day in this standup that was asked and is still waiting for them, if any. */
function openDayOf(ctx: AnswerContext, standup: Standup, userId: string): StandupEntry | undefined {
  const slot = ctx.standups.member(standup.id, userId);
  const last = slot?.lastPromptDate
    ? ctx.standups.entryFor(standup.id, userId, slot.lastPromptDate)
    : undefined;
  return last?.status === 'prompted' && ctx.clock() < last.closesAt ? last : undefined;
}

function refuseWhileOpen(ctx: AnswerContext, standup: Standup, userId: string, date: string) {
  const open = openDayOf(ctx, standup, userId);
  if (open && open.date < date) {
    throw new UserFacingError(
      'Your answer for an earlier day is still open: answer or skip that one first (`/standup answer`).',
    );
  }
}

/**
 * The prompt a person answers with `/standup answer` or "Answer tomorrow's now": their open
 * prompt (the oldest still open), else the next date they will be asked. Undefined when none.
 */
export function nextAnswerable(
  ctx: AnswerContext,
  userId: string,
): { standupId: number; date: string } | undefined {
  let soonest: { standupId: number; date: string; at: number } | undefined;
  for (const slot of ctx.standups.membershipsOf(userId)) {
    const standup = ctx.standups.get(slot.standupId);
    if (standup?.state !== 'active' || !mayOnStandup(ctx, userId, standup, 'see')) continue;
    const open = openDayOf(ctx, standup, userId);
    if (open) return { standupId: standup.id, date: open.date };
    if (slot.nextPromptAt !== null && slot.nextPromptDate !== null) {
      if (!soonest || slot.nextPromptAt < soonest.at) {
        soonest = { standupId: standup.id, date: slot.nextPromptDate, at: slot.nextPromptAt };
      }
    }
  }
  return soonest && { standupId: soonest.standupId, date: soonest.date };
}

export interface AnswerInput {
  userId: string;
  standupId: number;
  date: string;
  /** One per question, in order. */
  answers: readonly string[];
  blockerText: string;
  blockerOwnerId: string | null;
}

export interface AnswerOutcome {
  standup: Standup;
  entry: StandupEntry;
  /** Given ahead of the prompt: posted when the member would have been asked. */
  early: boolean;
  /** The prompt and reminder DMs to rewrite. */
  toUpdate: QueueItem[];
  blocker: StandupBlocker | undefined;
}

/**
 * Saves an answer (or its edit) for the day, raising, moving or withdrawing its blocker.
 * `texts` words the refusal of a blocker's owner.
 */
export function answerStandup(
  ctx: AnswerContext,
  texts: BlockerOwnerTexts,
  input: AnswerInput,
): AnswerOutcome {
  const { standup, entry, promptAt } = authorizePrompt(
    ctx,
    input.userId,
    input.standupId,
    input.date,
  );
  const answers = standup.questions.map((_, i) => (input.answers[i] ?? '').trim());
  const blockerText = standup.asksBlockers ? input.blockerText.trim() : '';
  const errors: Partial<Record<AnswerField, string>> = {};
  answers.forEach((text, i) => {
    if (text.length > MAX_ANSWER_CHARS)
      errors[`q${i}`] = `Keep it under ${MAX_ANSWER_CHARS} characters.`;
  });
  if (blockerText.length > MAX_ANSWER_CHARS)
    errors.blocker = `Keep it under ${MAX_ANSWER_CHARS} characters.`;
  if (answers.every((a) => a === '') && blockerText === '') {
    if (standup.questions.length > 0) errors.q0 = 'Answer at least one question.';
    else errors.blocker = 'Say what blocks you, or write “nothing”.';
  }
  const ownerId = blockerText === '' ? null : blockerOwnerFor(ctx, standup, input, errors, texts);
  if (Object.keys(errors).length > 0) throw new InvalidAnswer(errors);

  const now = ctx.clock();
  const early = promptAt > now;
  if (early) refuseWhileOpen(ctx, standup, input.userId, input.date);
  const member = ctx.members.get(input.userId);
  const hours = member ? scheduleOf(member, ctx.settings.defaultTimeZone).hours : undefined;
  const zone = hours?.timeZone ?? ctx.settings.defaultTimeZone;
  const answer = {
    status: 'answered' as const,
    answers,
    blockerText: blockerText === '' ? null : blockerText,
    blockerOwnerId: ownerId,
    answeredZone: zone,
    // In the channel now; an early answer when the member would have been asked.
    postDueAt: early ? promptAt : now,
  };
  const saved = ctx.standups.transaction(() => {
    let stored: StandupEntry | undefined;
    if (entry) {
      stored = ctx.standups.updateEntry(
        entry.id,
        ['prompted', 'answered', 'skipped'],
        { ...answer, remindAt: null, answeredAt: entry.answeredAt ?? now },
        now,
      );
    } else {
      const date = parseDateKey(input.date);
      if (!date || !hours) throw new UserFacingError('I can’t find that standup prompt.');
      stored = ctx.standups.insertEntry(
        {
          standupId: standup.id,
          memberId: input.userId,
          date: input.date,
          promptAt,
          closesAt: answerWindowCloses(
            memberTiming(
              standup,
              ctx.standups.member(standup.id, input.userId)?.promptAtWorkStart ?? false,
            ),
            hours,
            { at: promptAt, date },
          ),
          ...answer,
          answeredAt: now,
        },
        now,
      ).entry;
    }
    if (!stored) throw new UserFacingError('That standup day closed a moment ago.');
    // A blocker written ahead is sent, and listed, from the day it is for.
    const blocker = settleBlocker(ctx, standup, stored, early ? promptAt : undefined);
    const toUpdate = settlePromptItems(ctx, stored, 'done');
    return { entry: stored, blocker, toUpdate };
  });
  return { standup, early, ...saved };
}

/** How a refused blocker owner is told: they cannot take blockers, or cannot see the standup. */
export type BlockerOwnerTexts = Pick<StandupTexts, 'cannotTakeBlockers' | 'cannotSeeStandup'>;

/** Who gets the blocker: the person named (who must be able to see the standup), else its owner. */
function blockerOwnerFor(
  ctx: AnswerContext,
  standup: Standup,
  input: AnswerInput,
  errors: Partial<Record<AnswerField, string>>,
  texts: BlockerOwnerTexts,
): string | null {
  const named = input.blockerOwnerId;
  const ownerId = named ?? standup.ownerId;
  if (ownerId === input.userId) {
    errors.blockerOwner = named
      ? 'Pick someone else: who could unblock it?'
      : 'You run this standup: pick who could unblock it.';
    return null;
  }
  const owner = ctx.members.get(ownerId);
  if (!owner || !canReceive(owner)) {
    errors.blockerOwner = named
      ? texts.cannotTakeBlockers(ownerId)
      : 'The standup’s owner can’t take blockers any more: pick who could unblock it.';
    return null;
  }
  if (!seesStandupChannel(ctx, ownerId, standup)) {
    errors.blockerOwner = texts.cannotSeeStandup(ownerId, standup.channelId);
    return null;
  }
  return ownerId;
}

/**
 * The entry's blocker follows its answer: a new one goes to its owner's queue, a changed one
 * replaces the old, one taken out of the answer is withdrawn.
 */
function settleBlocker(
  ctx: AnswerContext,
  standup: Standup,
  entry: StandupEntry,
  notBefore: number | undefined,
): StandupBlocker | undefined {
  const now = ctx.clock();
  const text = entry.blockerText;
  let current: StandupBlocker | undefined;
  for (const blocker of ctx.standups.blockersOfEntry(entry.id)) {
    if (blocker.state !== 'open') continue;
    if (text !== null && blocker.text === text && blocker.ownerId === entry.blockerOwnerId) {
      current = blocker;
      continue;
    }
    ctx.standups.updateOpenBlocker(blocker.id, { state: 'withdrawn' }, now);
    closeBlockerItem(ctx, blocker, 'withdrawn by its author');
  }
  if (current || text === null || entry.blockerOwnerId === null) return current;
  const blocker = ctx.standups.insertBlocker(
    {
      standupId: standup.id,
      entryId: entry.id,
      fromMemberId: entry.memberId,
      text,
      ownerId: entry.blockerOwnerId,
      date: entry.date,
    },
    now,
  );
  return routeBlocker(ctx, standup, blocker, entry.blockerOwnerId, 0, notBefore);
}

/** Puts the blocker in `ownerId`'s queue, delivered in their working hours. */
export function routeBlocker(
  ctx: AnswerContext,
  standup: Standup,
  blocker: StandupBlocker,
  ownerId: string,
  hop: number | string,
  notBefore?: number,
): StandupBlocker {
  const { item } = enqueueForRecipient(ctx, {
    ...(notBefore === undefined ? {} : { notBefore }),
    kind: 'blocker',
    recipientId: ownerId,
    requesterId: blocker.fromMemberId,
    channelId: standup.channelId,
    payload: {
      blockerId: blocker.id,
      standupId: standup.id,
      text: blocker.text,
      fromUserId: blocker.fromMemberId,
    },
    idempotencyKey: `blocker:${blocker.id}:${hop}`,
  });
  return (
    ctx.standups.updateOpenBlocker(blocker.id, { ownerId, queueItemId: item.id }, ctx.clock()) ??
    blocker
  );
}

export function closeBlockerItem(
  ctx: Pick<StandupsContext, 'queue' | 'clock'>,
  blocker: StandupBlocker,
  why: string,
): QueueItem | undefined {
  const item = blocker.queueItemId === null ? undefined : ctx.queue.get(blocker.queueItemId);
  if (!item || item.state === 'sending') return item;
  if (item.state === 'done' || item.state === 'skipped' || item.state === 'expired') return item;
  return ctx.queue.transition(item, 'done', ctx.clock(), { lastError: why }) ?? item;
}

/** "Skip today". */
export function skipStandup(
  ctx: AnswerContext,
  input: { userId: string; standupId: number; date: string },
): { standup: Standup; entry: StandupEntry; toUpdate: QueueItem[] } {
  const { standup, entry } = authorizePrompt(ctx, input.userId, input.standupId, input.date);
  if (!entry) throw new UserFacingError('You haven’t been asked for that day yet.');
  if (entry.status === 'answered')
    throw new UserFacingError('You already answered today; edit your answer instead.');
  const now = ctx.clock();
  const skipped = ctx.standups.updateEntry(
    entry.id,
    ['prompted', 'skipped'],
    { status: 'skipped', remindAt: null },
    now,
  );
  if (!skipped) throw new UserFacingError('That standup day closed a moment ago.');
  return { standup, entry: skipped, toUpdate: settlePromptItems(ctx, skipped, 'done') };
}

/** "I’m away until…" on a prompt: away in Mailroom until then, and away today. */
export function awayFromPrompt(
  ctx: AnswerContext,
  input: { userId: string; standupId: number; date: string; backOn: string },
): { standup: Standup; entry: StandupEntry; toUpdate: QueueItem[] } {
  const { standup, entry } = authorizePrompt(ctx, input.userId, input.standupId, input.date);
  if (!entry) throw new UserFacingError('You haven’t been asked for that day yet.');
  setAway(ctx, input.userId, `until ${input.backOn}`);
  const now = ctx.clock();
  const away =
    entry.status === 'prompted'
      ? ctx.standups.updateEntry(entry.id, ['prompted'], { status: 'away', remindAt: null }, now)
      : entry;
  if (!away) throw new UserFacingError('That standup day closed a moment ago.');
  return { standup, entry: away, toUpdate: settlePromptItems(ctx, away, 'done') };
}

/** `/standup history [@member]`: their recent answers in the standups the viewer may see. */
export function standupHistory(
  ctx: AnswerContext,
  input: { viewerId: string; memberId: string; channelId: string | null; limit?: number },
): { memberId: string; entries: { standup: Standup; entry: StandupEntry }[] } {
  const inChannel = input.channelId === null ? [] : ctx.standups.inChannel(input.channelId);
  const candidates =
    inChannel.length > 0
      ? inChannel
      : ctx.standups
          .membershipsOf(input.memberId)
          .map((slot) => ctx.standups.get(slot.standupId))
          .filter((s): s is Standup => s !== undefined && s.state !== 'deleted');
  const visible = candidates.filter((s) => mayOnStandup(ctx, input.viewerId, s, 'see'));
  const byId = new Map(visible.map((s) => [s.id, s]));
  const now = ctx.clock();
  const entries = ctx.standups
    .recentAnswers(
      input.memberId,
      visible.map((s) => s.id),
      input.limit ?? 10,
    )
    // Answers given early are not out yet.
    .filter((entry) => entry.promptAt <= now)
    .flatMap((entry) => {
      const standup = byId.get(entry.standupId);
      return standup ? [{ standup, entry }] : [];
    });
  return { memberId: input.memberId, entries };
}

/** A standup's settings as its edit form shows them (for the owner and the channel's admins). */
export function standupForEdit(
  ctx: AnswerContext,
  input: { userId: string; standupId: number },
): { standup: Standup; memberIds: string[] } {
  const standup = authorizeStandup(ctx, input.userId, input.standupId, 'edit');
  return {
    standup,
    memberIds: ctx.standups.membersOf(standup.id).map((m) => m.memberId),
  };
}
