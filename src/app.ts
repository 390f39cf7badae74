import type { Server } from 'node:http';
import { App, type CustomRoute, LogLevel } from '@slack/bolt';
import webApi from '@slack/web-api';
import type { Config } from './config/config.js';
import { scheduleEveryMinute } from './jobs/scheduler.js';
import { type TickReport, tick } from './jobs/tick.js';
import { createLogger } from './logger.js';
import { rerouteUndeliverable } from './services/answer.js';
import type { ServiceContext } from './services/context.js';
import type { DeliveryDeps } from './services/delivery.js';
import { type DirectoryDeps, syncDirectory } from './services/directory.js';
import type { Clock, Logger } from './services/ports.js';
import { applyTeamSettings } from './services/team-settings.js';
import { slackDirectorySource } from './slack/directory-source.js';
import { register as registerActions } from './slack/listeners/actions/index.js';
import { register as registerCommands } from './slack/listeners/commands/index.js';
import { register as registerEvents } from './slack/listeners/events/index.js';
import { register as registerShortcuts } from './slack/listeners/shortcuts/index.js';
import { register as registerViews } from './slack/listeners/views/index.js';
import { slackMessenger } from './slack/messenger.js';
import { dedupeEvents } from './slack/middleware/dedupe-events.js';
import { slackQuestionNotifier } from './slack/question-notifier.js';
import { SlackRequestReceiver } from './slack/receiver.js';
import { queueItemRenderers } from './slack/renderers.js';
import { type Db, isDatabaseReachable, openDatabase } from './store/db.js';
import { repositoriesOf } from './store/repositories.js';

export interface MailroomOptions {
  config: Config;
  /** An open database; by default the one at config.databasePath. */
  db?: Db;
  clock?: Clock;
  logger?: Logger;
}

export interface Mailroom {
  app: App;
  ctx: ServiceContext;
  /** Starts receiving (HTTP on config.port, or Socket Mode), syncs the directory, starts the minute tick. */
  start(options?: { schedule?: boolean; host?: string }): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
  /** One run of the scheduled work, as the minute cron does it. */
  tick(): Promise<TickReport>;
  syncDirectory(): Promise<{ members: number; pages: number }>;
}

const LOG_LEVELS = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
} as const;

/** The composition root: the only place that knows every concrete piece. */
export function createMailroom(options: MailroomOptions): Mailroom {
  const { config } = options;
  const db = options.db ?? openDatabase(config.databasePath);
  const clock = options.clock ?? Date.now;
  const repositories = repositoriesOf(db);

  const healthz: CustomRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const ok = isDatabaseReachable(db);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, database: ok ? 'reachable' : 'unreachable' }));
    },
  };

  // One logger for Mailroom, Bolt and both Web API clients, so no secret reaches a log line.
  const boltLogger = createLogger({
    level: LOG_LEVELS[config.logLevel],
    secrets: [config.slack.botToken, config.slack.appToken ?? '', config.slack.signingSecret ?? ''],
    ...(options.logger ? { sink: options.logger } : {}),
  });
  const apiUrl = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {};
  const app = new App({
    token: config.slack.botToken,
    logLevel: LOG_LEVELS[config.logLevel],
    logger: boltLogger,
    customRoutes: [healthz],
    clientOptions: {
      ...apiUrl,
      // Bounded retries (429s included) so that a delivery claim outlives any call in flight.
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    },
    ...(config.mode === 'socket'
      ? {
          socketMode: true,
          appToken: config.slack.appToken,
          // The Socket Mode client opens its connection with a Web API client of its own.
          installerOptions: { port: config.port, clientOptions: apiUrl },
        }
      : {
          receiver: new SlackRequestReceiver({
            signingSecret: config.slack.signingSecret ?? '',
            port: config.port,
            customRoutes: [healthz],
            seenRequests: repositories.seenRequests,
            ...(options.logger ? { logger: options.logger } : {}),
          }),
        }),
  });

  const logger: Logger = boltLogger;
  const ctx: ServiceContext = {
    db,
    ...repositories,
    clock,
    logger,
    settings: {
      defaultTimeZone: config.defaultTimeZone,
      admins: config.admins,
      questionDueMs: config.questionDueMs,
    },
  };

  applyTeamSettings(ctx);
  const questions = slackQuestionNotifier(app.client, logger);
  const directory: DirectoryDeps = {
    members: ctx.members,
    appState: ctx.appState,
    source: slackDirectorySource(app.client),
    clock,
  };
  const delivery: DeliveryDeps = {
    queue: ctx.queue,
    members: ctx.members,
    messenger: slackMessenger(app.client, queueItemRenderers(ctx)),
    clock,
    logger,
    defaultTimeZone: config.defaultTimeZone,
    onUndeliverable: (item, reason) => rerouteUndeliverable(ctx, questions, item, reason),
  };

  app.use(dedupeEvents(ctx));
  registerEvents(app, ctx);
  registerCommands(app, ctx);
  registerShortcuts(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  app.error(async (error) => {
    logger.error('unhandled error in a Slack listener', error);
  });

  let scheduler: { stop(): void } | undefined;
  let server: Server | undefined;

  return {
    app,
    ctx,
    async start({ schedule = true, host }: { schedule?: boolean; host?: string } = {}) {
      const started = await app.start(host ? { port: config.port, host } : config.port);
      server = config.mode === 'http' ? (started as Server) : undefined;
      try {
        await syncDirectory(directory);
      } catch (error) {
        logger.warn('first directory sync failed; it will be retried on the next tick', error);
      }
      if (schedule)
        scheduler = scheduleEveryMinute(
          () => tick({ ctx, delivery, directory, questions }),
          logger,
        );
      const address = server?.address();
      return { port: typeof address === 'object' && address ? address.port : undefined };
    },
    async stop() {
      scheduler?.stop();
      await app.stop();
      db.$client.close();
    },
    tick: () => tick({ ctx, delivery, directory, questions }),
    syncDirectory: () => syncDirectory(directory),
  };
}
