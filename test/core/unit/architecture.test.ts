import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', 'src');

/** The core and each capability are cut in the same layers. */
const units = ['core', ...readdirSync(join(root, 'features')).map((f) => `features/${f}`)];

function sourcesIn(layer: string): { file: string; text: string }[] {
  return units.flatMap((unit) => {
    const folder = `${unit}/${layer}`;
    try {
      return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => ({
          file: `${folder}/${f}`,
          text: readFileSync(join(root, folder, f), 'utf8'),
        }));
    } catch {
      return [];
    }
  });
}

function importsOf(text: string): string[] {
  return [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
}

describe('architecture', () => {
  it('keeps domain/ pure: no Slack, no store, no clock', () => {
    for (const { file, text } of sourcesIn('domain')) {
      for (const spec of importsOf(text)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^@slack\/|^drizzle-orm|^better-sqlite3|\/(slack|store|services|jobs)\//,
        );
      }
      expect(text, `${file} reads the clock`).not.toMatch(/Date\.now\(|new Date\(\)/);
    }
  });

  it('keeps services/ free of Slack and of direct SQLite access', () => {
    for (const { file, text } of sourcesIn('services')) {
      for (const spec of importsOf(text)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^@slack\/|^better-sqlite3|\/slack\//);
      }
    }
  });

  it('lets only app.ts and main.ts know every concrete piece', () => {
    for (const folder of ['domain', 'services', 'store', 'slack', 'jobs']) {
      for (const { file, text } of sourcesIn(folder)) {
        expect(
          importsOf(text).some((s) => s.endsWith('/app.js')),
          `${file} imports app.ts`,
        ).toBe(false);
      }
    }
  });
});
