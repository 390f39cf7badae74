/**
 * `npm start` and the tools' npm scripts (scripts/start.mjs): dist/ is built when it is missing
 * or older than src/, and run as it is otherwise. Each case builds for real (tsc), in a copy of
 * the project that shares this one's node_modules, so it runs in `npm run test:all`.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const projects: string[] = [];

afterAll(() => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

/** A copy of what building and starting read, with node_modules linked. */
function projectCopy(): string {
  const project = mkdtempSync(join(tmpdir(), 'mailroom-start-'));
  for (const entry of [
    'package.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'scripts',
    'src',
    'migrations',
  ])
    cpSync(join(root, entry), join(project, entry), { recursive: true });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(project, 'node_modules'));
  projects.push(project);
  return project;
}

function start(
  project: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/start.mjs', ...args],
      { cwd: project, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/start.mjs', () => {
  it('builds when dist/ is missing, runs dist/ as it is when current, and builds again when src/ is newer', async () => {
    const project = projectCopy();

    const first = await start(project, ['cli/import-docs.js', '--help']);
    expect(first.stderr).toContain('Building Mailroom (dist/ is missing)');
    expect(first.stdout).toContain('Usage: npm run import -- <folder>');
    expect(first.code).toBe(0);
    const builtAt = statSync(join(project, 'dist', 'main.js')).mtimeMs;

    const again = await start(project, ['cli/import-docs.js', '--help']);
    expect(again.stderr).not.toContain('Building');
    expect(again.stdout).toContain('Usage: npm run import -- <folder>');
    expect(statSync(join(project, 'dist', 'main.js')).mtimeMs).toBe(builtAt);

    const tool = join(project, 'src', 'cli', 'import-docs.ts');
    writeFileSync(
      tool,
      readFileSync(tool, 'utf8').replace('Imports every .md', 'Imports each and every .md'),
    );
    const later = new Date(builtAt + 60_000);
    utimesSync(tool, later, later);
    const changed = await start(project, ['cli/import-docs.js', '--help']);
    expect(changed.stderr).toContain('Building Mailroom (dist/ is older than src/)');
    expect(changed.stdout).toContain('Imports each and every .md');
  }, 180_000);

  it('runs the app the same way: with no environment it says what is missing and exits 1', async () => {
    const project = projectCopy();
    const result = await start(project, ['main.js']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Mailroom cannot start: the environment is not complete.');
    expect(existsSync(join(project, 'dist', 'main.js'))).toBe(true);
  }, 180_000);

  it('writes nothing when the sources do not type-check, and says why it cannot start', async () => {
    const project = projectCopy();
    const file = join(project, 'src', 'main.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nconst broken: number = 'text';\n`);
    const result = await start(project, ['main.js']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('The build failed; dist/ was not written.');
    expect(existsSync(join(project, 'dist'))).toBe(false);
  }, 180_000);

  it('runs an installed dist/ without src/, and refuses clearly when neither is there', async () => {
    const project = projectCopy();
    expect((await start(project, ['cli/backup.js', '--help'])).code).toBe(0);
    renameSync(join(project, 'src'), join(project, 'src-gone'));
    const installed = await start(project, ['cli/backup.js', '--help']);
    expect(installed.stderr).not.toContain('Building');
    expect(installed.code).toBe(0);

    renameSync(join(project, 'dist'), join(project, 'dist-gone'));
    const nothing = await start(project, ['main.js']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain(
      'Mailroom cannot start: dist/ is missing, and there is no src/ to build it from.',
    );
  }, 180_000);
});
