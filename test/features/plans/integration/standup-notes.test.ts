import { describe, expect, it } from 'vitest';
import type { MailroomContext } from '../../../../src/context.js';
import { parsePayload } from '../../../../src/core/domain/queue.js';
import type { StandupNoteList } from '../../../../src/core/services/standup-notes.js';
import type { TaskState } from '../../../../src/features/plans/domain/who.js';
import {
  PLAN_TASK_NOTES_KIND,
  planTaskStandupNotes,
} from '../../../../src/features/plans/services/standup-notes.js';
import { myTasks } from '../../../../src/features/plans/services/who.js';
import type { StandupSetupInput } from '../../../../src/features/standups/domain/standup.js';
import { promptDueMembers } from '../../../../src/features/standups/services/schedule.js';
import { saveStandup } from '../../../../src/features/standups/services/setup.js';
import { standupItemRenderers } from '../../../../src/features/standups/slack/renderers.js';
import { MAX_NOTES_SHOWN } from '../../../../src/features/standups/slack/views/messages.js';
import { standupTexts } from '../../../../src/features/standups/slack/views/texts.js';
import { textOf } from '../../../support/blocks.js';
import { profile, serviceContext, testClock } from '../../../support/store.js';

const OWEN = 'UOWEN'; // London
const AROHA = 'UAROHA'; // Auckland
const NOAH = 'UNOAH'; // New York
const PRIYA = 'UPRIYA'; // Kolkata
const OUT = 'UOUT'; // in none of the plans' channels
const BOT = 'U0BOT';
const PLAN_CHANNEL = 'CPLAN';
const OTHER_CHANNEL = 'COTHER';
const QUIET_CHANNEL = 'CQUIET';
const PERMALINK = 'https://example.slack.com/archives/CPLAN/p1';

function world(now: string) {
  const clock = testClock(now);
  const ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [
      profile(OWEN, { timeZone: 'Europe/London' }),
      profile(AROHA, { timeZone: 'Pacific/Auckland' }),
      profile(NOAH, { timeZone: 'America/New_York' }),
      profile(PRIYA, { timeZone: 'Asia/Kolkata' }),
      profile(OUT, { timeZone: 'Europe/London' }),
      profile(BOT, { isBot: true }),
    ],
    clock(),
  );
  for (const id of [PLAN_CHANNEL, OTHER_CHANNEL, QUIET_CHANNEL]) {
    ctx.channels.upsert(
      { id, name: id.toLowerCase(), isPrivate: true, isIm: false, archived: false },
      clock(),
    );
    ctx.channels.setMembers(id, [OWEN, AROHA, NOAH, PRIYA, BOT], clock());
  }
  return { clock, ctx };
}

interface TaskSpec {
  title: string;
  due: string;
  owner: string;
  state: TaskState | 'blocked' | 'done';
}

/** A plan in `channelId` with its tasks, each owned as given (states this version lacks set as stored). */
function planWith(ctx: MailroomContext, channelId: string, title: string, tasks: TaskSpec[]) {
  const now = ctx.clock();
  const plan = ctx.plans.create(
    {
      title,
      ownerId: OWEN,
      channelId,
      targetDate: '2027-03-31',
      reviewers: { why: [], what: [], how: [] },
    },
    now,
  );
  ctx.plans.update(plan.id, { permalink: `${PERMALINK}${plan.id}` }, now);
  const created = ctx.plans.syncTasks(
    plan.id,
    tasks.map((t) => ({ title: t.title, scopeItem: 1, estimate: '2d', due: t.due })),
    now,
  );
  for (const [i, spec] of tasks.entries()) {
    const task = created[i];
    if (!task) throw new Error('no task');
    const stored = spec.state === 'blocked' || spec.state === 'done' ? 'accepted' : spec.state;
    ctx.plans.setTaskOwner(task.id, stored === 'unassigned' ? null : spec.owner, stored, now, [
      'unassigned',
    ]);
    if (stored !== spec.state) {
      ctx.db.$client
        .prepare('UPDATE plan_tasks SET state = ? WHERE id = ?')
        .run(spec.state, task.id);
    }
  }
  return plan;
}

