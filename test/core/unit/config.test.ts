import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultSearchWorkers, loadConfig } from '../../../src/core/config.js';
import { availableCpus, cgroupCpus } from '../../../src/core/cpus.js';

const http = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };
const DAY = 24 * 60 * 60 * 1000;

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('names every missing key at once', () => {
    expect(problemsOf({})).toEqual([
      "SLACK_BOT_TOKEN: is required: put the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page",
      "SLACK_SIGNING_SECRET: is required in HTTP mode: put the Signing Secret from your Slack app's Basic Information page, under App Credentials (or set SLACK_APP_TOKEN to use Socket Mode)",
    ]);
  });

  it('says what to do next, and points to the sandbox to try Mailroom without Slack', () => {
    expect(() => loadConfig({})).toThrow(/Copy \.env\.example to \.env/);
    expect(() => loadConfig({})).toThrow(
      /Try Mailroom without Slack first: npm run sandbox -- --tour/,
    );
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN: a bot token must start with xoxb-'],
    [
      { SLACK_APP_TOKEN: 'xoxb-wrong' },
      'SLACK_APP_TOKEN: an app-level token must start with xapp-',
    ],
    [{ PORT: 'eighty' }, 'PORT: expected a number, got "eighty"'],
    [
      { DEFAULT_TIME_ZONE: 'Mars/Olympus' },
      'DEFAULT_TIME_ZONE: expected an IANA time zone such as Europe/Berlin',
    ],
    [
      { SLACK_API_URL: 'not a url' },
      'SLACK_API_URL: expected an http(s) URL such as http://127.0.0.1:4000/api/',
    ],
    [
      { MAILROOM_ADMINS: 'U123, bob' },
      'MAILROOM_ADMINS.1: expected Slack user ids such as U012AB3CD',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT: expected json or pretty (or nothing)'],
    [{ ASK_HOLD_MINUTES: 'soon' }, 'ASK_HOLD_MINUTES: expected a number, got "soon"'],
    [
      { ASK_HOLD_MINUTES: '45' },
      'ASK_HOLD_MINUTES: expected at most 30 minutes: Slack lets an /ask reply be updated for 30 minutes',
    ],
    [{ ASK_HOLD_MINUTES: '-1' }, 'ASK_HOLD_MINUTES: expected 0 (no hold) to 30 minutes'],
    [{ ASK_HOLD_MINUTES: '2.5' }, 'ASK_HOLD_MINUTES: expected a whole number of minutes'],
    [{ SEARCH_WORKERS: 'many' }, 'SEARCH_WORKERS: expected a number, got "many"'],
    [{ SEARCH_WORKERS: '-1' }, 'SEARCH_WORKERS: expected 0 (search on the main thread)'],
  ])('explains a malformed value: %o', (patch, expected) => {
    const problems = problemsOf({ ...http, ...patch });
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('starts in HTTP mode with defaults', () => {
    const config = loadConfig(http);
    expect(config).toMatchObject({
      mode: 'http',
      port: 3000,
      databasePath: './data/mailroom.db',
      defaultTimeZone: 'UTC',
      admins: [],
      questionDueMs: 4 * 3600_000,
      askHoldMs: 10 * 60_000,
      logLevel: 'info',
    });
    expect(config.slack.apiUrl).toBeUndefined();
  });

  it('leaves the event loop a CPU: one search thread per other usable CPU, at most three, at least one; 0 searches on the main thread', () => {
    expect(defaultSearchWorkers(2)).toBe(1);
    expect(defaultSearchWorkers(1)).toBe(1);
    expect(defaultSearchWorkers(4)).toBe(3);
    expect(defaultSearchWorkers(8)).toBe(3);
    expect(loadConfig(http)).toMatchObject({
      searchWorkers: defaultSearchWorkers(),
      searchQueuePerWorker: 8,
    });
    // An empty value, as .env.example leaves it, is the default too.
    expect(loadConfig({ ...http, SEARCH_WORKERS: '' }).searchWorkers).toBe(defaultSearchWorkers());
    expect(
      loadConfig({ ...http, SEARCH_WORKERS: '0', SEARCH_QUEUE_PER_WORKER: '2' }),
    ).toMatchObject({ searchWorkers: 0, searchQueuePerWorker: 2 });
  });

  it('keeps everything by default, and event ids a week', () => {
    for (const off of [{}, { QUEUE_RETENTION_DAYS: '', STANDUP_ANSWER_RETENTION_DAYS: '' }]) {
      expect(loadConfig({ ...http, ...off }).retention).toEqual({
        queueItemsMs: undefined,
        eventLogMs: 7 * DAY,
        standupAnswersMs: undefined,
      });
    }
    expect(
      loadConfig({ ...http, QUEUE_RETENTION_DAYS: 'off', STANDUP_ANSWER_RETENTION_DAYS: 'OFF' })
        .retention,
    ).toMatchObject({ queueItemsMs: undefined, standupAnswersMs: undefined });
  });

  it('reads the retention in days', () => {
    const config = loadConfig({
      ...http,
      QUEUE_RETENTION_DAYS: '90',
      EVENT_LOG_RETENTION_DAYS: '2',
      STANDUP_ANSWER_RETENTION_DAYS: '14',
    });
    expect(config.retention).toEqual({
      queueItemsMs: 90 * DAY,
      eventLogMs: 2 * DAY,
      standupAnswersMs: 14 * DAY,
    });
    expect(config.warnings.filter((w) => w.includes('RETENTION'))).toEqual([]);
  });

  it('keeps queue items at least 30 days, and says why', () => {
    const config = loadConfig({ ...http, QUEUE_RETENTION_DAYS: '7' });
    expect(config.retention.queueItemsMs).toBe(30 * DAY);
    expect(config.warnings.filter((w) => w.includes('RETENTION'))).toEqual([
      'QUEUE_RETENTION_DAYS is 7, but queue items are kept at least 30 days (their idempotency keys keep a retried request from acting twice): keeping them 30 days',
    ]);
  });

  it('refuses a retention that is not a whole number of days, naming the variable', () => {
    expect(
      problemsOf({
        ...http,
        QUEUE_RETENTION_DAYS: 'a month',
        EVENT_LOG_RETENTION_DAYS: '0',
        STANDUP_ANSWER_RETENTION_DAYS: '1.5',
      }),
    ).toEqual([
      'QUEUE_RETENTION_DAYS: expected a number, got "a month"',
      'EVENT_LOG_RETENTION_DAYS: expected at least 1 day: Slack retries an event for up to an hour',
      'STANDUP_ANSWER_RETENTION_DAYS: expected a whole number of days, or off',
    ]);
  });

  it('listens on every interface with keep-alive longer than a load balancer idles, unless told', () => {
    expect(loadConfig(http)).toMatchObject({
      host: undefined,
      http: { keepAliveTimeoutMs: 65_000, headersTimeoutMs: 66_000 },
    });
    expect(
      loadConfig({
        ...http,
        HOST: '127.0.0.1',
        HTTP_KEEP_ALIVE_SECONDS: '120',
        HTTP_HEADERS_TIMEOUT_SECONDS: '121',
      }),
    ).toMatchObject({
      host: '127.0.0.1',
      http: { keepAliveTimeoutMs: 120_000, headersTimeoutMs: 121_000 },
    });
    expect(() => loadConfig({ ...http, HTTP_KEEP_ALIVE_SECONDS: '90' })).toThrow(
      'HTTP_HEADERS_TIMEOUT_SECONDS: must be longer than HTTP_KEEP_ALIVE_SECONDS',
    );
    expect(() => loadConfig({ ...http, HTTP_KEEP_ALIVE_SECONDS: 'soon' })).toThrow(
      'HTTP_KEEP_ALIVE_SECONDS: expected a number, got "soon"',
    );
  });

  it('keeps health and metrics on PORT unless ADMIN_PORT is set, then on loopback unless ADMIN_HOST says', () => {
    expect(loadConfig(http).admin).toBeUndefined();
    expect(loadConfig({ ...http, ADMIN_PORT: '' }).admin).toBeUndefined();
    expect(loadConfig({ ...http, ADMIN_PORT: '9100' }).admin).toEqual({
      port: 9100,
      host: '127.0.0.1',
    });
    expect(loadConfig({ ...http, ADMIN_PORT: '9100', ADMIN_HOST: '0.0.0.0' }).admin).toEqual({
      port: 9100,
      host: '0.0.0.0',
    });
    expect(problemsOf({ ...http, ADMIN_PORT: 'metrics' })).toEqual([
      'ADMIN_PORT: expected a number, got "metrics"',
    ]);
    expect(problemsOf({ ...http, ADMIN_PORT: '70000' })).toEqual([
      'ADMIN_PORT: expected a port number from 1 to 65535',
    ]);
    expect(problemsOf({ ...http, PORT: '8080', ADMIN_PORT: '8080' })).toEqual([
      'ADMIN_PORT: must differ from PORT (both 8080): the admin port keeps health and metrics apart from the port Slack reaches',
    ]);
    // In Socket Mode nothing of Slack's comes to PORT.
    const socket = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    expect(loadConfig({ ...socket, ADMIN_PORT: '3000' }).admin).toEqual({
      port: 3000,
      host: '127.0.0.1',
    });
  });

  it('uses Socket Mode when an app token is set, without a signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config.mode).toBe('socket');
  });

  it('treats empty values as unset and normalises the API URL', () => {
    const config = loadConfig({
      ...http,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: 'http://127.0.0.1:4000/api',
      MAILROOM_ADMINS: 'U1, W2',
    });
    expect(config.mode).toBe('http');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:4000/api/');
    expect(config.admins).toEqual(['U1', 'W2']);
  });

  it('reads the log format, and leaves it to the terminal when empty', () => {
    expect(loadConfig({ ...http, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ ...http, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ ...http, LOG_FORMAT: '' }).logFormat).toBeUndefined();
  });
});

