import type { WebClient } from '@slack/web-api';
import { RateBuckets, SLACK_RATES } from '../../../core/domain/pace.js';
import { errorLine } from '../../../core/slack/failures.js';
import type { PlansContext } from '../context.js';
import {
  rowFingerprint,
  type TaskListRow,
  taskListName,
  taskListRow,
} from '../domain/task-list.js';
import type { PlanList, PlanListItem } from '../store/plan-list-repository.js';
import type { Plan } from '../store/plan-repository.js';
import {
  EDIT_EVERY_MS,
  OneRunAtATime,
  paced,
  refusalOf,
  TIER2,
  tellOwnerOnce,
} from './slack-sync.js';
import {
  noListText,
  taskListCells,
  taskListDescription,
  taskListSchema,
} from './views/task-list.js';

/** At most one round of edits of a plan's List in this long: changes in between go in the next. */
export const LIST_EDIT_EVERY_MS = EDIT_EVERY_MS;

/** The rate tier of each Lists method Mailroom calls (Slack's rate_limit_tiers). */
export const LIST_METHOD_TIERS = {
  'slackLists.create': 2,
  'slackLists.access.set': 3,
  'slackLists.items.create': 3,
  'slackLists.items.update': 3,
  'slackLists.items.delete': 2,
  'slackLists.items.list': 2,
} as const;

type ListMethod = keyof typeof LIST_METHOD_TIERS;

/** Refusals that mean the List is gone, or the workspace will not have it: the plan has none. */
const LIST_GONE = [
  'list_not_found',
  'file_not_found',
  'file_deleted',
  'lists_disabled_user_team',
  'feature_not_enabled',
  'not_allowed',
  'restricted_action',
  'access_denied',
  'missing_scope',
  'channel_not_found',
];

/** Refusals that mean one item is gone from the List (someone deleted the row). */
const ITEM_GONE = ['item_not_found', 'record_not_found', 'row_not_found'];

/**
 * Errors after which Slack may have done the work all the same ("it's possible some aspect of
 * the operation succeeded"): handled as a call with no answer, not as a refusal.
 */
const NO_ANSWER = ['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout'];

/** Slack's refusal of a call, or undefined when it may not have been heard or answered. */
function refusalOfCall(error: unknown): string | undefined {
  const refusal = refusalOf(error);
  return refusal !== undefined && NO_ANSWER.includes(refusal) ? undefined : refusal;
}

type Outcome = 'done' | 'later';

/** An item as slackLists.items.list returns it, read loosely: only its id and its number. */
interface ListedItem {
  id?: string;
  fields?: { column_id?: string; number?: number[]; value?: unknown }[];
}

/**
 * Keeps each plan's tasks in a Slack List. Once the who has a first owner, the List is made
 * (named after the plan: task, #, owner, due date, state and a link to the plan's message),
 * shared read only with the plan's channel alone, and given one item per task. After that, a
 * plan whose tasks changed gets one round of edits (items created, updated, deleted), at most
 * one round every LIST_EDIT_EVERY_MS per plan, so a burst of changes is one round. Calls keep to
 * each method's tier; a round Slack's pace held back goes on at the next run. A workspace
 * without Lists, a List deleted or its sharing refused keep everything else; the plan's owner is
 * told once. Runs beside the tick and after each request that may change a plan.
 *
 * Made once: the List's row is written before slackLists.create and its id the moment Slack
 * answers, before anything else; each item's row is written before slackLists.items.create, and
 * a retry first looks for the item in the List (slackLists.items.list, by its task's number).
 */
export class PlanListSync {
  private readonly tier2 = new RateBuckets(TIER2);
  private readonly tier3 = new RateBuckets(SLACK_RATES.tier3);
  private readonly runs = new OneRunAtATime(() => this.syncAll());

  constructor(
    private readonly client: WebClient,
    private readonly ctx: PlansContext,
  ) {}

  /** Runs the sync now, or once more after the run under way. */
  run(): Promise<void> {
    return this.runs.run();
  }

