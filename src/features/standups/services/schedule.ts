import { addDays } from '../../../core/domain/local-time.js';
import { awayOf, canReceive, type Member, scheduleOf } from '../../../core/domain/member.js';
import { canTransition, type QueueItem } from '../../../core/domain/queue.js';
import { nextWorkingInstant } from '../../../core/domain/working-hours.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { StandupsContext } from '../context.js';
import {
  answerWindowCloses,
  dateKey,
  memberTiming,
  nextPrompt,
  parseDateKey,
  promptZone,
  type ScheduledPrompt,
  type StandupTiming,
} from '../domain/schedule.js';
import type { Standup, StandupEntry, StandupMember } from '../store/standup-repository.js';
import { tellOwnerIfOutside } from './hours-notice.js';

/**
 * Who is asked when. Each member's next prompt is computed by the pure schedule
 * (domain/standup-schedule.ts) and stored; the minute tick asks whoever is due, found through
 * the index on next_prompt_at. A member is asked once per date: the prompt's queue item and
 * the day's entry both carry (standup, member, date) as their key, so two ticks at once, or a
 * restart in the middle of a wave, never ask twice.
 */

type ScheduleContext = Pick<
  StandupsContext,
  'standups' | 'members' | 'channels' | 'queue' | 'clock' | 'settings' | 'logger'
>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many due members one transaction handles. */
const BATCH = 500;

export const promptKey = (standupId: number, memberId: string, date: string) =>
  `standup:${standupId}:${memberId}:${date}`;
export const reminderKey = (standupId: number, memberId: string, date: string) =>
  `${promptKey(standupId, memberId, date)}:reminder`;

/** Whether the person can be asked in this standup at all: a current member of its channel. */
export function isAskable(
  ctx: Pick<StandupsContext, 'channels'>,
  standup: Standup,
  member: Member | undefined,
  inChannel: (channelId: string, memberId: string) => boolean = (channel, id) =>
    ctx.channels.isMember(channel, id),
): member is Member {
  return member !== undefined && canReceive(member) && inChannel(standup.channelId, member.id);
}

/** The member's next prompt after `after`, never for a date already asked. */
function planFor(
  ctx: Pick<StandupsContext, 'settings'>,
  timing: StandupTiming,
  member: Member,
  after: number,
  lastDate: string | null,
): { prompt: ScheduledPrompt | null; zone: string } {
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const last = lastDate === null ? null : parseDateKey(lastDate);
  return {
    prompt: nextPrompt(timing, hours, after, last),
    zone: promptZone(timing, hours),
  };
}

/** What scheduling many members at once looks up only once. */
interface ScheduleLookups {
  member(id: string): Member | undefined;
  inChannel(channelId: string, memberId: string): boolean;
  /** Members who share a zone, hours and last date share their next prompt. */
  plans: Map<string, { prompt: ScheduledPrompt | null; zone: string }>;
}

function singleLookups(ctx: ScheduleContext): ScheduleLookups {
  return {
    member: (id) => ctx.members.get(id),
    inChannel: (channelId, memberId) => ctx.channels.isMember(channelId, memberId),
    plans: new Map(),
  };
}

/**
 * Stores the member's next prompt. `fresh` (a new standup, a resume, a newcomer): from now on,
 * and the dates before it count as settled. Otherwise (their zone or hours changed) looking
 * back a day, so that a prompt the change brought into the past is still asked, if its day is
 * open, by the next tick; a date already asked never is.
 */
export function scheduleMember(
  ctx: ScheduleContext,
  standup: Standup,
  slot: Pick<StandupMember, 'memberId' | 'lastPromptDate' | 'promptAtWorkStart'>,
  fresh = true,
  lookups: ScheduleLookups = singleLookups(ctx),
): void {
  const member = lookups.member(slot.memberId);
  const unscheduled = { nextPromptAt: null, nextPromptDate: null, scheduledZone: null };
  if (standup.state !== 'active' || !isAskable(ctx, standup, member, lookups.inChannel)) {
    ctx.standups.setSchedule(standup.id, slot.memberId, unscheduled);
    return;
  }
  const now = ctx.clock();
  const after = fresh ? now : now - DAY_MS;
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const timing = memberTiming(standup, slot.promptAtWorkStart);
  const key = `${hours.timeZone}|${timing.promptMode === 'work_start' ? JSON.stringify(hours.windows) : ''}|${slot.lastPromptDate}`;
  let plan = lookups.plans.get(key);
  if (!plan) {
    plan = planFor(ctx, timing, member, after, slot.lastPromptDate);
    lookups.plans.set(key, plan);
  }
  const { prompt, zone } = plan;
  if (!prompt) {
    ctx.standups.setSchedule(standup.id, slot.memberId, unscheduled);
    return;
  }
  const date = dateKey(prompt.date);
  const settledBefore = fresh ? dateKey(addDays(prompt.date, -1)) : null;
  const lastPromptDate =
    settledBefore !== null && (slot.lastPromptDate ?? '') < settledBefore
      ? settledBefore
      : slot.lastPromptDate;
  ctx.standups.setSchedule(standup.id, slot.memberId, {
    nextPromptAt: prompt.at,
    nextPromptDate: date,
    scheduledZone: zone,
    lastPromptDate,
  });
}

