import { afterEach, describe, expect, it } from 'vitest';
import type { FakeUser } from '../../support/fake-slack.js';
import { eventually, type Harness, startMailroom } from '../../support/harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.fake.comeBack();
  await h?.stop();
  h = undefined;
});

const people: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Adams', tz: 'Europe/London' },
];

/** What an operator reads at the default level: info and above, one string a line. */
const lines = (h: Harness) =>
  h.logs.entries.filter((entry) => entry.level !== 'debug').map((entry) => entry.args.join(' '));

describe('a first start against a Slack that cannot be reached', () => {
  it('listens at once, says which call failed and what to check, and is ready once the directory is learned', async () => {
    h = await startMailroom({
      now: '2026-03-09T14:00:00Z',
      slack: { users: people },
      prepare: (fake) => fake.goDown('refused'),
      awaitDirectory: false,
    });

    // start() resolved while users.list gets no answer: the port answers, not ready yet.
    const live = await fetch(`${h.baseUrl}/livez`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      ready: false,
      directory: { syncedAt: null },
      problems: expect.arrayContaining(['the member directory has not been synced yet']),
    });

    const named = await eventually(() => {
      const line = lines(h as Harness).find((each) => each.includes('users.list got no answer'));
      expect(line).toBeDefined();
      return line as string;
    });
    expect(named).toContain(`users.list got no answer from ${new URL(h.fake.apiUrl).origin}`);
    expect(named).toContain('ECONNREFUSED');
    expect(named).toContain(`check SLACK_API_URL (now ${h.fake.apiUrl})`);
    expect(named).toContain('network and DNS, and any proxy or firewall');
    expect(lines(h).join('\n')).toContain('auth.test got no answer');

    // Slack comes back: the same first sync carries on, and Mailroom becomes ready.
    await h.fake.comeBack();
    await h.directory;
    const after = await fetch(`${h.baseUrl}/readyz`);
    expect(after.status).toBe(200);
    expect(lines(h)).toContain('Learned the member directory: 3 people.');
    expect(h.mailroom.ctx.members.get('U0ALICE')?.timeZone).toBe('Europe/London');
  });

  it('a first sync that fails for good is tried again at the next tick', async () => {
    h = await startMailroom({
      now: '2026-03-09T14:00:00Z',
      slack: { users: people },
      prepare: (fake) => fake.failNext('users.list', 'fatal_error'),
      awaitDirectory: false,
    });
    await h.directory;
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);
    expect(lines(h).join('\n')).toContain(
      'the first directory sync failed: Mailroom knows no one yet and tries again at the next tick',
    );

    const report = await h.mailroom.tick();
    expect(report.directorySyncStarted).toBe(true);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});
