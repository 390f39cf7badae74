/**
 * Erases a departed member's personal data:
 *
 *   npm run forget -- <user> [--yes]
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db), and the Slack
 * settings (SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE, SLACK_API_URL) to delete the standup
 * answers Mailroom posted for them. The run goes into the audit trail.
 */
import { createInterface } from 'node:readline';
import { repositoriesOf } from '../context.js';
import { ConfigError, loadConfig } from '../core/config.js';
import { nameOf } from '../core/domain/member.js';
import { noMessageDeleter, slackMessageDeleter } from '../core/slack/delete-message.js';
import { openDatabaseForUpgrade } from '../core/store/db.js';
import { DEFAULT_DATABASE_PATH, databasePath, failed, readArguments } from './args.js';
import { type ForgetReport, forgetMember, memberNamed } from './member-data.js';

const USAGE = `Usage: npm run forget -- <user> [--yes]

Erases a member's personal data from Mailroom: the wording of the questions they asked (in
the questions and in the queue), their settings and working hours, their standup answers and
blockers, and the standup answers Mailroom posted for them in Slack (deleted with chat.delete).
Answers and documents they wrote stay as the team's knowledge, credited to "a former member".
<user> is a Slack user id (U0123ABCD) or their Slack name (@priya). Asks before erasing
unless --yes is given. Each run goes into the audit trail.
Exits 2 when Mailroom does not know the member, 3 when some of their messages in Slack could
not be deleted (each is listed, with why).
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}) and the Slack settings; reads .env if present.`;

const NOT_ALL_DELETED = 3;

/** Asks on the terminal; true only for a "yes". No answer (no terminal, end of input) is no. */
async function confirmed(question: string): Promise<boolean> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string | undefined>((resolveAnswer) => {
      lines.on('close', () => resolveAnswer(undefined));
      lines.question(question, resolveAnswer);
    });
    return /^\s*y(es)?\s*$/i.test(answer ?? '');
  } finally {
    lines.close();
  }
}

/** How chat.delete is reached: with the bot token, or not at all (and why). */
function messageDeleter() {
  try {
    const config = loadConfig(process.env);
    return slackMessageDeleter({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl });
  } catch (error) {
    const why =
      error instanceof ConfigError
        ? `the Slack settings are not usable (${error.problems.join('; ')})`
        : String(error);
    return noMessageDeleter(`not deleted: ${why}`);
  }
}

function summary(report: ForgetReport): string {
  const parts = Object.entries(report.erased)
    .map(([what, n]) => `${n} ${what.replace(/_/g, ' ')}`)
    .join(', ');
  const lines = [`Erased: ${parts}.`];
  if (report.left.length > 0) {
    lines.push(`Could not delete ${report.left.length} message(s) in Slack:`);
    for (const left of report.left) {
      lines.push(`  ${left.channelId} ${left.ts}: ${left.reason}`);
    }
    lines.push('Delete them in Slack, or run this again once Slack can be reached.');
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const yes = argv.includes('--yes') || argv.includes('-y');
  const { target: who } = readArguments(
    argv.filter((arg) => arg !== '--yes' && arg !== '-y'),
    USAGE,
  );
  const path = databasePath();
  const { db } = await openDatabaseForUpgrade(path);
  try {
    const ctx = { ...repositoriesOf(db), clock: () => Date.now() };
    const member = memberNamed(ctx, who, 'Nothing was erased.');
    if (!member) return;
    const question = `Erase the personal data of ${nameOf(member)} (${member.id}) from ${path}? This cannot be undone. Type yes to go on: `;
    if (!yes && !(await confirmed(question))) {
      process.stderr.write('Nothing was erased. (Run with --yes to skip the question.)\n');
      process.exitCode = 1;
      return;
    }
    const report = await forgetMember(ctx, member, messageDeleter());
    process.stdout.write(`${summary(report)}\n`);
    if (report.left.length > 0) process.exitCode = NOT_ALL_DELETED;
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Forget', error));
