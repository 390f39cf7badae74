/**
 * Mailroom under load, beside a bare Bolt app. Both run as child processes on their real HTTP
 * receivers; this process plays Slack: it sends `/ask` slash commands signed as Slack signs
 * them and serves the Web API and the response_urls (test/support/fake-slack.ts). Mailroom
 * runs from `dist/` (built with `npm run build`) on a database of BENCH_LOAD_DOCUMENTS
 * generated Markdown files imported with the import CLI, with BENCH_LOAD_MEMBERS members.
 * The two apps are loaded in alternating runs, never both at once.
 *
 * Settings (environment): BENCH_LOAD=skip skips it; BENCH_LOAD_SECONDS (default 60) is the
 * length of each rate run; BENCH_LOAD_DOCUMENTS (100000), BENCH_LOAD_MEMBERS (10000),
 * BENCH_LOAD_BURST (500).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSY_NOTICE } from '../src/core/slack/reply.js';
import { FakeSlack, type FakeUser } from '../test/support/fake-slack.js';
import { freePort } from '../test/support/harness.js';
import { SlackSender } from '../test/support/slack-requests.js';
import type { BenchResult, BenchRow } from './run.js';
import { Corpus } from './search-latency.js';

const ROOT = join(import.meta.dirname, '..');
const SIGNING_SECRET = 'load-bench-signing-secret';
const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const SECONDS = setting('BENCH_LOAD_SECONDS', 60);
const DOCUMENTS = setting('BENCH_LOAD_DOCUMENTS', 100_000);
const MEMBERS = setting('BENCH_LOAD_MEMBERS', 10_000);
const BURST = setting('BENCH_LOAD_BURST', 500);
const ONE_AT_A_TIME = 30;
/** How long after a run's last request a reply may still come. */
const REPLY_WAIT_MS = 35_000;
const LADDER = [5, 10, 20, 30, 50, 75, 100];

interface Sample {
  sentAt: number;
  ackMs?: number;
  status?: number;
  replyMs?: number;
  /** Told first that the answer follows (load shed): when. */
  busyMs?: number;
}

interface RunStats {
  sent: number;
  ackP50: number;
  ackP99: number;
  /** Answered with 200 within Slack's 3 s. */
  ackedIn3s: number;
  replied: number;
  replyP50: number;
  replyP99: number;
  replyMax: number;
  /** Told first that their answer follows (the search waited for room). */
  shed: number;
}

