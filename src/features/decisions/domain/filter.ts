/** Narrowing `/decision list` and `/decision search` by status and tag, as people type it. */

import { DECISION_STATUSES, type DecisionStatus, statusNamed, statusWord } from './decision.js';

export interface DecisionFilterText {
  /** The words left once the filters are taken out. */
  words: string;
  /** Any of these statuses (none: any status). */
  statuses: DecisionStatus[];
  /** Every one of these tags, lower-cased (none: any tags). */
  tags: string[];
}

export type ReadFilter = { ok: true; filter: DecisionFilterText } | { ok: false; problem: string };

/** The statuses as a filter names them, for the messages that list them. */
export const STATUS_FILTER_WORDS = DECISION_STATUSES.map(statusWord);

const unquote = (text: string) => text.replace(/^["“”']+|["“”']+$/g, '');

/**
 * Reads `status:<status>` and `tag:<tag>` out of what was typed after list or search. A
 * status may be typed as people say it (`in review`, `in-review`, `in_review`, any case);
 * repeated, a status widens the list and a tag narrows it. An unknown status is refused with
 * the valid ones named.
 */
export function readDecisionFilter(text: string): ReadFilter {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const words: string[] = [];
  const statuses: DecisionStatus[] = [];
  const tags: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const match = /^(status|tag|tags):(.*)$/i.exec(token);
    if (!match) {
      words.push(token);
      continue;
    }
    const key = (match[1] ?? '').toLowerCase();
    let value = unquote(match[2] ?? '');
    // "status:in review", or "status: accepted" with a space after the colon.
    if (value === '' && tokens[i + 1] !== undefined) value = unquote(tokens[++i] ?? '');
    if (key === 'status' && /^in$/i.test(value) && /^review["”']?$/i.test(tokens[i + 1] ?? '')) {
      value = `in ${unquote(tokens[++i] ?? '')}`;
    }
    if (key === 'status') {
      const status = statusNamed(value);
      if (!status) {
        const what =
          value === '' ? 'Say which status after status:' : `I don’t know the status “${value}”`;
        return {
          ok: false,
          problem: `${what}. Filter by one of: ${STATUS_FILTER_WORDS.join(', ')}. For example: \`/decision list status:accepted\``,
        };
      }
      if (!statuses.includes(status)) statuses.push(status);
    } else {
      for (const tag of value.split(',')) {
        const clean = tag.trim().replace(/^#/, '').toLowerCase();
        if (clean !== '' && !tags.includes(clean)) tags.push(clean);
      }
    }
  }
  return { ok: true, filter: { words: words.join(' '), statuses, tags } };
}

/** Whether anything narrows the list. */
export const isFiltered = (filter: Pick<DecisionFilterText, 'statuses' | 'tags'>) =>
  filter.statuses.length > 0 || filter.tags.length > 0;

/** A filter as people read it: "accepted or in-review, tagged frontend and security". */
export function describeFilter(filter: Pick<DecisionFilterText, 'statuses' | 'tags'>): string {
  const parts: string[] = [];
  if (filter.statuses.length > 0) parts.push(filter.statuses.map(statusWord).join(' or '));
  if (filter.tags.length > 0) parts.push(`tagged ${filter.tags.join(' and ')}`);
  return parts.join(', ');
}
