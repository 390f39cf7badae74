import { parentPort, workerData } from 'node:worker_threads';
import { dataVersion, openReadDatabase } from '../../store/db.js';
import { GlossaryRepository } from '../../store/glossary-repository.js';
import { KnowledgeRepository } from '../../store/knowledge-repository.js';
import { wordnetKnows, wordnetSynonyms } from '../../store/wordnet-synonyms.js';
import { type SearchDeps, searchKnowledge } from '../knowledge.js';
import type { SearchReply, SearchRequest, SearchWorkerData } from './protocol.js';

/**
 * A search worker thread: its own read connection to the app's database, the same lexicon
 * as the main thread (the index's vocabulary with its typo index, the team glossary, WordNet),
 * and searchKnowledge, one request at a time.
 */
const { databasePath } = workerData as SearchWorkerData;
const db = openReadDatabase(databasePath);
const knowledge = new KnowledgeRepository(db);
const lexicon = { synonyms: wordnetSynonyms(), dictionary: wordnetKnows };
let glossary = new GlossaryRepository(db);
let seenVersion = dataVersion(db);

/** The glossary caches its rows: after the app wrote, read them again. */
function depsNow(): SearchDeps {
  const version = dataVersion(db);
  if (version !== seenVersion) {
    seenVersion = version;
    glossary = new GlossaryRepository(db);
  }
  return { knowledge, glossary, lexicon };
}

// Every commit of the app changes data_version; the typo index follows new words only.
knowledge.vocabulary.rebuildOnNewWordsOnly();
// Nothing waits on this thread but searches: the typo index is built before the first one.
knowledge.vocabulary.warm();
parentPort?.postMessage('ready');

parentPort?.on('message', (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    const result = searchKnowledge(
      depsNow(),
      request.viewer,
      request.text,
      request.limit,
      request.options,
    );
    reply = { id: request.id, ok: true, result };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(reply);
});
