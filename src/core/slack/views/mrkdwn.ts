import { formatInTimeZone } from 'date-fns-tz';

/** Escapes text a person wrote before it goes into mrkdwn, so it cannot mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack caps a section's text at 3,000 characters and a message's text at 40,000. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * What a person wrote, cut to `max` characters and escaped: the one form their words take in
 * every field of a message, its notification `text` as much as its blocks.
 */
export function userText(text: string, max = 2900): string {
  return escapeMrkdwn(truncate(text, max));
}

/** Text in one line of at most `max` characters, escaped: a summary on Home or in a digest. */
export function oneLine(text: string, max = 160): string {
  return escapeMrkdwn(truncate(text.replace(/\s+/g, ' '), max));
}

export const mention = (userId: string) => `<@${userId}>`;

/** A date Slack shows in each reader's own time zone and language; the fallback is in UTC. */
export function slackDate(instant: number): string {
  const fallback = formatInTimeZone(instant, 'UTC', 'd MMM yyyy');
  return `<!date^${Math.floor(instant / 1000)}^{date_short_pretty}|${fallback}>`;
}

/** A time of day Slack shows on each reader's own clock; `fallback` for clients that cannot. */
export function slackTime(instant: number, fallback: string): string {
  return `<!date^${Math.floor(instant / 1000)}^{time}|${escapeMrkdwn(fallback)}>`;
}

/** What a person wrote, escaped and shown as a block quote. */
export function quote(text: string, max = 2800): string {
  return truncate(escapeMrkdwn(text), max)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Long text as several quoted pieces, each within Slack's 3,000-character section limit. */
export function quotePieces(text: string, pieceSize = 2800): string[] {
  const escaped = escapeMrkdwn(text);
  const pieces: string[] = [];
  for (let at = 0; at < escaped.length; at += pieceSize) {
    pieces.push(
      escaped
        .slice(at, at + pieceSize)
        .split('\n')
        .map((line) => `>${line}`)
        .join('\n'),
    );
  }
  return pieces.length > 0 ? pieces : ['>'];
}
