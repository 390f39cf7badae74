import { type Member, scheduleOf } from '../../../core/domain/member.js';
import type { QueueItem } from '../../../core/domain/queue.js';
import { isTeamAdmin } from '../../../core/services/authorization.js';
import type { ServiceContext } from '../../../core/services/context.js';
import { type MemberOverview, overviewOf } from '../../../core/services/people.js';
import type { HomeContext } from '../context.js';

/** How many entries a page of each Home section shows (Slack allows 100 blocks in a view). */
export const HOME_PAGE_SIZE = { waiting: 12, requested: 8, done: 5 } as const;
const DONE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface HomeEntry {
  item: QueueItem;
  /** Past its due time. */
  overdue: boolean;
  /** The other person: who asked (waiting for you) or who has it (you are waiting for). */
  other: Member | undefined;
  /** When the other person will see it, when it is still waiting for their working hours. */
  seenFrom: number | null;
}

export interface HomePage {
  entries: HomeEntry[];
  total: number;
  /** 0-based. */
  page: number;
  pages: number;
}

export interface Home {
  now: number;
  overview: MemberOverview;
  /** Open items of every kind in the person's queue, most overdue first. */
  waiting: HomePage & { overdue: number };
  /** Open items the person asked of someone else. */
  requested: HomePage;
  /** Finished in the last seven days, newest first. */
  done: { entries: HomeEntry[]; total: number };
  /** Admins also see the team's sections and settings. */
  isAdmin: boolean;
}

export interface HomePages {
  waiting: number;
  requested: number;
}

type HomeReadContext = Pick<HomeContext, 'members' | 'homeQueue' | 'queue' | 'clock' | 'settings'>;

/** Everything a person's Home tab shows, one page of each list at a time. */
export function homeOf(
  ctx: HomeReadContext,
  userId: string,
  pages: HomePages = { waiting: 0, requested: 0 },
): Home {
  const now = ctx.clock();
  const overview = overviewOf(ctx, userId);
  const counts = ctx.homeQueue.countOpenFor(userId, now);
  const waitingPage = clampPage(pages.waiting, counts.open, HOME_PAGE_SIZE.waiting);
  const waiting = ctx.homeQueue
    .openPageFor(userId, pageWindow(waitingPage, HOME_PAGE_SIZE.waiting), now)
    .map((item) => entryOf(ctx, item, item.requesterId, now));
  const requestedTotal = ctx.homeQueue.countOpenRequested(userId);
  const requestedPage = clampPage(pages.requested, requestedTotal, HOME_PAGE_SIZE.requested);
  const requested = ctx.homeQueue
    .openRequestedPage(userId, pageWindow(requestedPage, HOME_PAGE_SIZE.requested))
    .map((item) => entryOf(ctx, item, item.recipientId, now));
  const done = ctx.homeQueue.doneSince(userId, now - DONE_WINDOW_MS, HOME_PAGE_SIZE.done);
  const isAdmin = isTeamAdmin(ctx, userId);
  return {
    now,
    overview,
    waiting: {
      entries: waiting,
      total: counts.open,
      overdue: counts.overdue,
      page: waitingPage,
      pages: pageCount(counts.open, HOME_PAGE_SIZE.waiting),
    },
    requested: {
      entries: requested,
      total: requestedTotal,
      page: requestedPage,
      pages: pageCount(requestedTotal, HOME_PAGE_SIZE.requested),
    },
    done: {
      entries: done.items.map((item) => entryOf(ctx, item, item.requesterId, now)),
      total: done.total,
    },
    isAdmin,
  };
}

function entryOf(
  ctx: HomeReadContext,
  item: QueueItem,
  otherId: string | null,
  now: number,
): HomeEntry {
  const other = otherId ? ctx.members.get(otherId) : undefined;
  const waitingForHours = item.state === 'queued' || item.state === 'snoozed';
  return {
    item,
    overdue: item.dueBy !== null && item.dueBy <= now && item.state !== 'done',
    other,
    seenFrom: waitingForHours && item.deliverAfter > now ? item.deliverAfter : null,
  };
}

/** The zone a person's Home shows times in. */
export function zoneOf(ctx: Pick<ServiceContext, 'settings'>, member: Member): string {
  return scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
}

function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

function clampPage(page: number, total: number, size: number): number {
  const last = pageCount(total, size) - 1;
  return Number.isInteger(page) ? Math.min(Math.max(0, page), last) : 0;
}

function pageWindow(page: number, size: number) {
  return { offset: page * size, limit: size };
}