const notes = (ctx: MailroomContext, memberId: string, channelId: string, at: string) =>
  planTaskStandupNotes(ctx).notesFor({ memberId, channelId, at: Date.parse(at) });

const lines = (list: StandupNoteList | undefined) =>
  (list?.notes ?? []).map(
    (n) => `${n.title} · ${n.from.title} · ${n.detail}${n.attention ? ' !' : ''}`,
  );

describe('the plans’ standup notes: tasks due soon', () => {
  it('are the tasks its owner accepted in the plan’s channel, due within two of their working days, in four zones', () => {
    const { ctx } = world('2026-12-07T09:00:00Z');
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Token endpoint', due: '2026-12-14', owner: OWEN, state: 'accepted' },
      { title: 'Rate limits', due: '2026-12-15', owner: OWEN, state: 'accepted' },
      { title: 'Audit log', due: '2026-12-11', owner: OWEN, state: 'proposed' },
      { title: 'Dashboard', due: '2026-12-15', owner: PRIYA, state: 'accepted' },
      { title: 'Docs', due: '2026-12-16', owner: PRIYA, state: 'accepted' },
      { title: 'Webhooks', due: '2026-12-15', owner: AROHA, state: 'accepted' },
      { title: 'SDK', due: '2026-12-14', owner: NOAH, state: 'accepted' },
      { title: 'Sandbox', due: '2026-12-15', owner: NOAH, state: 'accepted' },
      { title: 'Retries', due: '2026-12-11', owner: OWEN, state: 'unassigned' },
    ]);
    planWith(ctx, OTHER_CHANNEL, 'Billing', [
      { title: 'Invoices', due: '2026-12-11', owner: OWEN, state: 'accepted' },
    ]);
    // Thursday 10 Dec, 23:30 UTC: Thursday evening in London (Friday 11, Monday 14) and New
    // York (18:30: the same two days); Friday in Kolkata (05:00) and Auckland (12:30): Monday 14,
    // Tuesday 15.
    const at = '2026-12-10T23:30:00Z';
    expect(lines(notes(ctx, OWEN, PLAN_CHANNEL, at))).toEqual([
      'Token endpoint · Partner API · due Monday 14 Dec · accepted',
    ]);
    expect(lines(notes(ctx, NOAH, PLAN_CHANNEL, at))).toEqual([
      'SDK · Partner API · due Monday 14 Dec · accepted',
    ]);
    expect(lines(notes(ctx, PRIYA, PLAN_CHANNEL, at))).toEqual([
      'Dashboard · Partner API · due Tuesday 15 Dec · accepted',
    ]);
    expect(lines(notes(ctx, AROHA, PLAN_CHANNEL, at))).toEqual([
      'Webhooks · Partner API · due Tuesday 15 Dec · accepted',
    ]);
    // Owen's task of the other channel's plan is in that channel's standup alone.
    expect(lines(notes(ctx, OWEN, OTHER_CHANNEL, at))).toEqual([
      'Invoices · Billing · due Friday 11 Dec · accepted',
    ]);
    expect(notes(ctx, PRIYA, OTHER_CHANNEL, at)).toBeUndefined();
    const list = notes(ctx, OWEN, PLAN_CHANNEL, at);
    expect(list).toMatchObject({ heading: 'Your plan tasks due soon', seeAll: 'in Home' });
    expect(list?.notes[0]?.from.link).toMatch(/^https:\/\/example\.slack\.com\//);
  });

  it('say blocked and overdue tasks, and leave out finished ones', () => {
    const { ctx } = world('2026-12-07T09:00:00Z');
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Migration', due: '2026-12-08', owner: OWEN, state: 'accepted' },
      { title: 'Search', due: '2026-12-11', owner: OWEN, state: 'blocked' },
      { title: 'Cleanup', due: '2026-12-11', owner: OWEN, state: 'done' },
      { title: 'Token endpoint', due: '2026-12-10', owner: OWEN, state: 'accepted' },
    ]);
    expect(lines(notes(ctx, OWEN, PLAN_CHANNEL, '2026-12-10T09:30:00Z'))).toEqual([
      'Migration · Partner API · was due Tuesday 8 Dec · accepted !',
      'Token endpoint · Partner API · due Thursday 10 Dec · accepted',
      'Search · Partner API · due Friday 11 Dec · blocked !',
    ]);
  });

  it('count working days in the owner’s zone across a clock change', () => {
    const { ctx } = world('2026-03-20T09:00:00Z');
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Wednesday', due: '2026-04-01', owner: OWEN, state: 'accepted' },
      { title: 'Thursday', due: '2026-04-02', owner: OWEN, state: 'accepted' },
    ]);
    // 23:30 UTC on Sunday 29 March is 00:30 on Monday 30 in London (UTC+1 from that morning):
    // Tuesday 31 and Wednesday 1 April.
    expect(lines(notes(ctx, OWEN, PLAN_CHANNEL, '2026-03-29T23:30:00Z'))).toEqual([
      'Wednesday · Partner API · due Wednesday 1 Apr · accepted',
    ]);
    // The same UTC hour a week before is still Sunday in London: Monday 23 and Tuesday 24.
    expect(notes(ctx, OWEN, PLAN_CHANNEL, '2026-03-22T23:30:00Z')).toBeUndefined();
  });

  it('say nothing to someone who can no longer see the plan’s channel', () => {
    const { ctx, clock } = world('2026-12-07T09:00:00Z');
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Token endpoint', due: '2026-12-08', owner: NOAH, state: 'accepted' },
    ]);
    expect(notes(ctx, NOAH, PLAN_CHANNEL, '2026-12-07T14:30:00Z')?.notes).toHaveLength(1);
    ctx.channels.setMembers(PLAN_CHANNEL, [OWEN, BOT], clock());
    expect(notes(ctx, NOAH, PLAN_CHANNEL, '2026-12-07T14:30:00Z')).toBeUndefined();
  });
});