  private async syncAll(): Promise<void> {
    const { lists } = this.ctx.plans;
    for (const list of lists.inStates(['creating'])) {
      if ((await this.make(list.planId)) === 'later') return;
    }
    for (const planId of lists.plansWanting()) {
      if ((await this.make(planId)) === 'later') return;
    }
    for (const list of lists.inStates(['live'])) {
      if ((await this.keep(list)) === 'later') return;
    }
  }

  /** Whether one more call to `method` may go now at its tier (and spends it). */
  private paced(method: ListMethod): boolean {
    const bucket = LIST_METHOD_TIERS[method] === 2 ? this.tier2 : this.tier3;
    return paced(this.ctx, bucket, method);
  }

  /**
   * Makes the plan's List. A row still `creating` from before (a crash, or Slack not reached)
   * is made again: Lists cannot be looked up by name, and a List made in that window was never
   * shared, so nobody sees it.
   */
  private async make(planId: number): Promise<Outcome> {
    const { ctx } = this;
    const plan = ctx.plans.get(planId);
    if (!plan) return 'done';
    const existing = ctx.plans.lists.get(planId);
    if (existing && existing.state !== 'creating') return 'done';
    if (!this.paced('slackLists.create')) return 'later';
    if (!existing && !ctx.plans.lists.claim(planId, ctx.clock())) return 'done';
    let listId: string | undefined;
    const columns: Record<string, string> = {};
    try {
      const made = await this.client.slackLists.create({
        name: taskListName(plan.title),
        description_blocks: taskListDescription(plan),
        schema: taskListSchema(),
      });
      listId = made.list_id;
      for (const column of made.list_metadata?.schema ?? []) {
        if (column.key && column.id) columns[column.key] = column.id;
      }
    } catch (error) {
      const refusal = refusalOfCall(error);
      if (refusal === undefined) {
        ctx.logger.warn(`could not make the List of plan ${plan.id}: ${errorLine(error)}`);
        return 'later';
      }
      return this.noList(plan, refusal, ['creating']);
    }
    if (!listId) return this.noList(plan, 'no_list_id', ['creating']);
    const live = ctx.plans.lists.update(plan.id, { state: 'live', listId, columns }, ctx.clock(), [
      'creating',
    ]);
    return live ? this.keep(live) : 'done';
  }

  /** The List is shared, read only, with the plan's channel and nobody else. */
  private async share(list: PlanList, plan: Plan): Promise<Outcome | 'skip'> {
    const { ctx } = this;
    if (list.shared || !list.listId) return 'done';
    if (!this.paced('slackLists.access.set')) return 'later';
    try {
      await this.client.slackLists.access.set({
        list_id: list.listId,
        channel_ids: [plan.channelId],
        access_level: 'read',
      });
    } catch (error) {
      const refusal = refusalOfCall(error);
      if (refusal === undefined) {
        ctx.logger.warn(`could not share the List of plan ${plan.id}: ${errorLine(error)}`);
        return 'skip';
      }
      this.noList(plan, refusal, ['live']);
      return 'skip';
    }
    ctx.plans.lists.update(plan.id, { shared: true }, ctx.clock(), ['live']);
    return 'done';
  }

