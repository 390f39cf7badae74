import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../services/ports.js';

/**
 * The admin port (ADMIN_PORT): health and metrics for operators, apart from the port Slack
 * reaches, so that one can stay open to the internet and this one to the cluster only. It
 * serves GET and HEAD on its routes and nothing else.
 */
export class AdminServer {
  private server: Server | undefined;

  constructor(
    private readonly routes: CustomRoute[],
    private readonly options: {
      logger: Logger;
      /** Told of every answer: the route (`route /healthz`, or `not_found`) and its status. */
      onAnswered?: (kind: string, status: number) => void;
    },
  ) {}

  /** Listens on `port` (0: any free one) at `host`; resolves with the port it got. */
  start(port: number, host: string): Promise<number> {
    if (this.server) return Promise.reject(new Error('the admin port is already open'));
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://admin').pathname;
      const route = this.routes.find((r) => r.path === path);
      const method = (req.method ?? 'GET').toUpperCase();
      const kind = route ? `route ${route.path}` : 'not_found';
      res.once('finish', () => this.options.onAnswered?.(kind, res.statusCode));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      Promise.resolve(route.handler(Object.assign(req, { params: {} }), res)).catch(
        (error: unknown) => {
          this.options.logger.error(`the admin port's ${path} failed`, error);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        },
      );
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => {
        this.server = undefined;
        reject(error);
      });
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
