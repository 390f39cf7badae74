import type { ServiceContext } from '../../core/services/context.js';
import type { DecisionRepository } from './store/decision-repository.js';

/** What the decisions capability's services receive: the core's context and /decision: the decision log. */
export interface DecisionsContext extends ServiceContext {
  decisions: DecisionRepository;
}
