import { addDays } from '../../../core/domain/local-time.js';
import { nameOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { enqueueForRecipient } from '../../../core/services/queue.js';
import type { StandupsContext } from '../context.js';
import { dateKey, nextReport, parseDateKey, reportAt } from '../domain/schedule.js';
import { answerTimingOf, participationOf, tallyDay } from '../domain/standup.js';
import type { Standup, StandupEntry } from '../store/standup-repository.js';
import {
  type AnswerPost,
  type DayReport,
  type PromptOutcome,
  StandupChannelGone,
  type StandupPoster,
  type StandupPostPurpose,
  type StandupTexts,
  type StandupThread,
} from './ports.js';
import { deliveredPromptItems, settlePromptItems } from './schedule.js';

/**
 * A standup's days in its channel: the daily message the answers go under, the answers as
 * they come (or in one summary), the report, and the late answers that update it.
 */

type DayContext = Pick<
  StandupsContext,
  'standups' | 'members' | 'channels' | 'queue' | 'clock' | 'settings' | 'logger'
>;

/** A report this late is not posted: the day closes quietly instead of flooding the channel. */
const STALE_REPORT_MS = 6 * 60 * 60 * 1000;
/** The report's participation line counts this many days back. */
export const PARTICIPATION_DAYS = 28;

/**
 * Runs one day's channel work at a time, per standup and date, in this process: two answers
 * arriving together must not both post the daily message. Each caller reads the store afresh.
 */
const running = new Map<string, Promise<unknown>>();
async function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = running.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  running.set(key, mine);
  try {
    return await mine;
  } finally {
    if (running.get(key) === mine) running.delete(key);
  }
}

function nameFor(ctx: Pick<StandupsContext, 'members'>, id: string): string {
  const member = ctx.members.get(id);
  return member ? nameOf(member) : id;
}

/** An answer as the channel shows it. */
export function answerPostOf(
  ctx: Pick<StandupsContext, 'members' | 'standups'>,
  standup: Standup,
  entry: StandupEntry,
): AnswerPost {
  const texts = entry.answers ?? [];
  const answers = standup.questions
    .map((question, i) => ({ question, text: (texts[i] ?? '').trim() }))
    .filter((a) => a.text !== '');
  const date = parseDateKey(entry.date);
  return {
    entry,
    name: nameFor(ctx, entry.memberId),
    answers,
    blocker:
      entry.blockerText && entry.blockerText.trim() !== ''
        ? { text: entry.blockerText, ownerName: nameFor(ctx, blockerHolderOf(ctx, standup, entry)) }
        : null,
    timing: date ? answerTimingOf(entry, reportAt(standup, date)) : 'on_time',
  };
}

/** Who holds the entry's blocker now ("Not me" passes it on), else whom it was raised with. */
function blockerHolderOf(
  ctx: Pick<StandupsContext, 'standups'>,
  standup: Standup,
  entry: StandupEntry,
): string {
  const open = ctx.standups.blockersOfEntry(entry.id).find((b) => b.state === 'open');
  return open?.ownerId ?? entry.blockerOwnerId ?? standup.ownerId;
}

/** The day's thread: the daily message, queued by whoever needs it first. */
function dayThread(
  ctx: DayContext,
  poster: StandupPoster,
  standup: Standup,
  date: string,
  report?: DayReport,
): StandupThread {
  const day = ctx.standups.ensureDay(standup.id, date, ctx.clock());
  if (day.threadTs) return { ts: day.threadTs };
  return poster.queueDay(standup, date, report);
}

/** The delivery worker posted one of a standup's channel messages: where it is, for what follows. */
export function recordStandupPost(
  ctx: Pick<StandupsContext, 'standups'>,
  purpose: StandupPostPurpose,
  ts: string,
): void {
  switch (purpose.kind) {
    case 'standup_day':
      ctx.standups.setDayThread(purpose.standupId, purpose.date, ts);
      return;
    case 'standup_answer':
      ctx.standups.markPosted(purpose.entryId, ts, purpose.postDueAt);
      return;
    case 'standup_report':
      // A summary is the thread late answers join.
      if (purpose.startsThread) ctx.standups.setDayThread(purpose.standupId, purpose.date, ts);
      ctx.standups.setReportTs(purpose.standupId, purpose.date, ts);
      return;
  }
}

/**
 * Posts an answer (or its edit) in the channel if its time has come: in the day's thread as it
 * comes (thread mode), or, in summary mode, only once the summary is out (a late answer joins
 * its thread). A first post is queued (and stays due until it is in Slack); an edit rewrites
 * it. Returns false when there was nothing to post yet.
 */
