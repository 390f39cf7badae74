import type { AppStateRepository } from '../store/app-state-repository.js';
import type { ChannelRepository } from '../store/channel-repository.js';
import type { Db } from '../store/db.js';
import type { EventLogRepository } from '../store/event-log-repository.js';
import type { ExpertRepository } from '../store/expert-repository.js';
import type { KnowledgeRepository } from '../store/knowledge-repository.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { QuestionRepository } from '../store/question-repository.js';
import type { QueueRepository } from '../store/queue-repository.js';
import type { Clock, Logger } from './ports.js';

export interface Settings {
  defaultTimeZone: string;
  /** People who may change team-wide settings besides Slack's own admins and owners. */
  admins: readonly string[];
  questionDueMs: number;
}

/** What services share: the store, the clock and the settings. Built once, in app.ts. */
export interface ServiceContext {
  db: Db;
  queue: QueueRepository;
  members: MemberRepository;
  appState: AppStateRepository;
  eventLog: EventLogRepository;
  channels: ChannelRepository;
  knowledge: KnowledgeRepository;
  questions: QuestionRepository;
  experts: ExpertRepository;
  clock: Clock;
  logger: Logger;
  settings: Settings;
}
