import { AppStateRepository } from './app-state-repository.js';
import { AuditRepository } from './audit-repository.js';
import { ChannelRepository } from './channel-repository.js';
import type { Db } from './db.js';
import { EventLogRepository } from './event-log-repository.js';
import { ExpertRepository } from './expert-repository.js';
import { GlossaryRepository } from './glossary-repository.js';
import { KnowledgeRepository } from './knowledge-repository.js';
import { MemberRepository } from './member-repository.js';
import { OpenedViewRepository } from './opened-view-repository.js';
import { OwnershipRepository } from './ownership-repository.js';
import { QueueRepository } from './queue-repository.js';
import { ReviewRepository } from './review-repository.js';
import { RoutingTextIndex } from './routing-text.js';
import { SeenRequestRepository } from './seen-request-repository.js';

/** The core's repositories over one database; each capability adds its own (see src/context.ts). */
export function coreRepositoriesOf(db: Db) {
  return {
    queue: new QueueRepository(db),
    members: new MemberRepository(db),
    appState: new AppStateRepository(db),
    eventLog: new EventLogRepository(db),
    channels: new ChannelRepository(db),
    knowledge: new KnowledgeRepository(db),
    experts: new ExpertRepository(db),
    seenRequests: new SeenRequestRepository(db),
    glossary: new GlossaryRepository(db),
    routingText: new RoutingTextIndex(db),
    openedViews: new OpenedViewRepository(db),
    audit: new AuditRepository(db),
    reviews: new ReviewRepository(db),
    ownership: new OwnershipRepository(db),
  };
}
