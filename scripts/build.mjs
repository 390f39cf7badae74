/**
 * Compiles src/ into dist/ (tsconfig.build.json): the folder is emptied first, so a source file
 * removed since the last build leaves nothing behind, and a build with type errors writes
 * nothing (noEmitOnError), so `npm start` never runs half a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let compiler;
try {
  const manifest = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
  compiler = join(dirname(manifest), 'bin', 'tsc');
} catch {
  compiler = undefined;
}
if (!compiler || !existsSync(compiler)) {
  process.stderr.write(
    'Mailroom cannot be built here: TypeScript is not installed (it is a development dependency).\n' +
      'Run `npm ci` (without --omit=dev), then `npm run build`.\n',
  );
  process.exit(1);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [compiler, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  process.stderr.write('The build failed; dist/ was not written.\n');
  process.exit(result.status ?? 1);
}
