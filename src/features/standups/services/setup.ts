import { describeWindows } from '../../../core/domain/hours-text.js';
import { canReceive, nameOf, scheduleOf } from '../../../core/domain/member.js';
import { UserFacingError } from '../../../core/services/errors.js';
import { InvalidSettings } from '../../../core/services/settings.js';
import type { StandupsContext } from '../context.js';
import {
  dateKey,
  memberTiming,
  nextPrompt,
  nextReport,
  promptOutsideHours,
  reportAt,
} from '../domain/schedule.js';
import {
  checkStandupSetup,
  type SetupField,
  type StandupConfig,
  type StandupSetupInput,
} from '../domain/standup.js';
import type { Standup } from '../store/standup-repository.js';
import { authorizeSetup, authorizeStandup, mayOnStandup } from './authorization.js';
import type { StandupTexts } from './ports.js';
import { scheduleMember, scheduleStandup, settlePromptItems } from './schedule.js';

/**
 * Setting standups up and running them: create, edit, pause, resume, delete. A setup is saved
 * whole or not at all: every field that cannot work is reported under its input.
 */

type SetupContext = StandupsContext;

export class InvalidStandupSetup extends InvalidSettings<SetupField> {}

export interface SavedStandup {
  standup: Standup;
  created: boolean;
  members: number;
  /** Things that work, but perhaps not as meant (members asked after the report). */
  warnings: string[];
  /** Members whose prompt comes outside their working hours: offered the start of their day. */
  outsideHours: OutsideHours[];
}

export interface OutsideHours {
  memberId: string;
  name: string;
  zone: string;
  hours: string;
}

/** The people a standup asks now: its channel's members, or the ones picked who are in it. */
function targetMembers(
  ctx: SetupContext,
  channelId: string,
  config: Pick<StandupConfig, 'memberMode' | 'chosenMemberIds'>,
  botUserId: string | undefined,
): string[] {
  const ids =
    config.memberMode === 'channel' ? ctx.channels.membersOf(channelId) : config.chosenMemberIds;
  return ctx.members
    .getMany(ids)
    .filter((m) => canReceive(m) && m.id !== botUserId)
    .map((m) => m.id);
}

/**
 * Creates a standup in the channel (`standupId` null) or saves the edit of one. `botUserId`:
 * Mailroom's own user, which must be in the channel to post there. `texts` words the refusals
 * that name the channel or people.
 */
export function saveStandup(
  ctx: SetupContext,
  texts: Pick<StandupTexts, 'mailroomNotInChannel' | 'notInChannel'>,
  input: {
    userId: string;
    channelId: string;
    standupId: number | null;
    form: StandupSetupInput;
    botUserId: string | undefined;
  },
): SavedStandup {
  const existing =
    input.standupId === null
      ? undefined
      : authorizeStandup(ctx, input.userId, input.standupId, 'edit');
  const channelId = existing?.channelId ?? input.channelId;
  if (!existing) authorizeSetup(ctx, input.userId, channelId);
  const channel = ctx.channels.get(channelId);
  if (channel?.archived) throw new UserFacingError('This channel is archived.');
  if (input.botUserId && !ctx.channels.isMember(channelId, input.botUserId)) {
    throw new UserFacingError(texts.mailroomNotInChannel(channelId));
  }
  const check = checkStandupSetup(input.form);
  if (!check.ok) throw new InvalidStandupSetup(check.errors);
  const { config } = check;
  const outsiders = config.chosenMemberIds.filter((id) => !ctx.channels.isMember(channelId, id));
  if (config.memberMode === 'chosen' && outsiders.length > 0) {
    throw new InvalidStandupSetup({ members: texts.notInChannel(outsiders) });
  }
  const now = ctx.clock();
  const memberIds = targetMembers(ctx, channelId, config, input.botUserId);
  const standup = ctx.standups.transaction(() => {
    const saved = existing
      ? ctx.standups.updateConfig(existing.id, config, now)
      : ctx.standups.create({ channelId, ownerId: input.userId, config }, now);
    if (!saved) throw new UserFacingError('That standup was deleted in the meantime.');
    ctx.standups.setMembers(saved.id, memberIds, now);
    if (saved.state === 'active') {
      ctx.standups.setNextReport(saved.id, nextReportOf(saved, now));
    }
    return saved;
  });
  scheduleStandup(ctx, standup);
  return {
    standup,
    created: !existing,
    members: memberIds.length,
    warnings: lateMembers(ctx, standup, memberIds),
    outsideHours: outsideHoursOf(ctx, standup),
  };
}

/** Members asked at the set time although it falls outside their working hours (a night shift). */
function outsideHoursOf(ctx: SetupContext, standup: Standup): OutsideHours[] {
  const slots = ctx.standups.membersOf(standup.id).filter((slot) => !slot.promptAtWorkStart);
  const outside = new Map<string, boolean>();
  const found: OutsideHours[] = [];
  for (const member of ctx.members.getMany(slots.map((slot) => slot.memberId))) {
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    const key = `${hours.timeZone}|${JSON.stringify(hours.windows)}`;
    let isOutside = outside.get(key);
    if (isOutside === undefined) {
      isOutside = promptOutsideHours(standup, hours, ctx.clock());
      outside.set(key, isOutside);
    }
    if (isOutside) {
      found.push({
        memberId: member.id,
        name: nameOf(member),
        zone: hours.timeZone,
        hours: describeWindows(hours.windows),
      });
    }
  }
  return found;
}

/**
 * "At the start of their working day" for one member of a standup (a night shift), chosen by
 * its owner or an admin; stored for that member, and their next prompt moves at once.
 */