/** Schedules everyone a standup asks, from now on (a setup, an edit, a resume). */
export function scheduleStandup(ctx: ScheduleContext, standup: Standup): void {
  const slots = ctx.standups.membersOf(standup.id);
  const people = new Map(ctx.members.getMany(slots.map((s) => s.memberId)).map((m) => [m.id, m]));
  const channel = new Set(ctx.channels.membersOf(standup.channelId));
  const lookups: ScheduleLookups = {
    member: (id) => people.get(id),
    inChannel: (_channelId, memberId) => channel.has(memberId),
    plans: new Map(),
  };
  ctx.standups.transaction(() => {
    for (const slot of slots) scheduleMember(ctx, standup, slot, true, lookups);
  });
}

/**
 * A person's zone or hours changed (user_change, their settings): every standup reschedules them,
 * and the owner of one whose set time now falls outside their hours is told, once per change.
 */
export function rescheduleMember(ctx: ScheduleContext, memberId: string): void {
  for (const slot of ctx.standups.membershipsOf(memberId)) {
    const standup = ctx.standups.get(slot.standupId);
    if (!standup) continue;
    scheduleMember(ctx, standup, slot, false);
    if (standup.state === 'active' && !slot.promptAtWorkStart)
      tellOwnerIfOutside(ctx, standup, memberId);
  }
}

export interface PromptTickReport {
  prompted: number;
  away: number;
  /** Due while Mailroom was down, and their day had closed by the time it was back. */
  missed: number;
  /** Answered early: their answers are posted now instead. */
  early: number;
}

/**
 * Asks everyone due at `now`: their prompt becomes a queue item due at its instant (sent by
 * the delivery worker, at the set time even outside working hours), with the day's entry and
 * the member's next prompt, in one transaction per batch. Members who are away are not asked
 * (the report shows them as away); a prompt missed while Mailroom was down is sent if that
 * day is still open for answers, and not otherwise.
 */
export function promptDueMembers(ctx: ScheduleContext): PromptTickReport {
  const wave = new PromptWave(ctx);
  while (wave.nextBatch()) {
    // One transaction per batch; the next batch reads who is still due.
  }
  return wave.report;
}

/**
 * The same, yielding to the event loop between batches (so that a wave of thousands never
 * holds Slack's requests for seconds) and calling `afterBatch` once each batch is stored (the
 * delivery worker starts on it while the next is prepared).
 */
