import { describe, expect, it } from 'vitest';
import { CHANGES, measurePlanStages, planBenchResult } from '../../bench/plan-stages.js';

describe('the plan benchmark at a tiny size', () => {
  it('takes a plan through every stage change and reports its calls, times and canvas edits', async () => {
    const measurement = await measurePlanStages({ tasks: 3, reviewersPerStage: 2, repeats: 1 });
    for (const change of CHANGES) {
      expect(measurement.changes[change].ms).toHaveLength(1);
    }
    expect(measurement.changes.start.calls['conversations.canvases.create']).toBe(1);
    expect(measurement.changes['submit why'].calls['chat.postMessage']).toBeGreaterThan(0);
    expect(measurement.changes['accept how'].calls['chat.update']).toBeGreaterThan(0);
    expect(measurement.canvas.created).toBe(1);
    expect(measurement.canvas.edits).toBeGreaterThan(0);
    expect(measurement.canvas.edits).toBeLessThanOrEqual(measurement.canvas.changes);
    const report = planBenchResult(measurement);
    expect(report.rows.map((row) => row.figure.split(':')[0])).toEqual([
      ...CHANGES,
      'canvas edits for the changes that altered each canvas',
    ]);
    expect(report.rows[0]?.value).toMatch(/conversations\.canvases\.create 1.*; \d+ \/ \d+ ms$/);
  }, 60_000);
});
