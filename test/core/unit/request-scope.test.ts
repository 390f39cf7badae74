import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardProcess, requestScope } from '../../../src/core/slack/request-scope.js';
import { captureLogger } from '../../support/harness.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exit = vi.fn();
  return {
    emitter,
    exit,
    target: {
      on: emitter.on.bind(emitter),
      off: emitter.off.bind(emitter),
      exit,
    } as unknown as Parameters<typeof guardProcess>[1],
  };
}

describe('the process guard', () => {
  it('logs an error that escaped a request’s handling and keeps running', async () => {
    const { emitter, exit, target } = fakeProcess();
    const logs = captureLogger();
    const unguard = guardProcess(logs.logger, target);
    await requestScope.run({ kind: 'block_actions' }, async () => {
      await Promise.resolve();
      emitter.emit('unhandledRejection', new Error('a forgotten promise'));
      emitter.emit('uncaughtException', new Error('a throw in a timer'), 'uncaughtException');
    });
    expect(exit).not.toHaveBeenCalled();
    expect(logs.errors().map((entry) => entry.args[0])).toEqual([
      'unhandled promise rejection while handling a Slack request (block_actions); still running',
      'uncaught exception while handling a Slack request (block_actions); still running',
    ]);
    unguard();
    expect(emitter.listenerCount('uncaughtException')).toBe(0);
    expect(emitter.listenerCount('unhandledRejection')).toBe(0);
  });

  it('ends the process, once logged, for an error from anywhere else', () => {
    const { emitter, exit, target } = fakeProcess();
    const logs = captureLogger();
    guardProcess(logs.logger, target);
    emitter.emit('uncaughtException', new Error('outside any request'), 'uncaughtException');
    expect(logs.errors()).toHaveLength(1);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
