/**
 * Mailroom without Slack: the real app on loopback against a fake Slack, with a demo team,
 * driven from the terminal. Nothing leaves this machine.
 *
 *   npm run sandbox                       type at the prompt (`help` lists what you can do)
 *   npm run sandbox -- --tour             the guided tour (test/sandbox/tour.txt)
 *   npm run sandbox -- --script <file>    run a file of lines, print the transcript
 *   --start 2026-03-02T08:00Z             the instant the clock starts at (this one by default)
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { demoTeam } from '../sandbox/team.js';
import { runScript, SANDBOX_START, Sandbox, TOUR_FILE } from './sandbox/engine.js';

const USAGE = `Usage: npm run sandbox [-- --tour | --script <file>] [--start <instant>]
  --tour             run the guided tour and print its transcript
  --script <file>    run the lines of <file> as if typed, and print the transcript
  --start <instant>  when the sandbox clock starts (default ${SANDBOX_START}; \`now\` for the real time)
  --show-seed        also print how the demo team is set up (test/sandbox/team.ts)`;

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const startText = args.values.start ?? SANDBOX_START;
  const start = startText === 'now' ? Date.now() : Date.parse(startText);
  if (Number.isNaN(start)) {
    console.error(`--start: “${startText}” is not an instant such as ${SANDBOX_START}.`);
    return 2;
  }
  const scriptFile = args.values.tour ? TOUR_FILE : args.values.script;
  const print = (line: string) => console.log(line);
  const showSeed = args.values['show-seed'] ?? false;
  const sandbox = await Sandbox.start({ team: demoTeam, start, print, showSeed });
  try {
    if (scriptFile) {
      await runScript(sandbox, readFileSync(scriptFile, 'utf8').split('\n'), print);
    } else if (!process.stdin.isTTY) {
      const lines: string[] = [];
      for await (const line of createInterface({ input: process.stdin })) lines.push(line);
      await runScript(sandbox, lines, print);
    } else {
      await interactive(sandbox);
    }
  } finally {
    await sandbox.stop();
  }
  return 0;
}

function readArgs() {
  return parseArgs({
    options: {
      tour: { type: 'boolean' },
      script: { type: 'string' },
      start: { type: 'string' },
      'show-seed': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function interactive(sandbox: Sandbox): Promise<void> {
  console.log('Type `help` to see what you can do, `quit` to leave.');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.setPrompt(sandbox.prompt());
  rl.prompt();
  for await (const line of rl) {
    if ((await sandbox.handle(line)) === 'quit') break;
    rl.setPrompt(sandbox.prompt());
    rl.prompt();
  }
  rl.close();
}

// Exit once the transcript is done: a Web API call Mailroom started just before stopping may
// still be retrying against the fake Slack, which is gone.
process.exit(await main());
