import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFormat, redact } from '../../../src/core/logger.js';
import { withLogBindings } from '../../../src/core/services/log-context.js';
import { slackIdsOf } from '../../../src/core/slack/middleware/log-bindings.js';
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

/** A logger writing pino's lines into an array, as Mailroom writes them to standard output. */
function lineLogger(level: LogLevel, secrets: string[] = [], format: LogFormat = 'json') {
  const lines: string[] = [];
  const logger = createLogger({
    level,
    secrets,
    format,
    destination: { write: (line) => lines.push(line) },
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('the lines Mailroom writes', () => {
  it('are one JSON object a line, with an ISO timestamp, the level and the message', () => {
    const { logger, lines, parsed } = lineLogger(LogLevel.INFO);
    logger.info('listening on port', 3000);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('}\n')).toBe(true);
    const [line] = parsed();
    expect(line).toMatchObject({ level: 30, severity: 'INFO', msg: 'listening on port 3000' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('keep to LOG_LEVEL, and follow a new level', () => {
    const { logger, parsed } = lineLogger(LogLevel.WARN);
    logger.info('not written');
    logger.warn('written');
    logger.setLevel(LogLevel.DEBUG);
    logger.debug('now written');
    expect(parsed().map((l) => [l.severity, l.msg])).toEqual([
      ['WARN', 'written'],
      ['DEBUG', 'now written'],
    ]);
  });

  it('write an error on the same line, its causes serialized, every secret redacted', () => {
    const { logger, lines, parsed } = lineLogger(LogLevel.DEBUG, [BOT, SECRET, 'quote"d\\secret']);
    const root = Object.assign(new Error(`socket hang up for ${BOT}`), { code: 'ECONNRESET' });
    const middle = new Error('chat.postMessage failed', { cause: root });
    const top = new Error('delivery of queue item 7 failed', { cause: middle });
    const plain = new Error('no answer', { cause: 'the connection closed' });
    logger.error('delivery failed', top, { headers: { Authorization: `Bearer ${BOT}` } });
    logger.warn('gave up', plain, 'for quote"d\\secret');
    expect(lines).toHaveLength(2);
    const [failed, gaveUp] = parsed();
    expect(failed).toMatchObject({
      severity: 'ERROR',
      msg: 'delivery failed',
      err: {
        type: 'Error',
        message: 'delivery of queue item 7 failed',
        cause: {
          message: 'chat.postMessage failed',
          cause: { message: 'socket hang up for [redacted]', code: 'ECONNRESET' },
        },
      },
      data: { headers: { Authorization: 'Bearer [redacted]' } },
    });
    expect(String((failed?.err as { stack?: string } | undefined)?.stack)).toContain(
      'Error: delivery of queue',
    );
    expect(gaveUp).toMatchObject({
      msg: 'gave up for [redacted]',
      err: { message: 'no answer', cause: 'the connection closed' },
    });
    const all = lines.join('');
    for (const secret of [BOT, SECRET, 'secret']) expect(all).not.toContain(secret);
  });

  it('name what they belong to, and nested bindings add to the outer ones', async () => {
    const { logger, parsed } = lineLogger(LogLevel.INFO);
    logger.info('outside');
    await withLogBindings({ request: '1700000000-abcdef012345' }, async () => {
      await Promise.resolve();
      await withLogBindings({ event: 'Ev0ONE' }, async () => logger.info('inside'));
      logger.info('back in the request');
    });
    const [outside, inside, back] = parsed();
    expect(outside).not.toHaveProperty('request');
    expect(inside).toMatchObject({ request: '1700000000-abcdef012345', event: 'Ev0ONE' });
    expect(back).toMatchObject({ request: '1700000000-abcdef012345' });
    expect(back).not.toHaveProperty('event');
  });

  it('are readable lines in the pretty format, still redacted', () => {
    const { logger, lines } = lineLogger(LogLevel.INFO, [SECRET], 'pretty');
    withLogBindings({ item: 12 }, () => logger.warn(`queue item 12 waits for ${SECRET}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] WARN/);
    expect(lines[0]).toContain('queue item 12 waits for [redacted]');
    expect(lines[0]).toContain('"item":12');
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
  });
});

describe('slackIdsOf', () => {
  it.each([
    ['an event', { type: 'event_callback', event_id: 'Ev01' }, { event: 'Ev01' }],
    ['a command', { command: '/ask', trigger_id: '123.456.abc' }, { trigger: '123.456.abc' }],
    ['nothing to name', { type: 'block_suggestion' }, {}],
    ['no object', 'text', {}],
  ])('names %s', (_label, body, expected) => {
    expect(slackIdsOf(body)).toEqual(expected);
  });
});