describe('the CPUs a container may use', () => {
  it("reads cgroup v2's cpu.max: a quota over its period, rounded up; no limit with max", () => {
    expect(cgroupCpus('150000 100000\n')).toBe(2);
    expect(cgroupCpus('200000 100000')).toBe(2);
    expect(cgroupCpus('50000 100000')).toBe(1);
    expect(cgroupCpus('max 100000')).toBeUndefined();
    expect(cgroupCpus('')).toBeUndefined();
    expect(cgroupCpus('nonsense')).toBeUndefined();
  });

  it('takes the smaller of the quota and the host, and the host when there is no cgroup file', () => {
    expect(availableCpus(() => '200000 100000', 16)).toBe(2);
    expect(availableCpus(() => 'max 100000', 16)).toBe(16);
    expect(availableCpus(() => '800000 100000', 2)).toBe(2);
    const noFile = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(availableCpus(noFile, 6)).toBe(6);
    // Inside a container limited to 2 CPUs on a 16-core host: one search thread, not fifteen.
    expect(defaultSearchWorkers(availableCpus(() => '200000 100000', 16))).toBe(1);
  });
});

/** A file holding `content`, as a Docker or Kubernetes secret is mounted. */
function secretFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mailroom-secret-')), 'secret');
  writeFileSync(path, content);
  return path;
}

