import { describe, expect, it } from 'vitest';
import { type Capability, tellEach } from '../../../src/core/capability.js';

describe("the delivery worker's news", () => {
  it('reaches every capability in order, one failing never keeping it from the next', async () => {
    const heard: string[] = [];
    const logged: string[] = [];
    const capability = (name: string, hear: () => void | Promise<void>): Capability => ({
      name,
      delivery: { onUndeliverable: hear },
    });
    const capabilities = [
      capability('standups', () => {
        throw new Error('standups broke');
      }),
      { name: 'home' },
      capability('decisions', async () => {
        heard.push('decisions');
        throw new Error('decisions broke');
      }),
      capability('ask', () => {
        heard.push('ask');
      }),
    ];
    await tellEach(
      capabilities,
      { error: (message: unknown) => logged.push(String(message)) },
      'item 7',
      (h) => h.onUndeliverable?.({} as never, 'channel_not_found'),
    );
    expect(heard).toEqual(['decisions', 'ask']);
    expect(logged).toEqual([
      'the standups capability failed on item 7',
      'the decisions capability failed on item 7',
    ]);
  });
});
