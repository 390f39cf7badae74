import { existsSync } from 'node:fs';
import { createMailroom } from './app.js';
import { ConfigError, loadConfig } from './core/config.js';
import { PrometheusMetrics } from './core/metrics.js';
import { guardProcess } from './core/slack/request-scope.js';
import { openDatabaseForUpgrade } from './core/store/db.js';
import { MAILROOM_VERSION } from './core/version.js';
import { stopOnSignals } from './lifecycle.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  // A newer build's database is refused, and one that needs migrating is backed up first.
  const opened = await openDatabaseForUpgrade(config.databasePath);
  const mailroom = createMailroom({
    config,
    db: opened.db,
    metrics: new PrometheusMetrics({ process: true }),
  });
  guardProcess(mailroom.ctx.logger);
  if (opened.migrated.length > 0) {
    mailroom.ctx.logger.info(
      `Migrated the database: ${opened.migrated.join(', ')}${opened.backup ? `; the copy from before is ${opened.backup}` : ''}.`,
    );
  }
  for (const removed of opened.removedBackups) {
    mailroom.ctx.logger.info(
      `Removed ${removed}: Mailroom keeps the last three pre-migration backups.`,
    );
  }
  stopOnSignals(mailroom);
  const { port, adminPort } = await mailroom.start();
  const operators = '/healthz, /livez, /readyz and /metrics';
  const where = config.admin
    ? `${operators} on ${config.admin.host}:${adminPort} (ADMIN_PORT)`
    : `${operators} on port ${port ?? config.port}`;
  mailroom.ctx.logger.info(
    config.mode === 'socket'
      ? `Mailroom ${MAILROOM_VERSION} is running in Socket Mode; ${where}.`
      : config.admin
        ? `Mailroom ${MAILROOM_VERSION} is listening for Slack on port ${port} (POST /slack/events only); ${where}.`
        : `Mailroom ${MAILROOM_VERSION} is listening for Slack on port ${port} (POST /slack/events, GET ${operators}).`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Mailroom could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
