import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { STAGES, type Stage, type StageContent, type StageState } from '../domain/plan.js';
import { PlanCanvasRepository } from './plan-canvas-repository.js';
import { planRevisions, planStages, plans } from './schema.js';

export type Plan = typeof plans.$inferSelect;
export type PlanStage = typeof planStages.$inferSelect;
export type PlanRevision = typeof planRevisions.$inferSelect;

export interface NewPlan {
  title: string;
  ownerId: string;
  channelId: string;
  targetDate: string;
  reviewers: Record<Stage, readonly string[]>;
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

  constructor(private readonly db: Db) {
    this.canvases = new PlanCanvasRepository(db);
  }

  inTransaction<T>(work: () => T): T {
    return this.db.$client.transaction(work).immediate();
  }

  /**
   * Stores a plan with its three stages, the why open to write, the others not started, and
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
            reviewerIds: [...input.reviewers[stage]],
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
    patch: Partial<Pick<Plan, 'messageTs' | 'permalink' | 'postProblem'>>,
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
}
