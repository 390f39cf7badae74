import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, SANDBOX_START, Sandbox } from '../support/sandbox/engine.js';
import { demoTeam } from './team.js';

/** The sandbox's `list`: a plan's tasks as the Slack List Mailroom keeps, shown as a table. */
let sandbox: Sandbox;
let printed: string[] = [];

beforeAll(async () => {
  const print = (text: string) => printed.push(...text.split('\n'));
  sandbox = await Sandbox.start({ team: demoTeam, start: Date.parse(SANDBOX_START), print });
});

afterAll(async () => {
  await sandbox.stop();
});

async function run(...lines: string[]): Promise<string> {
  printed = [];
  await runScript(sandbox, lines, (text) => printed.push(...text.split('\n')));
  return printed.join('\n');
}

/** Priya agrees to what waits in her DM, and Ada accepts it from the plan's message. */
const agreedAndAccepted = (accept: string) => [
  'as priya',
  'time +5m',
  'inbox',
  'press 1',
  'as ada',
  'channel',
  `press ${accept}`,
  'channel',
];

describe('the sandbox’s list', () => {
  it('shows a plan’s tasks as its List: columns, then one row per task, once an owner is proposed', async () => {
    await run(
      'as ada',
      'in #eng',
      '/plan Partner API',
      '',
      '2026-04-30',
      '',
      'priya',
      'priya',
      'priya',
      '',
      'press 1',
      'Partners integrate on their own',
      'Sales',
      'Grow partner revenue',
      'Five partners live',
      ...agreedAndAccepted('1'),
      'press 2',
      'must: API keys\\nshould: a usage dashboard',
      'Billing',
      ...agreedAndAccepted('2'),
      'press 3',
      'Static keys',
      'low',
      'high',
      'low',
      '1 week',
      'OAuth',
      'high',
      'low',
      'high',
      '4 weeks',
      '2',
      'Keys last years.',
      '',
      'Token endpoint | 1 | 3d | 2026-04-10\\nUsage dashboard | 2 | 2w | 2026-04-24',
      ...agreedAndAccepted('3'),
    );
    expect(await run('list')).toContain('No List in #eng yet.');

    const proposed = await run('choose 4 1', 'sam', '', 'list');
    expect(proposed).toContain('┌ List: Partner API: tasks (shared with it, read only)');
    expect(proposed).toMatch(/│ Task +│ # │ Owner │ Due date +│ State +│ Plan/);
    expect(proposed).toMatch(
      /│ Token endpoint +│ 1 │ @sam +│ 2026-04-10 │ proposed +│ Partner API/,
    );
    expect(proposed).toMatch(/│ Usage dashboard │ 2 │ +│ 2026-04-24 │ no owner yet │ Partner API/);
    expect(await run('in #leads', 'list')).toContain('No List in #leads yet.');
  });
});