interface Target {
  name: 'Mailroom' | 'bare Bolt';
  url: string;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (x: number) =>
  Number.isNaN(x) ? 'n/a' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;

/** Peak resident memory (VmHWM) of a child, read from /proc while it runs. */
function watchPeakMemory(pid: number | undefined): () => number {
  let peakKiB = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakKiB = Math.max(peakKiB, kib);
    } catch {
      // gone, or no /proc
    }
  };
  const timer = setInterval(read, 100);
  return () => {
    read();
    clearInterval(timer);
    return peakKiB / 1024;
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Plays Slack for the apps: signed /ask requests, and their replies as they reach response_urls. */
class Driver {
  private readonly byUrl = new Map<string, Sample>();
  private seen = 0;
  private lastUrl = '';
  private readonly corpus = new Corpus();
  private next = 0;

  constructor(private readonly fake: FakeSlack) {}

  private collectReplies(): void {
    const { responses } = this.fake;
    for (; this.seen < responses.length; this.seen += 1) {
      const response = responses[this.seen];
      const sample = response && this.byUrl.get(response.url);
      if (!sample || sample.replyMs !== undefined) continue;
      // "The answer follows" is not the answer.
      if (response.body.text === BUSY_NOTICE) sample.busyMs ??= response.at - sample.sentAt;
      else sample.replyMs = response.at - sample.sentAt;
    }
  }

  ask(target: Target): Sample {
    const sender = new SlackSender({
      url: target.url,
      signingSecret: SIGNING_SECRET,
      responseUrl: () => {
        this.lastUrl = this.fake.responseUrl();
        return this.lastUrl;
      },
    });
    this.next += 1;
    const text = this.corpus.queries[this.next % 200] ?? 'How do I deploy?';
    const userId = memberId(this.next % MEMBERS);
    const sample: Sample = { sentAt: Date.now() };
    const sending = sender.slashCommand({
      command: '/ask',
      text,
      userId,
      channelId: 'C0GENERAL',
      channelName: 'general',
    });
    this.byUrl.set(this.lastUrl, sample);
    sending.then(
      (response) => {
        sample.ackMs = Date.now() - sample.sentAt;
        sample.status = response.status;
      },
      () => {
        sample.ackMs = Date.now() - sample.sentAt;
        sample.status = 0;
      },
    );
    return sample;
  }

  async settle(samples: readonly Sample[], waitMs = REPLY_WAIT_MS): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      this.collectReplies();
      const open = samples.some((s) => s.ackMs === undefined || s.replyMs === undefined);
      if (!open || Date.now() > deadline) return;
      await sleep(20);
    }
  }

  async oneAtATime(target: Target, count: number): Promise<RunStats> {
    const samples: Sample[] = [];
    for (let i = 0; i < count; i += 1) {
      const sample = this.ask(target);
      samples.push(sample);
      await this.settle([sample], 10_000);
    }
    return stats(samples);
  }

  async atRate(target: Target, perSecond: number, seconds: number): Promise<RunStats> {
    const samples: Sample[] = [];
    const total = Math.round(perSecond * seconds);
    const started = Date.now();
    for (let i = 0; i < total; i += 1) {
      const due = started + (i * 1000) / perSecond;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      samples.push(this.ask(target));
      if (i % 20 === 0) this.collectReplies();
    }
    await this.settle(samples);
    return stats(samples);
  }

  async atOnce(target: Target, count: number): Promise<RunStats> {
    const samples = Array.from({ length: count }, () => this.ask(target));
    await this.settle(samples);
    return stats(samples);
  }
}

function stats(samples: readonly Sample[]): RunStats {
  const acks = samples.filter((s) => s.status === 200).map((s) => s.ackMs ?? 0);
  const replies = samples.flatMap((s) => (s.replyMs === undefined ? [] : [s.replyMs]));
  return {
    sent: samples.length,
    ackP50: percentile(acks, 0.5),
    ackP99: percentile(acks, 0.99),
    ackedIn3s: acks.filter((a) => a <= 3000).length,
    replied: replies.length,
    replyP50: percentile(replies, 0.5),
    replyP99: percentile(replies, 0.99),
    replyMax: Math.max(...replies),
    shed: samples.filter((s) => s.busyMs !== undefined).length,
  };
}

const memberId = (i: number) => `U${String(i).padStart(7, '0')}`;

function members(count: number): FakeUser[] {
  const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', null];
  return Array.from({ length: count }, (_, i) => ({
    id: memberId(i),
    name: `person${i}`,
    realName: `Person ${i}`,
    tz: zones[i % zones.length] ?? null,
  }));
}

function writeCorpus(folder: string, count: number): void {
  const corpus = new Corpus();
  for (let i = 0; i < count; i += 1) {
    const doc = corpus.document(i);
    const team = join(folder, `team-${i % 100}`);
    if (i < 100) mkdirSync(team, { recursive: true });
    writeFileSync(join(team, `page-${i}.md`), `# ${doc.title}\n\n${doc.body}\n`);
  }
}

/** Runs the import CLI from dist/: wall time and peak memory. */
async function importFolder(folder: string, databasePath: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'import-docs.js'), folder], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const peak = watchPeakMemory(child.pid);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (stdout.length < 4096) stdout += chunk.toString();
  });
  const code = await exited(child);
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`the import failed (${code})`);
  const summary = (stdout.split('\n')[0] ?? '').replace(/^Imported .*?: /, '');
  return { wallMs, peakMiB: peak(), summary };
}

