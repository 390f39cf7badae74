import { and, eq, inArray, isNotNull, isNull, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { planListItems, planLists, plans, planTasks } from './schema.js';

export type PlanList = typeof planLists.$inferSelect;
export type PlanListState = PlanList['state'];
export type PlanListPatch = Partial<
  Pick<
    PlanList,
    'state' | 'listId' | 'columns' | 'shared' | 'editedAt' | 'roundOpen' | 'rounds' | 'problem'
  >
>;
export type PlanListItem = typeof planListItems.$inferSelect;

/** Each plan's tasks as a Slack List, and its items, as Mailroom keeps them in step. */
export class PlanListRepository {
  constructor(private readonly db: Db) {}

  /** Plans whose who has a first owner and that have no List yet, oldest first. */
  plansWanting(): number[] {
    return this.db
      .selectDistinct({ id: plans.id })
      .from(plans)
      .innerJoin(planTasks, eq(planTasks.planId, plans.id))
      .where(
        and(
          isNotNull(planTasks.ownerId),
          notExists(this.db.select().from(planLists).where(eq(planLists.planId, plans.id))),
        ),
      )
      .orderBy(plans.id)
      .all()
      .map((row) => row.id);
  }

  /**
   * Records that the plan's List is being made, before the call: false when another run (or an
   * earlier one) already did.
   */
  claim(planId: number, now: number): boolean {
    const made = this.db
      .insert(planLists)
      .values({ planId, state: 'creating', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    return made !== undefined;
  }

  get(planId: number): PlanList | undefined {
    return this.db.select().from(planLists).where(eq(planLists.planId, planId)).get();
  }

  inStates(states: readonly PlanListState[]): PlanList[] {
    return this.db
      .select()
      .from(planLists)
      .where(inArray(planLists.state, [...states]))
      .orderBy(planLists.planId)
      .all();
  }

  /**
   * Lists Slack refused with `problem` (a scope the app lacked), not tried again yet: each is to
   * make again (or, made before, to keep in step again), once. Returns them.
   */
  retryRefused(problem: string, now: number): PlanList[] {
    return this.db
      .update(planLists)
      .set({
        state: sql`case when ${planLists.listId} is null then 'creating' else 'live' end`,
        problem: null,
        scopeRetriedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(planLists.state, 'unavailable'),
          eq(planLists.problem, problem),
          isNull(planLists.scopeRetriedAt),
        ),
      )
      .returning()
      .all();
  }

  /** Applies `patch` if the List is still in one of `fromStates`; undefined when it is not. */
  update(
    planId: number,
    patch: PlanListPatch,
    now: number,
    fromStates: readonly PlanListState[],
  ): PlanList | undefined {
    return this.db
      .update(planLists)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(planLists.planId, planId), inArray(planLists.state, [...fromStates])))
      .returning()
      .get();
  }

  /** The plan's items, those of tasks since removed among them. */
  itemsOf(planId: number): PlanListItem[] {
    return this.db
      .select()
      .from(planListItems)
      .where(eq(planListItems.planId, planId))
      .orderBy(planListItems.taskId)
      .all();
  }

  /** Records that a task's item is being made, before the call. */
  claimItem(planId: number, taskId: number, now: number): void {
    this.db
      .insert(planListItems)
      .values({ planId, taskId, itemId: null, synced: null, updatedAt: now })
      .onConflictDoNothing()
      .run();
  }

  /** Keeps the item Slack made (or that was found in the List) for the task. */
  recordItem(taskId: number, itemId: string, synced: string, now: number): void {
    this.db
      .update(planListItems)
      .set({ itemId, synced, updatedAt: now })
      .where(eq(planListItems.taskId, taskId))
      .run();
  }

  /** What the task's item was last given. */
  markSynced(taskId: number, synced: string, now: number): void {
    this.db
      .update(planListItems)
      .set({ synced, updatedAt: now })
      .where(eq(planListItems.taskId, taskId))
      .run();
  }

  /** Forgets a task's item: deleted from the List, or gone from it. */
  forgetItem(taskId: number): void {
    this.db.delete(planListItems).where(eq(planListItems.taskId, taskId)).run();
  }
}
