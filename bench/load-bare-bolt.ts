/**
 * The floor for bench/load.ts: a bare Bolt app on Bolt's own HTTP receiver that acknowledges
 * `/ask` and replies through its response_url, doing nothing else. Run as a child process:
 * PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL.
 */
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: bolt.LogLevel.ERROR,
  customRoutes: [
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200);
        res.end('ok');
      },
    },
  ],
});

app.command('/ask', async ({ command, ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: `You asked: ${command.text}` });
});

await app.start(Number(process.env.PORT));