async function untilOk(url: string, limitMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  return undefined;
}

interface Started {
  child: ChildProcess;
  url: string;
  healthyMs: number | undefined;
  readyMs: number | undefined;
  peakMiB: () => number;
}

async function startApp(
  command: string[],
  env: Record<string, string>,
  cwd: string,
  withHealthz = true,
): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, command, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const peakMiB = watchPeakMemory(child.pid);
  const base = `http://127.0.0.1:${port}`;
  const healthy = withHealthz ? untilOk(`${base}/healthz`, 60_000) : undefined;
  const readyMs = await untilOk(`${base}/readyz`, 60_000);
  const healthyMs = await healthy;
  return { child, url: `${base}/slack/events`, healthyMs, readyMs, peakMiB };
}

async function stopApp(app: Started): Promise<void> {
  app.child.kill('SIGTERM');
  await exited(app.child);
}

export async function run(): Promise<BenchResult> {
  const title = `/ask under load at ${DOCUMENTS.toLocaleString('en-US')} documents and ${MEMBERS.toLocaleString('en-US')} members, beside a bare Bolt app`;
  if (process.env.BENCH_LOAD === 'skip') {
    return { title, rows: [], notes: ['The load benchmark was skipped (BENCH_LOAD=skip).'] };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-load-'));
  const fake = await FakeSlack.start({
    users: members(MEMBERS),
    channels: [{ id: 'C0GENERAL', name: 'general', members: [memberId(0), memberId(1)] }],
    // With Node's 5 s, a reply posted on a kept-alive connection the fake had just closed
    // fails ("other side closed"): an app whose event loop is blocked reuses such connections
    // late. Longer here, so that replies are counted, not that race.
    keepAliveTimeoutMs: 65_000,
  });
  const apps: Started[] = [];
  try {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    if (build.status !== 0) throw new Error('npm run build failed');
    const folder = join(dir, 'docs');
    writeCorpus(folder, DOCUMENTS);
    const databasePath = join(dir, 'mailroom.db');
    process.stderr.write(`load: importing ${DOCUMENTS} files…\n`);
    const imported = await importFolder(folder, databasePath);
    const reimported = await importFolder(folder, databasePath);

    const env = {
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_PATH: databasePath,
    };
    const mailroomCommand = [join(ROOT, 'dist', 'main.js')];
    // First start: learns the directory of MEMBERS people before it is ready.
    const first = await startApp(mailroomCommand, env, dir);
    await stopApp(first);
    const mailroom = await startApp(mailroomCommand, env, dir);
    apps.push(mailroom);
    const bare = await startApp(
      ['--import', 'tsx', join(ROOT, 'bench', 'load-bare-bolt.ts')],
      env,
      ROOT,
      false,
    );
    apps.push(bare);
    const targets: Target[] = [
      { name: 'Mailroom', url: mailroom.url },
      { name: 'bare Bolt', url: bare.url },
    ];
    const driver = new Driver(fake);
    const rows: BenchRow[] = [];
    const compare = async (
      figure: string,
      workload: string,
      measure: (target: Target) => Promise<RunStats>,
    ) => {
      const results: RunStats[] = [];
      for (const target of targets) {
        process.stderr.write(`load: ${figure}, ${target.name}…\n`);
        results.push(await measure(target));
        await sleep(2_000);
      }
      const [ours, floor] = results as [RunStats, RunStats];
      rows.push(
        {
          figure: `${figure}: ack p50 / p99`,
          value: `${ms(ours.ackP50)} / ${ms(ours.ackP99)}`,
          reference: `bare Bolt ${ms(floor.ackP50)} / ${ms(floor.ackP99)}`,
          workload,
        },
        {
          figure: `${figure}: reply p50 / p99 / max`,
          value: `${ms(ours.replyP50)} / ${ms(ours.replyP99)} / ${ms(ours.replyMax)}`,
          reference: `bare Bolt ${ms(floor.replyP50)} / ${ms(floor.replyP99)} / ${ms(floor.replyMax)}`,
          workload,
        },
        {
          figure: `${figure}: acknowledged within 3 s / replied / told first the answer follows`,
          value: `${ours.ackedIn3s} / ${ours.replied} / ${ours.shed} of ${ours.sent}`,
          reference: `bare Bolt ${floor.ackedIn3s} / ${floor.replied} of ${floor.sent}`,
          workload,
        },
      );
      return results;
    };

    await compare('one at a time', `${ONE_AT_A_TIME} /ask, each after the last reply`, (t) =>
      driver.oneAtATime(t, ONE_AT_A_TIME),
    );
    for (const rate of [20, 50]) {
      await compare(`${rate} /ask per second`, `${SECONDS} s`, (t) =>
        driver.atRate(t, rate, SECONDS),
      );
    }
    await compare(`${BURST} /ask at once`, 'sent together', (t) => driver.atOnce(t, BURST));

    const ladderSeconds = Math.max(5, Math.round(SECONDS / 6));
    for (const target of targets) {
      let best = 0;
      for (const rate of LADDER) {
        process.stderr.write(`load: ${rate} per second, ${target.name}…\n`);
        const result = await driver.atRate(target, rate, ladderSeconds);
        await sleep(2_000);
        if (result.replied < result.sent || result.replyP99 >= 1000) break;
        best = rate;
      }
      rows.push({
        figure: `highest rate with reply p99 < 1 s, ${target.name}`,
        value: best === 0 ? `under ${LADDER[0]} per second` : `${best} per second`,
        reference: best === LADDER.at(-1) ? 'the highest rate tried' : '',
        workload: `rates ${LADDER.join(', ')} per second, ${ladderSeconds} s each`,
      });
    }

    rows.push(
      {
        figure: 'import of the generated files (CLI from dist/)',
        value: `${ms(imported.wallMs)}, peak ${imported.peakMiB.toFixed(0)} MiB`,
        reference: 'target < 30 s, < 300 MB',
        workload: `${DOCUMENTS.toLocaleString('en-US')} Markdown files: ${imported.summary}`,
      },
      {
        figure: 're-import, all unchanged',
        value: `${ms(reimported.wallMs)}, peak ${reimported.peakMiB.toFixed(0)} MiB`,
        reference: 'target < 5 s',
        workload: reimported.summary,
      },
      {
        figure: 'first start from dist/ to /readyz 200 (directory sync included)',
        value: ms(first.readyMs ?? Number.NaN),
        reference: `/healthz 200 after ${ms(first.healthyMs ?? Number.NaN)}`,
        workload: `${MEMBERS.toLocaleString('en-US')} members in pages of 1,000`,
      },
      {
        figure: 'start-up from dist/ to /readyz 200',
        value: ms(mailroom.readyMs ?? Number.NaN),
        reference: `target < 1.5 s; /healthz 200 after ${ms(mailroom.healthyMs ?? Number.NaN)}`,
        workload: `node dist/main.js on the ${DOCUMENTS.toLocaleString('en-US')}-document database`,
      },
      {
        figure: 'peak memory of the app during the runs',
        value: `${mailroom.peakMiB().toFixed(0)} MiB`,
        reference: `bare Bolt ${bare.peakMiB().toFixed(0)} MiB`,
        workload: 'VmHWM',
      },
    );
    return {
      title,
      rows,
      notes: [
        `Load: each figure is one run, the two apps loaded one after the other (never both at once), ${SECONDS} s per rate run. A reply is the first POST to the request's response_url that is not Mailroom's "answer follows" notice (a search waiting for room, counted as told first); one not there ${REPLY_WAIT_MS / 1000} s after the run's last request counts as not replied. SEARCH_WORKERS and SEARCH_QUEUE_PER_WORKER reach Mailroom from this environment.`,
      ],
    };
  } finally {
    for (const app of apps) await stopApp(app).catch(() => undefined);
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
