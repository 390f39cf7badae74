import { QuestionRepository } from '../../features/ask/store/question-repository.js';
import { DecisionRepository } from '../../features/decisions/store/decision-repository.js';
import { MeetingRepository } from '../../features/meetings/store/meeting-repository.js';
import { StandupRepository } from '../../features/standups/store/standup-repository.js';
import { AppStateRepository } from './app-state-repository.js';
import { ChannelRepository } from './channel-repository.js';
import type { Db } from './db.js';
import { EventLogRepository } from './event-log-repository.js';
import { ExpertRepository } from './expert-repository.js';
import { GlossaryRepository } from './glossary-repository.js';
import { KnowledgeRepository } from './knowledge-repository.js';
import { MemberRepository } from './member-repository.js';
import { OpenedViewRepository } from './opened-view-repository.js';
import { QueueRepository } from './queue-repository.js';
import { RoutingTextIndex } from './routing-text.js';
import { SeenRequestRepository } from './seen-request-repository.js';

/** Every repository over one database, as the services receive them. */
export function repositoriesOf(db: Db) {
  return {
    queue: new QueueRepository(db),
    members: new MemberRepository(db),
    appState: new AppStateRepository(db),
    eventLog: new EventLogRepository(db),
    channels: new ChannelRepository(db),
    knowledge: new KnowledgeRepository(db),
    questions: new QuestionRepository(db),
    experts: new ExpertRepository(db),
    seenRequests: new SeenRequestRepository(db),
    standups: new StandupRepository(db),
    decisions: new DecisionRepository(db),
    meetings: new MeetingRepository(db),
    glossary: new GlossaryRepository(db),
    routingText: new RoutingTextIndex(db),
    openedViews: new OpenedViewRepository(db),
  };
}
