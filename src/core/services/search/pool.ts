import type { Worker } from 'node:worker_threads';
import { scriptBeside, startWorker } from '../../worker-thread.js';
import { UserFacingError } from '../errors.js';
import type { KnowledgeSearch, KnowledgeSearchResult } from '../knowledge.js';
import type { Logger } from '../ports.js';
import type { SearchReply, SearchRequest, SearchWorkerData } from './protocol.js';

export interface SearchPoolOptions {
  /** The app's database file (already migrated, in WAL mode); each worker opens it to read. */
  databasePath: string;
  /** Worker threads (at least 1). */
  workers: number;
  /** Searches that may wait at each worker besides the one it runs; beyond, they wait in the pool. */
  queuePerWorker: number;
  logger: Logger;
  /** The worker's script; by default ./worker.ts beside this file (worker.js once built). */
  workerUrl?: URL;
}

export const SEARCH_INTERRUPTED =
  'My search stopped halfway, so I have no answer for this one. Your question is saved; please ask it again in a moment.';

/** Workers that die before opening the database, in a row, after which the pool gives up. */
const MAX_FAILED_STARTS = 3;

interface Job {
  request: Omit<SearchRequest, 'id'>;
  resolve: (result: KnowledgeSearchResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Sent to this worker and not answered yet, by request id. */
  sent: Map<number, Job>;
}

/**
 * Searches on worker threads, so a slow search never holds up the event loop (and with it
 * every acknowledgement to Slack). Each worker takes its running search plus
 * `queuePerWorker` waiting ones; a search beyond that waits in the pool, and its caller is
 * told at once (`onDelayed`), so a reply can say the answer follows. A worker that dies is
 * replaced, and the searches it had fail with a UserFacingError.
 */
export class SearchPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closing = false;
  /** Workers in a row that died before they could open the database. */
  private failedStarts = 0;

  constructor(private readonly options: SearchPoolOptions) {
    for (let i = 0; i < Math.max(1, options.workers); i += 1) this.slots.push(this.spawn());
  }

  readonly search: KnowledgeSearch = (viewer, text, limit, options, waiting) =>
    new Promise<KnowledgeSearchResult>((resolve, reject) => {
      if (this.closing || this.failedStarts >= MAX_FAILED_STARTS) {
        reject(new UserFacingError(SEARCH_INTERRUPTED));
        return;
      }
      const job: Job = { request: { viewer, text, limit, options }, resolve, reject };
      if (this.dispatch(job)) return;
      this.waiting.push(job);
      waiting?.onDelayed?.();
    });

  /** Searches waiting in the pool for a worker to have room. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Stops the workers; searches not answered yet fail. */
  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.waiting.splice(0)) job.reject(new UserFacingError(SEARCH_INTERRUPTED));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** Sends the job to the least busy worker with room; false when none has any. */
  private dispatch(job: Job): boolean {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.sent.size > this.options.queuePerWorker) continue;
      if (!best || slot.sent.size < best.sent.size) best = slot;
    }
    if (!best) return false;
    const id = this.nextId;
    this.nextId += 1;
    best.sent.set(id, job);
    best.worker.postMessage({ id, ...job.request } satisfies SearchRequest);
    return true;
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.dispatch(this.waiting[0] as Job)) this.waiting.shift();
  }

  private spawn(): Slot {
    const script = this.options.workerUrl ?? scriptBeside(import.meta.url, 'worker');
    const data: SearchWorkerData = { databasePath: this.options.databasePath };
    const worker = startWorker(script, data);
    const slot: Slot = { worker, sent: new Map() };
    let started = false;
    worker.on('message', (reply: SearchReply | 'ready') => {
      if (reply === 'ready') {
        started = true;
        this.failedStarts = 0;
        return;
      }
      const job = slot.sent.get(reply.id);
      if (!job) return;
      slot.sent.delete(reply.id);
      if (reply.ok) job.resolve(reply.result);
      else job.reject(new Error(`search failed: ${reply.message}`));
      this.pump();
    });
    worker.on('error', (error) => {
      this.options.logger.error('a search worker failed; starting another', error);
    });
    worker.on('exit', (code) => {
      const lost = [...slot.sent.values()];
      slot.sent.clear();
      for (const job of lost) job.reject(new UserFacingError(SEARCH_INTERRUPTED));
      if (this.closing) return;
      if (!started) this.failedStarts += 1;
      if (this.failedStarts >= MAX_FAILED_STARTS) {
        this.options.logger.error('search workers cannot open the database; searches fail');
        for (const job of this.waiting.splice(0))
          job.reject(new UserFacingError(SEARCH_INTERRUPTED));
        return;
      }
      this.options.logger.warn(`a search worker stopped (exit code ${code}); starting another`);
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.pump();
    });
    worker.unref();
    return slot;
  }
}
