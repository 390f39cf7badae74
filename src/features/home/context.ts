import type { ServiceContext } from '../../core/services/context.js';
import type { HomeQueueReads } from './store/home-queue.js';

/** What the home capability's services receive: the core's context and its reads of the queue. */
export interface HomeContext extends ServiceContext {
  homeQueue: HomeQueueReads;
}
