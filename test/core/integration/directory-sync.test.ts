import { describe, expect, it } from 'vitest';
import type { MemberProfile } from '../../../src/core/domain/member.js';
import { syncDirectory } from '../../../src/core/services/directory.js';
import { profile, serviceContext, testClock } from '../../support/store.js';

/** The daily users.list walk learns what no user_change told Mailroom: who left, who moved. */
describe('the daily directory sync', () => {
  it('tells who has a new zone or status, once, and not the new, unchanged or deactivated', async () => {
    const clock = testClock('2026-11-02T09:00:00Z');
    const ctx = serviceContext(clock);
    ctx.members.upsertProfiles(
      [
        profile('UKOL', { timeZone: 'Asia/Kolkata' }),
        profile('UNYC', { timeZone: 'America/New_York' }),
        profile('USAME', { timeZone: 'Europe/Berlin' }),
        profile('UGONE', { timeZone: 'Europe/Berlin' }),
      ],
      clock(),
    );
    const walk = (page: MemberProfile[]) =>
      syncDirectory({
        members: ctx.members,
        appState: ctx.appState,
        source: {
          async *pages() {
            yield page;
          },
        },
        clock,
        onLeft: (id) => left.push(id),
        onScheduleChanged: (id) => moved.push(id),
      });
    const left: string[] = [];
    const moved: string[] = [];
    const page = [
      // Moved to Auckland while Mailroom was not told.
      profile('UKOL', { timeZone: 'Pacific/Auckland' }),
      // Set an away status that only the walk saw.
      profile('UNYC', {
        timeZone: 'America/New_York',
        slackStatusText: 'Vacationing',
        slackStatusEmoji: ':palm_tree:',
      }),
      profile('USAME', { timeZone: 'Europe/Berlin' }),
      profile('UGONE', { timeZone: 'Pacific/Auckland', deleted: true }),
      profile('UNEW', { timeZone: 'Asia/Tokyo' }),
    ];
    await walk(page);
    expect(moved).toEqual(['UKOL', 'UNYC']);
    expect(left).toEqual(['UGONE']);
    expect(ctx.members.get('UKOL')?.timeZone).toBe('Pacific/Auckland');
    // The next day's walk finds nothing new.
    await walk(page);
    expect(moved).toEqual(['UKOL', 'UNYC']);
  });
});
