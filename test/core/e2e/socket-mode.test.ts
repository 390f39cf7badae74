import { afterEach, describe, expect, it } from 'vitest';
import { createMailroom, type Mailroom } from '../../../src/app.js';
import { loadConfig } from '../../../src/core/config.js';
import { FakeSlack, loadSlackSample } from '../../support/fake-slack.js';
import { captureLogger, eventually, freePort } from '../../support/harness.js';
import { appHomeOpenedEvent } from '../../support/slack-requests.js';
import { tempDatabasePath, testClock } from '../../support/store.js';

let fake: FakeSlack | undefined;
let mailroom: Mailroom | undefined;
afterEach(async () => {
  await mailroom?.stop();
  await fake?.stop();
  mailroom = undefined;
  fake = undefined;
});

describe('Socket Mode (the quick start)', () => {
  it('connects with the app token, answers commands and events, and serves /healthz', async () => {
    fake = await FakeSlack.start({ users: [{ id: 'U0ADA', name: 'ada', tz: 'Europe/London' }] });
    const port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_APP_TOKEN: fake.appToken,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_PATH: tempDatabasePath(),
    });
    expect(config.mode).toBe('socket');
    mailroom = createMailroom({
      config,
      clock: testClock('2026-03-09T14:00:00Z'),
      logger: captureLogger().logger,
    });
    await (await mailroom.start({ schedule: false })).directory;
    await fake.socketMode.waitForConnection();
    expect(fake.callsTo('apps.connections.open')[0]?.token).toBe(fake.appToken);

    const fields = loadSlackSample<Record<string, string>>(
      'interactions/examples/slash_command.socket-mode-capture.fields.json',
    );
    const ack = await fake.socketMode.send('slash_commands', {
      ...fields,
      command: '/mailroom',
      text: 'me',
      user_id: 'U0ADA',
      channel_id: 'C0GENERAL',
      response_url: fake.responseUrl(),
    });
    expect(ack.envelope_id).toBeTruthy();
    const reply = await fake.waitForResponse();
    expect(String(reply.body.text)).toContain(
      'Your working hours are *09:00–17:00 Mon–Fri*, Europe/London',
    );

    await fake.socketMode.send('events_api', {
      type: 'event_callback',
      team_id: fake.identity.teamId,
      api_app_id: fake.identity.appId,
      event_id: 'Ev0SOCKET',
      event_time: 1_773_064_800,
      event: appHomeOpenedEvent('U0ADA'),
    });
    await eventually(() => expect(fake?.callsTo('views.publish')).toHaveLength(1));

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, database: 'reachable' });
    // No HTTP status in Socket Mode: each request is counted as handled or failed.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('mailroom_requests_total{kind="slash command",status="ok"} 1');
    expect(metrics).toContain('mailroom_requests_total{kind="event_callback",status="ok"} 1');
  });
});
