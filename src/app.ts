import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import webApi from '@slack/web-api';
import { capabilitiesOf, listenAll } from './capabilities.js';
import { createContext, type MailroomContext } from './context.js';
import { type DeliveryHooks, tellEach } from './core/capability.js';
import type { Config } from './core/config.js';
import { deliveryLeaseMs } from './core/domain/queue.js';
import {
  observedTick,
  type Scheduler,
  type ScheduleTicks,
  scheduleEveryMinute,
} from './core/jobs/scheduler.js';
import {
  backgroundDirectorySync,
  backgroundWork,
  type TickReport,
  tick,
} from './core/jobs/tick.js';
import { createLogger, type LogDestination } from './core/logger.js';
import { PrometheusMetrics } from './core/metrics.js';
import {
  type DeliveryOptions,
  type DeliveryReport,
  DeliveryWorker,
} from './core/services/delivery.js';
import {
  DIRECTORY_SYNCED_AT,
  type DirectoryDeps,
  syncDirectory,
} from './core/services/directory.js';
import { assessHealth, assessReadiness } from './core/services/health.js';
import { type KnowledgeSearch, searchOf } from './core/services/knowledge.js';
import { measuredSearch } from './core/services/metrics.js';
import { ownerLeft } from './core/services/ownership.js';
import { scheduleChanged } from './core/services/people.js';
import type { Clock, Logger } from './core/services/ports.js';
import { redirectUndeliverablePost } from './core/services/posts.js';
import { SearchPool } from './core/services/search/pool.js';
import { applyTeamSettings } from './core/services/team-settings.js';
import { AdminServer } from './core/slack/admin-server.js';
import { botAuthorizer } from './core/slack/authorize.js';
import { slackDirectorySource } from './core/slack/directory-source.js';
import { type HealthReports, healthRoutes, metricsRoute } from './core/slack/health-routes.js';
import { slackMessenger } from './core/slack/messenger.js';
import { countRequests } from './core/slack/middleware/count-requests.js';
import { decodeCommands } from './core/slack/middleware/decode-command-text.js';
import { dedupeEvents } from './core/slack/middleware/dedupe-events.js';
import { bindRequestIds } from './core/slack/middleware/log-bindings.js';
import { SlackRequestReceiver } from './core/slack/receiver.js';
import { homeItemDescriber, queueItemRenderers } from './core/slack/renderers.js';
import { responseUrlPolicy } from './core/slack/response-urls.js';
import { digestMessage } from './core/slack/views/digest.js';
import { slackFetch } from './core/slack/web-api-fetch.js';
import {
  areMigrationsApplied,
  closeDatabase,
  type Db,
  isDatabaseReachable,
  openDatabase,
  sharedFileOf,
} from './core/store/db.js';
import { TOPIC_SYNONYMS, wordnetKnows, wordnetSynonyms } from './core/store/wordnet-synonyms.js';
import { MAILROOM_VERSION } from './core/version.js';
import { HomeRefresher, type HomeRefresherOptions } from './features/home/slack/home-refresher.js';

export interface MailroomOptions {
  config: Config;
  /** An open database; by default the one at config.databasePath. */
  db?: Db;
  clock?: Clock;
  /** Gets each call's arguments, redacted, instead of pino's lines (a test, an embedding host). */
  logger?: Logger;
  /** Where pino's lines go when no `logger` is given; by default standard output. */
  logDestination?: LogDestination;
  /** Every Web API call gives up after this long (default 10 s). */
  slackCallTimeoutMs?: number;
  /** The delivery worker's pace and lease; by default Slack's published limits. */
  delivery?: Partial<DeliveryOptions>;
  /** What runs the tick; by default once a minute (node-cron, UTC). */
  scheduleTicks?: ScheduleTicks;
  /** How Home tabs are kept current; by default Slack's pace for views.publish. */
  homeRefresh?: Pick<HomeRefresherOptions, 'debounceMs' | 'intervalMs'>;
  /** Where searches run; by default the search pool (config.searchWorkers), or this thread. */
  search?: KnowledgeSearch;
  /** What GET /metrics serves; by default Mailroom's own metrics, without the process's. */
  metrics?: PrometheusMetrics;
}

