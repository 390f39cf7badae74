import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_SETTINGS } from '../../../../src/features/home/slack/views/settings.js';
import { textOf } from '../../../support/blocks.js';
import type { FakeUser, Json } from '../../../support/fake-slack.js';
import { type Harness, startMailroom } from '../../../support/harness.js';

const users: FakeUser[] = [
  { id: 'U0ASKER', name: 'asker', realName: 'Ada Asker', tz: 'Europe/London' },
  { id: 'U0PRIYA', name: 'priya', realName: 'Priya P', tz: 'Europe/London' },
  { id: 'U0ADMIN', name: 'admin', realName: 'Ana Admin', tz: 'Europe/London', isAdmin: true },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function mailroom(
  harness: Harness,
  userId: string,
  text: string,
): Promise<{ text: string; blocks: Json[] }> {
  harness.fake.responses.length = 0;
  const response = await harness.sender.slashCommand({
    command: '/mailroom',
    text,
    userId,
    channelId: 'C0GENERAL',
  });
  expect(response.status).toBe(200);
  const reply = await harness.fake.waitForResponse();
  const blocks = (reply.body.blocks ?? []) as Json[];
  return { text: `${reply.body.text}\n${textOf(blocks)}`, blocks };
}

describe('/mailroom audit', () => {
  it('shows admins who changed experts, the glossary and the team settings, newest first', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    expect((await mailroom(h, 'U0ADMIN', 'audit')).text).toContain('The audit trail is empty');

    await mailroom(h, 'U0ADMIN', 'experts add billing <@U0PRIYA|priya>');
    h.clock.advance(60_000);
    await mailroom(h, 'U0ADMIN', 'glossary add WFH = working from home');
    h.clock.advance(60_000);
    const saved = await h.sender.viewSubmission({
      userId: 'U0ADMIN',
      callbackId: TEAM_SETTINGS.callbackId,
      values: {
        [TEAM_SETTINGS.newMemberHours.block]: {
          [TEAM_SETTINGS.newMemberHours.action]: { type: 'plain_text_input', value: '9-17' },
        },
        [TEAM_SETTINGS.escalation.block]: {
          [TEAM_SETTINGS.escalation.action]: { type: 'plain_text_input', value: '2' },
        },
      },
    });
    expect(saved.json()).toMatchObject({ response_action: 'update' });

    const { text } = await mailroom(h, 'U0ADMIN', 'audit');
    expect(text).toContain('*Audit trail*, newest first: page 1 of 1 (3 entries).');
    const lines = text.split('\n').filter((line) => line.startsWith('• '));
    expect(lines).toEqual([
      '• <!date^1773064920^{date_short} {time}|9 Mar 2026 14:02 UTC>: <@U0ADMIN> changed the team settings: reminder and escalation after 4 h → 2 h',
      '• <!date^1773064860^{date_short} {time}|9 Mar 2026 14:01 UTC>: <@U0ADMIN> added *WFH* = working from home to the glossary',
      '• <!date^1773064800^{date_short} {time}|9 Mar 2026 14:00 UTC>: <@U0ADMIN> changed who answers “billing”: nobody → <@U0PRIYA>',
    ]);
    expect(text).toContain('That is the oldest entry.');
    expect(h.logs.errors()).toEqual([]);
  });

  it('tells anyone else it is for admins, and a bad page how to ask', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    await mailroom(h, 'U0ADMIN', 'glossary add WFH = working from home');
    const refused = await mailroom(h, 'U0ASKER', 'audit');
    expect(refused.text).toContain(
      'Only workspace admins (or people listed in MAILROOM_ADMINS) can read the audit trail.',
    );
    expect(refused.text).not.toContain('WFH');
    expect((await mailroom(h, 'U0ADMIN', 'audit soon')).text).toContain(
      '`/mailroom audit` shows the latest changes',
    );
    expect((await mailroom(h, 'U0ASKER', 'help')).text).toContain('`/mailroom audit`');
    expect(h.logs.errors()).toEqual([]);
  });

  it('pages a long trail within a Slack message’s limits', async () => {
    h = await startMailroom({ now: '2026-03-09T14:00:00Z', slack: { users } });
    const { ctx } = h.mailroom;
    const long = 'x'.repeat(190);
    for (let i = 0; i < 40; i++) {
      ctx.audit.record(
        {
          actor: { kind: 'slack', userId: 'U0ADMIN' },
          action: 'glossary.added',
          subject: `T${i}`,
          after: { term: `T${i}${'y'.repeat(38)}`, expansion: `${long} ${i}` },
        },
        h.clock() + i * 1000,
      );
    }
    ctx.audit.record(
      {
        actor: { kind: 'shell', osUser: 'ops<b>' },
        action: 'member.forgotten',
        subject: 'U0PRIYA',
        after: { erased: { questions: 2, standup_answers: 3 }, notDeleted: 1 },
      },
      h.clock() + 60_000,
    );

    const first = await mailroom(h, 'U0ADMIN', 'audit');
    expect(first.text).toContain('page 1 of 3 (41 entries)');
    expect(first.text).toContain(
      'ops&lt;b&gt; (at the server’s shell) erased the personal data of <@U0PRIYA> (2 questions, 3 standup answers); 1 could not be deleted',
    );
    expect(first.text).toContain('Older entries: `/mailroom audit 2`.');
    for (const page of [first, await mailroom(h, 'U0ADMIN', 'audit 3')]) {
      expect(page.blocks.length).toBeLessThanOrEqual(50);
      for (const block of page.blocks) {
        const text = (block as { text?: { text: string } }).text?.text ?? '';
        expect(text.length).toBeLessThanOrEqual(3000);
      }
    }
    const last = await mailroom(h, 'U0ADMIN', 'audit 3');
    expect(last.text).toContain('page 3 of 3');
    expect(last.text).toContain('T0y');
    expect(last.text).toContain('That is the oldest entry.');
  });
});
