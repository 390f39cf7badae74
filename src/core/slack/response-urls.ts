/** Where Slack's response_urls point: https on its hooks host (`/commands/…`, `/actions/…`, `/app/…`). */
const SLACK_HOOKS_ORIGIN = 'https://hooks.slack.com';

/**
 * Which response_urls Mailroom may POST to: Slack's hooks host and, when SLACK_API_URL names
 * another Slack (tests, the sandbox), that URL's origin. Anything else in a payload (a private
 * address, another host) is refused, so that a request cannot make Mailroom post elsewhere.
 */
export function responseUrlPolicy(slackApiUrl: string | undefined): (url: string) => boolean {
  const origins = new Set([SLACK_HOOKS_ORIGIN]);
  if (slackApiUrl) origins.add(new URL(slackApiUrl).origin);
  return (url) => {
    try {
      const parsed = new URL(url);
      if (parsed.username || parsed.password) return false;
      return origins.has(parsed.origin);
    } catch {
      return false;
    }
  };
}

/** Every response_url a request body names: its own, and a view submission's `response_urls`. */
export function responseUrlsOf(body: Record<string, unknown>): string[] {
  const urls: string[] = [];
  if (typeof body.response_url === 'string') urls.push(body.response_url);
  if (Array.isArray(body.response_urls)) {
    for (const each of body.response_urls) {
      const url = (each as { response_url?: unknown } | null)?.response_url;
      if (typeof url === 'string') urls.push(url);
    }
  }
  return urls;
}
