import type { Db } from '../store/db.js';
import type { coreRepositoriesOf } from '../store/repositories.js';
import type { Hooks } from './hooks.js';
import type { KnowledgeSearch, LexiconParts } from './knowledge.js';
import type { Clock, Logger } from './ports.js';
import type { RetentionSettings } from './retention.js';
import type { WorkInFlight } from './work-in-flight.js';

export interface Settings {
  defaultTimeZone: string;
  /** People who may change team-wide settings besides Slack's own admins and owners. */
  admins: readonly string[];
  questionDueMs: number;
  /** How long /ask holds a question while the asker reads the closest docs (ASK_HOLD_MINUTES); 10 minutes when unset. */
  askHoldMs?: number;
  /** How long what Mailroom is done with is kept (the *_RETENTION_DAYS settings); everything when unset. */
  retention?: RetentionSettings;
}

/** The queue, members, channels, knowledge base and experts (see store/repositories.ts). */
export type Repositories = ReturnType<typeof coreRepositoriesOf>;

/**
 * What every service shares: the core's store, the clock and the settings. Built once, in
 * app.ts; each capability's context adds its own repository (features/<capability>/context.ts).
 */
export interface ServiceContext extends Repositories {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  /** Where capabilities hear about people and conversations (registered in src/context.ts). */
  hooks: Hooks;
  /** The work started and not waited for (after a request, beside a delivery): see work-in-flight.ts. */
  work: WorkInFlight;
  /** What query planning may ask beyond the words typed (synonyms, glossary, vocabulary); none without it. */
  lexicon?: LexiconParts;
  /** Where searches run (the search pool's worker threads); searchKnowledge on this thread without it. */
  search?: KnowledgeSearch;
}
