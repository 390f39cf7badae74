import { afterEach, describe, expect, it } from 'vitest';
import { exportCounts, forgetMember, memberExport } from '../../../src/cli/member-data.js';
import { auditDetails } from '../../../src/core/domain/audit.js';
import { ERASED_TEXT, FORMER_MEMBER_ID } from '../../../src/core/domain/member.js';
import { wordingKey } from '../../../src/core/domain/search/learning.js';
import { DEFAULT_WORK_WINDOWS } from '../../../src/core/domain/working-hours.js';
import { recordConfirmation } from '../../../src/core/services/knowledge.js';
import { slackMessageDeleter } from '../../../src/core/slack/delete-message.js';
import { textOf } from '../../support/blocks.js';
import {
  BLOCKER_WORDS,
  buildMemberWorld,
  EXPERT,
  LEAVER,
  LEAVER_ANSWER,
  LEAVER_QUESTION,
  type MemberWorld,
  STANDUP_WORDS,
  TEAM,
} from '../../support/member-world.js';

let world: MemberWorld | undefined;
afterEach(async () => {
  await world?.h.stop();
  world = undefined;
});

const deleterFor = (w: MemberWorld) =>
  slackMessageDeleter({ botToken: w.h.fake.botToken, apiUrl: w.h.fake.apiUrl, timeoutMs: 5000 });

describe('what Mailroom holds about a member', () => {
  it('is exported whole: profile and hours, questions, queue items, standups, decisions, documents, audit', async () => {
    world = await buildMemberWorld();
    const { ctx } = world.h.mailroom;
    const member = ctx.members.get(LEAVER);
    if (!member) throw new Error('no member');
    const confirmed = ctx.knowledge.findBySourceKey(`answer:${world.answeredQuestionId}`);
    if (!confirmed) throw new Error('no answer document');
    recordConfirmation(
      ctx.knowledge,
      { text: LEAVER_QUESTION, documentId: confirmed.id, memberId: LEAVER },
      ctx.clock(),
    );
    ctx.knowledge.addAlias(confirmed.id, 'lea asks about the vpn', LEAVER, ctx.clock());
    const data = memberExport(ctx, member);
    expect(data.member).toMatchObject({ id: LEAVER, realName: 'Lea Leaving' });
    expect(data.member.workingWindows).toHaveLength(4);
    expect(data.member.awayUntil).not.toBeNull();
    expect(data.questionsAsked.map((q) => q.text)).toEqual([LEAVER_QUESTION]);
    expect(data.questionsAnswered).toMatchObject([
      { id: world.answeredQuestionId, answerText: LEAVER_ANSWER },
    ]);
    expect(data.queueItems.fromThem).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'question',
          recipientId: EXPERT,
          requesterId: LEAVER,
          payload: expect.objectContaining({ text: LEAVER_QUESTION }),
        }),
      ]),
    );
    expect(data.queueItems.fromThem.every((i) => i.recipientId !== LEAVER)).toBe(true);
    expect(data.queueItems.forThem.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['question', 'standup_prompt']),
    );
    expect(data.standups.memberships).toHaveLength(1);
    expect(data.standups.answers).toMatchObject([
      { answers: STANDUP_WORDS, blockerText: BLOCKER_WORDS },
    ]);
    expect(data.standups.blockers).toMatchObject([{ text: BLOCKER_WORDS }]);
    expect(data.decisions).toMatchObject([{ id: world.decisionId }]);
    expect(data.documents.map((d) => d.source).sort()).toEqual(['answer', 'decision']);
    expect(data.auditEntries).toMatchObject([
      { action: 'experts.changed', subject: 'keyword:vpn', after: [LEAVER] },
    ]);
    expect(exportCounts(data)).toMatchObject({
      questions_asked: 1,
      questions_answered: 1,
      standup_answers: 1,
      decisions: 1,
      documents: 2,
      audit_entries: 1,
      answer_confirmations: 1,
      aliases_added: 1,
      ownership_offers: 0,
    });
    expect(data.aliasesAdded).toEqual([
      {
        documentId: confirmed.id,
        documentTitle: confirmed.title,
        text: 'lea asks about the vpn',
        addedAt: ctx.clock(),
      },
    ]);
    expect(data.answerConfirmations).toEqual([
      {
        wording: wordingKey(LEAVER_QUESTION),
        documentId: confirmed.id,
        documentTitle: confirmed.title,
        confirmedAt: ctx.clock(),
      },
    ]);
  });
});

