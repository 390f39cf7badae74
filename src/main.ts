import { existsSync } from 'node:fs';
import { createMailroom } from './app.js';
import { ConfigError, loadConfig } from './core/config.js';
import { guardProcess } from './core/slack/request-scope.js';
import { stopOnSignals } from './lifecycle.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const mailroom = createMailroom({ config });
  guardProcess(mailroom.ctx.logger);
  stopOnSignals(mailroom);
  const { port } = await mailroom.start();
  mailroom.ctx.logger.info(
    config.mode === 'socket'
      ? 'Mailroom is running in Socket Mode.'
      : `Mailroom is listening for Slack on port ${port} (POST /slack/events, GET /healthz, /livez, /readyz).`,
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
