import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/db.js';
import { SeenRequestRepository } from '../../../src/core/store/seen-request-repository.js';
import { tempDatabasePath } from '../../support/store.js';

const T0 = Date.parse('2026-03-09T14:00:00Z');
const MINUTE = 60_000;

describe('SeenRequestRepository', () => {
  it('knows a signature the second time, also from a new connection to the same file', () => {
    const path = tempDatabasePath();
    const first = new SeenRequestRepository(openDatabase(path));
    expect(first.remember('v0=aaa', T0, T0 - 10 * MINUTE)).toBe(true);
    expect(first.remember('v0=aaa', T0 + MINUTE, T0 - 9 * MINUTE)).toBe(false);
    expect(first.remember('v0=bbb', T0 + MINUTE, T0 - 9 * MINUTE)).toBe(true);

    const afterRestart = new SeenRequestRepository(openDatabase(path));
    expect(afterRestart.remember('v0=aaa', T0 + 2 * MINUTE, T0 - 8 * MINUTE)).toBe(false);
  });

  it('forgets signatures received before the given instant', () => {
    const db = openDatabase(tempDatabasePath());
    const seen = new SeenRequestRepository(db);
    seen.remember('v0=old', T0, T0 - 10 * MINUTE);
    seen.remember('v0=new', T0 + 5 * MINUTE, T0 - 5 * MINUTE);
    expect(seen.remember('v0=newest', T0 + 11 * MINUTE, T0 + MINUTE)).toBe(true);
    const left = db.$client.prepare('select signature from seen_requests order by 1').all();
    expect(left).toEqual([{ signature: 'v0=new' }, { signature: 'v0=newest' }]);
    expect(seen.remember('v0=old', T0 + 11 * MINUTE, T0 + MINUTE)).toBe(true);
  });
});