export async function promptDueMembersInBatches(
  ctx: ScheduleContext,
  afterBatch: () => void,
): Promise<PromptTickReport> {
  const wave = new PromptWave(ctx);
  while (wave.nextBatch()) {
    afterBatch();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return wave.report;
}

/** One tick's asking: everyone due at its instant, a batch at a time. */
class PromptWave {
  readonly report: PromptTickReport = { prompted: 0, away: 0, missed: 0, early: 0 };
  private readonly now: number;
  private readonly standups = new Map<number, Standup | undefined>();
  /** Each channel's members, read once per tick rather than once per member asked. */
  private readonly channelMembers = new Map<string, Set<string>>();
  private rounds = 0;

  constructor(private readonly ctx: ScheduleContext) {
    this.now = ctx.clock();
  }

  private readonly inChannel = (channelId: string, memberId: string): boolean => {
    let members = this.channelMembers.get(channelId);
    if (!members) {
      members = new Set(this.ctx.channels.membersOf(channelId));
      this.channelMembers.set(channelId, members);
    }
    return members.has(memberId);
  };

  /** Asks one batch of those due; false when nobody (left to this tick) is due. */
  nextBatch(): boolean {
    const { ctx, now } = this;
    if (this.rounds++ >= 1000) return false;
    const due = ctx.standups.dueMembers(now, BATCH);
    if (due.length === 0) return false;
    const people = new Map(ctx.members.getMany(due.map((d) => d.memberId)).map((m) => [m.id, m]));
    let moved = 0;
    ctx.standups.transaction(() => {
      for (const slot of due) {
        if (!this.standups.has(slot.standupId))
          this.standups.set(slot.standupId, ctx.standups.get(slot.standupId));
        const outcome = promptOne(
          ctx,
          this.standups.get(slot.standupId),
          slot,
          people.get(slot.memberId),
          now,
          this.inChannel,
        );
        if (outcome !== 'unchanged') moved += 1;
        if (outcome !== 'unchanged' && outcome !== 'rescheduled') this.report[outcome] += 1;
      }
    });
    // None moved: another tick moved these people first, and what is left is theirs.
    return moved > 0;
  }
}

type PromptOutcome = 'prompted' | 'away' | 'missed' | 'early' | 'rescheduled' | 'unchanged';

function promptOne(
  ctx: ScheduleContext,
  standup: Standup | undefined,
  slot: StandupMember,
  member: Member | undefined,
  now: number,
  inChannel: (channelId: string, memberId: string) => boolean,
): PromptOutcome {
  const expected = slot.nextPromptAt;
  const clear = { nextPromptAt: null, nextPromptDate: null, scheduledZone: null };
  if (standup?.state !== 'active') {
    return ctx.standups.setSchedule(slot.standupId, slot.memberId, clear, expected)
      ? 'rescheduled'
      : 'unchanged';
  }
  if (!isAskable(ctx, standup, member, inChannel)) {
    // Left the channel or deactivated: no longer asked (one who comes back is scheduled again).
    return ctx.standups.setSchedule(standup.id, slot.memberId, clear, expected)
      ? 'rescheduled'
      : 'unchanged';
  }
  const { hours } = scheduleOf(member, ctx.settings.defaultTimeZone);
  const timing = memberTiming(standup, slot.promptAtWorkStart);
  const zone = promptZone(timing, hours);
  const planned = plannedPrompt(ctx, timing, member, slot, zone, now);
  if (!planned) {
    return ctx.standups.setSchedule(standup.id, member.id, clear, expected)
      ? 'rescheduled'
      : 'unchanged';
  }
  const date = dateKey(planned.date);
  const closesAt = answerWindowCloses(timing, hours, planned);
  // After an outage, the next prompt skips the days that closed meanwhile in one step.
  const following = nextPrompt(
    timing,
    hours,
    now >= closesAt ? Math.max(planned.at, now - DAY_MS) : planned.at,
    planned.date,
  );
  const advance = (lastPromptDate: string | null) =>
    ctx.standups.setSchedule(
      standup.id,
      member.id,
      {
        nextPromptAt: following?.at ?? null,
        nextPromptDate: following ? dateKey(following.date) : null,
        scheduledZone: zone,
        lastPromptDate,
      },
      expected,
    );
  if (planned.at > now) {
    // The zone changed since this was stored: the prompt moves, nothing is asked yet.
    const moved = ctx.standups.setSchedule(
      standup.id,
      member.id,
      { nextPromptAt: planned.at, nextPromptDate: date, scheduledZone: zone },
      expected,
    );
    return moved ? 'rescheduled' : 'unchanged';
  }
  // From here on the member's schedule moves first: a tick beside this one backs off.
  if (!advance(date)) return 'unchanged';
  if (now >= closesAt) {
    ctx.logger.info(
      `standup ${standup.id}: ${member.id}'s prompt for ${date} was due while Mailroom was down and that day has closed; not sent`,
    );
    return 'missed';
  }
  const existing = ctx.standups.entryFor(standup.id, member.id, date);
  if (existing) {
    // Answered early ("tomorrow's, tonight"): the answer goes to the channel now.
    if (existing.status === 'answered' && existing.postedTs === null) {
      ctx.standups.updateEntry(existing.id, ['answered'], { postDueAt: now }, now);
    }
    return existing.status === 'answered' ? 'early' : 'unchanged';
  }
  if (awayOf(member, now)) {
    ctx.standups.insertEntry(
      {
        standupId: standup.id,
        memberId: member.id,
        date,
        status: 'away',
        promptAt: planned.at,
        closesAt,
      },
      now,
    );
    return 'away';
  }
  const { item } = ctx.queue.enqueue(
    {
      kind: 'standup_prompt',
      recipientId: member.id,
      // Nobody waits on a prompt in particular: the owner's Home would list every one.
      requesterId: null,
      channelId: standup.channelId,
      payload: { standupId: standup.id, date },
      deliverAfter: planned.at,
      idempotencyKey: promptKey(standup.id, member.id, date),
    },
    now,
  );
  ctx.standups.insertPrompted(
    {
      standupId: standup.id,
      memberId: member.id,
      date,
      promptAt: planned.at,
      closesAt,
      remindAt: reminderTime(standup, hours, planned.at, closesAt),
      promptItemId: item.id,
    },
    now,
  );
  return 'prompted';
}

/** The prompt that is due: the stored one, or recomputed when the member's zone changed since. */
function plannedPrompt(
  ctx: ScheduleContext,
  timing: StandupTiming,
  member: Member,
  slot: StandupMember,
  zone: string,
  now: number,
): ScheduledPrompt | null {
  const stored = slot.nextPromptDate === null ? null : parseDateKey(slot.nextPromptDate);
  if (slot.scheduledZone === zone && stored && slot.nextPromptAt !== null) {
    return { at: slot.nextPromptAt, date: stored };
  }
  // Looking back a day finds a prompt the change of zone brought into the past.
  return planFor(ctx, timing, member, now - DAY_MS, slot.lastPromptDate).prompt;
}

/** The one reminder: the configured time after the prompt, in working hours, before the day closes. */
function reminderTime(
  standup: Standup,
  hours: ReturnType<typeof scheduleOf>['hours'],
  promptAt: number,
  closesAt: number,
): number | null {
  if (standup.reminderAfterMinutes === null) return null;
  try {
    const at = nextWorkingInstant(hours, promptAt + standup.reminderAfterMinutes * 60_000);
    return at < closesAt ? at : null;
  } catch {
    return null;
  }
}

/**
 * Reminds, once, each member whose prompt is still unanswered at its reminder time. The
 * reminder takes the prompt's place in their queue (so the Home tab shows one entry) and is
 * delivered in their working hours.
 */
export function remindDue(ctx: ScheduleContext): number {
  const now = ctx.clock();
  let reminded = 0;
  for (const entry of ctx.standups.dueReminders(now)) {
    ctx.standups.transaction(() => {
      const claimed = ctx.standups.updateEntry(entry.id, ['prompted'], { remindAt: null }, now);
      if (!claimed || now >= claimed.closesAt) return;
      const member = ctx.members.get(entry.memberId);
      if (!member || !canReceive(member) || awayOf(member, now)) return;
      // A paused standup reminds nobody.
      if (ctx.standups.get(entry.standupId)?.state !== 'active') return;
      enqueueForRecipient(ctx, {
        kind: 'standup_reminder',
        recipientId: entry.memberId,
        channelId: null,
        payload: { standupId: entry.standupId, date: entry.date },
        idempotencyKey: reminderKey(entry.standupId, entry.memberId, entry.date),
      });
      const prompt = entry.promptItemId === null ? undefined : ctx.queue.get(entry.promptItemId);
      if (prompt && canTransition(prompt.state, 'expired') && prompt.state !== 'sending') {
        ctx.queue.transition(prompt, 'expired', now, { lastError: 'reminded' });
      }
      reminded += 1;
    });
  }
  return reminded;
}

/** The prompt and reminder DMs an entry was asked with, as delivered. */
export function deliveredPromptItems(
  ctx: Pick<StandupsContext, 'queue'>,
  entry: Pick<StandupEntry, 'standupId' | 'memberId' | 'date'>,
): QueueItem[] {
  return [
    promptKey(entry.standupId, entry.memberId, entry.date),
    reminderKey(entry.standupId, entry.memberId, entry.date),
  ].flatMap((key) => {
    const item = ctx.queue.findByKey(key);
    return item?.deliveredTs ? [item] : [];
  });
}

/**
 * Takes the prompt and reminder of an entry out of the member's queue (answered, skipped,
 * away, or their day closed); returns those that were delivered, whose DMs should say so.
 */
export function settlePromptItems(
  ctx: Pick<StandupsContext, 'queue' | 'clock'>,
  entry: Pick<StandupEntry, 'standupId' | 'memberId' | 'date'>,
  to: 'done' | 'expired',
): QueueItem[] {
  const now = ctx.clock();
  const delivered: QueueItem[] = [];
  for (const key of [
    promptKey(entry.standupId, entry.memberId, entry.date),
    reminderKey(entry.standupId, entry.memberId, entry.date),
  ]) {
    const item = ctx.queue.findByKey(key);
    if (!item) continue;
    if (item.deliveredTs) delivered.push(item);
    if (item.state !== 'sending' && canTransition(item.state, to)) {
      ctx.queue.transition(item, to, now);
    }
  }
  return delivered;
}
