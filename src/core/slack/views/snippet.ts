import { SNIPPET_END, SNIPPET_START } from '../../domain/search/query.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** A search hit's snippet: the matches in bold, everything else escaped. */
export function renderSnippet(snippet: string): string {
  const escaped = escapeMrkdwn(snippet.replace(/\s+/g, ' ').trim());
  return escaped
    .split(SNIPPET_START)
    .join('*')
    .split(SNIPPET_END)
    .join('*')
    .replace(/\*\s*\*/g, ' ');
}
