import { existsSync } from 'node:fs';
import { createMailroom } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { guardProcess } from './slack/request-scope.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const mailroom = createMailroom({ config });
  guardProcess(mailroom.ctx.logger);
  // Registered before starting, so a stop signal during start-up still closes the database cleanly.
  const shutdown = async (signal: string) => {
    mailroom.ctx.logger.info(`${signal} received; stopping.`);
    try {
      await mailroom.stop();
    } catch (error) {
      mailroom.ctx.logger.warn('stopping was not clean', error);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const { port } = await mailroom.start();
  mailroom.ctx.logger.info(
    config.mode === 'socket'
      ? 'Mailroom is running in Socket Mode.'
      : `Mailroom is listening for Slack on port ${port} (POST /slack/events, GET /healthz).`,
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
