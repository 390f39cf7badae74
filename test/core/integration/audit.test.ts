import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, auditDetails } from '../../../src/core/domain/audit.js';
import { readAudit } from '../../../src/core/services/audit.js';
import { addExperts, removeExperts } from '../../../src/core/services/experts.js';
import { addGlossaryEntry, removeGlossaryEntry } from '../../../src/core/services/glossary.js';
import { saveTeamSettings } from '../../../src/core/services/team-settings.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

const ADMIN = 'U0ADMIN';
const PRIYA = 'U0PRIYA';
const SAM = 'U0SAM';

function team() {
  const clock = testClock('2026-03-09T10:00:00Z');
  const ctx = serviceContext(clock);
  ctx.members.upsertProfiles(
    [profile(ADMIN, { isAdmin: true }), profile(PRIYA), profile(SAM)],
    clock(),
  );
  return { ctx, clock };
}

const keyword = (topic: string) => ({ kind: 'keyword' as const, topic });

describe('the audit trail records', () => {
  it('who changed a topic’s experts, when, and who answered it before and after', () => {
    const { ctx, clock } = team();
    addExperts(ctx, { byUserId: ADMIN, topics: [keyword(' Billing ')], memberIds: [PRIYA] });
    clock.advance(60_000);
    addExperts(ctx, { byUserId: ADMIN, topics: [keyword('billing')], memberIds: [SAM, PRIYA] });
    clock.advance(60_000);
    removeExperts(ctx, { byUserId: ADMIN, topics: [keyword('billing')], memberIds: [PRIYA] });
    // Changing nothing records nothing.
    addExperts(ctx, { byUserId: ADMIN, topics: [keyword('billing')], memberIds: [SAM] });
    removeExperts(ctx, { byUserId: ADMIN, topics: [keyword('refunds')], memberIds: [] });

    const entries = ctx.audit.newest(10).reverse();
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: Date.parse('2026-03-09T10:00:00Z'),
        actor: { kind: 'slack', userId: ADMIN },
        action: 'experts.changed',
        subject: 'keyword:billing',
        before: [],
        after: [PRIYA],
      },
      expect.objectContaining({ subject: 'keyword:billing', before: [PRIYA], after: [PRIYA, SAM] }),
      expect.objectContaining({
        at: Date.parse('2026-03-09T10:02:00Z'),
        before: [PRIYA, SAM],
        after: [SAM],
      }),
    ]);
    expect(auditDetails(entries[2] as (typeof entries)[number])).toEqual({
      kind: 'experts',
      topicKind: 'keyword',
      topic: 'billing',
      before: [PRIYA, SAM],
      after: [SAM],
    });
  });

  it('glossary terms added and removed, with what they meant', () => {
    const { ctx } = team();
    addGlossaryEntry(ctx, { byUserId: ADMIN, text: 'WFH = working from home' });
    removeGlossaryEntry(ctx, { byUserId: ADMIN, term: 'wfh' });
    expect(ctx.audit.newest(10).reverse()).toMatchObject([
      {
        action: 'glossary.added',
        subject: 'WFH',
        before: null,
        after: { term: 'WFH', expansion: 'working from home' },
      },
      {
        action: 'glossary.removed',
        subject: 'WFH',
        before: { term: 'WFH', expansion: 'working from home' },
        after: null,
      },
    ]);
  });

  it('the team settings before and after a save that changed them, in words', () => {
    const { ctx } = team();
    const input = { newMemberHoursText: '8-16 mon-thu', escalationHoursText: '2.5' };
    saveTeamSettings(ctx, ADMIN, input);
    saveTeamSettings(ctx, ADMIN, input);
    const entries = ctx.audit.newest(10);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'team_settings.changed',
      subject: null,
      before: { questionDueMs: 4 * 3600_000 },
      after: { questionDueMs: 2.5 * 3600_000 },
    });
    expect(auditDetails(entries[0] as (typeof entries)[number])).toEqual({
      kind: 'team_settings',
      changes: [
        {
          setting: 'new members’ hours',
          before: '09:00–17:00 Mon–Fri',
          after: '08:00–16:00 Mon–Thu',
        },
        { setting: 'reminder and escalation after', before: '4 h', after: '2 h 30 min' },
      ],
    });
  });

  it('nothing for a refused or bad change', () => {
    const { ctx } = team();
    expect(() =>
      addExperts(ctx, { byUserId: SAM, topics: [keyword('billing')], memberIds: [SAM] }),
    ).toThrow('Only workspace admins');
    expect(() => addGlossaryEntry(ctx, { byUserId: SAM, text: 'PTO = paid time off' })).toThrow();
    expect(() => addGlossaryEntry(ctx, { byUserId: ADMIN, text: 'PTO paid time off' })).toThrow();
    expect(() => removeGlossaryEntry(ctx, { byUserId: ADMIN, term: 'PTO' })).toThrow();
    expect(() =>
      saveTeamSettings(ctx, ADMIN, { newMemberHoursText: 'funday', escalationHoursText: '2' }),
    ).toThrow();
    expect(() =>
      saveTeamSettings(ctx, SAM, { newMemberHoursText: '9-17', escalationHoursText: '2' }),
    ).toThrow('Only workspace admins');
    expect(ctx.audit.count()).toBe(0);
  });
});

describe('reading the audit trail', () => {
  it('is for admins only, pages newest first, and keeps a page past the end on the last', () => {
    const { ctx, clock } = team();
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++) {
      addGlossaryEntry(ctx, { byUserId: ADMIN, text: `T${i} = term number ${i}` });
      clock.advance(1000);
    }
    expect(() => readAudit(ctx, SAM, '')).toThrow(
      'Only workspace admins (or people listed in MAILROOM_ADMINS) can read the audit trail.',
    );
    const first = readAudit(ctx, ADMIN, '');
    expect(first).toMatchObject({ page: 1, pages: 2, total: AUDIT_PAGE_SIZE + 3 });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.entries[0]?.subject).toBe(`T${AUDIT_PAGE_SIZE + 2}`);
    const second = readAudit(ctx, ADMIN, 'page 2');
    expect(second.entries.map((e) => e.subject)).toEqual(['T2', 'T1', 'T0']);
    expect(readAudit(ctx, ADMIN, '9').page).toBe(2);
    for (const bad of ['0', '-1', 'two', '1.5']) {
      expect(() => readAudit(ctx, ADMIN, bad), bad).toThrow('`/mailroom audit` shows');
    }
  });

  it('finds every entry a member made, is the subject of, or is named in', () => {
    const { ctx } = team();
    addExperts(ctx, { byUserId: ADMIN, topics: [keyword('billing')], memberIds: [PRIYA] });
    addGlossaryEntry(ctx, { byUserId: ADMIN, text: 'WFH = working from home' });
    ctx.audit.record(
      {
        actor: { kind: 'shell', osUser: 'ops' },
        action: 'member.exported',
        subject: PRIYA,
        after: { destination: 'standard output', counts: { questions: 1 } },
      },
      0,
    );
    expect(ctx.audit.involving(PRIYA).map((e) => e.action)).toEqual([
      'member.exported',
      'experts.changed',
    ]);
    expect(ctx.audit.involving(SAM)).toEqual([]);
    expect(ctx.audit.involving('%')).toEqual([]);
  });
});