export async function publishAnswer(
  ctx: DayContext,
  poster: StandupPoster,
  entryId: number,
): Promise<boolean> {
  const first = ctx.standups.entry(entryId);
  if (!first) return false;
  return serially(`${first.standupId}:${first.date}`, async () => {
    const entry = ctx.standups.entry(entryId);
    const standup = entry && ctx.standups.get(entry.standupId);
    const dueAt = entry?.postDueAt;
    if (!entry || !standup || standup.state === 'deleted' || dueAt == null) return false;
    // Paused because its channel would not take posts: they wait for it to be resumed.
    if (standup.state === 'paused' && standup.pausedReason !== null) return false;
    if (entry.status !== 'answered' || dueAt > ctx.clock()) return false;
    const day = ctx.standups.day(standup.id, entry.date);
    const inSummary =
      day?.reportTs && entry.answeredAt !== null && entry.answeredAt <= (day.reportedAt ?? 0);
    if (standup.destination === 'summary' && (!day?.threadTs || inSummary)) {
      // The summary carries it (an edit after the report rewrites the summary).
      ctx.standups.clearPost(entry.id);
      if (inSummary) await refreshReport(ctx, poster, standup, entry.date);
      return false;
    }
    const post = answerPostOf(ctx, standup, entry);
    if (!entry.postedTs) {
      const queued = poster.queueAnswer(standup, dayThread(ctx, poster, standup, entry.date), post);
      // A late answer changes the report's tally.
      if (queued && day?.reportTs) await refreshReport(ctx, poster, standup, entry.date);
      return true;
    }
    try {
      await poster.updateAnswer(standup, entry.postedTs, post);
      ctx.standups.markPosted(entry.id, entry.postedTs, dueAt);
      return true;
    } catch (error) {
      if (error instanceof StandupChannelGone)
        await pauseForChannel(ctx, poster.texts, standup, error);
      else ctx.logger.warn(`updating standup answer ${entry.id} failed; it is tried again`, error);
      return false;
    }
  });
}

/**
 * Rewrites a posted report (and, in thread mode, the tally on the daily message) after the day
 * changed: a late answer, or an edit of an answer the summary holds.
 */
async function refreshReport(
  ctx: DayContext,
  poster: StandupPoster,
  standup: Standup,
  date: string,
): Promise<void> {
  const day = ctx.standups.day(standup.id, date);
  if (!day?.reportTs) return;
  const report = buildReport(ctx, standup, date);
  await poster.updateReport(report, day.reportTs);
  if (standup.destination === 'thread' && day.threadTs)
    await poster.updateDay(report, day.threadTs);
}

/** Answers (and edits) whose time has come and that are not in the channel yet. */
export async function postDueAnswers(ctx: DayContext, poster: StandupPoster): Promise<number> {
  let posted = 0;
  for (const entry of ctx.standups.duePosts(ctx.clock())) {
    if (await publishAnswer(ctx, poster, entry.id)) posted += 1;
  }
  return posted;
}

/** Builds a day's report from the store (pure reading, no Slack). */
export function buildReport(ctx: DayContext, standup: Standup, date: string): DayReport {
  const day = parseDateKey(date);
  if (!day) throw new Error(`standup ${standup.id}: bad date ${date}`);
  const entries = ctx.standups.entriesOfDay(standup.id, date);
  const pending = ctx.standups
    .membersOf(standup.id)
    .filter((m) => m.nextPromptDate === date)
    .map((m) => m.memberId);
  const tally = tallyDay(entries, reportAt(standup, day), pending);
  // A blocker written ahead is listed from the day it is for.
  const openBlockers = ctx.standups
    .openBlockers(standup.id)
    .filter((b) => b.date <= date)
    .map((b) => ({ text: b.text, fromId: b.fromMemberId, ownerId: b.ownerId, since: b.date }));
  const since = dateKey(addDays(day, -(PARTICIPATION_DAYS - 1)));
  const participation = participationOf(ctx.standups.entriesBetween(standup.id, since, date));
  const ids = new Set<string>([
    ...entries.map((e) => e.memberId),
    ...pending,
    ...openBlockers.flatMap((b) => [b.fromId, b.ownerId]),
    ...participation.map((p) => p.memberId),
  ]);
  const names = new Map([...ids].map((id) => [id, nameFor(ctx, id)]));
  // The summary holds the answers given by its time; later ones are in its thread.
  const reportedAt = ctx.standups.day(standup.id, date)?.reportedAt ?? ctx.clock();
  const answers =
    standup.destination === 'summary'
      ? entries
          .filter(
            (e) =>
              e.status === 'answered' &&
              e.promptAt <= reportedAt &&
              (e.answeredAt ?? 0) <= reportedAt,
          )
          .map((e) => answerPostOf(ctx, standup, e))
      : [];
  return { standup, date, names, tally, openBlockers, participation, answers };
}

/**
 * Posts each standup day's report that is due (who has not answered by then is listed as such;
 * they may still answer, late, until their next prompt). A report found hours late (after an
 * outage) is not posted.
 */