const SIGNING_SECRET = '8f742231b10e8888abcd99eeeeee85a5';
const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
const APP_TOKEN = 'xapp-1-A0123ABCDEF-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe('placeholders left from the template', () => {
  it('refuses .env.example as it is, naming each variable and what to put there', () => {
    const template = {
      SLACK_BOT_TOKEN: 'xoxb-',
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      PORT: '3000',
    };
    expect(problemsOf(template)).toEqual([
      `SLACK_BOT_TOKEN: "xoxb-" is only the start of a token: put the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page`,
      "SLACK_SIGNING_SECRET: is required in HTTP mode: put the Signing Secret from your Slack app's Basic Information page, under App Credentials (or set SLACK_APP_TOKEN to use Socket Mode)",
    ]);
  });

  it.each([
    ['SLACK_BOT_TOKEN', '', 'is empty: put the Bot User OAuth Token (xoxb-…)'],
    ['SLACK_BOT_TOKEN', ' xoxb- ', '"xoxb-" is only the start of a token: put the Bot User'],
    ['SLACK_BOT_TOKEN', 'xoxb-...', '"xoxb-..." is a placeholder, not the Bot User OAuth Token'],
    ['SLACK_BOT_TOKEN', 'xoxb-your-bot-token', '"xoxb-your-bot-token" is a placeholder'],
    ['SLACK_BOT_TOKEN', 'xoxb-<token>', '"xoxb-<token>" is a placeholder'],
    ['SLACK_BOT_TOKEN', 'xoxb-xxxxxxxx', '"xoxb-xxxxxxxx" is a placeholder'],
    [
      'SLACK_APP_TOKEN',
      'xapp-',
      '"xapp-" is only the start of a token: put an app-level token with the connections:write scope (xapp-…) from your Slack app\'s Basic Information page, under App-Level Tokens, or leave it empty to run in HTTP mode',
    ],
    ['SLACK_APP_TOKEN', 'xapp-changeme', '"xapp-changeme" is a placeholder'],
    [
      'SLACK_SIGNING_SECRET',
      'your-signing-secret',
      '"your-signing-secret" is a placeholder, not the Signing Secret: put the Signing Secret from your Slack app\'s Basic Information page',
    ],
    ['SLACK_SIGNING_SECRET', '<signing secret>', '"<signing secret>" is a placeholder'],
    ['SLACK_SIGNING_SECRET', 'changeme', '"changeme" is a placeholder'],
  ])('refuses %s=%o', (name, value, expected) => {
    const problems = problemsOf({ ...http, [name]: value });
    expect(problems).toContainEqual(expect.stringContaining(`${name}: ${expected}`));
  });

  it("accepts tokens and a secret of Slack's shapes without a warning", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    expect(config.warnings).toEqual([]);
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN }).warnings).toEqual(
      [],
    );
  });

  it('only warns, naming the variable and never its value, on other unusual shapes', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-looks-hand-typed',
      SLACK_SIGNING_SECRET: 'not-32-hex-characters',
      SLACK_APP_TOKEN: 'xapp-short',
    });
    expect(config.slack.botToken).toBe('xoxb-looks-hand-typed');
    expect(config.warnings).toEqual([
      "SLACK_BOT_TOKEN does not look like the Bot User OAuth Token Slack issues; if Slack refuses it, copy it again from your Slack app's OAuth & Permissions page",
      "SLACK_APP_TOKEN does not look like an app-level token with the connections:write scope Slack issues; if Slack refuses it, copy it again from your Slack app's Basic Information page, under App-Level Tokens",
      "SLACK_SIGNING_SECRET does not look like the Signing Secret Slack issues; if Slack refuses it, copy it again from your Slack app's Basic Information page, under App Credentials",
    ]);
    expect(config.warnings.join('\n')).not.toMatch(/hand-typed|not-32|short/);
  });

  it('does not judge shapes against another Slack (SLACK_API_URL: a test or sandbox Slack)', () => {
    expect(loadConfig({ ...http, SLACK_API_URL: 'http://127.0.0.1:4000/api/' }).warnings).toEqual(
      [],
    );
  });
});

