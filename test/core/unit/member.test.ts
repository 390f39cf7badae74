import { describe, expect, it } from 'vitest';
import { awayOf, isAwayStatus, type Member, scheduleOf } from '../../../src/core/domain/member.js';
import { memberOf } from '../../support/store.js';

const member = (patch: Partial<Member> = {}) => memberOf('U1', { displayName: 'Ada', ...patch });

const NOW = Date.parse('2026-03-09T14:00:00Z');
const DAY = 24 * 3600_000;

describe('scheduleOf', () => {
  it.each<[string, Partial<Member>, string, boolean]>([
    ['Slack’s zone', {}, 'Europe/London', false],
    ['the person’s override over Slack’s', { timeZoneOverride: 'Asia/Tokyo' }, 'Asia/Tokyo', false],
    ['the team default when there is none', { timeZone: null }, 'America/Chicago', true],
    ['an override when Slack has none', { timeZone: null, timeZoneOverride: 'UTC' }, 'UTC', false],
  ])('uses %s', (_label, patch, zone, usesDefault) => {
    expect(scheduleOf(member(patch), 'America/Chicago')).toMatchObject({
      hours: { timeZone: zone },
      usesDefaultTimeZone: usesDefault,
    });
  });
});

describe('isAwayStatus', () => {
  it.each<[string | null, string | null, boolean]>([
    ['Vacationing', ':palm_tree:', true],
    ['Out sick', ':face_with_thermometer:', true],
    ['', ':palm_tree:', true],
    ['On vacation until Monday', null, true],
    ['OOO', null, true],
    ['Out of office', ':calendar:', true],
    ['PTO', null, true],
    ['On parental leave', ':baby:', true],
    ['In a meeting', ':spiral_calendar_pad:', false],
    ['Commuting', ':bus:', false],
    ['Working remotely', ':house_with_garden:', false],
    ['Sickening deadline', null, false],
    [null, null, false],
  ])('%j %j → %s', (text, emoji, away) => {
    expect(isAwayStatus(text, emoji)).toBe(away);
  });
});

describe('awayOf', () => {
  it('is undefined for someone at work', () => {
    expect(awayOf(member(), NOW)).toBeUndefined();
  });

  it('reads Mailroom’s own away until a date, and forgets it once passed', () => {
    const away = member({ awayUntil: NOW + 3 * DAY });
    expect(awayOf(away, NOW)).toEqual({
      until: NOW + 3 * DAY,
      why: 'away in Mailroom',
      source: 'mailroom',
    });
    expect(awayOf(away, NOW + 3 * DAY)).toBeUndefined();
  });

  it('reads a Slack vacation status, with or without its expiry', () => {
    const status = { slackStatusText: 'Vacationing', slackStatusEmoji: ':palm_tree:' };
    expect(awayOf(member(status), NOW)).toEqual({
      until: null,
      why: ':palm_tree: Vacationing',
      source: 'slack',
    });
    const expiring = member({ ...status, slackStatusExpiresAt: NOW + DAY });
    expect(awayOf(expiring, NOW)?.until).toBe(NOW + DAY);
    expect(awayOf(expiring, NOW + DAY)).toBeUndefined();
  });

  it('takes the later end when both say away', () => {
    const both = member({
      awayUntil: NOW + 2 * DAY,
      slackStatusText: 'Out sick',
      slackStatusExpiresAt: NOW + DAY,
    });
    expect(awayOf(both, NOW)?.until).toBe(NOW + 2 * DAY);
    expect(awayOf({ ...both, slackStatusExpiresAt: null }, NOW)?.until).toBeNull();
  });
});
