import { describe, expect, it } from 'vitest';
import { WorkInFlight } from '../../../src/core/services/work-in-flight.js';

function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function logger() {
  const errors: unknown[][] = [];
  return { errors, error: (...args: unknown[]) => errors.push(args) };
}

describe('the work in flight', () => {
  it('is idle at once when nothing runs', async () => {
    const work = new WorkInFlight(logger());
    expect(work.busy).toBe(false);
    await work.idle();
  });

  it('is idle only once the work started meanwhile has ended too', async () => {
    const work = new WorkInFlight(logger());
    const first = deferred();
    const second = deferred();
    work.start('the first', first.promise);
    let idle = false;
    const waiting = work.idle().then(() => {
      idle = true;
    });
    // The first, before it ends, starts a second: idle waits for both.
    work.start('the second', () => second.promise);
    first.resolve();
    await first.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    expect(work.busy).toBe(true);
    second.resolve();
    await waiting;
    expect(idle).toBe(true);
    expect(work.busy).toBe(false);
  });

  it('logs a failure with what failed, and throws it at no one', async () => {
    const log = logger();
    const work = new WorkInFlight(log);
    const failing = deferred();
    work.start('rewriting a message', failing.promise);
    work.start('starting at once', () => {
      throw new Error('at once');
    });
    failing.reject(new Error('Slack said no'));
    await work.idle();
    expect(log.errors.map(([what]) => what)).toEqual([
      'starting at once failed',
      'rewriting a message failed',
    ]);
  });

  it('hands back what it keeps during, failure included, and is idle after it', async () => {
    const log = logger();
    const work = new WorkInFlight(log);
    await expect(work.during(Promise.resolve(7))).resolves.toBe(7);
    await expect(work.during(Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await work.idle();
    expect(work.busy).toBe(false);
    // Whoever awaited it had the failure: it is not logged again.
    expect(log.errors).toEqual([]);
  });
});
