import type { RespondFn } from '@slack/bolt';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRequestError,
  type WebClient,
} from '@slack/web-api';
import { describe, expect, it, vi } from 'vitest';
import { type ClickOrigin, replyToClick } from '../../../src/core/slack/reply.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A click whose response_url and ephemeral fail (or not) as told; what reached which way. */
function origin(failures: { respond?: unknown; ephemeral?: unknown }) {
  const respond = vi.fn(async () => {
    if (failures.respond) throw failures.respond;
  });
  const postEphemeral = vi.fn(async () => {
    if (failures.ephemeral) throw failures.ephemeral;
    return { ok: true };
  });
  const dm = vi.fn();
  const click: ClickOrigin = {
    respond: respond as unknown as RespondFn,
    client: { chat: { postEphemeral } } as unknown as WebClient,
    userId: 'U0ASKER',
    channelId: 'C0GENERAL',
    logger: quiet,
    dm,
  };
  return { click, respond, postEphemeral, dm };
}

/** What a response_url POST throws when Slack answered with this HTTP status. */
const answered = (status: number) =>
  Object.assign(new Error(`status ${status}`), { response: { status } });
const timedOut = () =>
  Object.assign(new Error('timeout of 3000ms exceeded'), { code: 'ECONNABORTED' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('replyToClick: each way at most once, none after a failure Slack may have carried out', () => {
  it('answers through the response_url and nothing else when it works', async () => {
    const { click, respond, postEphemeral, dm } = origin({});
    await replyToClick(click, 'Done.');
    expect(respond).toHaveBeenCalledTimes(1);
    expect(postEphemeral).not.toHaveBeenCalled();
    expect(dm).not.toHaveBeenCalled();
  });

  it.each([
    ['a response_url that timed out', timedOut()],
    ['a response_url that answered 503', answered(503)],
  ])('sends nothing another way after %s', async (_what, failure) => {
    const { click, postEphemeral, dm } = origin({ respond: failure });
    await replyToClick(click, 'Done.');
    expect(postEphemeral).not.toHaveBeenCalled();
    expect(dm).not.toHaveBeenCalled();
  });

  it.each([
    ['an expired response_url (404)', answered(404)],
    ['a response_url whose connection was refused', refused()],
  ])('tries the ephemeral after %s', async (_what, failure) => {
    const { click, postEphemeral, dm } = origin({ respond: failure });
    await replyToClick(click, 'Done.');
    expect(postEphemeral).toHaveBeenCalledTimes(1);
    expect(dm).not.toHaveBeenCalled();
  });

  it('queues a DM when Slack refused the ephemeral, once', async () => {
    const { click, dm } = origin({
      respond: answered(404),
      ephemeral: new WebAPIPlatformError({ ok: false, error: 'channel_not_found' }),
    });
    await replyToClick(click, 'Done.');
    expect(dm).toHaveBeenCalledTimes(1);
    expect(dm).toHaveBeenCalledWith({ text: 'Done.', blocks: [] });
  });

  it.each([
    ['lost its answer', new WebAPIRequestError(timedOut())],
    ['got a 500', new WebAPIHTTPError(500, 'Internal Server Error', {})],
  ])('queues no DM when the ephemeral %s', async (_what, failure) => {
    const { click, dm } = origin({ respond: answered(404), ephemeral: failure });
    await replyToClick(click, 'Done.');
    expect(dm).not.toHaveBeenCalled();
  });
});
