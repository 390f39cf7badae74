import type { Harness } from './harness.js';
import { eventually } from './harness.js';

/**
 * For the authorization matrices: what Mailroom answered a request with, whichever way it
 * answers: its reply through the response_url, or the modal it opened (views.open). Call it
 * before sending, await what it returns after.
 */
export function replyOrModal(h: Harness): () => Promise<string> {
  const opened = h.fake.callsTo('views.open').length;
  return () =>
    Promise.race([
      h.fake.waitForResponse().then((reply) => JSON.stringify(reply.body)),
      eventually(() => {
        const call = h.fake.callsTo('views.open')[opened];
        if (!call) throw new Error('no modal yet');
        return `modal ${JSON.stringify(call.args.view)}`;
      }),
    ]);
}

/** Every row of `tables`, each in a stable order: what a refused request must leave as it was. */
export function tableSnapshot(
  h: Harness,
  tables: readonly string[] | Readonly<Record<string, string>>,
): Record<string, unknown[]> {
  const db = h.mailroom.ctx.db.$client;
  const ordered = Array.isArray(tables)
    ? tables.map((table) => [table, 'rowid'] as const)
    : Object.entries(tables);
  return Object.fromEntries(
    ordered.map(([table, order]) => [
      table,
      db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all(),
    ]),
  );
}
