/**
 * Mailroom run as src/main.ts runs it (configuration from the environment, the same stop
 * signal handling), as a child process of a test, with two things the test drives over IPC:
 * the clock, and when the scheduled tick runs. Start it with test/support/process-harness.ts.
 *
 * Environment beyond Mailroom's own: TEST_CLOCK_START (epoch ms), TEST_SLACK_TIMEOUT_MS,
 * TEST_DELIVERY_OPTIONS (JSON, a Partial<DeliveryOptions> without the timer), and
 * TEST_PACE_SPEEDUP: how many times faster than real time the pacing clock runs (for a fake
 * Slack on the same compressed clock; default 1).
 */
import { createMailroom } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { stopOnSignals } from '../../src/lifecycle.js';

export type ParentMessage =
  | { id: number; type: 'clock'; now: number }
  | { id: number; type: 'tick' }
  | { id: number; type: 'stats' };

export type ChildMessage =
  | { type: 'ready'; port: number }
  | {
      type: 'done';
      id: number;
      maxRssKb?: number;
      /** Resident set and V8 heap in use now, after a full GC when started with --expose-gc. */
      rssKb?: number;
      heapUsedKb?: number;
    };

let now = Number(process.env.TEST_CLOCK_START ?? Date.now());
let runTick: (() => Promise<void>) | undefined;
let running: Promise<void> | undefined;

const send = (message: ChildMessage) => process.send?.(message);

const speedup = Number(process.env.TEST_PACE_SPEEDUP ?? 1);
const pace =
  speedup === 1
    ? {}
    : {
        timer: {
          now: () => performance.now() * speedup,
          sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms / speedup)),
        },
      };

const mailroom = createMailroom({
  config: loadConfig(process.env),
  clock: () => now,
  slackCallTimeoutMs: Number(process.env.TEST_SLACK_TIMEOUT_MS ?? 10_000),
  delivery: { ...JSON.parse(process.env.TEST_DELIVERY_OPTIONS ?? '{}'), ...pace },
  scheduleTicks: (run) => {
    runTick = run;
    return {
      async stop() {
        runTick = undefined;
        await running;
      },
    };
  },
});
stopOnSignals(mailroom);

process.on('message', (message: ParentMessage) => {
  if (message.type === 'clock') {
    now = message.now;
    send({ type: 'done', id: message.id });
  } else if (message.type === 'stats') {
    globalThis.gc?.();
    const memory = process.memoryUsage();
    send({
      type: 'done',
      id: message.id,
      maxRssKb: process.resourceUsage().maxRSS,
      rssKb: Math.round(memory.rss / 1024),
      heapUsedKb: Math.round(memory.heapUsed / 1024),
    });
  } else if (message.type === 'tick') {
    // As the cron does it: a tick still running makes this one skip.
    running ??= (runTick?.() ?? Promise.resolve()).finally(() => {
      running = undefined;
    });
    void running.then(() => send({ type: 'done', id: message.id }));
  }
});

const { port, directory } = await mailroom.start({ host: '127.0.0.1' });
await directory;
send({ type: 'ready', port: port ?? 0 });