describe('forgetting a member', () => {
  it('erases their words and settings, deletes their posted standup answer, keeps their answers as a former member’s, and records it', async () => {
    world = await buildMemberWorld();
    const { h } = world;
    const { ctx } = h.mailroom;
    const member = ctx.members.get(LEAVER);
    if (!member) throw new Error('no member');
    const confirmed = ctx.knowledge.findBySourceKey(`answer:${world.answeredQuestionId}`);
    if (!confirmed) throw new Error('no answer document');
    recordConfirmation(
      ctx.knowledge,
      { text: LEAVER_QUESTION, documentId: confirmed.id, memberId: LEAVER },
      ctx.clock(),
    );

    ctx.knowledge.addAlias(confirmed.id, 'lea asks about the vpn', LEAVER, ctx.clock());

    const report = await forgetMember(ctx, member, deleterFor(world));

    expect(report.left).toEqual([]);
    expect(report.erased).toMatchObject({
      questions: 1,
      settings_and_hours: 1,
      standup_answers: 1,
      standup_messages_deleted: 1,
      standup_blockers: 1,
      documents_credited_to_a_former_member: 1,
      answer_confirmations: 1,
      aliases_credited_to_a_former_member: 1,
    });
    expect(ctx.knowledge.confirmations.byMember(LEAVER)).toEqual([]);
    // Their wording still finds the document, and no longer says who typed it.
    expect(ctx.knowledge.aliasesAddedBy(LEAVER)).toEqual([]);
    expect(ctx.knowledge.aliasesOf(confirmed.id)).toContain('lea asks about the vpn');
    expect(
      JSON.stringify(ctx.db.$client.prepare('SELECT user_id FROM document_aliases').all()),
    ).not.toContain(LEAVER);
    // The message Mailroom posted for them is gone from Slack.
    expect(h.fake.callsTo('chat.delete')).toMatchObject([
      { args: { channel: TEAM, ts: world.answerPost.ts } },
    ]);
    expect(h.fake.messagesIn(TEAM).some((m) => m.ts === world?.answerPost.ts)).toBe(false);
    // Their words are gone from the database, wherever they were.
    const dump = JSON.stringify(h.mailroom.ctx.db.$client.prepare('SELECT * FROM questions').all());
    expect(dump).not.toContain(LEAVER_QUESTION);
    expect(ctx.questions.get(world.askedQuestionId)?.text).toBe(ERASED_TEXT);
    for (const table of ['queue_items', 'standup_entries', 'standup_blockers', 'questions']) {
      const rows = JSON.stringify(ctx.db.$client.prepare(`SELECT * FROM ${table}`).all());
      expect(rows, table).not.toContain(LEAVER_QUESTION);
      for (const words of [...STANDUP_WORDS, BLOCKER_WORDS])
        expect(rows, table).not.toContain(words);
    }
    // Settings and hours are a newcomer's again.
    expect(ctx.members.get(LEAVER)).toMatchObject({
      workingWindows: [...DEFAULT_WORK_WINDOWS],
      awayUntil: null,
      timeZoneOverride: null,
      deliveryPreference: 'immediate',
    });
    // What they answered stays as the team's, credited to a former member.
    const answerDoc = ctx.knowledge.findBySourceKey(`answer:${world.answeredQuestionId}`);
    expect(answerDoc?.authorId).toBe(FORMER_MEMBER_ID);
    expect(answerDoc?.body).toContain(LEAVER_ANSWER);
    h.fake.responses.length = 0;
    await h.sender.slashCommand({
      command: '/ask',
      text: 'Where is the VPN profile for staging?',
      userId: EXPERT,
      channelId: TEAM,
    });
    const reply = await h.fake.waitForResponse();
    const shown = `${reply.body.text}\n${textOf(reply.body.blocks)}`;
    expect(shown).toContain('answered by a former member');
    expect(shown).not.toContain(`<@${LEAVER}>`);
    // The run is in the audit trail, without the data itself.
    const [entry] = ctx.audit.newest(1);
    expect(entry).toMatchObject({
      actor: { kind: 'shell' },
      action: 'member.forgotten',
      subject: LEAVER,
    });
    expect(entry && auditDetails(entry)).toMatchObject({ kind: 'forgotten', notDeleted: 0 });
    expect(JSON.stringify(entry)).not.toContain(STANDUP_WORDS[0]);
    expect(h.logs.errors()).toEqual([]);
  });

  it('reports the posted answer Slack would not delete, and erases everything else', async () => {
    world = await buildMemberWorld();
    const { h } = world;
    const { ctx } = h.mailroom;
    const member = ctx.members.get(LEAVER);
    if (!member) throw new Error('no member');
    h.fake.failNext('chat.delete', 'cant_delete_message');

    const report = await forgetMember(ctx, member, deleterFor(world));

    expect(report.left).toEqual([
      { channelId: TEAM, ts: world.answerPost.ts, reason: 'Slack refused: cant_delete_message' },
    ]);
    expect(report.erased).toMatchObject({ standup_answers: 1, standup_messages_deleted: 0 });
    expect(ctx.questions.get(world.askedQuestionId)?.text).toBe(ERASED_TEXT);
    const [entry] = ctx.audit.newest(1);
    expect(entry && auditDetails(entry)).toMatchObject({ kind: 'forgotten', notDeleted: 1 });

    // Run again once Slack takes it: the message is deleted then.
    const again = await forgetMember(ctx, member, deleterFor(world));
    expect(again.left).toEqual([]);
    expect(h.fake.messagesIn(TEAM).some((m) => m.ts === world?.answerPost.ts)).toBe(false);
  });
});
