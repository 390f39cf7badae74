import { afterEach, describe, expect, it } from 'vitest';
import { planSourceKey } from '../../../../src/features/plans/services/document.js';
import { proposeOwner } from '../../../../src/features/plans/services/who.js';
import { textOf } from '../../../support/blocks.js';
import type { Harness } from '../../../support/harness.js';
import { eventually, startMailroom } from '../../../support/harness.js';
import { userChangeEvent } from '../../../support/slack-requests.js';
import {
  acceptUpToHow,
  at,
  BERTA,
  channels,
  dms,
  homeTextOf,
  input,
  NOAH,
  OWEN,
  PRIYA,
  planSaying,
  press,
  reviewCard,
  START,
  startPlan,
  submit,
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a deactivated owner, through Slack', () => {
  it('a signed user_change drops Noah from the task proposed to him: his assignment never goes, Owen is told once in his hours and proposes someone else', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const plan = await startPlan(h);
    acceptUpToHow(h, plan.id);
    const ctx = h.mailroom.ctx;
    const [first = 0, second = 0] = ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
    proposeOwner(ctx, { userId: OWEN, taskId: second, candidateId: NOAH });
    // Monday 10:00 UTC is 15:30 in Kolkata, 06:00 in New York: Priya accepts hers.
    await at(h, START);
    const card = reviewCard(h, PRIYA, 'proposes you own this task');
    expect((await press(h, PRIYA, card, 'plan_accept_task')).text).toContain('You accepted');

    const noah = users.find((u) => u.id === NOAH);
    const sent = await h.sender.event(userChangeEvent({ ...noah, deleted: true }), {
      eventId: 'Ev0NOAHLEFT',
    });
    expect(sent.status).toBe(200);
    await eventually(() =>
      expect(ctx.plans.task(second)).toMatchObject({ ownerId: null, state: 'unassigned' }),
    );
    expect(ctx.plans.task(first)).toMatchObject({ ownerId: PRIYA, state: 'accepted' });
    expect(ctx.queue.withKeyPrefix(`plan-task-assignment:${second}:`).map((i) => i.state)).toEqual([
      'expired',
    ]);

    // The same event again changes nothing.
    await h.sender.event(userChangeEvent({ ...noah, deleted: true }), { eventId: 'Ev0NOAHLEFT2' });
    await at(h, '2026-03-09T10:05:00Z');
    await at(h, '2026-03-09T13:00:00Z');
    const told = dms(h, OWEN).filter((m) => textOf(m.blocks).includes('has been deactivated'));
    expect(told).toHaveLength(1);
    expect(textOf(told[0]?.blocks)).toContain(
      `<@${NOAH}> has been deactivated, so “Usage dashboard”`,
    );
    expect(dms(h, NOAH)).toEqual([]);

    const notice = told[0];
    if (!notice) throw new Error('no notice');
    const opened = await press(h, OWEN, notice, 'plan_propose_again', 'Propose someone else');
    expect(opened.view).toBeDefined();
    expect(h.logs.errors()).toEqual([]);
  });

  it('a signed user_change of the person asked to unblock a task: the plan’s message, Home, its page, canvas and List say it needs someone to unblock it, naming nobody, until Priya names Berta', async () => {
    h = await startMailroom({ now: START, slack: { users, channels } });
    const harness = h;
    const plan = await startPlan(harness);
    acceptUpToHow(harness, plan.id);
    const ctx = harness.mailroom.ctx;
    const [first = 0] = ctx.plans.tasksOf(plan.id).map((t) => t.id);
    proposeOwner(ctx, { userId: OWEN, taskId: first, candidateId: PRIYA });
    await at(harness, START);
    const card = reviewCard(harness, PRIYA, 'proposes you own this task');
    await press(harness, PRIYA, card, 'plan_accept_task');
    // The card as Slack shows it once her answer replaced it: Done and Blocked….
    const answered = [...harness.fake.responses]
      .reverse()
      .find((r) => String(r.body.text).includes('You accepted “Token endpoint”'));
    const accepted = { ...card, blocks: answered?.body.blocks as unknown[] };
    const block = async (unblockerId: string) => {
      const opened = await press(harness, PRIYA, accepted, 'plan_task_blocked', 'Blocked…');
      if (!opened.view) throw new Error(`no modal: ${opened.text}`);
      const values = {
        plan_block_reason: { plan_block_reason: input('Waiting for keys') },
        plan_block_unblocker: {
          plan_block_unblocker: { type: 'users_select', selected_user: unblockerId },
        },
      };
      expect(await submit(harness, PRIYA, opened.view, values)).toEqual({});
    };
    await block(NOAH);
    await at(harness, '2026-03-09T10:01:00Z');
    await planSaying(harness, plan.id, `(Waiting for keys; <@${NOAH}> can unblock it)`);

    const noah = users.find((u) => u.id === NOAH);
    const sent = await harness.sender.event(userChangeEvent({ ...noah, deleted: true }), {
      eventId: 'Ev0NOAHGONE',
    });
    expect(sent.status).toBe(200);
    await eventually(() => expect(ctx.plans.task(first)?.unblockerId).toBeNull());
    // The canvas and the List take the change at their next round (10 s apart at most).
    await at(harness, '2026-03-09T10:02:00Z');
    const needs = 'needs someone to unblock it';
    const message = await planSaying(harness, plan.id, `(Waiting for keys; ${needs})`);
    const taskLines = (text: string) =>
      text.split('\n').filter((l) => l.includes('Token endpoint'));
    expect(taskLines(textOf(message.blocks)).join('\n')).not.toContain(NOAH);
    // Home's "My tasks" line (her own note of marking it blocked stays as it was sent).
    const home = (await homeTextOf(harness, PRIYA))
      .split('\n')
      .filter((l) => l.includes('due *2026-04-10*'))
      .join('\n');
    expect(home).toContain(`due *2026-04-10* · blocked, ${needs}`);
    expect(home).not.toContain(NOAH);
    const page = ctx.knowledge.findBySourceKey(planSourceKey(plan.id))?.body ?? '';
    expect(page).toContain(`- Token endpoint, due 2026-04-10: blocked, ${needs}: Waiting for keys`);
    const canvas = await eventually(() => {
      const [made] = [...harness.fake.canvases.values()];
      expect(made?.markdown).toContain(`| blocked, ${needs} | 2026-04-10 |`);
      return made;
    });
    expect(taskLines(canvas?.markdown ?? '').join('\n')).not.toContain(NOAH);
    const [list] = [...harness.fake.lists.values()];
    if (!list) throw new Error('no List');
    const row = harness.fake.listRows(list.id).find((r) => r.Task === 'Token endpoint');
    expect(row).toMatchObject({ State: 'blocked' });
    expect(JSON.stringify(row)).not.toContain('noah');

    // Priya names Berta: the task waits on her.
    await block(BERTA);
    await at(harness, '2026-03-09T10:03:00Z');
    await planSaying(harness, plan.id, `(Waiting for keys; <@${BERTA}> can unblock it)`);
    expect(await homeTextOf(harness, PRIYA)).not.toContain(needs);
    await eventually(() => {
      const [made] = [...harness.fake.canvases.values()];
      expect(made?.markdown).not.toContain(needs);
    });
    expect(h.logs.errors()).toEqual([]);
  });
});
