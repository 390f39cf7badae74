import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
} from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { type FormStage, STAGES, type StageContent, type StageState } from '../domain/plan.js';
import { OPEN_TASK_STATES, type TaskState } from '../domain/who.js';
import { PlanCanvasRepository } from './plan-canvas-repository.js';
import { PlanListRepository } from './plan-list-repository.js';
import { planRevisions, planStages, plans, planTasks } from './schema.js';

export type Plan = typeof plans.$inferSelect;
export type PlanStage = typeof planStages.$inferSelect;
export type PlanRevision = typeof planRevisions.$inferSelect;
export type PlanTask = typeof planTasks.$inferSelect;

export interface NewPlan {
  title: string;
  ownerId: string;
  channelId: string;
  targetDate: string;
  /** Each form stage's reviewers; the who's, when it has any. */
  reviewers: Record<FormStage, readonly string[]> & { who?: readonly string[] };
  /** What the why's form starts from (its goal, taken from a message). */
  whyDraft?: Record<string, string> | null;
}

export type StagePatch = Partial<
  Pick<PlanStage, 'state' | 'revision' | 'messageTs' | 'permalink' | 'confirmedIds' | 'draft'>
>;

/** Plans, their stages and the stages' revisions, in SQLite. */
export class PlanRepository {
  /** Each plan's canvas in Slack. */
  readonly canvases: PlanCanvasRepository;
  readonly lists: PlanListRepository;

  constructor(private readonly db: Db) {
    this.canvases = new PlanCanvasRepository(db);
    this.lists = new PlanListRepository(db);
  }

  inTransaction<T>(work: () => T): T {
    return this.db.$client.transaction(work).immediate();
  }

