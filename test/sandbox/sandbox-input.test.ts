import { describe, expect, it } from 'vitest';
import { commandText, readManifest } from '../support/sandbox/slack-input.js';
import { tickInstants, timeTarget } from '../support/sandbox/time-words.js';

// Monday 2 March 2026, 08:00 UTC: 03:00 in New York (EST), 13:30 in Kolkata.
const NOW = Date.parse('2026-03-02T08:00:00Z');

const at = (text: string, zone = 'America/New_York', now = NOW) => {
  const target = timeTarget(text, now, zone);
  return target.ok ? new Date(target.at).toISOString() : target.problem;
};

describe('timeTarget', () => {
  it.each([
    ['+3h', '2026-03-02T11:00:00.000Z'],
    ['+1d 2h', '2026-03-03T10:00:00.000Z'],
    ['+90m', '2026-03-02T09:30:00.000Z'],
    ['+1w', '2026-03-09T08:00:00.000Z'],
    ['09:00', '2026-03-02T14:00:00.000Z'],
    ['02:00', '2026-03-03T07:00:00.000Z'],
    ['tomorrow 09:00', '2026-03-03T14:00:00.000Z'],
    ['mon 09:00', '2026-03-02T14:00:00.000Z'],
    ['sun 09:00', '2026-03-08T13:00:00.000Z'],
    ['2026-03-09 09:00', '2026-03-09T13:00:00.000Z'],
    ['2026-03-03T14:00Z', '2026-03-03T14:00:00.000Z'],
  ])('in New York, “%s” is %s', (text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it('reads wall times in the given zone, on its daylight-saving rules', () => {
    // 8 March 2026: New York springs forward at 02:00; 02:30 does not exist and moves on by the gap.
    expect(at('sun 02:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('tomorrow 10:00', 'Asia/Kolkata')).toBe('2026-03-03T04:30:00.000Z');
  });

  it('says what it cannot read, with examples', () => {
    expect(at('later')).toMatch(/^I can’t read “later”\. Try `time \+3h`/);
    expect(at('25:00')).toMatch(/^25:00 is not a time/);
    expect(at('+0h')).toMatch(/^That does not move the clock/);
  });
});

describe('tickInstants', () => {
  it('ticks on every quarter hour of the way, and at the end', () => {
    const from = Date.parse('2026-03-02T08:05:00Z');
    const to = Date.parse('2026-03-02T08:50:00Z');
    expect(tickInstants(from, to, 15 * 60_000).map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-02T08:15:00.000Z',
      '2026-03-02T08:30:00.000Z',
      '2026-03-02T08:45:00.000Z',
      '2026-03-02T08:50:00.000Z',
    ]);
  });
});

describe('commandText', () => {
  const names = {
    user: (name: string) => ({ priya: 'U0PRIYA', sam: 'U0SAM' })[name],
    channel: (name: string) => ({ eng: 'C0ENG' })[name],
  };

  it('escapes people, channels, links and special characters when the command asks Slack to', () => {
    expect(
      commandText('experts add billing, R&D @sam @priya #eng <b> https://x.io/a', true, names),
    ).toBe(
      'experts add billing, R&amp;D <@U0SAM|sam> <@U0PRIYA|priya> <#C0ENG|eng> &lt;b&gt; <https://x.io/a>',
    );
    expect(commandText('ping @here and @nobody', true, names)).toBe('ping <!here> and @nobody');
    expect(commandText('ask @sam.', true, names)).toBe('ask <@U0SAM|sam>.');
  });

  it('otherwise keeps names as typed, still with `&`, `<` and `>` as entities', () => {
    expect(commandText('Who is @sam? R&D <b>', false, names)).toBe(
      'Who is @sam? R&amp;D &lt;b&gt;',
    );
  });
});

describe('readManifest', () => {
  it('reads the commands, with whether Slack escapes them, and the shortcuts', () => {
    const manifest = readManifest();
    expect(manifest.commands).toContainEqual(
      expect.objectContaining({ command: '/mailroom', shouldEscape: true }),
    );
    expect(manifest.commands).toContainEqual(
      expect.objectContaining({ command: '/ask', shouldEscape: false }),
    );
    expect(manifest.shortcuts).toContainEqual(
      expect.objectContaining({ name: 'Write a doc', type: 'global', callbackId: 'write_doc' }),
    );
    expect(manifest.botEvents).toContain('app_home_opened');
  });
});
