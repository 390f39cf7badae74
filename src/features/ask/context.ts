import type { ServiceContext } from '../../core/services/context.js';
import type { InsightsRepository } from './store/insights-repository.js';
import type { QuestionRepository } from './store/question-repository.js';

/** What the ask capability's services receive: the core's context and /ask: the questions people asked. */
export interface AskContext extends ServiceContext {
  questions: QuestionRepository;
  insights: InsightsRepository;
}
