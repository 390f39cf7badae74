import type { CustomRoute } from '@slack/bolt';
import type { Health, Readiness } from '../services/health.js';

/** What the health endpoints report, read afresh on each request. */
export interface HealthReports {
  health(): Health;
  /** Whether Mailroom is ready for traffic, given its health now. */
  readiness(health: Health): Readiness;
}

/**
 * `/healthz` (the process and what it depends on; 503 when unhealthy), `/livez` (the process
 * answers: nothing else is looked at) and `/readyz` (503 until it may take traffic).
 */
export function healthRoutes(reports: HealthReports): CustomRoute[] {
  const json = (res: Parameters<CustomRoute['handler']>[1], ok: boolean, body: unknown) => {
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        const health = reports.health();
        json(res, health.ok, health);
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
