import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoriesOf } from '../../../src/context.js';
import { ERASED_TEXT } from '../../../src/core/domain/member.js';
import { openDatabase } from '../../../src/core/store/db.js';
import {
  buildMemberWorld,
  LEAVER,
  LEAVER_QUESTION,
  type MemberWorld,
  TEAM,
} from '../../support/member-world.js';
import { runCli } from '../../support/process-harness.js';
import { tempDatabasePath } from '../../support/store.js';

/**
 * `npm run export-member` and `npm run forget` as an operator runs them, on the database a
 * Mailroom (now stopped) wrote, deleting through the fake Slack.
 */

let world: MemberWorld | undefined;
afterEach(async () => {
  await world?.h.fake.stop();
  world = undefined;
});

async function stoppedWorld(databasePath: string): Promise<MemberWorld> {
  const built = await buildMemberWorld(databasePath);
  await built.h.mailroom.stop();
  return built;
}

function reopened(databasePath: string) {
  const db = openDatabase(databasePath);
  return { repos: repositoriesOf(db), close: () => db.$client.close() };
}

describe('npm run export-member', () => {
  it('writes a member’s data as JSON to standard output or a new file, and records each run', async () => {
    const databasePath = tempDatabasePath();
    world = await stoppedWorld(databasePath);
    const env = { DATABASE_PATH: databasePath };

    const unknown = await runCli('export-member', ['--', 'U0NOBODY'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Mailroom does not know a member "U0NOBODY"');
    expect(unknown.stdout).toBe('');

    const printed = await runCli('export-member', ['--', '@lea'], env);
    expect(printed.code).toBe(0);
    const data = JSON.parse(printed.stdout);
    expect(data.member.id).toBe(LEAVER);
    expect(data.questionsAsked[0].text).toBe(LEAVER_QUESTION);

    const out = join(databasePath, '..', 'lea.json');
    const written = await runCli('export-member', [LEAVER, '--out', out], env);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`Exported what Mailroom holds about ${LEAVER} to ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).member.id).toBe(LEAVER);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const again = await runCli('export-member', [LEAVER, '--out', out], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const { repos, close } = reopened(databasePath);
    const runs = repos.audit.newest(10).filter((e) => e.action === 'member.exported');
    close();
    expect(runs.map((e) => (e.after as { destination: string }).destination)).toEqual([
      out,
      'standard output',
    ]);
    expect(runs[0]?.actor.kind).toBe('shell');
  }, 120_000);
});

describe('npm run forget', () => {
  it('asks first, erases with --yes, reports what Slack would not delete and exits 3, then finishes on a second run', async () => {
    const databasePath = tempDatabasePath();
    world = await stoppedWorld(databasePath);
    const { fake } = world.h;
    const env = {
      DATABASE_PATH: databasePath,
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: 'cli-signing-secret',
      SLACK_API_URL: fake.apiUrl,
    };
    const question = () => {
      const { repos, close } = reopened(databasePath);
      const text = repos.questions.askedBy(LEAVER)[0]?.text;
      close();
      return text;
    };

    expect((await runCli('forget', ['U0NOBODY', '--yes'], env)).code).toBe(2);

    const unconfirmed = await runCli('forget', ['--', LEAVER], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('Erase the personal data of lea (U0LEAVER)');
    expect(unconfirmed.stderr).toContain('Nothing was erased');
    expect(question()).toBe(LEAVER_QUESTION);

    fake.failNext('chat.delete', 'cant_delete_message');
    const refused = await runCli('forget', ['--', LEAVER, '--yes'], env);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('Erased: 1 questions');
    expect(refused.stdout).toContain('Could not delete 1 message(s) in Slack:');
    expect(refused.stdout).toContain(
      `${TEAM} ${world.answerPost.ts}: Slack refused: cant_delete_message`,
    );
    expect(question()).toBe(ERASED_TEXT);

    const finished = await runCli('forget', [LEAVER, '-y'], env);
    expect(finished.stdout).not.toContain('Could not delete');
    expect(finished.code).toBe(0);
    expect(fake.messagesIn(TEAM).some((m) => m.ts === world?.answerPost.ts)).toBe(false);

    const { repos, close } = reopened(databasePath);
    const runs = repos.audit.newest(10).filter((e) => e.action === 'member.forgotten');
    close();
    expect(runs.map((e) => (e.after as { notDeleted: number }).notDeleted)).toEqual([0, 1]);
  }, 120_000);

  it('without Slack settings erases what is in the database and lists the message left', async () => {
    const databasePath = tempDatabasePath();
    world = await stoppedWorld(databasePath);
    const result = await runCli('forget', [LEAVER, '--yes'], {
      DATABASE_PATH: databasePath,
      SLACK_BOT_TOKEN: '',
      SLACK_BOT_TOKEN_FILE: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: '',
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('not deleted: the Slack settings are not usable');
    expect(result.stdout).toContain('SLACK_BOT_TOKEN');
  }, 60_000);
});