export interface Mailroom {
  app: App;
  ctx: MailroomContext;
  /**
   * Starts receiving (HTTP on config.port, or Socket Mode), syncs the directory in the
   * background, starts the minute tick. `directory` resolves when a first install's directory
   * sync has ended, whether it succeeded or not (at once when a directory was already known).
   */
  start(options?: { schedule?: boolean; host?: string }): Promise<{
    port: number | undefined;
    /** Where health and metrics are served when ADMIN_PORT is set. */
    adminPort: number | undefined;
    directory: Promise<void>;
  }>;
  /**
   * Takes no new work, waits up to `graceMs` (default 5 s) for the running tick, the sends in
   * flight and the listeners, then stops receiving and closes the database.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** One run of the scheduled work, then waits for the delivery and directory sync it started. */
  tick(): Promise<TickReport & { delivery: DeliveryReport }>;
  syncDirectory(): Promise<{ members: number; pages: number }>;
  /**
   * Resolves once Mailroom has finished what it is doing: every request it received (its
   * listeners and what they started after answering Slack), the delivery worker's sends (with
   * what a post set going), Home tabs being refreshed, the tick's work beside it and a directory
   * sync. It waits for the work itself, never for a quiet moment; it starts nothing.
   */
  idle(): Promise<void>;
}

const LOG_LEVELS = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
} as const;

const HOME_VISIT_FRESH_MS = 7 * 24 * 60 * 60 * 1000;

