/**
 * A local sandbox: Mailroom on loopback against the fake Slack, driven from the terminal.
 * `npm run sandbox`, then type `help`. Nothing leaves this machine.
 */
import { createInterface } from 'node:readline';
import { createMailroom } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { findButton, textOf } from './blocks.js';
import { type FakeChannel, FakeSlack, type FakeUser } from './fake-slack.js';
import { SlackSender } from './slack-requests.js';
import { tempDatabasePath } from './store.js';

const SECRET = 'sandbox-signing-secret';
const people: FakeUser[] = [
  { id: 'U0ADA', name: 'ada', realName: 'Ada (London)', tz: 'Europe/London', isAdmin: true },
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya (Kolkata)', tz: 'Asia/Kolkata' },
  { id: 'U0SAM', name: 'sam', realName: 'Sam (New York)', tz: 'America/New_York' },
  { id: 'U0KAI', name: 'kai', realName: 'Kai (Auckland)', tz: 'Pacific/Auckland' },
];
const channels: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', members: people.map((p) => p.id) },
];

const HELP = `Commands:
  as <name>            act as ada, priya, sam or kai (now: %USER%)
  /ask <question>      any slash command, sent signed to Mailroom
  /mailroom <args>     e.g. /mailroom experts add billing <@U0PRIYA>
  click <action_id>    press a button in the last reply or DM (ask_this_answers, ask_a_person,
                       ask_follow, question_answer, question_reassign, question_snooze…)
  answer <text>        submit the answer modal that "click question_answer" opened
  tick                 run the minute tick now (deliveries, reminders)
  later <hours>        move the sandbox clock forward, then tick (now: %NOW%)
  dms                  the DMs Mailroom sent you
  quit`;

async function main() {
  const fake = await FakeSlack.start({ users: people, channels });
  const config = loadConfig({
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: process.env.DATABASE_PATH ?? tempDatabasePath(),
    LOG_LEVEL: 'warn',
  });
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  const mailroom = createMailroom({ config, clock });
  const { port } = await mailroom.start({ host: '127.0.0.1' });
  const sender = new SlackSender({
    url: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SECRET,
    responseUrl: () => fake.responseUrl(),
  });
  let user = 'U0ADA';
  const help = () => HELP.replace('%USER%', user).replace('%NOW%', new Date(clock()).toISOString());
  let lastBlocks: unknown;
  let lastWhere: { channelId: string; messageTs?: string; message?: Record<string, unknown> } = {
    channelId: 'C0GENERAL',
  };
  let seenDms = 0;

  const show = (label: string, text: string, blocks: unknown) => {
    lastBlocks = blocks;
    console.log(`\n[${label}]\n${blocks ? textOf(blocks) : text}\n`);
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const showNew = async () => {
    await settle();
    for (const response of fake.responses.splice(0)) {
      show('reply, only you see it', String(response.body.text ?? ''), response.body.blocks);
      lastWhere = { channelId: 'C0GENERAL' };
    }
    const dms = fake.messagesIn(user);
    for (const dm of dms.slice(seenDms)) {
      show('DM from Mailroom', dm.text, dm.blocks);
      const message = dm as unknown as Record<string, unknown>;
      lastWhere = { channelId: dm.channel, messageTs: dm.ts, message };
    }
    seenDms = dms.length;
  };

  console.log(`Mailroom sandbox on http://127.0.0.1:${port}; fake Slack at ${fake.apiUrl}`);
  console.log(help());
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const prompt = () => {
    rl.setPrompt(`${people.find((p) => p.id === user)?.name}> `);
    rl.prompt();
  };
  prompt();
  for await (const input of rl) {
    const line = input.trim();
    if (!process.stdin.isTTY) console.log(line);
    const [word = '', ...rest] = line.split(' ');
    const arg = rest.join(' ');
    try {
      if (word === 'quit' || word === 'exit') break;
      if (word === 'help' || word === '') console.log(help());
      else if (word === 'as') {
        user = people.find((p) => p.name === arg)?.id ?? user;
        seenDms = 0;
      } else if (word.startsWith('/')) {
        await sender.slashCommand({
          command: word,
          text: arg,
          userId: user,
          channelId: 'C0GENERAL',
        });
      } else if (word === 'click') {
        const button = findButton(lastBlocks, arg);
        const { value, blockId } = button;
        await sender.blockAction({ userId: user, actionId: arg, value, blockId, ...lastWhere });
      } else if (word === 'answer') {
        const view = fake.callsTo('views.open').at(-1)?.args.view as
          | { private_metadata: string }
          | undefined;
        if (!view) throw new Error('no modal is open: click question_answer first');
        const submitted = await sender.viewSubmission({
          userId: user,
          callbackId: 'question_answer_modal',
          privateMetadata: view.private_metadata,
          values: { answer: { answer_text: { type: 'plain_text_input', value: arg } } },
        });
        const result = submitted.body
          ? (submitted.json() as { errors?: unknown; view?: { blocks?: unknown } })
          : {};
        show('modal', JSON.stringify(result.errors ?? ''), result.view?.blocks);
      } else if (word === 'tick') console.log(JSON.stringify(await mailroom.tick()));
      else if (word === 'later') {
        offsetMs += Number(arg) * 3600_000;
        console.log(`It is now ${new Date(clock()).toISOString()}.`);
        console.log(JSON.stringify(await mailroom.tick()));
      } else if (word === 'dms') seenDms = 0;
      else console.log('Unknown command; type help.');
      await showNew();
    } catch (error) {
      console.log(error instanceof Error ? error.message : error);
    }
    prompt();
  }
  rl.close();
  await mailroom.stop();
  await fake.stop();
}

await main();
