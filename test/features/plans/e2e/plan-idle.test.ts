import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../../../support/harness.js';
import { startMailroom } from '../../../support/harness.js';
import {
  AROHA,
  BERTA,
  CHANNEL,
  channels,
  NOAH,
  OWEN,
  PRIYA,
  START,
  slash,
  startValues,
  submit,
  users,
} from './plan-world.js';

let h: Harness | undefined;
afterEach(async () => {
  h?.fake.releaseHung();
  await h?.stop();
  h = undefined;
});

/** Lets every callback already due run, a few times over: no time passes for Mailroom's sake. */
async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('Mailroom says when it is done with a request', () => {
  it('once the plan is posted, its permalink kept and its canvas made, not when Slack had its answer', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    const { view } = await slash(harness, OWEN, 'Partner API');
    if (!view) throw new Error('no form');
    const values = startValues({ why: [AROHA, PRIYA], what: [NOAH], how: [BERTA, NOAH] });
    await submit(harness, OWEN, view, values);
    await harness.mailroom.idle();

    const plan = harness.mailroom.ctx.plans.ownedBy(OWEN)[0];
    expect(plan?.messageTs).toBeTruthy();
    expect(plan?.permalink).toContain(CHANNEL);
    expect([...harness.fake.canvases.values()].map((c) => c.channelTab)).toEqual([CHANNEL]);
    expect(
      harness.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL),
    ).toHaveLength(1);
  });

  it('waits for the canvas work a plan’s form set going after its answer, however long Slack takes', async () => {
    const harness = await startMailroom({ now: START, slack: { users, channels } });
    h = harness;
    harness.fake.hang('conversations.canvases.create');
    const { view } = await slash(harness, OWEN, 'Partner API');
    if (!view) throw new Error('no form');
    const values = startValues({ why: [AROHA, PRIYA], what: [NOAH], how: [BERTA, NOAH] });
    expect(await submit(harness, OWEN, view, values)).toEqual({});

    let done = false;
    const idle = harness.mailroom.idle().then(() => {
      done = true;
    });
    while (harness.fake.hungCalls === 0) await turns(1);
    await turns();
    // The form was answered long ago; the canvas is still being made.
    expect(done).toBe(false);
    harness.fake.releaseHung();
    await idle;
    expect(done).toBe(true);
    expect(harness.fake.hungCalls).toBe(0);
  });
});