export async function reportDue(ctx: DayContext, poster: StandupPoster): Promise<number> {
  const now = ctx.clock();
  let reported = 0;
  for (const standup of ctx.standups.dueReports(now)) {
    const date = standup.nextReportDate;
    const due = standup.nextReportAt;
    if (date === null || due === null) continue;
    try {
      if (await reportOne(ctx, poster, standup, date, due)) reported += 1;
    } catch (error) {
      ctx.logger.error(`the report of standup ${standup.id} for ${date} failed`, error);
    }
  }
  return reported;
}

async function reportOne(
  ctx: DayContext,
  poster: StandupPoster,
  standup: Standup,
  date: string,
  due: number,
): Promise<boolean> {
  const now = ctx.clock();
  const advance = () => ctx.standups.setNextReport(standup.id, nextReportKey(standup, due));
  if (!ctx.standups.claimReport(standup.id, date, now)) {
    advance();
    return false;
  }
  if (now - due > STALE_REPORT_MS) {
    ctx.logger.info(`standup ${standup.id}: the report for ${date} is hours late; not posted`);
    advance();
    return false;
  }
  try {
    const sent = await serially(`${standup.id}:${date}`, async () => {
      const report = buildReport(ctx, standup, date);
      // Nobody was asked that day (the standup began after its prompts): nothing to say.
      if (Object.values(report.tally).every((ids) => ids.length === 0)) return false;
      const thread =
        standup.destination === 'thread' ? dayThread(ctx, poster, standup, date, report) : null;
      poster.queueReport(report, thread);
      if (thread && 'ts' in thread) await poster.updateDay(report, thread.ts);
      return true;
    });
    advance();
    return sent;
  } catch (error) {
    // Tried again next minute, unless the day has gone stale by then.
    ctx.standups.releaseReport(standup.id, date);
    throw error;
  }
}

function nextReportKey(standup: Standup, after: number) {
  const next = nextReport(standup, after);
  return { at: next.at, date: dateKey(next.date) };
}

/**
 * Closes the days whose answer window ended (the member's next prompt came): a prompt never
 * answered is missed and leaves the member's queue; the DMs of both lose their buttons.
 */
export async function closeEndedPrompts(ctx: DayContext, poster: StandupPoster): Promise<number> {
  const now = ctx.clock();
  const closed: { item: QueueItem; outcome: PromptOutcome }[] = [];
  ctx.standups.transaction(() => {
    for (const entry of ctx.standups.endedEntries(now)) {
      const patch =
        entry.status === 'prompted'
          ? { status: 'missed' as const, remindAt: null, closedAt: now }
          : { closedAt: now };
      const ended = ctx.standups.updateEntry(entry.id, [entry.status], patch, now);
      const standup = ended && ctx.standups.get(entry.standupId);
      if (!ended || !standup) continue;
      const items =
        entry.status === 'prompted'
          ? settlePromptItems(ctx, ended, 'expired')
          : entry.status === 'answered'
            ? deliveredPromptItems(ctx, ended)
            : [];
      for (const item of items) {
        closed.push({ item, outcome: { kind: 'closed', standup, entry: ended } });
      }
    }
  });
  for (const { item, outcome } of closed) await poster.updatePrompt(item, outcome);
  return closed.length;
}

/**
 * Slack will not take the standup's posts any more (the channel was archived or deleted, or
 * Mailroom was removed from it): the standup pauses, and its owner is told why, once.
 */
export async function pauseForChannel(
  ctx: DayContext,
  texts: Pick<StandupTexts, 'pausedForChannel'>,
  standup: Standup,
  error: StandupChannelGone,
): Promise<void> {
  const reason =
    error.code === 'is_archived'
      ? 'its channel was archived'
      : error.code === 'not_in_channel'
        ? 'Mailroom was removed from its channel'
        : 'its channel is gone';
  const paused = ctx.standups.setState(standup.id, ['active'], 'paused', ctx.clock(), reason);
  if (!paused) return;
  ctx.standups.clearSchedules(standup.id);
  ctx.logger.warn(`standup ${standup.id} paused: ${reason} (${error.code})`);
  try {
    enqueueForRecipient(ctx, {
      kind: 'notice',
      recipientId: standup.ownerId,
      payload: {
        text: texts.pausedForChannel(standup.channelId, reason),
        quote: standup.name,
      },
      idempotencyKey: `standup-paused:${standup.id}:${paused.updatedAt}`,
    });
  } catch (noticeError) {
    ctx.logger.warn(`could not tell the owner of standup ${standup.id} it was paused`, noticeError);
  }
}

/** The channel was archived or deleted, or Mailroom was removed from it: its standups pause. */
export async function pauseStandupsIn(
  ctx: DayContext,
  texts: Pick<StandupTexts, 'pausedForChannel'>,
  channelId: string,
  code: 'is_archived' | 'not_in_channel' | 'channel_not_found',
): Promise<void> {
  for (const standup of ctx.standups.inChannel(channelId)) {
    if (standup.state === 'active')
      await pauseForChannel(ctx, texts, standup, new StandupChannelGone(code));
  }
}
