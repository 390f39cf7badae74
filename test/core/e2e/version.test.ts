import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startMailroom } from '../../support/harness.js';

const { version } = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as { version: string };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('the version', () => {
  it('is in /healthz: the version of package.json', async () => {
    harness = await startMailroom({ now: '2026-03-09T14:00:00Z' });
    const response = await fetch(`${harness.baseUrl}/healthz`);
    const body = (await response.json()) as { ok: boolean; version: string };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, version });
  });
});
