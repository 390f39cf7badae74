import type { CustomRoute } from '@slack/bolt';
import { type Health, publicHealth, type Readiness } from '../services/health.js';

/** What the health endpoints report, read afresh on each request. */
export interface HealthReports {
  health(): Health;
  /** Whether Mailroom is ready for traffic, given its health now. */
  readiness(health: Health): Readiness;
}

type Response = Parameters<CustomRoute['handler']>[1];

function json(res: Response, ok: boolean, body: unknown): void {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * `/healthz` (the process and what it depends on; 503 when unhealthy), `/livez` (the process
 * answers: nothing else is looked at) and `/readyz` (503 until it may take traffic).
 * `audience: 'public'` (the port Slack reaches) leaves out the ids of people and queue items.
 */
export function healthRoutes(
  reports: HealthReports,
  audience: 'public' | 'operators',
): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        const health = reports.health();
        json(res, health.ok, audience === 'public' ? publicHealth(health) : health);
      },
    },
    {
      path: '/livez',
      method: ['GET'],
      handler: (_req, res) => json(res, true, { live: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        const readiness = reports.readiness(reports.health());
        json(res, readiness.ready, readiness);
      },
    },
  ];
}

/** `/metrics`: Prometheus's text format. */
export function metricsRoute(
  render: () => Promise<{ contentType: string; text: string }>,
): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: async (_req, res) => {
      const { contentType, text } = await render();
      res.writeHead(200, { 'content-type': contentType });
      res.end(text);
    },
  };
}
