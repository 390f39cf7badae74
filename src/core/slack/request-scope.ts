import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../services/ports.js';

/** Set while a request from Slack is handled, and in everything that handling starts. */
export const requestScope = new AsyncLocalStorage<{ kind: string }>();

type ProcessEvents = Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;

/**
 * The last line of defence: an error that escapes the handling of a request (a forgotten
 * promise in a listener, say) is logged and the process keeps serving everyone else. Any
 * other uncaught error still ends the process, as Node would, once it is logged.
 * Returns a function that removes the guard.
 */
export function guardProcess(logger: Logger, target: ProcessEvents = process): () => void {
  const onError = (origin: string) => (error: unknown) => {
    const scope = requestScope.getStore();
    if (scope) {
      logger.error(
        `${origin} while handling a Slack request (${scope.kind}); still running`,
        error,
      );
      return;
    }
    logger.error(`${origin}; Mailroom stops`, error);
    target.exit(1);
  };
  const onUncaught = onError('uncaught exception');
  const onUnhandled = onError('unhandled promise rejection');
  target.on('uncaughtException', onUncaught);
  target.on('unhandledRejection', onUnhandled);
  return () => {
    target.off('uncaughtException', onUncaught);
    target.off('unhandledRejection', onUnhandled);
  };
}
