import type { ServiceContext } from '../../core/services/context.js';
import type { PlanRepository } from './store/plan-repository.js';
import type { PlanQuestionRepository } from './store/question-repository.js';

/** What the plans capability's services receive: the core's context and /plan's plans. */
export interface PlansContext extends ServiceContext {
  plans: PlanRepository;
  planQuestions: PlanQuestionRepository;
}
