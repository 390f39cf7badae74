import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line says it belongs to: the Slack request, its event or trigger, the queue item. */
export type LogBindings = Readonly<Record<string, string | number>>;

const scope = new AsyncLocalStorage<LogBindings>();

/**
 * Runs `work` with `bindings` added to every line logged inside it, by it and by everything it
 * starts (listeners, services, Web API calls), on top of the bindings already in force.
 */
export function withLogBindings<T>(bindings: LogBindings, work: () => T): T {
  return scope.run({ ...scope.getStore(), ...bindings }, work);
}

/** The bindings in force where a line is logged; none outside a request or a delivery. */
export function logBindings(): LogBindings {
  return scope.getStore() ?? {};
}