describe('secrets from files', () => {
  it('reads each secret from the file its _FILE variable names, its trailing newline left out', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN_FILE: secretFile(`${BOT_TOKEN}\n`),
      SLACK_SIGNING_SECRET_FILE: secretFile(`${SIGNING_SECRET}\r\n`),
      SLACK_APP_TOKEN_FILE: secretFile(APP_TOKEN),
    });
    expect(config.slack).toMatchObject({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      appToken: APP_TOKEN,
    });
    expect(config.mode).toBe('socket');
    expect(config.warnings).toEqual([]);
  });

  it('runs in HTTP mode with the signing secret from a file and the token from the environment', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_SIGNING_SECRET_FILE: secretFile(`${SIGNING_SECRET}\n`),
    });
    expect(config.mode).toBe('http');
    expect(config.slack.signingSecret).toBe(SIGNING_SECRET);
  });

  it('refuses a variable and its _FILE both set, and says so', () => {
    const problems = problemsOf({
      ...http,
      SLACK_BOT_TOKEN_FILE: secretFile(BOT_TOKEN),
    });
    expect(problems).toEqual([
      'SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are both set: keep only one (empty SLACK_BOT_TOKEN to read the file)',
    ]);
  });

  it('names the path of a file it cannot read, never what a file holds', () => {
    const missing = join(tmpdir(), 'mailroom-no-such-secret', 'token');
    expect(problemsOf({ ...http, SLACK_BOT_TOKEN: '', SLACK_BOT_TOKEN_FILE: missing })).toEqual([
      `SLACK_BOT_TOKEN_FILE: cannot read ${missing} (no such file)`,
    ]);
    const folder = mkdtempSync(join(tmpdir(), 'mailroom-secret-'));
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET_FILE: folder })).toEqual([
      `SLACK_SIGNING_SECRET_FILE: cannot read ${folder} (EISDIR)`,
    ]);
    if (process.getuid?.() !== 0) {
      const locked = secretFile('kept-out-of-every-message');
      chmodSync(locked, 0o000);
      const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET_FILE: locked });
      expect(problems).toEqual([`SLACK_SIGNING_SECRET_FILE: cannot read ${locked} (EACCES)`]);
    }
  });

  it('checks what a file holds as it checks the variable, naming the file and not the secret', () => {
    const placeholder = secretFile('xoxb-\n');
    expect(
      problemsOf({ ...http, SLACK_BOT_TOKEN: undefined, SLACK_BOT_TOKEN_FILE: placeholder }),
    ).toEqual([
      `SLACK_BOT_TOKEN (read from ${placeholder}, named by SLACK_BOT_TOKEN_FILE): "xoxb-" is only the start of a token: put the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page`,
    ]);
    const wrongKind = secretFile('xoxp-a-user-token-kept-secret\n');
    const problems = problemsOf({ SLACK_BOT_TOKEN_FILE: wrongKind, SLACK_SIGNING_SECRET: 'shh' });
    expect(problems).toEqual([
      `SLACK_BOT_TOKEN (read from ${wrongKind}, named by SLACK_BOT_TOKEN_FILE): a bot token must start with xoxb-`,
    ]);
    const empty = secretFile('\n');
    expect(
      problemsOf({ ...http, SLACK_SIGNING_SECRET: '', SLACK_SIGNING_SECRET_FILE: empty }),
    ).toEqual([
      `SLACK_SIGNING_SECRET_FILE: ${empty} is empty; put the Signing Secret from your Slack app's Basic Information page, under App Credentials`,
    ]);
  });
});
