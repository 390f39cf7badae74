import type { ServiceContext } from './core/services/context.js';
import { Hooks } from './core/services/hooks.js';
import { WorkInFlight } from './core/services/work-in-flight.js';
import type { Db } from './core/store/db.js';
import { coreRepositoriesOf } from './core/store/repositories.js';
import type { AskContext } from './features/ask/context.js';
import { InsightsRepository } from './features/ask/store/insights-repository.js';
import { QuestionRepository } from './features/ask/store/question-repository.js';
import type { DecisionsContext } from './features/decisions/context.js';
import { DecisionRepository } from './features/decisions/store/decision-repository.js';
import type { HomeContext } from './features/home/context.js';
import { HomeQueueReads } from './features/home/store/home-queue.js';
import type { MeetingsContext } from './features/meetings/context.js';
import { MeetingRepository } from './features/meetings/store/meeting-repository.js';
import type { PlansContext } from './features/plans/context.js';
import { planTaskStandupNotes } from './features/plans/services/standup-notes.js';
import { PlanRepository } from './features/plans/store/plan-repository.js';
import { PlanQuestionRepository } from './features/plans/store/question-repository.js';
import type { StandupsContext } from './features/standups/context.js';
import { connectStandups } from './features/standups/services/hooks.js';
import { standupTexts } from './features/standups/slack/views/texts.js';
import { StandupRepository } from './features/standups/store/standup-repository.js';

/** Every repository over one database: the core's and each capability's. */
export function repositoriesOf(db: Db) {
  return {
    ...coreRepositoriesOf(db),
    questions: new QuestionRepository(db),
    insights: new InsightsRepository(db),
    decisions: new DecisionRepository(db),
    standups: new StandupRepository(db),
    meetings: new MeetingRepository(db),
    plans: new PlanRepository(db),
    planQuestions: new PlanQuestionRepository(db),
    homeQueue: new HomeQueueReads(db),
  };
}

/** The whole context, as app.ts builds it: it is every capability's context at once. */
export type MailroomContext = AskContext &
  DecisionsContext &
  StandupsContext &
  MeetingsContext &
  PlansContext &
  HomeContext;

/** What the context is built from, besides the database's repositories and the hooks. */
export type ContextBase = Omit<
  ServiceContext,
  keyof ReturnType<typeof coreRepositoriesOf> | 'hooks' | 'work'
>;

/**
 * The context over one database, with each capability's handlers of the core's hooks, and where
 * the work it starts without waiting is kept.
 */
export function createContext(base: ContextBase): MailroomContext {
  const ctx: MailroomContext = {
    ...base,
    ...repositoriesOf(base.db),
    hooks: new Hooks(),
    work: new WorkInFlight(base.logger),
  };
  connectStandups(ctx, standupTexts);
  ctx.hooks.onStandupNotes(planTaskStandupNotes(ctx));
  return ctx;
}
