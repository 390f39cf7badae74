import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import webApi from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackUnreachableError, slackFetch } from '../../../src/core/slack/web-api-fetch.js';
import { freePort } from '../../support/harness.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A Web API client as Mailroom builds one, each call made once. */
function clientAt(apiUrl: string, timeoutMs: number) {
  return new webApi.WebClient('xoxb-1-2-abc', {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    fetch: slackFetch({ apiUrl, timeoutMs }),
    logLevel: webApi.LogLevel.ERROR,
  });
}

async function failureOf(call: Promise<unknown>): Promise<webApi.WebAPIRequestError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(webApi.WebAPIRequestError);
  return error as webApi.WebAPIRequestError;
}

describe('a Web API call that gets no answer', () => {
  it('names the method, the refused connection and what to check', async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}/api/`;
    const error = await failureOf(clientAt(apiUrl, 1000).users.list({}));
    expect(error.original).toBeInstanceOf(SlackUnreachableError);
    expect(error.message).toContain(
      `users.list got no answer from ${new URL(apiUrl).origin} (ECONNREFUSED): check SLACK_API_URL (now ${apiUrl}), this host's network and DNS, and any proxy or firewall on the way`,
    );
  });

  it('says how long it waited when Slack takes the call and never answers', async () => {
    server = createServer(() => {});
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    const error = await failureOf(clientAt(apiUrl, 200).auth.test());
    expect(error.message).toContain('auth.test got no answer from');
    expect(error.message).toContain('(no answer within 0.2 s)');
    // The transport's own error stays underneath, so a timeout is still told apart.
    expect((error.original.cause as { name?: string }).name).toBe('TimeoutError');
  });

  it('points at Slack itself when SLACK_API_URL is unset', () => {
    const error = new SlackUnreachableError(
      'users.list',
      'https://slack.com/api/users.list',
      undefined,
      10_000,
      Object.assign(new Error('getaddrinfo ENOTFOUND slack.com'), { code: 'ENOTFOUND' }),
    );
    expect(error.message).toBe(
      "users.list got no answer from https://slack.com (ENOTFOUND): check SLACK_API_URL (unset: Slack itself), this host's network and DNS, and any proxy or firewall on the way",
    );
  });
});
