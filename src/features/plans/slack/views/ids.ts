/** The ids of the plans' commands, shortcuts, buttons and modals. */

export const PLAN_COMMAND = '/plan';
export const START_PLAN_SHORTCUT = 'start_plan';

export const PLAN_ACTIONS = {
  /** Open a stage's form (write it, or revise it): the value is the stage's id. */
  editStage: 'plan_edit_stage',
  /** Accept a stage under review. */
  acceptStage: 'plan_accept_stage',
  /** Accept it although some reviewers have not answered yet. */
  acceptAnyway: 'plan_accept_anyway',
  /** The plan's owner accepts the who, without reviewers, once every task is accepted. */
  acceptWho: 'plan_accept_who',
  /** A stage to re-check still holds. */
  recheckHolds: 'plan_recheck_holds',
  /** Raise a concern on a stage to re-check: opens its modal. */
  recheckConcern: 'plan_recheck_concern',
  /** Choose a task of the who to propose an owner for: opens its modal (the option is the task's id). */
  chooseTask: 'plan_choose_task',
  /** The person picked in a task's owner modal: shows their overlap, absence and load. */
  pickOwner: 'plan_pick_owner',
  /** The proposed owner takes the task: the value is their assignment item's id. */
  acceptTask: 'plan_accept_task',
  /** The proposed owner turns it down: opens the decline modal (the value is the item's id). */
  declineTask: 'plan_decline_task',
  /** After a decline, the plan's owner proposes someone else: the value is the task's id. */
  proposeAgain: 'plan_propose_again',
  /** The task's owner marks it done: the value is the task's id. */
  taskDone: 'plan_task_done',
  /** The task's owner marks it blocked: opens the block modal (the value is the task's id). */
  taskBlocked: 'plan_task_blocked',
  /** Home's menu of a plan's tasks: `done:<task id>` or `blocked:<task id>`. */
  markTask: 'plan_mark_task',
  /** The person a blocked task asks says it is unblocked: the value is their item's id. */
  taskUnblocked: 'plan_task_unblocked',
} as const;

export const PLAN_VIEWS = {
  start: 'plan_start_modal',
  stage: 'plan_stage_modal',
  concern: 'plan_recheck_concern_modal',
  taskOwner: 'plan_task_owner_modal',
  declineTask: 'plan_decline_task_modal',
  blockTask: 'plan_block_task_modal',
} as const;

/** The decline modal's optional reason. */
export const DECLINE_REASON_BLOCK = 'plan_decline_reason';

/** The block of the owner modal's person picker (and its only input). */
export const TASK_OWNER_BLOCK = 'plan_task_owner';
