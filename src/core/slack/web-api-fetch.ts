import type { WebClientOptions } from '@slack/web-api';
import { type Metrics, NO_METRICS } from '../services/metrics.js';

type FetchFunction = NonNullable<WebClientOptions['fetch']>;

/** The Web API method a request went to: the last part of its path (`users.list`). */
function methodOf(url: string): string {
  try {
    return new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? url;
  } catch {
    return url;
  }
}

/** What went wrong under fetch, in a few words: ECONNREFUSED, ENOTFOUND, no answer in time. */
function reasonOf(error: unknown, timeoutMs: number): string {
  let innermost = error instanceof Error ? error.message : String(error);
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, name, cause, message } = current as Record<string, unknown>;
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
    if (name === 'AbortError') return 'the call was cut off';
    if (typeof message === 'string' && message !== '') innermost = message;
    current = cause;
  }
  return innermost;
}

/**
 * A Web API call that got no answer at all (refused, unresolved host, timed out). Its message
 * names the method and what to check; the transport's error stays its cause, so it is still
 * told apart (never sent, or in doubt) as before.
 */
export class SlackUnreachableError extends Error {
  constructor(
    readonly method: string,
    url: string,
    apiUrl: string | undefined,
    timeoutMs: number,
    cause: unknown,
  ) {
    const origin = URL.canParse(url) ? new URL(url).origin : url;
    const setting = apiUrl
      ? `SLACK_API_URL (now ${apiUrl})`
      : 'SLACK_API_URL (unset: Slack itself)';
    super(
      `${method} got no answer from ${origin} (${reasonOf(cause, timeoutMs)}): check ${setting}, this host's network and DNS, and any proxy or firewall on the way`,
      { cause },
    );
    this.name = 'SlackUnreachableError';
  }
}

/**
 * The fetch Mailroom's Web API clients use: as the platform's, but a call that gets no answer
 * fails with a SlackUnreachableError, so every log line about it says which call and what to
 * check rather than only `fetch failed`. Each call's method, HTTP status and time go to the
 * metrics (a retry by the client is a call of its own).
 */
export function slackFetch(options: {
  apiUrl: string | undefined;
  timeoutMs: number;
  metrics?: Metrics;
}): FetchFunction {
  const metrics = options.metrics ?? NO_METRICS;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input.href;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await fetch(input, init);
      metrics.slackCall({
        method: methodOf(url),
        status: String(response.status),
        seconds: seconds(),
      });
      return response;
    } catch (error) {
      metrics.slackCall({ method: methodOf(url), status: 'unreachable', seconds: seconds() });
      throw new SlackUnreachableError(methodOf(url), url, options.apiUrl, options.timeoutMs, error);
    }
  };
}