const STANDUP: StandupSetupInput = {
  name: 'Daily',
  questionsText: 'What did you do?\nWhat will you do?',
  asksBlockers: true,
  days: ['1', '2', '3', '4', '5'],
  promptMode: 'member_zone',
  promptTime: '09:30',
  teamZone: 'Europe/London',
  memberMode: 'channel',
  chosenMemberIds: [],
  destination: 'thread',
  reportTime: '17:00',
  reminder: 'none',
};

/** Owen's prompts queued at his 09:30 on Wednesday 9 Dec, each rendered as his DM shows it, by channel. */
function owensPrompts(ctx: MailroomContext, clock: ReturnType<typeof testClock>) {
  clock.set('2026-12-09T09:30:00Z');
  promptDueMembers(ctx);
  const owen = ctx.members.get(OWEN);
  const render = standupItemRenderers(ctx).standup_prompt;
  if (!owen || !render) throw new Error('no Owen or no renderer');
  const byChannel = new Map<string, { text: string; blocks: unknown[] }>();
  for (const item of ctx.queue.openForRecipient(OWEN)) {
    if (item.kind !== 'standup_prompt') continue;
    const standup = ctx.standups.get(parsePayload('standup_prompt', item.payload).standupId);
    const message = render(item, {
      recipient: owen,
      usesDefaultTimeZone: false,
      defaultTimeZone: 'UTC',
      firstClaimedAt: clock(),
    });
    byChannel.set(standup?.channelId ?? '', {
      text: textOf(message.blocks),
      blocks: message.blocks,
    });
  }
  return byChannel;
}

function standupIn(ctx: MailroomContext, channelId: string) {
  saveStandup(ctx, standupTexts, {
    userId: OWEN,
    channelId,
    standupId: null,
    form: STANDUP,
    botUserId: BOT,
  });
}

