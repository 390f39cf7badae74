import type { ServiceContext } from '../../core/services/context.js';
import type { StandupRepository } from './store/standup-repository.js';

/** What the standups capability's services receive: the core's context and Standups: their schedules, days and answers. */
export interface StandupsContext extends ServiceContext {
  standups: StandupRepository;
}
