import type { ServiceContext } from '../../core/services/context.js';
import type { MeetingRepository } from './store/meeting-repository.js';

/** What the meetings capability's services receive: the core's context and /meet: requests, votes and confirmed meetings. */
export interface MeetingsContext extends ServiceContext {
  meetings: MeetingRepository;
}
