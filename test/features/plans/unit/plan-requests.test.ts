import { describe, expect, it } from 'vitest';
import { mayChangePlans } from '../../../../src/features/plans/slack/plan-requests.js';

/** After which requests the plans' canvases are looked at again (the tick does the rest). */
describe('a request that may change a plan', () => {
  it('is /plan, its shortcut, a plan’s button or form, or a review’s or a hand-over’s', () => {
    expect(mayChangePlans({ command: '/plan', text: 'Partner API' })).toBe(true);
    expect(mayChangePlans({ type: 'message_action', callback_id: 'start_plan' })).toBe(true);
    expect(
      mayChangePlans({ type: 'block_actions', actions: [{ action_id: 'plan_accept_stage' }] }),
    ).toBe(true);
    expect(
      mayChangePlans({ type: 'block_actions', actions: [{ action_id: 'review_agree' }] }),
    ).toBe(true);
    expect(
      mayChangePlans({ type: 'block_actions', actions: [{ action_id: 'ownership_take_over' }] }),
    ).toBe(true);
    expect(
      mayChangePlans({ type: 'view_submission', view: { callback_id: 'plan_stage_modal' } }),
    ).toBe(true);
    expect(
      mayChangePlans({ type: 'view_submission', view: { callback_id: 'review_concern_modal' } }),
    ).toBe(true);
  });

  it('is not /ask, an event, or another capability’s button or form', () => {
    expect(mayChangePlans({ command: '/ask', text: 'plan_accept_stage' })).toBe(false);
    expect(mayChangePlans({ type: 'event_callback', event: { type: 'user_change' } })).toBe(false);
    expect(
      mayChangePlans({ type: 'block_actions', actions: [{ action_id: 'decision_agree' }] }),
    ).toBe(false);
    expect(
      mayChangePlans({ type: 'view_submission', view: { callback_id: 'decision_modal' } }),
    ).toBe(false);
    // A plan's form closed without sending changes nothing.
    expect(mayChangePlans({ type: 'view_closed', view: { callback_id: 'plan_stage_modal' } })).toBe(
      false,
    );
  });
});
