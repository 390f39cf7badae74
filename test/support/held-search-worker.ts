import { BroadcastChannel, parentPort } from 'node:worker_threads';
import type { SearchReply, SearchRequest } from '../../src/core/services/search/protocol.js';

/**
 * A stand-in search worker for the pool's tests: it answers every search with no hits, but
 * only once the test says `release` on the `held-search-worker` channel (from then on, at
 * once), and it dies on the search `crash now`. It says `listening` there when it starts.
 */
const held: SearchRequest[] = [];
let released = false;
const control = new BroadcastChannel('held-search-worker');

function answer(request: SearchRequest): void {
  const reply: SearchReply = {
    id: request.id,
    ok: true,
    result: { hits: [], confident: false, searchedFor: request.text },
  };
  parentPort?.postMessage(reply);
}

control.onmessage = (event) => {
  if ((event as MessageEvent).data !== 'release') return;
  released = true;
  for (const request of held.splice(0)) answer(request);
};
(control as unknown as { unref(): void }).unref();
control.postMessage('listening');

parentPort?.on('message', (request: SearchRequest) => {
  if (request.text === 'crash now') process.exit(3);
  if (released) answer(request);
  else held.push(request);
});
parentPort?.postMessage('ready');
