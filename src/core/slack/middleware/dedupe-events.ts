import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';

function eventEnvelope(body: AnyMiddlewareArgs['body']): { id: string; type: string } | undefined {
  const b = body as { type?: unknown; event_id?: unknown; event?: { type?: unknown } };
  if (b.type !== 'event_callback' || typeof b.event_id !== 'string') return undefined;
  return { id: b.event_id, type: typeof b.event?.type === 'string' ? b.event.type : 'unknown' };
}

/**
 * Slack retries events (X-Slack-Retry-Num) and sometimes sends one twice without saying so.
 * An event id is handled once; if handling fails, the id is forgotten so a retry can succeed.
 */
export function dedupeEvents(
  ctx: Pick<ServiceContext, 'eventLog' | 'clock' | 'logger'>,
): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const envelope = eventEnvelope(body);
    if (!envelope) return next();
    if (!ctx.eventLog.begin(envelope.id, envelope.type, ctx.clock())) {
      ctx.logger.debug(
        `event ${envelope.id} (${envelope.type}) was already handled; ignoring the repeat`,
      );
      return;
    }
    try {
      await next();
      ctx.eventLog.finish(envelope.id);
    } catch (error) {
      ctx.eventLog.abandon(envelope.id);
      throw error;
    }
  };
}
