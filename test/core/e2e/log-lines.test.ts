import { afterEach, describe, expect, it } from 'vitest';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';
import { appHomeOpenedEvent } from '../../support/slack-requests.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Line = Record<string, unknown> & { msg: string };

/** Every line Mailroom wrote, each of which must be one JSON object. */
function linesOf(harness: Harness): Line[] {
  return harness.logLines.map((line) => {
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    return JSON.parse(line) as Line;
  });
}

function start(level: string) {
  return startMailroom({
    now: '2026-03-09T14:00:00Z',
    slack: { users: [{ id: 'U0ADA', name: 'ada', tz: 'Europe/London' }] },
    env: { LOG_LEVEL: level },
    logLines: true,
  });
}

describe('log lines', () => {
  it('are JSON with a timestamp, and a listener’s lines name the signed request and Slack’s event', async () => {
    h = await start('debug');
    await h.mailroom.syncDirectory();
    const response = await h.sender.event(appHomeOpenedEvent('U0ADA'), { eventId: 'Ev0LOGLINES' });
    expect(response.status).toBe(200);
    await h.fake.waitForCall('views.publish');
    const harness = h;
    const publish = await eventually(() => {
      const found = linesOf(harness).find((l) => l.msg === "apiCall('views.publish') start");
      expect(found).toBeDefined();
      return found as Line;
    });
    expect(publish).toMatchObject({
      level: 20,
      severity: 'DEBUG',
      event: 'Ev0LOGLINES',
      request: expect.stringMatching(/^\d+-[0-9a-f]{12}$/),
    });
    for (const line of linesOf(h)) {
      expect(new Date(String(line.time)).toISOString()).toBe(line.time);
    }
    // Lines outside any request name none.
    const sync = linesOf(h).find((l) => l.msg === "apiCall('users.list') start");
    expect(sync).toBeDefined();
    expect(sync).not.toHaveProperty('request');
    expect(sync).not.toHaveProperty('item');
  });

  it('name the queue item being delivered, and a failure is one line with its cause', async () => {
    h = await start('warn');
    await h.mailroom.syncDirectory();
    const { ctx } = h.mailroom;
    const { item } = ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: 'U0ADA',
        payload: { text: 'A notice' },
        deliverAfter: ctx.clock(),
        idempotencyKey: 'log-lines',
      },
      ctx.clock(),
    );
    h.fake.failNext('chat.postMessage', 'channel_is_archived_but_retry');
    await h.mailroom.tick();
    const failed = linesOf(h).find((l) => l.msg.startsWith(`delivery of queue item ${item.id}`));
    expect(failed).toMatchObject({
      severity: 'WARN',
      item: item.id,
      kind: 'notice',
      err: {
        type: 'DeliveryError',
        message: expect.stringContaining('channel_is_archived_but_retry'),
        cause: {
          message: expect.stringContaining('channel_is_archived_but_retry'),
          data: { ok: false, error: 'channel_is_archived_but_retry' },
        },
      },
    });
    expect(JSON.stringify(failed)).not.toContain(h.fake.botToken);
  });
});
