import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeUser } from '../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../support/harness.js';

const HOUR = 60 * 60 * 1000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Twelve people in London, at work at 14:00 UTC in March; the last one's DM will hang. */
const people: FakeUser[] = Array.from({ length: 12 }, (_, i) => ({
  id: `U0P${String(i).padStart(2, '0')}`,
  name: `person${i}`,
  realName: `Person ${i}`,
  tz: 'Europe/London',
}));
const HUNG = 'U0P11';

/** One sample of Prometheus's text format: `name{label="value",…} number`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (wanted.every(([key, value]) => have[key] === value)) return Number(match[3]);
  }
  return 0;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

function enqueueNotices(harness: Harness): void {
  const { ctx } = harness.mailroom;
  for (const person of people) {
    ctx.queue.enqueue(
      {
        kind: 'notice',
        recipientId: person.id,
        payload: { text: `Your item, ${person.realName}` },
        deliverAfter: ctx.clock(),
        idempotencyKey: `wave:${person.id}`,
      },
      ctx.clock(),
    );
  }
}

describe('GET /metrics', () => {
  it('shows a delivery wave as it goes: the queue drains, sends and retries are counted per method', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    enqueueNotices(h);
    const before = await scrape(h.baseUrl);
    expect(sample(before, 'mailroom_queue_due_items', { kind: 'notice' })).toBe(12);
    expect(sample(before, 'mailroom_queue_items', { kind: 'notice', state: 'queued' })).toBe(12);
    expect(sample(before, 'mailroom_queue_oldest_due_age_seconds', { kind: 'notice' })).toBe(0);
    expect(sample(before, 'mailroom_queue_due_items', { kind: 'question' })).toBe(0);
    expect(sample(before, 'mailroom_deliveries_total', { outcome: 'delivered' })).toBe(0);

    // Ten minutes on, nothing sent yet: the oldest due item has waited that long.
    h.clock.advance(10 * 60_000);
    const waiting = await scrape(h.baseUrl);
    expect(sample(waiting, 'mailroom_queue_oldest_due_age_seconds', { kind: 'notice' })).toBe(600);

    // The wave: the first post is rate limited, one person's post hangs on Slack.
    h.fake.rateLimitNext('chat.postMessage', { retryAfterSeconds: 1 });
    h.fake.hang('chat.postMessage', { match: (args) => args.channel === HUNG });
    const wave = h.mailroom.tick();
    await vi.waitFor(
      () => {
        expect(h?.fake.hungCalls).toBe(1);
        expect(h?.fake.callsTo('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(
          11,
        );
      },
      { timeout: 15_000 },
    );
    // The fake has the posts; Mailroom counts each once Slack's answer reaches it.
    const delivered = { method: 'chat.postMessage', kind: 'notice', outcome: 'delivered' };
    let during = '';
    await vi.waitFor(async () => {
      during = await scrape(h?.baseUrl ?? '');
      expect(sample(during, 'mailroom_deliveries_total', delivered)).toBe(11);
    });
    expect(sample(during, 'mailroom_delivery_sending')).toBe(1);
    expect(sample(during, 'mailroom_queue_items', { kind: 'notice', state: 'sending' })).toBe(1);
    expect(sample(during, 'mailroom_queue_due_items', { kind: 'notice' })).toBe(0);
    expect(
      sample(during, 'mailroom_deliveries_total', {
        method: 'chat.postMessage',
        kind: 'notice',
        outcome: 'rate_limited',
      }),
    ).toBe(1);
    const calls = { method: 'chat.postMessage' };
    expect(sample(during, 'mailroom_slack_api_calls_total', { ...calls, status: '429' })).toBe(1);
    expect(sample(during, 'mailroom_slack_api_calls_total', { ...calls, status: '200' })).toBe(11);
    expect(
      sample(during, 'mailroom_slack_api_call_duration_seconds_count', {
        method: 'chat.postMessage',
      }),
    ).toBe(12);

    // The hung call is cut off: in doubt, looked up, and sent again as a retry.
    h.fake.releaseHung();
    await wave;
    h.clock.advance(HOUR);
    await h.mailroom.tick();
    const after = await scrape(h.baseUrl);
    expect(sample(after, 'mailroom_deliveries_total', delivered)).toBe(12);
    expect(
      sample(after, 'mailroom_deliveries_total', {
        method: 'chat.postMessage',
        kind: 'notice',
        outcome: 'in_doubt',
      }),
    ).toBe(1);
    expect(
      sample(after, 'mailroom_delivery_retries_total', {
        method: 'chat.postMessage',
        kind: 'notice',
      }),
    ).toBe(1);
    expect(sample(after, 'mailroom_queue_due_items', { kind: 'notice' })).toBe(0);
    expect(sample(after, 'mailroom_queue_items', { kind: 'notice', state: 'delivered' })).toBe(12);
    expect(sample(after, 'mailroom_delivery_sending')).toBe(0);
    expect(
      sample(after, 'mailroom_slack_api_calls_total', {
        method: 'conversations.history',
        status: '200',
      }),
    ).toBeGreaterThan(0);
  });

  it("counts Slack's requests by kind and status, and each search", async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    await h.sender.slashCommand({
      command: '/ask',
      text: 'how do I rotate the signing secret?',
      userId: 'U0P00',
      channelId: 'C0GENERAL',
    });
    await h.fake.waitForResponse();
    const forged = await h.sender.raw('command=%2Fmailroom&text=help', {
      contentType: 'application/x-www-form-urlencoded',
      secret: 'not-the-secret',
    });
    expect(forged.status).toBe(401);
    await fetch(`${h.baseUrl}/nowhere`);

    const text = await scrape(h.baseUrl);
    expect(sample(text, 'mailroom_requests_total', { kind: 'slash command', status: '200' })).toBe(
      1,
    );
    expect(sample(text, 'mailroom_requests_total', { kind: 'unsigned', status: '401' })).toBe(1);
    expect(sample(text, 'mailroom_requests_total', { kind: 'not_found', status: '404' })).toBe(1);
    expect(sample(text, 'mailroom_searches_total', { outcome: 'answered', waited: 'false' })).toBe(
      1,
    );
    expect(sample(text, 'mailroom_search_duration_seconds_count')).toBe(1);
    expect(sample(text, 'mailroom_search_waiting')).toBe(0);
    // The previous scrape of /metrics is counted too.
    expect(await scrape(h.baseUrl)).toMatch(
      /mailroom_requests_total\{kind="route \/metrics",status="200"\} 1/,
    );
  });
});

describe('the admin port (ADMIN_PORT)', () => {
  it('serves health and metrics on loopback, and the port Slack reaches only Slack', async () => {
    h = await startMailroom({
      now: '2026-03-09T14:00:00Z',
      slack: { users: people },
      env: { ADMIN_PORT: '0' },
    });
    const admin = h.adminUrl ?? '';
    expect(admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(admin).not.toBe(h.baseUrl);

    for (const path of ['/healthz', '/livez', '/readyz', '/metrics']) {
      expect((await fetch(`${h.baseUrl}${path}`)).status, path).toBe(404);
      expect((await fetch(`${admin}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${admin}/slack/events`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${admin}/metrics`, { method: 'POST' })).status).toBe(405);

    // Slack's requests still work on the public port.
    const { status } = await h.sender.slashCommand({
      command: '/mailroom',
      text: 'help',
      userId: 'U0P00',
      channelId: 'C0GENERAL',
    });
    expect(status).toBe(200);
    const text = await scrape(admin);
    expect(sample(text, 'mailroom_requests_total', { kind: 'slash command', status: '200' })).toBe(
      1,
    );
    expect(sample(text, 'mailroom_requests_total', { kind: 'route /healthz', status: '200' })).toBe(
      1,
    );
  });

  it('names the send that waits on Slack there, and nowhere on the public port', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users: people } });
    const withAdmin = await startMailroomWithAdmin();
    for (const harness of [h, withAdmin]) {
      enqueueNotices(harness);
      harness.fake.hang('chat.postMessage', { match: (args) => args.channel === HUNG });
      void harness.mailroom.tick();
      await vi.waitFor(() => expect(harness.fake.hungCalls).toBe(1), { timeout: 15_000 });
      // The other sends started at the same instant: only the hung one may still be waiting
      // when the clock moves on, or a loaded machine names another that was about to finish.
      await vi.waitFor(
        async () => {
          const metrics = await scrape(harness.adminUrl ?? harness.baseUrl);
          expect(sample(metrics, 'mailroom_delivery_sending')).toBe(1);
        },
        { timeout: 15_000 },
      );
      harness.clock.advance(2 * 60_000);
    }
    const plain = (await (await fetch(`${h.baseUrl}/healthz`)).json()) as { problems: string[] };
    expect(plain.problems).toContain('a send has waited on Slack for 120 s');
    expect(JSON.stringify(plain)).not.toContain(HUNG);

    const detailed = (await (await fetch(`${withAdmin.adminUrl}/healthz`)).json()) as {
      delivery: { slowestSend?: { recipientId: string } };
    };
    expect(detailed.delivery.slowestSend).toMatchObject({ recipientId: HUNG });
    for (const harness of [h, withAdmin]) harness.fake.releaseHung();
    await withAdmin.stop();
  });

  it('answers /readyz 503 while stopping, then closes with the port Slack reaches', async () => {
    const started = await startMailroomWithAdmin();
    const admin = started.adminUrl ?? '';
    started.clock.advance(25 * HOUR);
    started.fake.hang('users.list');
    const ticked = started.mailroom.tick();
    await vi.waitFor(() => expect(started.fake.hungCalls).toBe(1));
    const stopped = started.mailroom.stop({ graceMs: 10_000 });

    const ready = await fetch(`${admin}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { problems: string[] }).problems).toContain(
      'Mailroom is stopping',
    );

    started.fake.releaseHung();
    await Promise.allSettled([ticked, stopped]);
    await expect(fetch(`${admin}/livez`)).rejects.toThrow();
    await expect(fetch(`${started.baseUrl}/slack/events`, { method: 'POST' })).rejects.toThrow();
    await started.fake.stop();
  });
});

function startMailroomWithAdmin(): Promise<Harness> {
  return startMailroom({
    now: '2026-03-09T14:00:00Z',
    slack: { users: people },
    env: { ADMIN_PORT: '0' },
  });
}
