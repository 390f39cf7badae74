import { describe, expect, it } from 'vitest';
import { responseUrlPolicy } from '../../../src/core/slack/response-urls.js';

describe('where Mailroom may post a reply (response_url)', () => {
  const slackOnly = responseUrlPolicy(undefined);
  const withFake = responseUrlPolicy('http://127.0.0.1:4000/api/');

  it.each([
    ['https://hooks.slack.com/commands/T0/1/abc', true],
    ['https://hooks.slack.com/actions/T0/1/abc', true],
    ['https://hooks.slack.com/app/T0/1/abc', true],
    ['http://hooks.slack.com/commands/T0/1/abc', false],
    ['https://hooks.slack.com.evil.example/commands/T0/1/abc', false],
    ['https://user:pw@hooks.slack.com/commands/T0/1/abc', false],
    ['https://hooks.slack.com:8443/commands/T0/1/abc', false],
    ['http://127.0.0.1:4000/commands/T0/1/abc', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['not a url', false],
  ])('without SLACK_API_URL, %s: %s', (url, allowed) => {
    expect(slackOnly(url)).toBe(allowed);
  });

  it('with SLACK_API_URL, also that URL’s origin, and nothing else on its host', () => {
    expect(withFake('http://127.0.0.1:4000/commands/T0/1/abc')).toBe(true);
    expect(withFake('https://hooks.slack.com/commands/T0/1/abc')).toBe(true);
    expect(withFake('http://127.0.0.1:4001/commands/T0/1/abc')).toBe(false);
    expect(withFake('https://127.0.0.1:4000/commands/T0/1/abc')).toBe(false);
  });
});
