/**
 * The real Mailroom for the sandbox: createMailroom on its HTTP receiver (loopback), its Web
 * API pointed at the fake Slack, its clock injected and moved only when told, no minute tick of
 * its own. It knows when Mailroom has finished with a request (Mailroom says so: `idle()`), and
 * what Mailroom has said to Slack since it was last asked.
 */
import { createMailroom, type Mailroom } from '../../../src/app.js';
import type { MailroomContext } from '../../../src/context.js';
import { loadConfig } from '../../../src/core/config.js';
import type { PaceTimer } from '../../../src/core/services/delivery.js';
import {
  type FakeChannel,
  FakeSlack,
  type FakeUser,
  type RecordedCall,
  type RecordedResponse,
} from '../fake-slack.js';
import { SlackSender } from '../slack-requests.js';
import { tempDatabasePath } from '../store.js';

const SIGNING_SECRET = 'sandbox-signing-secret';

/** Slack's pace kept on a clock of its own, moved by the worker's waits and nothing else. */
function steppedPaceTimer(): PaceTimer {
  let at = 0;
  return {
    now: () => at,
    sleep: (ms) => {
      at += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export interface Activity {
  /** Posts to response_urls, each with what the url was handed out for. */
  responses: { response: RecordedResponse; origin: unknown }[];
  /** Web API calls, in the order Mailroom made them. */
  calls: RecordedCall[];
}

export class LiveApp {
  private seenCalls = 0;
  private seenResponses = 0;
  private readonly origins = new Map<string, unknown>();
  private origin: unknown;

  private constructor(
    readonly fake: FakeSlack,
    private readonly mailroom: Mailroom,
    private readonly clock: { now: number },
    readonly sender: SlackSender,
  ) {}

  static async start(options: {
    users: FakeUser[];
    channels: FakeChannel[];
    start: number;
    /** Mailroom's warnings and errors, one line each. */
    log: (level: 'warn' | 'error', text: string) => void;
  }): Promise<LiveApp> {
    const clock = { now: options.start };
    const now = () => clock.now;
    // An idle connection is closed by Mailroom's side before the fake Slack's: a busy machine
    // must not make the two race (a request on a connection being closed is reset).
    const fake = await FakeSlack.start({
      users: options.users,
      channels: options.channels,
      now,
      keepAliveTimeoutMs: 10 * 60_000,
    });
    const config = loadConfig({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: tempDatabasePath(),
      LOG_LEVEL: 'warn',
    });
    const line = (args: unknown[]) =>
      args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' ');
    const mailroom = createMailroom({
      config,
      clock: now,
      logger: {
        debug() {},
        info() {},
        warn: (...args) => options.log('warn', line(args)),
        error: (...args) => options.log('error', line(args)),
      },
      homeRefresh: { debounceMs: 20, intervalMs: 5 },
      // One send at a time, paced on a clock that moves only when the worker waits: what the
      // sandbox shows comes in the same order on a busy machine as on an idle one.
      delivery: { concurrency: 1, timer: steppedPaceTimer() },
    });
    const { port, directory } = await mailroom.start({ schedule: false, host: '127.0.0.1' });
    await directory;
    let app: LiveApp | undefined;
    const sender = new SlackSender({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      responseUrl: () => app?.responseUrl() ?? fake.responseUrl(),
    });
    app = new LiveApp(fake, mailroom, clock, sender);
    return app;
  }

  get ctx(): MailroomContext {
    return this.mailroom.ctx;
  }

  get now(): number {
    return this.clock.now;
  }

  /** Moves the app's clock (and the fake Slack's) to `at`. */
  set now(at: number) {
    this.clock.now = at;
  }

  /** One run of the app's minute tick, with the deliveries it starts. */
  async tick(): Promise<void> {
    await this.mailroom.tick();
  }

  async stop(): Promise<void> {
    await this.mailroom.stop({ graceMs: 1000 });
    await this.fake.stop();
  }

  /** Sends a request; the response_urls it carries are remembered as coming from `origin`. */
  async send<T>(origin: unknown, request: (sender: SlackSender) => Promise<T>): Promise<T> {
    this.origin = origin;
    try {
      return await request(this.sender);
    } finally {
      this.origin = undefined;
    }
  }

  /**
   * Waits until Mailroom has finished every request and everything it set going (deliveries,
   * Home tabs, the work after a request): Slack has then heard the last of it.
   */
  async settle(): Promise<void> {
    await this.mailroom.idle();
  }

  hasActivity(): boolean {
    return (
      this.fake.calls.length > this.seenCalls || this.fake.responses.length > this.seenResponses
    );
  }

  /** What Mailroom said to Slack since the last time this was asked. */
  takeActivity(): Activity {
    const responses = this.fake.responses.slice(this.seenResponses).map((response) => ({
      response,
      origin: this.origins.get(response.url),
    }));
    const calls = this.fake.calls.slice(this.seenCalls);
    this.seenResponses = this.fake.responses.length;
    this.seenCalls = this.fake.calls.length;
    return { responses, calls };
  }

  private responseUrl(): string {
    const url = this.fake.responseUrl();
    if (this.origin !== undefined) this.origins.set(url, this.origin);
    return url;
  }
}
