/**
 * Mailroom's writes during the backup bench (backup.ts), on a worker thread with its own
 * connection, as the running app would be: a document every `everyMs`, each in its own
 * transaction. It reports each write and how long it took; 'stop' ends it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';

export interface WriterData {
  path: string;
  everyMs: number;
}

/** After each write: how many so far and how long this one took. */
export interface WriterReport {
  writes: number;
  tookMs: number;
}

function write(knowledge: KnowledgeRepository, n: number): number {
  const started = performance.now();
  knowledge.upsert(
    {
      title: `Answered while the backup ran ${n}`,
      body: `How to restart the ingest job, step ${n}: drain the queue, then restart it.`,
      source: 'written',
    },
    n,
  );
  return performance.now() - started;
}

function start(port: NonNullable<typeof parentPort>, { path, everyMs }: WriterData): void {
  const knowledge = new KnowledgeRepository(openDatabase(path));
  let writes = 0;
  const timer = setInterval(() => {
    const tookMs = write(knowledge, writes);
    writes += 1;
    port.postMessage({ writes, tookMs } satisfies WriterReport);
  }, everyMs);
  port.on('message', () => {
    clearInterval(timer);
    port.close();
  });
}

if (parentPort) start(parentPort, workerData as WriterData);
