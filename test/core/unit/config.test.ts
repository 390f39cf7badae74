import { describe, expect, it } from 'vitest';
import { ConfigError, defaultSearchWorkers, loadConfig } from '../../../src/core/config.js';
import { availableCpus, cgroupCpus } from '../../../src/core/cpus.js';

const http = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

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
      'SLACK_BOT_TOKEN: is required',
      'SLACK_SIGNING_SECRET: is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)',
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