export function askAtWorkStart(
  ctx: SetupContext,
  input: { userId: string; standupId: number; memberId: string },
): { standup: Standup; memberId: string } {
  const standup = authorizeStandup(ctx, input.userId, input.standupId, 'edit');
  const slot = ctx.standups.setPromptAtWorkStart(standup.id, input.memberId, true);
  if (!slot) throw new UserFacingError('That person is no longer asked in this standup.');
  scheduleMember(ctx, standup, slot);
  return { standup, memberId: slot.memberId };
}

function nextReportOf(standup: Standup, now: number) {
  const next = nextReport(standup, now);
  return { at: next.at, date: dateKey(next.date) };
}

/** Members whose prompt comes at or after the day's report: their answers arrive after it. */
function lateMembers(ctx: SetupContext, standup: Standup, memberIds: string[]): string[] {
  const late: string[] = [];
  // Members who share a zone and hours share the answer: work it out once for each.
  const isLate = new Map<string, boolean>();
  const atWorkStart = new Set(
    ctx.standups
      .membersOf(standup.id)
      .filter((slot) => slot.promptAtWorkStart)
      .map((slot) => slot.memberId),
  );
  for (const member of ctx.members.getMany(memberIds)) {
    const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
    const own = atWorkStart.has(member.id);
    const key = `${hours.timeZone}|${JSON.stringify(hours.windows)}|${own}`;
    let after = isLate.get(key);
    if (after === undefined) {
      const prompt = nextPrompt(memberTiming(standup, own), hours, ctx.clock(), null);
      after = prompt !== null && prompt.at >= reportAt(standup, prompt.date);
      isLate.set(key, after);
    }
    if (after) late.push(`${nameOf(member)} (${hours.timeZone})`);
  }
  if (late.length === 0) return [];
  const shown = late.slice(0, 5).join(', ');
  const more = late.length > 5 ? ` and ${late.length - 5} more` : '';
  return [
    `${shown}${more} ${late.length === 1 ? 'is' : 'are'} asked after the day’s report, so their answers join the thread after it. A later report time includes them.`,
  ];
}

export type StandupRunAction = 'pause' | 'resume' | 'delete';

/** Pause, resume or delete; only for the owner and the channel's admins. */
export function runStandupAction(
  ctx: SetupContext,
  input: { userId: string; standupId: number; action: StandupRunAction },
): Standup {
  const standup = authorizeStandup(
    ctx,
    input.userId,
    input.standupId,
    input.action === 'delete' ? 'delete' : 'pause',
  );
  const now = ctx.clock();
  switch (input.action) {
    case 'pause': {
      const paused = ctx.standups.setState(standup.id, ['active'], 'paused', now, null);
      if (!paused) throw new UserFacingError('That standup is already paused.');
      ctx.standups.clearSchedules(standup.id);
      return paused;
    }
    case 'resume': {
      const resumed = ctx.standups.setState(standup.id, ['paused'], 'active', now);
      if (!resumed) throw new UserFacingError('That standup is already running.');
      ctx.standups.setNextReport(resumed.id, nextReportOf(resumed, now));
      scheduleStandup(ctx, resumed);
      return resumed;
    }
    case 'delete': {
      const deleted = ctx.standups.setState(standup.id, ['active', 'paused'], 'deleted', now);
      if (!deleted) throw new UserFacingError('I can’t find that standup any more.');
      ctx.standups.transaction(() => {
        ctx.standups.clearSchedules(standup.id);
        for (const member of ctx.standups.membersOf(standup.id)) {
          const entry = member.lastPromptDate
            ? ctx.standups.entryFor(standup.id, member.memberId, member.lastPromptDate)
            : undefined;
          if (entry) settlePromptItems(ctx, entry, 'expired');
        }
        for (const blocker of ctx.standups.openBlockers(standup.id)) {
          ctx.standups.updateOpenBlocker(blocker.id, { state: 'withdrawn' }, now);
          const item =
            blocker.queueItemId === null ? undefined : ctx.queue.get(blocker.queueItemId);
          if (item && item.state !== 'sending' && item.state !== 'done') {
            ctx.queue.transition(item, 'expired', now, { lastError: 'standup deleted' });
          }
        }
      });
      return deleted;
    }
  }
}

/** The channel's standups `userId` may see, with what they may do to each. */
export function standupsInChannel(
  ctx: SetupContext,
  userId: string,
  channelId: string,
): { standup: Standup; members: number; mayRun: boolean }[] {
  return ctx.standups
    .inChannel(channelId)
    .filter((s) => mayOnStandup(ctx, userId, s, 'see'))
    .map((standup) => ({
      standup,
      members: ctx.standups.membersOf(standup.id).length,
      mayRun: mayOnStandup(ctx, userId, standup, 'edit'),
    }));
}

/**
 * The channel's membership changed (a join or leave event, a refreshed member list): standups
 * that ask everyone in it follow; everyone asked is scheduled again.
 */
export function followChannelMembers(
  ctx: SetupContext,
  channelId: string,
  botUserId?: string,
): void {
  const now = ctx.clock();
  for (const standup of ctx.standups.inChannel(channelId)) {
    if (standup.memberMode === 'channel') {
      const ids = targetMembers(ctx, channelId, { ...standup, chosenMemberIds: [] }, botUserId);
      const { added } = ctx.standups.setMembers(standup.id, ids, now);
      for (const memberId of added) {
        const slot = ctx.standups.member(standup.id, memberId);
        if (slot) scheduleMember(ctx, standup, slot);
      }
    }
    for (const slot of ctx.standups.membersOf(standup.id)) {
      if (slot.nextPromptAt === null) scheduleMember(ctx, standup, slot);
    }
  }
}

/** The members a standup asks (for its edit form: the people picked). */
export function memberIdsOf(ctx: SetupContext, standupId: number): string[] {
  return ctx.standups.membersOf(standupId).map((m) => m.memberId);
}
