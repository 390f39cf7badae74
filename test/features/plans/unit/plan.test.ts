import { describe, expect, it } from 'vitest';
import { planVerdict } from '../../../../src/features/plans/domain/authorization.js';
import {
  checkHow,
  checkTargetDate,
  checkTitle,
  checkWhat,
  checkWhy,
  gate,
  laterAccepted,
  titleFromMessage,
} from '../../../../src/features/plans/domain/plan.js';

const HOW = {
  how_fast_name: 'Reuse the v1 tokens',
  how_fast_effort: 'low',
  how_fast_risk: 'high',
  how_fast_quality: 'low',
  how_fast_time: '1 week',
  how_robust_name: 'OAuth with rotation',
  how_robust_effort: 'high',
  how_robust_risk: 'low',
  how_robust_quality: 'high',
  how_robust_time: '4 weeks',
  how_choice: 'robust',
  how_because: 'Partners keep these for years.',
  how_questions: 'Which rotation period?\n',
  how_tasks: 'Token endpoint | 1 | 3d | 2026-04-10\n- Docs | 2 | 4h | 2026-04-20',
};

describe('a plan’s forms', () => {
  it('refuses an empty or over-long title, and keeps a good one on one line', () => {
    expect(checkTitle('  ')).toMatchObject({ ok: false });
    const long = checkTitle('x'.repeat(151));
    expect(long.ok ? '' : long.problem).toContain('151 characters');
    expect(checkTitle(' Launch   the API ')).toEqual({ ok: true, title: 'Launch the API' });
  });

  it('needs a real target date, not in the past', () => {
    expect(checkTargetDate(undefined, '2026-03-09').ok).toBe(false);
    expect(checkTargetDate('2026-02-30', '2026-03-09').ok).toBe(false);
    expect(checkTargetDate('2026-03-08', '2026-03-09').ok).toBe(false);
    expect(checkTargetDate('2026-03-09', '2026-03-09')).toEqual({ ok: true, date: '2026-03-09' });
  });

  it('names every missing field of the why', () => {
    const checked = checkWhy({ why_goal: 'Partners integrate', why_asked_by: ' ' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.problems).sort()).toEqual([
      'why_asked_by',
      'why_objective',
      'why_success',
    ]);
  });

  it('reads the what’s items as must or should, and says which line is not', () => {
    const bad = checkWhat({
      what_in_scope: 'must: SSO\nexport to CSV',
      what_out_of_scope: 'Billing',
    });
    expect(bad.ok ? '' : bad.problems.what_in_scope).toContain('line 2');
    const good = checkWhat({
      what_in_scope: 'must: SSO\n- should: export to CSV',
      what_out_of_scope: 'Billing',
    });
    expect(good).toEqual({
      ok: true,
      value: {
        inScope: [
          { priority: 'must', text: 'SSO' },
          { priority: 'should', text: 'export to CSV' },
        ],
        outOfScope: ['Billing'],
      },
    });
    const empty = checkWhat({});
    expect(empty.ok ? [] : Object.keys(empty.problems)).toEqual([
      'what_in_scope',
      'what_out_of_scope',
    ]);
  });

  it('reads the how: both options, the choice, and tasks tied to scope items by their due dates', () => {
    const checked = checkHow(HOW, 2, '2026-04-30');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.chosen).toBe('robust');
    expect(checked.value.questions).toEqual(['Which rotation period?']);
    expect(checked.value.tasks).toEqual([
      { title: 'Token endpoint', scopeItem: 1, estimate: '3d', due: '2026-04-10' },
      { title: 'Docs', scopeItem: 2, estimate: '4h', due: '2026-04-20' },
    ]);
  });

  it('refuses a how whose task serves no scope item, has no estimate, or is due after the target', () => {
    const problem = (patch: Record<string, string | undefined>) => {
      const checked = checkHow({ ...HOW, ...patch }, 2, '2026-04-30');
      return checked.ok ? {} : checked.problems;
    };
    expect(problem({ how_tasks: 'Docs | 3 | 4h | 2026-04-20' }).how_tasks).toContain('1 to 2');
    expect(problem({ how_tasks: 'Docs | 1 | soon | 2026-04-20' }).how_tasks).toContain('estimate');
    expect(problem({ how_tasks: 'Docs | 1 | 2d | 2026-05-20' }).how_tasks).toContain('target date');
    expect(problem({ how_tasks: 'Docs' }).how_tasks).toContain('title | scope item');
    expect(Object.keys(problem({ how_choice: undefined, how_fast_risk: 'huge' })).sort()).toEqual([
      'how_choice',
      'how_fast_risk',
    ]);
  });

  it('takes a title from a message’s first line', () => {
    expect(titleFromMessage('\nWe need partner API keys\nbecause…')).toBe(
      'We need partner API keys',
    );
    expect(titleFromMessage(`${'word '.repeat(50)}`).length).toBeLessThanOrEqual(150);
  });
});

describe('the gate', () => {
  it('opens a stage once every earlier one is accepted, never while it is in review', () => {
    expect(gate({ why: 'draft', what: 'not_started', how: 'not_started' }, 'what')).toMatchObject({
      open: false,
    });
    expect(gate({ why: 'accepted', what: 'draft', how: 'not_started' }, 'what')).toEqual({
      open: true,
    });
    expect(gate({ why: 'accepted', what: 'recheck', how: 'draft' }, 'how')).toEqual({ open: true });
    expect(gate({ why: 'in_review', what: 'recheck', how: 'draft' }, 'how')).toMatchObject({
      open: false,
    });
    expect(
      gate({ why: 'in_review', what: 'not_started', how: 'not_started' }, 'why'),
    ).toMatchObject({ open: false });
  });

  it('marks only later accepted stages to re-check', () => {
    expect(laterAccepted({ why: 'accepted', what: 'accepted', how: 'in_review' }, 'why')).toEqual([
      'what',
    ]);
  });
});

describe('the plan rule', () => {
  const plan = { ownerId: 'UOWN', channelId: 'CPLAN', inPublic: false };
  const viewer = (userId: string, channels: string[] = ['CPLAN'], isGuest = false) => ({
    userId,
    isGuest,
    visibleChannelIds: channels,
  });
  const stage = { stage: 'what' as const, state: 'recheck' as const, reviewerIds: ['UREV'] };

  it('lets channel members see it, and nobody else', () => {
    expect(planVerdict(viewer('UPEER'), plan, 'see').allowed).toBe(true);
    expect(planVerdict(viewer('UOUT', []), plan, 'see')).toEqual({
      allowed: false,
      refusal: 'unknown',
    });
    expect(
      planVerdict(viewer('UGUEST', [], true), { ...plan, inPublic: true }, 'see').allowed,
    ).toBe(false);
  });

  it('gives stages to the owner and re-checks to the stage’s reviewers', () => {
    expect(planVerdict(viewer('UOWN'), plan, 'edit_stage', stage).allowed).toBe(true);
    expect(planVerdict(viewer('UREV'), plan, 'edit_stage', stage)).toEqual({
      allowed: false,
      refusal: 'not_yours',
    });
    expect(planVerdict(viewer('UOWN'), plan, 'accept_stage', stage)).toEqual({
      allowed: false,
      refusal: 'settled',
    });
    expect(planVerdict(viewer('UREV'), plan, 'recheck', stage).allowed).toBe(true);
    expect(planVerdict(viewer('UPEER'), plan, 'recheck', stage)).toEqual({
      allowed: false,
      refusal: 'not_yours',
    });
  });
});