describe('a member’s standup prompt', () => {
  it('shows their tasks due soon in the plan’s channel’s standup, not in another channel’s; with no standup, Home only', () => {
    const { ctx, clock } = world('2026-12-08T12:00:00Z');
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Token endpoint', due: '2026-12-10', owner: OWEN, state: 'accepted' },
      { title: 'Usage dashboard', due: '2026-12-10', owner: NOAH, state: 'accepted' },
      { title: 'Later', due: '2026-12-18', owner: OWEN, state: 'accepted' },
    ]);
    planWith(ctx, QUIET_CHANNEL, 'Quiet plan', [
      { title: 'Quiet task', due: '2026-12-10', owner: OWEN, state: 'accepted' },
    ]);
    standupIn(ctx, PLAN_CHANNEL);
    standupIn(ctx, OTHER_CHANNEL);
    const prompts = owensPrompts(ctx, clock);
    const inPlan = prompts.get(PLAN_CHANNEL)?.text ?? '';
    expect(inPlan).toContain('Time for *Daily*');
    expect(inPlan).toContain('*Your plan tasks due soon*');
    expect(inPlan).toContain(
      `• *Token endpoint* · <${PERMALINK}1|Partner API> · due Thursday 10 Dec · accepted`,
    );
    expect(inPlan).not.toContain('Usage dashboard');
    expect(inPlan).not.toContain('Later');
    expect(inPlan).not.toContain('Quiet task');
    const inOther = prompts.get(OTHER_CHANNEL)?.text ?? '';
    expect(inOther).toContain('Time for *Daily*');
    expect(inOther).not.toContain('due soon');
    expect(inOther).not.toContain('Token endpoint');
    // The quiet channel has no standup: its task is in Owen's Home alone.
    expect(
      myTasks(ctx, OWEN).map((g) => [g.plan.title, g.tasks.map((t) => t.title)]),
    ).toContainEqual(['Quiet plan', ['Quiet task']]);
  });

  it('stays within Slack’s limits with many tasks: the first few, then how many more are in Home', () => {
    const { ctx, clock } = world('2026-12-08T12:00:00Z');
    const many = Array.from({ length: 40 }, (_, i) => ({
      title: `Task ${String(i + 1).padStart(2, '0')} ${'x'.repeat(400)}`,
      due: '2026-12-10',
      owner: OWEN,
      state: 'accepted' as const,
    }));
    planWith(ctx, PLAN_CHANNEL, `Partner API ${'y'.repeat(300)}`, many);
    standupIn(ctx, PLAN_CHANNEL);
    const prompt = owensPrompts(ctx, clock).get(PLAN_CHANNEL);
    if (!prompt) throw new Error('no prompt');
    expect(prompt.text).toContain('Task 05');
    expect(prompt.text).not.toContain('Task 06');
    expect(prompt.text).toContain(`…and ${40 - MAX_NOTES_SHOWN} more in Home`);
    expect(prompt.blocks.length).toBeLessThanOrEqual(50);
    for (const block of prompt.blocks as { text?: { text: string } }[]) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });

  it('goes out whatever a provider of notes does: one that fails is left out', () => {
    const { ctx, clock } = world('2026-12-08T12:00:00Z');
    ctx.hooks.onStandupNotes({
      kind: 'broken',
      notesFor: () => {
        throw new Error('broken provider');
      },
    });
    expect(() => ctx.hooks.onStandupNotes(planTaskStandupNotes(ctx))).toThrow(PLAN_TASK_NOTES_KIND);
    planWith(ctx, PLAN_CHANNEL, 'Partner API', [
      { title: 'Token endpoint', due: '2026-12-10', owner: OWEN, state: 'accepted' },
    ]);
    standupIn(ctx, PLAN_CHANNEL);
    expect(owensPrompts(ctx, clock).get(PLAN_CHANNEL)?.text).toContain('Token endpoint');
  });
});
