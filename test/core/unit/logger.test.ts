import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../src/core/logger.js';
import { captureLogger } from '../../support/harness.js';

const BOT = 'xoxb-1234-5678-abcdefABCDEF';
const SECRET = 'signing-secret-1234567890';

describe('redact', () => {
  it.each([
    ['a bot token', `token=${BOT} rest`, 'token=[redacted] rest'],
    ['a user token', 'xoxp-1-2-3-abc', '[redacted]'],
    ['an app token', 'Bearer xapp-1-A111-222-ffff', 'Bearer [redacted]'],
    ['the signing secret', `secret ${SECRET}!`, 'secret [redacted]!'],
    ['nothing secret', 'hello xox world', 'hello xox world'],
  ])('removes %s', (_label, input, expected) => {
    expect(redact(input, [SECRET])).toBe(expected);
  });

  it('ignores empty or very short "secrets" instead of redacting every letter', () => {
    expect(redact('a normal line', ['', 'a'])).toBe('a normal line');
  });
});

describe('createLogger', () => {
  it('redacts secrets nested deep inside logged errors, such as a failed request’s headers', () => {
    const captured = captureLogger();
    const logger = createLogger({
      level: LogLevel.DEBUG,
      secrets: [BOT, SECRET],
      sink: captured.logger,
    });
    const error = Object.assign(new Error(`request failed for ${BOT}`), {
      original: { config: { headers: { Authorization: `Bearer ${BOT}` }, data: SECRET } },
    });
    logger.error('delivery failed', error, { nested: { deeper: { token: BOT } } });
    const line = captured.entries.flatMap((e) => e.args).join('\n');
    expect(line).toContain('delivery failed');
    expect(line).toContain('request failed for [redacted]');
    expect(line).toContain('Bearer [redacted]');
    expect(line).not.toContain(BOT);
    expect(line).not.toContain(SECRET);
  });

  it('filters by level and can be re-levelled, as Bolt expects', () => {
    const logger = createLogger({ level: LogLevel.WARN, secrets: [] });
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    logger.setLevel(LogLevel.ERROR);
    expect(logger.getLevel()).toBe(LogLevel.ERROR);
  });
});
