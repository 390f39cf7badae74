/**
 * A backup of a database of about 150 MB while Mailroom writes, beside the same backup with
 * no writes, in the same run: `npm run backup`'s backupDatabase on 30,000 documents stored
 * through the documents repository (as the import stores them), each backup run RUNS times,
 * alternating. Under writes, another connection on a worker thread writes a document every
 * 50 ms from before the backup begins to after it ends. Each copy is checked on its own:
 * integrity_check, and every document committed before the backup began, unchanged.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type BackupResult, backupDatabase } from '../src/core/store/backup.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import { startWorker } from '../src/core/worker-thread.js';
import type { WriterData, WriterReport } from './backup-writer.js';
import type { BenchResult } from './run.js';
import { Corpus } from './search-latency.js';

const DOCUMENTS = 30_000;
const WRITE_EVERY_MS = 50;
const RUNS = 3;
/** How often a timer on the backup's thread asks to run, as the CLI's progress line does. */
const TIMER_MS = 100;

/** What the documents committed before a backup add up to: the copy must hold the same. */
interface Committed {
  lastId: number;
  count: number;
  length: number;
}

function committed(db: Database.Database, lastId?: number): Committed {
  const row = db
    .prepare(
      'SELECT max(id) AS lastId, count(*) AS count, total(length(title) + length(body)) AS length FROM documents WHERE id <= ?',
    )
    .get(lastId ?? Number.MAX_SAFE_INTEGER) as Committed;
  return { lastId: row.lastId, count: row.count, length: row.length };
}

interface Timed {
  result: BackupResult;
  totalMs: number;
  copyMs: number;
  /** The longest a timer on the backup's thread waited past its time. */
  timerLateMs: number;
  /** The copy passed integrity_check and holds every document committed before it began. */
  checked: boolean;
  holdsCommitted: boolean;
}

async function timedBackup(source: string, target: string, before: Committed): Promise<Timed> {
  let last = performance.now();
  let timerLateMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    timerLateMs = Math.max(timerLateMs, now - last - TIMER_MS);
    last = now;
  }, TIMER_MS);
  const started = performance.now();
  let copyMs = 0;
  const result = await backupDatabase(source, target, {
    onProgress: (progress) => {
      if (progress.phase === 'checking') copyMs = performance.now() - started;
    },
  }).finally(() => clearInterval(timer));
  const totalMs = performance.now() - started;
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const checked = copy.pragma('integrity_check', { simple: true }) === 'ok';
    const held = committed(copy, before.lastId);
    const holdsCommitted = held.count === before.count && held.length === before.length;
    return { result, totalMs, copyMs, timerLateMs, checked, holdsCommitted };
  } finally {
    copy.close();
    rmSync(target, { force: true });
  }
}

