import { describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { buildReport } from '../../../../src/features/standups/services/days.js';
import {
  ENTRY_KEPT_MS,
  pruneStandupAnswers,
} from '../../../../src/features/standups/services/retention.js';
import { saveStandup } from '../../../../src/features/standups/services/setup.js';
import { reportMessages } from '../../../../src/features/standups/slack/views/channel-posts.js';
import { standupTexts } from '../../../../src/features/standups/slack/views/texts.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

const DAY = 24 * 60 * 60 * 1000;
const CHANNEL = 'C0TEAM';
const BOT = 'U0BOT';
const TODAY = '2026-03-30';

/** A daily standup in UTC whose two members have answered (UANN) or not (UMISS) for `days` days. */
function world(retention: { standupAnswersMs?: number }, days: number) {
  const clock = testClock(`${TODAY}T22:00:00Z`);
  const ctx = serviceContext(clock, { retention });
  ctx.members.upsertProfiles(
    [profile('UANN'), profile('UMISS'), profile(BOT, { isBot: true })],
    clock(),
  );
  ctx.channels.upsert(
    { id: CHANNEL, name: 'team', isPrivate: false, isIm: false, archived: false },
    clock(),
  );
  ctx.channels.setMembers(CHANNEL, ['UANN', 'UMISS', BOT], clock());
  const { standup } = saveStandup(ctx, standupTexts, {
    userId: 'UANN',
    channelId: CHANNEL,
    standupId: null,
    form: {
      name: 'Daily',
      questionsText: 'What did you do?\nWhat will you do?',
      asksBlockers: true,
      days: ['1', '2', '3', '4', '5', '6', '7'],
      promptMode: 'member_zone',
      promptTime: '09:30',
      teamZone: 'UTC',
      memberMode: 'channel',
      chosenMemberIds: [],
      destination: 'thread',
      reportTime: '23:00',
      reminder: 'none',
    },
    botUserId: BOT,
  });
  const today = Date.parse(`${TODAY}T09:30:00Z`);
  for (let back = days - 1; back >= 0; back -= 1) {
    const promptAt = today - back * DAY;
    const date = new Date(promptAt).toISOString().slice(0, 10);
    // A day closes at the next prompt; today's is still open.
    const closed = back > 0 ? { closedAt: promptAt + DAY } : {};
    ctx.standups.insertEntry(
      {
        standupId: standup.id,
        memberId: 'UANN',
        date,
        status: 'answered',
        promptAt,
        closesAt: promptAt + DAY,
        answers: [`shipped thing ${date}`, `next thing ${date}`],
        blockerText: back === 3 ? 'waiting on the staging keys' : null,
        answeredAt: promptAt + 60_000,
        ...closed,
      },
      promptAt,
    );
    ctx.standups.insertEntry(
      {
        standupId: standup.id,
        memberId: 'UMISS',
        date,
        status: back === 0 ? 'prompted' : back % 2 === 0 ? 'answered' : 'missed',
        promptAt,
        closesAt: promptAt + DAY,
        answers: back % 2 === 0 ? [`umiss ${date}`, 'more'] : null,
        ...closed,
      },
      promptAt,
    );
  }
  return { clock, ctx, standup };
}

function entries(ctx: MailroomContext) {
  return ctx.db.$client
    .prepare(
      'select member_id as memberId, date, status, answers, blocker_text as blocker from standup_entries order by date, member_id',
    )
    .all() as {
    memberId: string;
    date: string;
    status: string;
    answers: string | null;
    blocker: string | null;
  }[];
}

function participationLine(ctx: MailroomContext, standup: ReturnType<typeof world>['standup']) {
  const [report] = reportMessages(buildReport(ctx, standup, TODAY));
  return JSON.stringify(report?.blocks).match(/Last 4 weeks, answered of asked: [^"]*/)?.[0];
}

describe('standup answer retention', () => {
  it('keeps every answer when STANDUP_ANSWER_RETENTION_DAYS is not set', async () => {
    const { ctx, clock } = world({}, 50);
    const before = entries(ctx);
    const report = await pruneStandupAnswers(ctx, clock());
    expect(report).toEqual({ answersErased: 0, entriesDeleted: 0, blockersDeleted: 0 });
    expect(entries(ctx)).toEqual(before);
  });

  it('erases what members wrote in days closed before the retention, and the four-week participation line keeps working', async () => {
    const { ctx, clock, standup } = world({ standupAnswersMs: 2 * DAY }, 28);
    const lineBefore = participationLine(ctx, standup);
    expect(lineBefore).toBe(
      'Last 4 weeks, answered of asked: Person UANN 28/28 · Person UMISS 13/28',
    );
    const logged: string[] = [];
    ctx.logger.info = (message: unknown) => {
      logged.push(String(message));
    };

    const report = await pruneStandupAnswers(ctx, clock());

    const rows = entries(ctx);
    // Days closed two days ago or more keep who answered, not what they wrote.
    const closedLongAgo = rows.filter((r) => r.date < '2026-03-28');
    expect(closedLongAgo.length).toBeGreaterThan(0);
    for (const row of closedLongAgo) expect(row).toMatchObject({ answers: null, blocker: null });
    expect(rows.find((r) => r.date === '2026-03-29' && r.memberId === 'UANN')?.answers).toContain(
      'shipped thing 2026-03-29',
    );
    expect(rows.find((r) => r.date === TODAY && r.memberId === 'UANN')?.answers).toContain(
      'shipped thing 2026-03-30',
    );
    expect(rows).toHaveLength(56);
    expect(report.answersErased).toBe(closedLongAgo.filter((r) => r.status === 'answered').length);
    expect(report.entriesDeleted).toBe(0);
    expect(participationLine(ctx, standup)).toBe(lineBefore);
    expect(logged).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Retention: erased the answers of ${report.answersErased} standup days closed before 2026-03-28T22:00:00.000Z \\(STANDUP_ANSWER_RETENTION_DAYS\\)\\.$`,
        ),
      ),
    ]);
    // Yesterday's plan comes from a day still kept, never from an erased one.
    expect(ctx.standups.lastAnswerBefore(standup.id, 'UANN', '2026-03-28')).toBeUndefined();
    expect(ctx.standups.lastAnswerBefore(standup.id, 'UANN', TODAY)?.date).toBe('2026-03-29');
  });

  it('deletes the entries once participation no longer counts them, in bounded batches', async () => {
    const { ctx, clock, standup } = world({ standupAnswersMs: DAY }, 60);
    const lineBefore = participationLine(ctx, standup);
    const first = await pruneStandupAnswers(ctx, clock(), { batch: 10, maxBatches: 2 });
    // Each kind of work stops after two batches of ten: the rest waits for the next run.
    expect(first.answersErased).toBe(20);
    expect(first.entriesDeleted).toBe(20);
    let runs = 1;
    while (runs < 20) {
      const next = await pruneStandupAnswers(ctx, clock(), { batch: 10, maxBatches: 2 });
      runs += 1;
      if (next.answersErased === 0 && next.entriesDeleted === 0) break;
    }
    const oldest = Date.parse(`${TODAY}T22:00:00Z`) - ENTRY_KEPT_MS;
    const rows = entries(ctx);
    // What closed before the participation window's keep is gone; the four weeks are all there.
    expect(rows.every((r) => Date.parse(`${r.date}T09:30:00Z`) + DAY >= oldest)).toBe(true);
    expect(rows.filter((r) => r.date >= '2026-03-03')).toHaveLength(56);
    expect(participationLine(ctx, standup)).toBe(lineBefore);
  });

  it('deletes blockers settled before the retention, and keeps open ones whatever their age', async () => {
    const { ctx, clock, standup } = world({ standupAnswersMs: DAY }, 5);
    const old = clock() - 10 * DAY;
    const settled = ctx.standups.insertBlocker(
      {
        standupId: standup.id,
        entryId: null,
        fromMemberId: 'UANN',
        text: 'the old keys',
        ownerId: 'UMISS',
        date: '2026-03-20',
      },
      old,
    );
    ctx.db.$client
      .prepare("update standup_blockers set state = 'resolved', resolved_at = ? where id = ?")
      .run(old, settled.id);
    const open = ctx.standups.insertBlocker(
      {
        standupId: standup.id,
        entryId: null,
        fromMemberId: 'UANN',
        text: 'still blocked',
        ownerId: 'UMISS',
        date: '2026-03-20',
      },
      old,
    );
    const report = await pruneStandupAnswers(ctx, clock());
    expect(report.blockersDeleted).toBe(1);
    expect(ctx.standups.blocker(settled.id)).toBeUndefined();
    expect(ctx.standups.blocker(open.id)?.text).toBe('still blocked');
  });
});
