import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, SANDBOX_START, Sandbox } from '../support/sandbox/engine.js';
import { demoTeam } from './team.js';

/** The sandbox's own ways, beyond the tour: modals sent back, menus, the clock, mistakes. */
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

describe('the sandbox', () => {
  it('asks a modal field by field, shows Mailroom’s field errors and asks those fields again', async () => {
    const out = await run('/mailroom settings', 'Mars/Olympus', '', '2', '', 'Asia/Kolkata');
    expect(out).toContain('┌ Modal: Your settings');
    expect(out).toContain('  Working hours [10:00–18:00 Mon–Fri]: ');
    expect(out).toContain('  Mailroom sent the form back:');
    expect(out).toContain('  ✗ Time zone: I don’t know the time zone “Mars/Olympus”.');
    expect(out).toContain('  Time zone (optional) [Mars/Olympus]: Asia/Kolkata');
    expect(out).toContain('*Working hours:* 10:00–18:00 Mon–Fri, Asia/Kolkata');
    expect(sandbox.inModal()).toBe(false);
  });

  it('checks what Slack checks before sending, and can close a modal unsent', async () => {
    const out = await run('shortcut Write a doc', '', '!cancel', 'who');
    expect(out).toContain('  ✗ Slack: this field is required.');
    expect(out).toContain('(you closed the modal; nothing was sent)');
    expect(out).toContain('It is Mon 2 Mar 2026 08:00 UTC.');
  });

  it('picks from a menu on the Home tab, as Slack sends a static select', async () => {
    await run('as ada', '/ask How do I roll back a deploy?', 'press 4');
    const out = await run('as priya', 'home', 'choose 4 2');
    expect(out).toContain('[4] Snooze until… ▾');
    expect(out).toMatch(/snoozed until Tue 3 Mar 10:00/);
    expect(await run('choose 4 9')).toContain('Pick one of 1–3.');
    expect(await run('press 4')).toContain('[4] is a menu: `choose 4 <option>`.');
  });

  it('moves the clock only forward, and says what it does not understand', async () => {
    expect(await run('time 2026-03-01 09:00')).toContain('The sandbox clock only moves forward');
    expect(await run('time soon')).toContain('I can’t read “soon”.');
    expect(await run('frobnicate')).toContain("I don't understand “frobnicate”. Type help");
    expect(await run('/lunch')).toContain('/lunch is not a command of this app');
    expect(await run('as nobody')).toContain('There is nobody called “nobody”.');
    expect(await run('help')).toContain('/mailroom [help | experts | hours 09:00-17:00 mon-fri]');
  });

  it('shows a plan’s canvas as its markdown on `canvas`, names in place of mentions', async () => {
    expect(await run('as ada', 'in #eng', 'canvas')).toContain('No canvas in #eng yet.');
    await run('/plan Partner API', '', '2026-04-30', '', 'priya', 'sam', 'kai', '');
    const out = await run('canvas');
    expect(out).toContain('┌ Canvas: Partner API · plan 1 (the channel’s canvas)');
    expect(out).toContain('│ _This canvas is kept by Mailroom from the plan');
    expect(out).toContain('Change the plan from its message in #eng._');
    expect(out).toContain('│ - Owner: @ada');
    expect(out).toContain('│ ## Why (draft)');
    expect(out).toContain('│ - Reviewers: @priya');
  });
});
