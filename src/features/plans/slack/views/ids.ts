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
  /** A stage to re-check still holds. */
  recheckHolds: 'plan_recheck_holds',
  /** Raise a concern on a stage to re-check: opens its modal. */
  recheckConcern: 'plan_recheck_concern',
} as const;

export const PLAN_VIEWS = {
  start: 'plan_start_modal',
  stage: 'plan_stage_modal',
  concern: 'plan_recheck_concern_modal',
} as const;
