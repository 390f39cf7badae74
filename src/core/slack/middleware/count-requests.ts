import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Metrics } from '../../services/metrics.js';
import { readSlackRequest, requestKindOf } from '../request-shapes.js';

/**
 * In Socket Mode, where no HTTP status is sent: counts each request Slack sends by its kind,
 * `ok` when its listeners finished and `error` when one failed.
 */
export function countRequests(metrics: Metrics): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const kind = requestKindOf(readSlackRequest(body));
    try {
      await next();
      metrics.request({ kind, status: 'ok' });
    } catch (error) {
      metrics.request({ kind, status: 'error' });
      throw error;
    }
  };
}