/** Starts the writer and resolves once it has written (so writes precede the backup). */
async function startWriter(path: string): Promise<{
  stop: () => Promise<{ writes: number; slowestMs: number }>;
  writesSoFar: () => number;
}> {
  const data: WriterData = { path, everyMs: WRITE_EVERY_MS };
  const worker = startWorker(new URL('./backup-writer.ts', import.meta.url), data);
  let writes = 0;
  let slowestMs = 0;
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (report: WriterReport) => {
      writes = report.writes;
      slowestMs = Math.max(slowestMs, report.tookMs);
      resolve();
    });
    worker.on('error', (error) => {
      failure = error;
      reject(error);
    });
  });
  return {
    writesSoFar: () => writes,
    stop: async () => {
      worker.postMessage('stop');
      await exited;
      if (failure) throw failure;
      return { writes, slowestMs };
    },
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-backup-bench-'));
  try {
    const path = join(dir, 'mailroom.db');
    const db = openDatabase(path);
    const knowledge = new KnowledgeRepository(db);
    const corpus = new Corpus();
    // Imported pages of about 1.5 KB of text each: a document's body and one or two more.
    db.$client.transaction(() => {
      for (let i = 0; i < DOCUMENTS; i += 1) {
        const doc = corpus.document(i);
        const more = i % 2 === 0 ? 2 : 1;
        const bodies = [doc.body];
        for (let j = 1; j <= more; j += 1) bodies.push(corpus.document(DOCUMENTS * j + i).body);
        knowledge.upsert({ ...doc, body: bodies.join('\n\n') }, i);
      }
    })();
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMb = statSync(path).size / 1e6;

    const quiet: Timed[] = [];
    const busy: (Timed & { writes: number; slowestMs: number })[] = [];
    for (let r = 0; r < RUNS; r += 1) {
      quiet.push(await timedBackup(path, join(dir, `quiet-${r}.db`), committed(db.$client)));
      const writer = await startWriter(path);
      const before = committed(db.$client);
      const writesBefore = writer.writesSoFar();
      const timed = await timedBackup(path, join(dir, `busy-${r}.db`), before);
      const writesDuring = writer.writesSoFar() - writesBefore;
      const { slowestMs } = await writer.stop();
      busy.push({ ...timed, writes: writesDuring, slowestMs });
      // What a running Mailroom's next checkpoint does with the WAL the writes left.
      db.$client.pragma('wal_checkpoint(TRUNCATE)');
    }
    db.$client.close();

    const quietMs = median(quiet.map((t) => t.totalMs));
    const busyMs = median(busy.map((t) => t.totalMs));
    const restarts = busy.reduce((sum, t) => sum + t.result.restarts, 0);
    const allChecked = busy.every((t) => t.checked) && quiet.every((t) => t.checked);
    const allHeld = busy.every((t) => t.holdsCommitted) && quiet.every((t) => t.holdsCommitted);
    const workload = `${DOCUMENTS.toLocaleString('en-US')} documents, ${sizeMb.toFixed(0)} MB, median of ${RUNS}`;
    const underWrites = `${workload}, a document written every ${WRITE_EVERY_MS} ms by another connection`;
    return {
      title: 'Backup of about 150 MB, with and without writes',
      rows: [
        {
          figure: 'backup without writes (copy / whole, with the check)',
          value: `${seconds(median(quiet.map((t) => t.copyMs)))} / ${seconds(quietMs)}`,
          workload,
        },
        {
          figure: 'backup under writes (copy / whole, with the check)',
          value: `${seconds(median(busy.map((t) => t.copyMs)))} / ${seconds(busyMs)}`,
          workload: underWrites,
        },
        {
          figure: 'under writes ÷ without writes',
          value: `${(busyMs / quietMs).toFixed(2)}×`,
          reference: 'target ≤ 3×',
          workload: underWrites,
        },
        {
          figure: 'restarts of the copy under writes',
          value: String(restarts),
          reference: 'target 0',
          workload: `${underWrites}, all ${RUNS} runs`,
        },
        {
          figure: 'copies passing integrity_check, holding every document committed before',
          value: `${allChecked ? 'all pass' : 'NOT ALL PASS'}; ${allHeld ? 'all hold' : 'NOT ALL HOLD'}`,
          reference: 'target: all',
          workload: `${RUNS} copies under writes and ${RUNS} without`,
        },
        {
          figure: 'writes during each backup, slowest write',
          value: `${busy.map((t) => t.writes).join(', ')}; ${Math.max(...busy.map((t) => t.slowestMs)).toFixed(1)} ms`,
          workload: underWrites,
        },
        {
          figure: "longest a timer on the backup's thread ran late",
          value: `${Math.max(...busy.map((t) => t.timerLateMs), ...quiet.map((t) => t.timerLateMs)).toFixed(0)} ms`,
          reference: 'progress is printed every 1 s; target: a line at least every 2 s',
          workload: `a ${TIMER_MS} ms timer, all ${RUNS * 2} backups`,
        },
      ],
      notes: [
        "Backup: backupDatabase, as `npm run backup` runs it: SQLite's online backup from one read transaction held to the end (the WAL snapshot of when it began), 100 pages a step, then integrity_check and the switch to a rollback journal on a worker thread. Copy: until the check starts; whole: until the copy is renamed into place. Each copy is then opened again and checked on its own.",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
