/**
 * Runs one of Mailroom's compiled entry points from dist/, building first when dist/ is missing
 * or older than the sources:
 *
 *   node scripts/start.mjs main.js                  the app (`npm start`)
 *   node scripts/start.mjs cli/backup.js <file>     a command-line tool (`npm run backup -- <file>`)
 *
 * The entry runs in this same process (no child to pass signals on to), with the arguments
 * after its name. Without src/ (an installed image holds only dist/), dist/ is run as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = join(root, 'src');
const built = join(root, 'dist');
/** What the build reads besides src/. */
const buildFiles = ['tsconfig.json', 'tsconfig.build.json'].map((file) => join(root, file));

/** The newest modification time (ms) of the files under `folder`. */
function newestUnder(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why dist/ must be built again, or undefined when it is up to date. */
function staleness() {
  const stamp = join(built, 'main.js');
  if (!existsSync(stamp)) return 'dist/ is missing';
  if (!existsSync(sources)) return undefined;
  const builtAt = statSync(stamp).mtimeMs;
  const changed = Math.max(
    newestUnder(sources),
    ...buildFiles.filter((file) => existsSync(file)).map((file) => statSync(file).mtimeMs),
  );
  return changed > builtAt ? 'dist/ is older than src/' : undefined;
}

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write(
    'Usage: node scripts/start.mjs <entry in dist/, e.g. main.js> [arguments]\n',
  );
  process.exit(1);
}

const reason = staleness();
if (reason) {
  if (!existsSync(sources)) {
    process.stderr.write(
      `Mailroom cannot start: ${reason}, and there is no src/ to build it from.\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`Building Mailroom (${reason})…\n`);
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const script = join(built, entry);
if (!existsSync(script)) {
  process.stderr.write(`Mailroom has no entry point dist/${entry}.\n`);
  process.exit(1);
}
process.argv = [process.argv[0] ?? process.execPath, script, ...args];
await import(pathToFileURL(script).href);
