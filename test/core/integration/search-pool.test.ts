import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoriesOf } from '../../../src/context.js';
import { UserFacingError } from '../../../src/core/services/errors.js';
import { type SearchDeps, searchKnowledge } from '../../../src/core/services/knowledge.js';
import { SEARCH_INTERRUPTED, SearchPool } from '../../../src/core/services/search/pool.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { wordnetKnows, wordnetSynonyms } from '../../../src/core/store/wordnet-synonyms.js';
import { captureLogger } from '../../support/harness.js';
import { tempDatabasePath } from '../../support/store.js';

const NOW = Date.parse('2026-03-09T14:00:00Z');
const pools: SearchPool[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function knowledgeBase() {
  const path = tempDatabasePath();
  const db = openDatabase(path);
  const repositories = repositoriesOf(db);
  const add = (title: string, body: string, extra: Record<string, unknown> = {}) =>
    repositories.knowledge.upsert(
      { title, body, source: 'written', sourceKey: title, visibility: 'public', ...extra },
      NOW,
    ).document;
  add('Staging database access', 'Ask the platform team for credentials to the staging database.');
  add('Deploying on Fridays', 'We do not deploy on Fridays; the release train leaves on Thursday.');
  add('Expense reports', 'Submit receipts within thirty days through the finance portal.');
  add('Launch secrets', 'The pineapple launch is planned for May.', {
    visibility: 'channel',
    channelId: 'CPRIVATE',
  });
  repositories.glossary.add({ term: 'PTO', expansion: 'paid time off', addedBy: null }, NOW);
  add('Vacation policy', 'Paid time off is booked in the HR portal two weeks ahead.');
  const deps: SearchDeps = {
    knowledge: repositories.knowledge,
    glossary: repositories.glossary,
    lexicon: { synonyms: wordnetSynonyms(), dictionary: wordnetKnows },
  };
  return { path, db, deps, add, glossary: repositories.glossary };
}

function startPool(path: string, extra: { queuePerWorker?: number; workerUrl?: URL } = {}) {
  const logs = captureLogger();
  const pool = new SearchPool({
    databasePath: path,
    workers: 1,
    queuePerWorker: extra.queuePerWorker ?? 8,
    logger: logs.logger,
    ...(extra.workerUrl ? { workerUrl: extra.workerUrl } : {}),
  });
  pools.push(pool);
  return { pool, logs };
}

const member = { isGuest: false, visibleChannelIds: ['CPRIVATE'], userId: 'U1' };
const outsider = { isGuest: false, visibleChannelIds: [], userId: 'U2' };
const guest = { isGuest: true, visibleChannelIds: [], userId: 'U3' };

describe('the search pool', () => {
  it('finds on a worker thread exactly what the search on this thread finds, visibility included', async () => {
    const { path, deps, add, glossary } = knowledgeBase();
    const { pool } = startPool(path);
    const queries = [
      'how do I get into the staging databse',
      'can we deploy on friday',
      'pineapple launch',
      'PTO booking',
      'expense receipts',
    ];
    for (const viewer of [member, outsider, guest]) {
      for (const query of queries) {
        expect(await pool.search(viewer, query), `${query} for ${viewer.userId}`).toEqual(
          searchKnowledge(deps, viewer, query),
        );
      }
    }
    expect(
      (await pool.search(member, 'pineapple launch')).hits.map((h) => h.document.title),
    ).toContain('Launch secrets');
    expect((await pool.search(outsider, 'pineapple launch')).hits).toEqual([]);
    // A document written after the worker started is found by it too.
    add('Pineapple recipes', 'Grill the pineapple slices for four minutes.');
    const after = await pool.search(outsider, 'pineapple');
    expect(after).toEqual(searchKnowledge(deps, outsider, 'pineapple'));
    expect(after.hits.map((h) => h.document.title)).toEqual(['Pineapple recipes']);
    // …and so is a glossary term added meanwhile.
    glossary.add({ term: 'reimbursement', expansion: 'expense reports', addedBy: null }, NOW);
    const expanded = await pool.search(outsider, 'reimbursement');
    expect(expanded).toEqual(searchKnowledge(deps, outsider, 'reimbursement'));
    expect(expanded.hits.map((h) => h.document.title)).toContain('Expense reports');
  });
});

describe('the search pool under load and failure', () => {
  const heldWorker = new URL('../../support/held-search-worker.ts', import.meta.url);

  /** Talks to held-search-worker.ts; open it before the pool starts its worker. */
  function heldWorkerControl() {
    const channel = new BroadcastChannel('held-search-worker');
    let started: () => void = () => {};
    let next = new Promise<void>((resolve) => {
      started = resolve;
    });
    channel.onmessage = (event) => {
      if ((event as MessageEvent).data !== 'listening') return;
      started();
    };
    return {
      /** Resolves once the next worker started listens. */
      listening: () => next,
      expectAnotherWorker() {
        next = new Promise<void>((resolve) => {
          started = resolve;
        });
      },
      release: () => channel.postMessage('release'),
      close: () => channel.close(),
    };
  }

  it('takes one running and `queuePerWorker` waiting searches per worker, and tells the callers beyond that to wait', async () => {
    const { path } = knowledgeBase();
    const control = heldWorkerControl();
    const { pool } = startPool(path, { queuePerWorker: 1, workerUrl: heldWorker });
    const delayed: string[] = [];
    const ask = (text: string) =>
      pool.search(outsider, text, 5, {}, { onDelayed: () => delayed.push(text) });
    const searches = [ask('first'), ask('second'), ask('third'), ask('fourth')];
    expect(delayed).toEqual(['third', 'fourth']);
    expect(pool.backlog).toBe(2);
    await control.listening();
    control.release();
    const results = await Promise.all(searches);
    control.close();
    expect(results.map((r) => r.searchedFor)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(pool.backlog).toBe(0);
  });

  it('replaces a worker that dies; its searches fail with a friendly message, later ones are answered', async () => {
    const { path } = knowledgeBase();
    const control = heldWorkerControl();
    const { pool, logs } = startPool(path, { workerUrl: heldWorker });
    await control.listening();
    control.expectAnotherWorker();
    const waiting = pool.search(outsider, 'waiting behind the crash');
    const crash = pool.search(outsider, 'crash now');
    await expect(crash).rejects.toThrow(SEARCH_INTERRUPTED);
    await expect(waiting).rejects.toThrow(SEARCH_INTERRUPTED);
    await expect(crash).rejects.toBeInstanceOf(UserFacingError);
    const after = pool.search(outsider, 'after the crash');
    await control.listening();
    control.release();
    expect((await after).searchedFor).toBe('after the crash');
    control.close();
    expect(logs.entries.some((e) => String(e.args[0]).includes('search worker stopped'))).toBe(
      true,
    );
  });
});