  /** One round of edits when the tasks changed, at most one round every LIST_EDIT_EVERY_MS. */
  private async keep(list: PlanList): Promise<Outcome> {
    const { ctx } = this;
    const plan = ctx.plans.get(list.planId);
    if (!plan || !list.listId) return 'done';
    const shared = await this.share(list, plan);
    if (shared !== 'done') return shared === 'later' ? 'later' : 'done';
    const rows = ctx.plans.tasksOf(plan.id).map((task) => taskListRow(task, plan));
    const items = ctx.plans.lists.itemsOf(plan.id);
    const itemOf = new Map(items.map((item) => [item.taskId, item]));
    const taskIds = new Set(rows.map((row) => row.taskId));
    const lost = rows.filter((row) => itemOf.has(row.taskId) && !itemOf.get(row.taskId)?.itemId);
    const missing = rows.filter((row) => !itemOf.has(row.taskId));
    const stale = rows.filter((row) => {
      const item = itemOf.get(row.taskId);
      return item?.itemId && item.synced !== rowFingerprint(row);
    });
    const removed = items.filter((item) => !taskIds.has(item.taskId));
    if (lost.length + missing.length + stale.length + removed.length === 0) {
      if (list.roundOpen) {
        ctx.plans.lists.update(plan.id, { roundOpen: false }, ctx.clock(), ['live']);
      }
      return 'done';
    }
    const now = ctx.clock();
    if (!list.roundOpen) {
      if (list.editedAt !== null && now - list.editedAt < LIST_EDIT_EVERY_MS) return 'done';
      ctx.plans.lists.update(
        plan.id,
        { roundOpen: true, editedAt: now, rounds: list.rounds + 1 },
        now,
        ['live'],
      );
    }
    const columns = list.columns ?? {};
    const steps: (() => Promise<Outcome | 'gone'>)[] = [
      () => this.findLost(plan, list.listId ?? '', columns, lost, items),
      ...missing.map((row) => () => this.createItem(plan, list.listId ?? '', columns, row)),
      ...stale.map((row) => () => this.updateItem(plan, list.listId ?? '', columns, row, itemOf)),
      ...removed.map((item) => () => this.deleteItem(plan, list.listId ?? '', item)),
    ];
    for (const step of steps) {
      const outcome = await step();
      if (outcome === 'gone') return 'done';
      if (outcome === 'later') return 'later';
    }
    // What was lost and found is brought up to date in the next run, straight away.
    if (lost.length > 0) return this.keep(ctx.plans.lists.get(plan.id) ?? list);
    ctx.plans.lists.update(plan.id, { roundOpen: false }, ctx.clock(), ['live']);
    return 'done';
  }

  /** A refusal of an item's call: the List gone means no List; anything else is logged. */
  private refused(plan: Plan, what: string, error: unknown): 'gone' | 'item' | 'failed' {
    const refusal = refusalOfCall(error);
    if (refusal !== undefined && LIST_GONE.includes(refusal)) {
      this.noList(plan, refusal, ['live']);
      return 'gone';
    }
    if (refusal !== undefined && ITEM_GONE.includes(refusal)) return 'item';
    this.ctx.logger.warn(`could not ${what} of plan ${plan.id}: ${errorLine(error)}`);
    return 'failed';
  }

