import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The worker script `name` beside the module at `moduleUrl`: `name.ts` when Mailroom runs from
 * its TypeScript sources (tsx, tests), `name.js` once built into dist/.
 */
export function scriptBeside(moduleUrl: string, name: string): URL {
  return new URL(moduleUrl.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, moduleUrl);
}

/**
 * Starts a worker thread on `script`. Built (dist/), it is plain JavaScript. From the TypeScript
 * sources, the worker first registers tsx's require hook: Node 20 does not apply the parent's
 * module hooks to a worker's own entry.
 */
export function startWorker(script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const hooks = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const source = [
    `require(${JSON.stringify(hooks)}).register();`,
    `require(${JSON.stringify(fileURLToPath(script))});`,
  ].join('\n');
  return new Worker(source, { eval: true, workerData, execArgv: [] });
}
