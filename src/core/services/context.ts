import type { Db } from '../store/db.js';
import type { repositoriesOf } from '../store/repositories.js';
import type { KnowledgeSearch, LexiconParts } from './knowledge.js';
import type { Clock, Logger } from './ports.js';

export interface Settings {
  defaultTimeZone: string;
  /** People who may change team-wide settings besides Slack's own admins and owners. */
  admins: readonly string[];
  questionDueMs: number;
  /** How long /ask holds a question while the asker reads the closest docs (ASK_HOLD_MINUTES); 10 minutes when unset. */
  askHoldMs?: number;
}

/** The queue, members, channels, knowledge base, questions and experts (see store/repositories.ts). */
export type Repositories = ReturnType<typeof repositoriesOf>;

/** What services share: the store, the clock and the settings. Built once, in app.ts. */
export interface ServiceContext extends Repositories {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  /** What query planning may ask beyond the words typed (synonyms, glossary, vocabulary); none without it. */
  lexicon?: LexiconParts;
  /** Where searches run (the search pool's worker threads); searchKnowledge on this thread without it. */
  search?: KnowledgeSearch;
}