  /**
   * Stores a plan with its four stages, the why open to write, the others not started, and
   * its canvas, to be made in Slack.
   */
  create(input: NewPlan, now: number): Plan {
    return this.inTransaction(() => {
      const plan = this.db
        .insert(plans)
        .values({
          title: input.title,
          ownerId: input.ownerId,
          channelId: input.channelId,
          targetDate: input.targetDate,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      for (const stage of STAGES) {
        this.db
          .insert(planStages)
          .values({
            planId: plan.id,
            stage,
            state: stage === 'why' ? 'draft' : 'not_started',
            reviewerIds: [...(input.reviewers[stage] ?? [])],
            draft: stage === 'why' ? (input.whyDraft ?? null) : null,
            confirmedIds: [],
            updatedAt: now,
          })
          .run();
      }
      this.canvases.add(plan.id, now);
      return plan;
    });
  }

  get(id: number): Plan | undefined {
    return this.db.select().from(plans).where(eq(plans.id, id)).get();
  }

  update(
    id: number,
    patch: Partial<Pick<Plan, 'ownerId' | 'messageTs' | 'permalink' | 'postProblem'>>,
    now: number,
  ): Plan | undefined {
    return this.db
      .update(plans)
      .set({ ...patch, updatedAt: now })
      .where(eq(plans.id, id))
      .returning()
      .get();
  }

  /** The plan's stages, why first. */
  stagesOf(planId: number): PlanStage[] {
    const rows = this.db.select().from(planStages).where(eq(planStages.planId, planId)).all();
    return STAGES.flatMap((stage) => rows.filter((row) => row.stage === stage));
  }

  stage(stageId: number): PlanStage | undefined {
    return this.db.select().from(planStages).where(eq(planStages.id, stageId)).get();
  }

  /**
   * Applies `patch` if the stage is still in one of `fromStates` (when given); undefined when
   * it is not (someone changed it first) or does not exist.
   */
  updateStage(
    stageId: number,
    patch: StagePatch,
    now: number,
    fromStates?: readonly StageState[],
  ): PlanStage | undefined {
    return this.db
      .update(planStages)
      .set({ ...patch, updatedAt: now })
      .where(
        and(
          eq(planStages.id, stageId),
          fromStates ? inArray(planStages.state, [...fromStates]) : undefined,
        ),
      )
      .returning()
      .get();
  }

  addRevision(
    stageId: number,
    number: number,
    content: StageContent,
    authorId: string,
    now: number,
  ): PlanRevision {
    return this.db
      .insert(planRevisions)
      .values({ stageId, number, content, authorId, createdAt: now })
      .returning()
      .get();
  }

  /** The stage's latest revision, if it has one. */
  /** The stage whose revision logged `decisionId`, if any. */
  stageOfDecision(decisionId: number): PlanStage | undefined {
    const revision = this.db
      .select()
      .from(planRevisions)
      .where(eq(planRevisions.decisionId, decisionId))
      .limit(1)
      .get();
    return revision ? this.stage(revision.stageId) : undefined;
  }

  /** Records the decision a how revision's chosen option was logged as. */
  setRevisionDecision(revisionId: number, decisionId: number): void {
    this.db.update(planRevisions).set({ decisionId }).where(eq(planRevisions.id, revisionId)).run();
  }

  latestRevision(stageId: number): PlanRevision | undefined {
    return this.db
      .select()
      .from(planRevisions)
      .where(eq(planRevisions.stageId, stageId))
      .orderBy(desc(planRevisions.number))
      .limit(1)
      .get();
  }

  revisions(stageId: number): PlanRevision[] {
    return this.db
      .select()
      .from(planRevisions)
      .where(eq(planRevisions.stageId, stageId))
      .orderBy(asc(planRevisions.number))
      .all();
  }

  /** Every plan, oldest first. */
  all(): Plan[] {
    return this.db.select().from(plans).orderBy(asc(plans.id)).all();
  }

  /** The plans `ownerId` owns, newest first. */
  ownedBy(ownerId: string, limit = 20): Plan[] {
    return this.db
      .select()
      .from(plans)
      .where(eq(plans.ownerId, ownerId))
      .orderBy(desc(plans.createdAt), desc(plans.id))
      .limit(limit)
      .all();
  }

  /**
   * Keeps the plan's tasks in step with the outline of its accepted how: a task keeps its row
   * (and its owner) at its position, takes the outline's title, scope item, estimate and due
   * date; tasks past the outline's end are removed.
   */
  syncTasks(planId: number, outline: readonly OutlineTask[], now: number): PlanTask[] {
    return this.inTransaction(() => {
      this.db
        .delete(planTasks)
        .where(and(eq(planTasks.planId, planId), gte(planTasks.position, outline.length)))
        .run();
      for (const [position, task] of outline.entries()) {
        const fields = {
          title: task.title,
          scopeItem: task.scopeItem,
          estimate: task.estimate,
          due: task.due,
          updatedAt: now,
        };
        this.db
          .insert(planTasks)
          .values({ planId, position, ...fields, ownerId: null, state: 'unassigned' })
          .onConflictDoUpdate({ target: [planTasks.planId, planTasks.position], set: fields })
          .run();
      }
      return this.tasksOf(planId);
    });
  }

  /** The plan's tasks, in the outline's order. */
  tasksOf(planId: number): PlanTask[] {
    return this.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .orderBy(asc(planTasks.position))
      .all();
  }

  task(taskId: number): PlanTask | undefined {
    return this.db.select().from(planTasks).where(eq(planTasks.id, taskId)).get();
  }

  /** Names the task's owner, if the task is still in one of `fromStates`; undefined when not. */
  setTaskOwner(
    taskId: number,
    ownerId: string | null,
    state: TaskState,
    now: number,
    fromStates: readonly TaskState[],
    declineReason: string | null = null,
  ): PlanTask | undefined {
    return this.db
      .update(planTasks)
      .set({ ownerId, state, declineReason, blockReason: null, unblockerId: null, updatedAt: now })
      .where(and(eq(planTasks.id, taskId), inArray(planTasks.state, [...fromStates])))
      .returning()
      .get();
  }

  /**
   * Moves an owned task on (accepted, blocked with its reason and unblocker, done), if it is
   * still in one of `fromStates`; undefined when not. Its owner stays.
   */
  setTaskProgress(
    taskId: number,
    state: TaskState,
    now: number,
    fromStates: readonly TaskState[],
    blocker: { blockReason: string; unblockerId: string } | null = null,
  ): PlanTask | undefined {
    return this.db
      .update(planTasks)
      .set({
        state,
        blockReason: blocker?.blockReason ?? null,
        unblockerId: blocker?.unblockerId ?? null,
        updatedAt: now,
      })
      .where(and(eq(planTasks.id, taskId), inArray(planTasks.state, [...fromStates])))
      .returning()
      .get();
  }

  /**
   * Tasks in their owner's hands (accepted or blocked) due before `beforeDue` (YYYY-MM-DD) whose
   * owner was not reminded of their present due date: those that may be overdue.
   */
  overdueCandidates(beforeDue: string): PlanTask[] {
    return this.db
      .select()
      .from(planTasks)
      .where(
        and(
          inArray(planTasks.state, ['accepted', 'blocked']),
          isNotNull(planTasks.ownerId),
          lt(planTasks.due, beforeDue),
          or(isNull(planTasks.overdueRemindedFor), lt(planTasks.overdueRemindedFor, planTasks.due)),
        ),
      )
      .orderBy(asc(planTasks.due), asc(planTasks.id))
      .all();
  }

  /**
   * Notes that the task's owner is reminded of it as overdue for `due`, if it is still in their
   * hands, due then, and not reminded of that date yet; undefined when not.
   */
  markOverdueReminded(taskId: number, due: string): PlanTask | undefined {
    return this.db
      .update(planTasks)
      .set({ overdueRemindedFor: due })
      .where(
        and(
          eq(planTasks.id, taskId),
          eq(planTasks.due, due),
          inArray(planTasks.state, ['accepted', 'blocked']),
          or(isNull(planTasks.overdueRemindedFor), lt(planTasks.overdueRemindedFor, due)),
        ),
      )
      .returning()
      .get();
  }

  /** Forgets that the task was reminded as overdue: its reminder was withdrawn unread. */
  forgetOverdueReminder(taskId: number): void {
    this.db
      .update(planTasks)
      .set({ overdueRemindedFor: null })
      .where(eq(planTasks.id, taskId))
      .run();
  }

  /** Tasks `userId` owns or was proposed for and has not finished, across every plan. */
  openTasksOf(userId: string): PlanTask[] {
    return this.db
      .select()
      .from(planTasks)
      .where(and(eq(planTasks.ownerId, userId), inArray(planTasks.state, [...OPEN_TASK_STATES])))
      .orderBy(asc(planTasks.planId), asc(planTasks.position))
      .all();
  }

  /**
   * Nobody is named to unblock the task any more, if it is still blocked on `userId`; it stays
   * blocked, with its reason. Undefined when it is not.
   */
  clearUnblocker(taskId: number, userId: string, now: number): PlanTask | undefined {
    return this.db
      .update(planTasks)
      .set({ unblockerId: null, updatedAt: now })
      .where(
        and(
          eq(planTasks.id, taskId),
          eq(planTasks.unblockerId, userId),
          eq(planTasks.state, 'blocked'),
        ),
      )
      .returning()
      .get();
  }

  /** Blocked tasks that wait on `userId` to unblock them, across every plan. */
  tasksBlockedOn(userId: string): PlanTask[] {
    return this.db
      .select()
      .from(planTasks)
      .where(and(eq(planTasks.unblockerId, userId), eq(planTasks.state, 'blocked')))
      .orderBy(asc(planTasks.planId), asc(planTasks.position))
      .all();
  }

  /**
   * The tasks `ownerId` has open or finished, across every plan, soonest due first: every one
   * still open (proposed, accepted or blocked), however many, and at most `doneLimit` of those
   * done, the latest due.
   */
  myTasks(ownerId: string, doneLimit = 100): PlanTask[] {
    const open = this.db
      .select()
      .from(planTasks)
      .where(and(eq(planTasks.ownerId, ownerId), inArray(planTasks.state, [...OPEN_TASK_STATES])))
      .all();
    const done = this.db
      .select()
      .from(planTasks)
      .where(and(eq(planTasks.ownerId, ownerId), eq(planTasks.state, 'done')))
      .orderBy(desc(planTasks.due), desc(planTasks.planId), desc(planTasks.position))
      .limit(doneLimit)
      .all();
    return [...open, ...done].sort(
      (a, b) => a.due.localeCompare(b.due) || a.planId - b.planId || a.position - b.position,
    );
  }

  /**
   * The tasks `ownerId` owns in the plans of `channelId` due on `lastDue` (YYYY-MM-DD) or
   * before, in any state, soonest due first, each with its plan.
   */
  tasksDueInChannel(
    ownerId: string,
    channelId: string,
    lastDue: string,
  ): { task: PlanTask; plan: Plan }[] {
    return this.db
      .select({ task: planTasks, plan: plans })
      .from(planTasks)
      .innerJoin(plans, eq(plans.id, planTasks.planId))
      .where(
        and(
          eq(planTasks.ownerId, ownerId),
          eq(plans.channelId, channelId),
          lte(planTasks.due, lastDue),
        ),
      )
      .orderBy(asc(planTasks.due), asc(planTasks.planId), asc(planTasks.position))
      .all();
  }

  /** How many open tasks `ownerId` has, across every plan. */
  openTaskCount(ownerId: string): number {
    const row = this.db
      .select({ n: count() })
      .from(planTasks)
      .where(and(eq(planTasks.ownerId, ownerId), inArray(planTasks.state, [...OPEN_TASK_STATES])))
      .get();
    return row?.n ?? 0;
  }
}

/** A task of the how's outline, as the repository stores it. */
export interface OutlineTask {
  title: string;
  scopeItem: number;
  estimate: string;
  due: string;
}
