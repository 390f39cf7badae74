import type { WebClientOptions } from '@slack/web-api';

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
 * check rather than only `fetch failed`.
 */
export function slackFetch(options: {
  apiUrl: string | undefined;
  timeoutMs: number;
}): FetchFunction {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      const url = typeof input === 'string' ? input : input.href;
      throw new SlackUnreachableError(methodOf(url), url, options.apiUrl, options.timeoutMs, error);
    }
  };
}
