import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack, loadSlackSample } from '../../support/fake-slack.js';
import { eventually, freePort } from '../../support/harness.js';
import { SlackSender } from '../../support/slack-requests.js';
import { tempDatabasePath } from '../../support/store.js';

const root = join(import.meta.dirname, '..', '..', '..');
const BOT_TOKEN = 'xoxb-2718281828-3141592653-secretBotTokenValue';
const APP_TOKEN = 'xapp-1-A0MAILROOM-1618033988-secretAppTokenValue';
const SIGNING_SECRET = 'mailroom-signing-secret-never-logged';
const SECRETS = [
  BOT_TOKEN,
  APP_TOKEN,
  SIGNING_SECRET,
  'secretBotTokenValue',
  'secretAppTokenValue',
];

/** The app as a process at debug level, with everything it prints kept. */
function startProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('logs', () => {
  it('never contain the bot token or the signing secret, even at debug level and on errors (HTTP mode)', async () => {
    fake = await FakeSlack.start({
      botToken: BOT_TOKEN,
      users: [{ id: 'U0ADA', name: 'ada', tz: 'Europe/London' }],
    });
    // The first directory sync fails, so an error from the Web API is logged.
    fake.failNext('users.list', 'invalid_auth');
    const port = await freePort();
    const app = startProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_PATH: tempDatabasePath(),
    });
    try {
      await eventually(() => expect(app.output()).toContain('listening for Slack'), 20_000);
      const sender = new SlackSender({
        url: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SIGNING_SECRET,
        responseUrl: () => fake?.responseUrl() ?? '',
      });
      const help = await sender.slashCommand({
        command: '/mailroom',
        text: 'help',
        userId: 'U0ADA',
        channelId: 'C0GENERAL',
      });
      expect(help.status).toBe(200);
      await fake.waitForResponse();
      // A request with a wrong signature is logged as refused.
      const forged = await sender.raw('command=%2Fmailroom&text=help', {
        contentType: 'application/x-www-form-urlencoded',
        secret: 'not-the-secret',
      });
      expect(forged.status).toBe(401);
    } finally {
      await app.stop();
    }
    const output = app.output();
    expect(output).toMatch(/DEBUG/);
    expect(output).toMatch(/invalid_auth/);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  }, 60_000);

  it('never contain the app token or the bot token in Socket Mode', async () => {
    fake = await FakeSlack.start({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: [{ id: 'U0ADA', name: 'ada', tz: 'Europe/London' }],
    });
    const app = startProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
    });
    try {
      await fake.socketMode.waitForConnection();
      const fields = loadSlackSample<Record<string, string>>(
        'interactions/examples/slash_command.socket-mode-capture.fields.json',
      );
      await fake.socketMode.send('slash_commands', {
        ...fields,
        command: '/mailroom',
        text: 'me',
        user_id: 'U0ADA',
        channel_id: 'C0GENERAL',
        response_url: fake.responseUrl(),
      });
      await fake.waitForResponse();
    } finally {
      await app.stop();
    }
    const output = app.output();
    expect(output).toMatch(/DEBUG/);
    for (const secret of SECRETS) expect(output).not.toContain(secret);
  }, 60_000);
});
