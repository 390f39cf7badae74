import { existsSync } from 'node:fs';
import { createMailroom } from './app.js';
import { ConfigError, loadConfig } from './core/config.js';
import { PrometheusMetrics } from './core/metrics.js';
import { guardProcess } from './core/slack/request-scope.js';
import { stopOnSignals } from './lifecycle.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const mailroom = createMailroom({ config, metrics: new PrometheusMetrics({ process: true }) });
  guardProcess(mailroom.ctx.logger);
  stopOnSignals(mailroom);
  const { port, adminPort } = await mailroom.start();
  const operators = '/healthz, /livez, /readyz and /metrics';
  const where = config.admin
    ? `${operators} on ${config.admin.host}:${adminPort} (ADMIN_PORT)`
    : `${operators} on port ${port ?? config.port}`;
  mailroom.ctx.logger.info(
    config.mode === 'socket'
      ? `Mailroom is running in Socket Mode; ${where}.`
      : config.admin
        ? `Mailroom is listening for Slack on port ${port} (POST /slack/events only); ${where}.`
        : `Mailroom is listening for Slack on port ${port} (POST /slack/events, GET ${operators}).`,
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