  /**
   * Items whose create call was made but not recorded (a crash, or no answer): each is looked
   * for in the List by its task's number among the items Mailroom does not know, and kept if
   * found; otherwise it is made again.
   */
  private async findLost(
    plan: Plan,
    listId: string,
    columns: Record<string, string>,
    lost: TaskListRow[],
    items: PlanListItem[],
  ): Promise<Outcome | 'gone'> {
    if (lost.length === 0) return 'done';
    const { ctx } = this;
    if (!this.paced('slackLists.items.list')) return 'later';
    const listed: ListedItem[] = [];
    try {
      let cursor: string | undefined;
      do {
        const page = await this.client.slackLists.items.list({
          list_id: listId,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        listed.push(...((page.items ?? []) as ListedItem[]));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      const refused = this.refused(plan, 'look in the List', error);
      return refused === 'gone' ? 'gone' : 'later';
    }
    const known = new Set(items.flatMap((item) => (item.itemId ? [item.itemId] : [])));
    const numberColumn = columns.number ?? 'number';
    const numberOf = (item: ListedItem) => {
      const cell = item.fields?.find((field) => field.column_id === numberColumn);
      return cell?.number?.[0] ?? (cell?.value === undefined ? undefined : Number(cell.value));
    };
    for (const row of lost) {
      const found = listed.find(
        (item) => item.id && !known.has(item.id) && numberOf(item) === row.number,
      );
      if (found?.id) {
        known.add(found.id);
        ctx.plans.lists.recordItem(row.taskId, found.id, '', ctx.clock());
      } else {
        ctx.plans.lists.forgetItem(row.taskId);
      }
    }
    return 'done';
  }

  /** A task's item, its row written before the call so that a retry looks for it first. */
  private async createItem(
    plan: Plan,
    listId: string,
    columns: Record<string, string>,
    row: TaskListRow,
  ): Promise<Outcome | 'gone'> {
    const { ctx } = this;
    if (!this.paced('slackLists.items.create')) return 'later';
    ctx.plans.lists.claimItem(plan.id, row.taskId, ctx.clock());
    try {
      const made = await this.client.slackLists.items.create({
        list_id: listId,
        initial_fields: taskListCells(columns, row),
      });
      const itemId = made.item?.id;
      if (!itemId) {
        ctx.plans.lists.forgetItem(row.taskId);
        ctx.logger.warn(`Slack made no item for task ${row.taskId} of plan ${plan.id}`);
        return 'done';
      }
      ctx.plans.lists.recordItem(row.taskId, itemId, rowFingerprint(row), ctx.clock());
      return 'done';
    } catch (error) {
      if (refusalOfCall(error) === undefined) {
        ctx.logger.warn(`could not add a task to the List of plan ${plan.id}: ${errorLine(error)}`);
        return 'later';
      }
      const refused = this.refused(plan, 'add a task to the List', error);
      ctx.plans.lists.forgetItem(row.taskId);
      return refused === 'gone' ? 'gone' : 'done';
    }
  }

  /** A task that changed: its item's cells rewritten. An item deleted from the List is made again. */
  private async updateItem(
    plan: Plan,
    listId: string,
    columns: Record<string, string>,
    row: TaskListRow,
    itemOf: Map<number, PlanListItem>,
  ): Promise<Outcome | 'gone'> {
    const { ctx } = this;
    const itemId = itemOf.get(row.taskId)?.itemId;
    if (!itemId) return 'done';
    if (!this.paced('slackLists.items.update')) return 'later';
    try {
      await this.client.slackLists.items.update({
        list_id: listId,
        cells: taskListCells(columns, row).map((cell) => ({ ...cell, row_id: itemId })),
      });
    } catch (error) {
      if (refusalOfCall(error) === undefined) {
        ctx.logger.warn(`could not update the List of plan ${plan.id}: ${errorLine(error)}`);
        return 'later';
      }
      const refused = this.refused(plan, 'update the List', error);
      if (refused === 'item') ctx.plans.lists.forgetItem(row.taskId);
      return refused === 'gone' ? 'gone' : 'done';
    }
    ctx.plans.lists.markSynced(row.taskId, rowFingerprint(row), ctx.clock());
    return 'done';
  }

  /** A task a revised how removed: its item leaves the List. */
  private async deleteItem(
    plan: Plan,
    listId: string,
    item: PlanListItem,
  ): Promise<Outcome | 'gone'> {
    const { ctx } = this;
    if (!item.itemId) {
      ctx.plans.lists.forgetItem(item.taskId);
      return 'done';
    }
    if (!this.paced('slackLists.items.delete')) return 'later';
    try {
      await this.client.slackLists.items.delete({ list_id: listId, id: item.itemId });
    } catch (error) {
      if (refusalOfCall(error) === undefined) {
        ctx.logger.warn(
          `could not remove a task from the List of plan ${plan.id}: ${errorLine(error)}`,
        );
        return 'later';
      }
      const refused = this.refused(plan, 'remove a task from the List', error);
      if (refused === 'gone') return 'gone';
    }
    ctx.plans.lists.forgetItem(item.taskId);
    return 'done';
  }

  /** Slack refused the List: the plan keeps everything else, and its owner hears why, once. */
  private noList(plan: Plan, problem: string, fromStates: readonly PlanList['state'][]): Outcome {
    const { ctx } = this;
    const marked = ctx.plans.lists.update(
      plan.id,
      { state: 'unavailable', problem },
      ctx.clock(),
      fromStates,
    );
    if (marked) {
      tellOwnerOnce(ctx, plan, `plan-list:${plan.id}:unavailable`, noListText(plan, problem));
    }
    return 'done';
  }
}