/** The composition root: the only place that knows every concrete piece. */
export function createMailroom(options: MailroomOptions): Mailroom {
  const { config } = options;
  const db = options.db ?? openDatabase(config.databasePath);
  const clock = options.clock ?? Date.now;
  let startedAt = clock();
  // Set when stop() begins: /readyz answers 503 while what runs finishes, before the port closes.
  let stopping = false;

  const currentHealth = () => {
    const databaseReachable = isDatabaseReachable(db);
    return assessHealth({
      version: MAILROOM_VERSION,
      now: clock(),
      startedAt,
      databaseReachable,
      lastTickCompletedAt: ticks.lastCompletedAt(),
      delivery: worker.status(),
      due: databaseReachable ? ctx.queue.countDue(clock()) : 0,
    });
  };
  const metrics = options.metrics ?? new PrometheusMetrics();
  const reports: HealthReports = {
    health: currentHealth,
    readiness: (health) => {
      const reachable = health.database === 'reachable';
      const synced = reachable ? ctx.appState.get(DIRECTORY_SYNCED_AT) : undefined;
      return assessReadiness({
        now: clock(),
        databaseReachable: reachable,
        migrationsApplied: reachable && areMigrationsApplied(db),
        directorySyncedAt: synced === undefined ? undefined : Number(synced),
        delivery: health.delivery.state,
        stopping,
      });
    },
  };
  // Health and metrics: on the admin port when there is one, else beside Slack's requests.
  const operatorRoutes = (audience: 'public' | 'operators') => [
    ...healthRoutes(reports, audience),
    metricsRoute(() => metrics.render()),
  ];
  const routes = config.admin ? [] : operatorRoutes('public');

  // One logger for Mailroom, Bolt and both Web API clients, so no secret reaches a log line.
  const boltLogger = createLogger({
    level: LOG_LEVELS[config.logLevel],
    secrets: [config.slack.botToken, config.slack.appToken ?? '', config.slack.signingSecret ?? ''],
    ...(config.logFormat ? { format: config.logFormat } : {}),
    ...(options.logger ? { sink: options.logger } : {}),
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  const logger: Logger = boltLogger;
  for (const warning of config.warnings) logger.warn(warning);
  const ctx = createContext({
    db,
    clock,
    logger,
    // The team glossary and the index's vocabulary join here as further parts.
    lexicon: {
      synonyms: wordnetSynonyms(),
      topicSynonyms: wordnetSynonyms(TOPIC_SYNONYMS),
      dictionary: wordnetKnows,
    },
    settings: {
      defaultTimeZone: config.defaultTimeZone,
      admins: config.admins,
      questionDueMs: config.questionDueMs,
      askHoldMs: config.askHoldMs,
      retention: config.retention,
    },
  });

  const timeout = options.slackCallTimeoutMs ?? 10_000;
  // Every client names the call that got no answer, and what to check.
  const slackApi = {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    fetch: slackFetch({ apiUrl: config.slack.apiUrl, timeoutMs: timeout, metrics }),
  };
  // Mailroom's own calls outside listeners (updates, the directory, Home tabs): each may be
  // made again. It posts nothing: every post is a queue item the delivery worker sends.
  const slackClient = new webApi.WebClient(config.slack.botToken, {
    ...slackApi,
    timeout,
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    logger: boltLogger,
  });
  // Listeners' calls are made once: a trigger_id or a response is useless minutes later, and an
  // ephemeral reply that may have been shown must not be shown twice.
  const clientOptions = { ...slackApi, timeout, retryConfig: { retries: 0 } };
  const app = new App({
    authorize: botAuthorizer(slackClient, config.slack.botToken),
    logLevel: LOG_LEVELS[config.logLevel],
    logger: boltLogger,
    customRoutes: routes,
    clientOptions,
    ...(config.mode === 'socket'
      ? {
          socketMode: true,
          appToken: config.slack.appToken,
          // The Socket Mode client opens its connection with a Web API client of its own.
          installerOptions: { port: config.port, clientOptions: slackApi },
        }
      : {
          receiver: new SlackRequestReceiver({
            signingSecret: config.slack.signingSecret ?? '',
            port: config.port,
            customRoutes: routes,
            seenRequests: ctx.seenRequests,
            logger: boltLogger,
            responseUrlAllowed: responseUrlPolicy(config.slack.apiUrl),
            onAnswered: (kind, status) => metrics.request({ kind, status: String(status) }),
            onHandling: (handling) => ctx.work.during(handling),
            ...config.http,
          }),
        }),
  });

  const searchPool = options.search ? undefined : startSearchPool(config, db, logger);
  ctx.search = measuredSearch(options.search ?? searchPool?.search ?? searchOf(ctx), metrics);

  applyTeamSettings(ctx);
  const directory: DirectoryDeps = {
    members: ctx.members,
    appState: ctx.appState,
    source: slackDirectorySource(slackClient),
    clock,
    // What someone found deactivated owned alone is offered to whoever may take it over.
    onLeft: (userId) => {
      try {
        ownerLeft(ctx, userId);
      } catch (error) {
        logger.error(`could not hand over what ${userId} owned`, error);
      }
    },
    // A zone or status learned only by the daily walk moves their items as a user_change does.
    onScheduleChanged: (userId) => {
      try {
        scheduleChanged(ctx, userId);
      } catch (error) {
        logger.error(`could not move ${userId}'s schedule`, error);
      }
    },
  };
  const directorySync = backgroundDirectorySync(directory, logger);
  // The worker's own client makes each call once and hands 429s back: the worker owns the pace
  // and the retries, so a claim's worst case is one timeout.
  const deliveryClient = new webApi.WebClient(config.slack.botToken, {
    ...slackApi,
    timeout,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger,
  });
  // Calls that create something in Slack are made once, as deliveries are: Mailroom looks
  // before it tries again.
  const onceClient = deliveryClient;
  const { capabilities, tab } = capabilitiesOf(ctx, slackClient, onceClient);
  const tell = (what: string, hear: (hooks: DeliveryHooks) => unknown) =>
    tellEach(capabilities, logger, what, hear);
  const worker = new DeliveryWorker(
    {
      queue: ctx.queue,
      members: ctx.members,
      messenger: slackMessenger(deliveryClient, queueItemRenderers(capabilities), (items) =>
        digestMessage(items, homeItemDescriber(capabilities)),
      ),
      clock,
      logger,
      metrics,
      defaultTimeZone: config.defaultTimeZone,
      onUndeliverable: async (item, reason) => {
        redirectUndeliverablePost(ctx, item);
        await tell(`undeliverable queue item ${item.id}`, (h) => h.onUndeliverable?.(item, reason));
      },
      // Told at once, before the worker goes on: a reply may wait for this ts.
      onPosted: (item, posted) => {
        for (const capability of capabilities) {
          try {
            capability.delivery?.onPosted?.(item, posted);
          } catch (error) {
            logger.error(`the ${capability.name} capability failed on posted ${item.id}`, error);
          }
        }
      },
      onAway: async (item, away) => {
        await tell(`queue item ${item.id} for someone away`, (h) => h.onAway?.(item, away));
      },
    },
    { leaseMs: deliveryLeaseMs(timeout), ...options.delivery },
  );
  // Home tabs of people who looked at theirs this week follow their queue.
  const homes = new HomeRefresher({
    publish: (userId) => tab.publish(slackClient, userId),
    visitors: (userIds) => ctx.members.homeVisitorsAmong(userIds, clock() - HOME_VISIT_FRESH_MS),
    logger,
    ...options.homeRefresh,
  });
  ctx.queue.onChange((userIds) => homes.changed(userIds));
  // A post answers someone now (a mention's reply); DMs keep to the tick and the recipient's hours.
  ctx.queue.onEnqueued((item) => {
    if (item.kind === 'post') worker.nudge();
  });
  const background = backgroundWork(logger);
  const runTick = () =>
    tick({ ctx, delivery: worker, directory: directorySync, background, capabilities });
  const ticks = observedTick(runTick, logger, clock, metrics);
  metrics.watch({
    queueDepth: (now) => ctx.queue.depth(now),
    sending: () => worker.status().sending.length,
    searchWaiting: () => searchPool?.backlog ?? 0,
    lastTickCompletedAt: ticks.lastCompletedAt,
    now: clock,
  });
  const admin = config.admin
    ? new AdminServer(operatorRoutes('operators'), {
        logger,
        onAnswered: (kind, status) => metrics.request({ kind, status: String(status) }),
      })
    : undefined;

  app.use(bindRequestIds);
  // Over HTTP the receiver counts requests with their status; in Socket Mode, here.
  if (config.mode === 'socket') app.use(countRequests(metrics));
  // Listeners at work are work in flight (over HTTP, the receiver keeps the whole request too),
  // so that stopping and idle() wait for them.
  app.use(({ next }) => ctx.work.during(next()));
  app.use(dedupeEvents(ctx));
  app.use(decodeCommands);
  listenAll(app, ctx, capabilities);
  app.error(async (error) => {
    logger.error('unhandled error in a Slack listener', error);
  });

  let scheduler: Scheduler | undefined;
  let server: Server | undefined;

  return {
    app,
    ctx,
    async start({
      schedule = true,
      host = config.host,
    }: {
      schedule?: boolean;
      host?: string;
    } = {}) {
      // A stopped process's events in progress: Slack's retries of them are handled again.
      ctx.eventLog.forgetUnfinished();
      const adminPort = config.admin
        ? await admin?.start(config.admin.port, config.admin.host)
        : undefined;
      const started = await app.start(host ? { port: config.port, host } : config.port);
      server = config.mode === 'http' ? (started as Server) : undefined;
      startedAt = clock();
      await worker.checkToken();
      // What is due (or was interrupted) goes out now, not at the first tick.
      worker.wake();
      // A first install knows no one yet: it learns the directory while it already answers
      // Slack (readiness says so until then); a known directory is good enough to deliver
      // with while it refreshes.
      const firstSync = ctx.appState.get(DIRECTORY_SYNCED_AT) === undefined;
      const synced = directorySync.start();
      const learned = firstSync ? synced : Promise.resolve();
      if (schedule) scheduler = (options.scheduleTicks ?? scheduleEveryMinute)(ticks.run);
      // Typo correction needs an index of the vocabulary: built in slices, between requests
      // (the search threads build their own).
      if (!searchPool) {
        ctx.knowledge.vocabulary.warmInBackground().catch((error: unknown) => {
          logger.warn(
            'building the typo index failed; typos will not be corrected until it is',
            error,
          );
        });
      }
      const address = server?.address();
      return {
        port: typeof address === 'object' && address ? address.port : undefined,
        adminPort,
        directory: learned,
      };
    },
    async stop({ graceMs = 5000 } = {}) {
      stopping = true;
      const finished = Promise.all([
        scheduler?.stop(),
        homes.stop(),
        worker.stop(graceMs),
        directorySync.settled(),
        background.settled(),
        ctx.work.idle(),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([finished, late]);
      clearTimeout(timer);
      try {
        await app.stop();
      } finally {
        // Health answers (503, stopping) until the last: the admin port closes after Slack's.
        await admin?.stop();
        await searchPool?.close();
        closeDatabase(db);
      }
    },
    async tick() {
      // Also waits for what the tick queued itself (standup prompts due this minute).
      const before = worker.snapshot();
      const report = await runTick();
      await background.settled();
      const delivery = await worker.drain(before);
      await directorySync.settled();
      return { ...report, delivery };
    },
    syncDirectory: () => syncDirectory(directory),
    async idle() {
      const busy = () =>
        ctx.work.busy || worker.working || homes.busy || background.busy || directorySync.busy;
      while (busy()) {
        await Promise.all([
          ctx.work.idle(),
          worker.idle(),
          homes.idle(),
          background.settled(),
          directorySync.settled(),
        ]);
      }
    },
  };
}
/**
 * The search threads, each reading the same database file: none when SEARCH_WORKERS is 0, and
 * none for a database only this connection can see (in memory) or not in WAL mode (readers
 * would wait for writers): searches then run on the main thread.
 */
function startSearchPool(config: Config, db: Db, logger: Logger): SearchPool | undefined {
  if (config.searchWorkers <= 0) return undefined;
  const shared = sharedFileOf(db);
  if (shared.path === undefined) {
    if (shared.why) logger.warn(`${shared.why}: searches run on the main thread`);
    return undefined;
  }
  return new SearchPool({
    databasePath: shared.path,
    workers: config.searchWorkers,
    queuePerWorker: config.searchQueuePerWorker,
    logger,
  });
}
