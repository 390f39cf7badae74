import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { planCanvases } from './schema.js';

export type PlanCanvas = typeof planCanvases.$inferSelect;
export type PlanCanvasState = PlanCanvas['state'];
export type PlanCanvasPatch = Partial<
  Pick<
    PlanCanvas,
    'state' | 'kind' | 'canvasId' | 'shared' | 'markdown' | 'editedAt' | 'edits' | 'problem'
  >
>;

/** Each plan's canvas in Slack, as Mailroom keeps it in step. */
export class PlanCanvasRepository {
  constructor(private readonly db: Db) {}

  /** A plan's canvas, to be made. */
  add(planId: number, now: number): void {
    this.db
      .insert(planCanvases)
      .values({ planId, state: 'pending', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .run();
  }

  get(planId: number): PlanCanvas | undefined {
    return this.db.select().from(planCanvases).where(eq(planCanvases.planId, planId)).get();
  }

  inStates(states: readonly PlanCanvasState[]): PlanCanvas[] {
    return this.db
      .select()
      .from(planCanvases)
      .where(inArray(planCanvases.state, [...states]))
      .orderBy(planCanvases.planId)
      .all();
  }

  /**
   * Canvases Slack refused with `problem` (a scope the app lacked), not tried again yet: each is
   * to make again (or, made before, to keep in step again), once. Returns them.
   */
  retryRefused(problem: string, now: number): PlanCanvas[] {
    return this.db
      .update(planCanvases)
      .set({
        state: sql`case when ${planCanvases.canvasId} is null then 'pending' else 'live' end`,
        problem: null,
        scopeRetriedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(planCanvases.state, 'unavailable'),
          eq(planCanvases.problem, problem),
          isNull(planCanvases.scopeRetriedAt),
        ),
      )
      .returning()
      .all();
  }

  /** Applies `patch` if the canvas is still in one of `fromStates`; undefined when it is not. */
  update(
    planId: number,
    patch: PlanCanvasPatch,
    now: number,
    fromStates: readonly PlanCanvasState[],
  ): PlanCanvas | undefined {
    return this.db
      .update(planCanvases)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(planCanvases.planId, planId), inArray(planCanvases.state, [...fromStates])))
      .returning()
      .get();
  }
}
