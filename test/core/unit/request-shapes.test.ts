import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSlackRequest } from '../../../src/core/slack/request-shapes.js';
import { loadSlackSample } from '../../support/fake-slack.js';

const examples = (folder: string) =>
  readdirSync(fileURLToPath(new URL(`../../fixtures/slack/${folder}`, import.meta.url)))
    .filter((file) => file.endsWith('.json'))
    .map((file) => `${folder}/${file}`);

describe('reading a signed request body', () => {
  it.each([...examples('events/examples'), ...examples('interactions/examples')])(
    'accepts Slack’s own %s',
    (sample) => {
      const reading = readSlackRequest(loadSlackSample(sample));
      expect(reading.outcome, JSON.stringify(reading)).toBe(
        sample.includes('url_verification') ? 'url_verification' : 'dispatch',
      );
    },
  );

  it.each([
    [null, 'the body is null, not an object'],
    [[], 'the body is an array, not an object'],
    ['text', 'the body is a string, not an object'],
    [7, 'the body is a number, not an object'],
  ])('rejects %j as a body', (body, problem) => {
    expect(readSlackRequest(body)).toEqual({ outcome: 'reject', kind: 'body', problem });
  });

  it('names what a Slack-shaped body lacks, on one line', () => {
    const sample = loadSlackSample('interactions/examples/view_submission.bolt-python.json');
    const reading = readSlackRequest({ ...sample, user: null, response_urls: null });
    expect(reading).toMatchObject({ outcome: 'reject', kind: 'view_submission' });
    expect(reading.outcome === 'reject' && reading.problem).toBe(
      'user: Invalid input: expected object, received null; response_urls: Invalid input: expected array, received null',
    );
  });

  it('ignores well-formed requests of kinds Mailroom and Bolt do not route', () => {
    expect(readSlackRequest({ type: 'app_rate_limited', team_id: 'T1' })).toEqual({
      outcome: 'ignore',
      kind: 'app_rate_limited',
    });
    expect(readSlackRequest({})).toEqual({ outcome: 'ignore', kind: 'untyped' });
  });
});
