import type { WindowChoice } from '../../domain/meetings.js';
import type { LocalDate } from '../../domain/working-hours.js';

/** `/meet` as typed, read with Slack's escaping on (people `<@U…|name>`, channels `<#C…|name>`). */
export type MeetCommand =
  | { action: 'form' }
  | { action: 'help' }
  | { action: 'ledger'; channelIds: string[]; personIds: string[] }
  | { action: 'request'; request: ParsedMeetRequest };

export interface ParsedMeetRequest {
  topic: string;
  personIds: string[];
  channelIds: string[];
  /** `@name` written as text: Slack found nobody by that name. */
  unresolved: string[];
  /** Undefined when not given; NaN when given but unreadable. */
  durationMinutes: number | undefined;
  window: WindowChoice | undefined;
  /** Something in the text could not be read. */
  problems: string[];
}

const USER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const CHANNEL = /<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g;
const PLAIN_MENTION = /(?:^|\s)(@[\p{L}\p{N}._-]+)/gu;

const UNIT = '(?:m|mins?|minutes?|h|hrs?|hours?)';
const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
/** "for 30m", "for 1h", "for 1.5 hours", "for 1h30", "for 90 minutes", "for an hour", "for half an hour". */
const DURATION = new RegExp(
  String.raw`\bfor\s+((?:${NUMBER}\s*${UNIT}(?:\s*\d+\s*(?:m|mins?|minutes?)?)?)|an?\s+hour|half\s+an\s+hour|${NUMBER})(?=\s|$|[,.;])`,
  'i',
);
const DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const WINDOW = new RegExp(
  String.raw`\b(this\s+week|next\s+week|(?:within|in\s+the\s+next|over\s+the\s+next|the\s+next|next)\s+(\d{1,2})\s+days?|today|tomorrow|on\s+(${DATE})|from\s+(${DATE})\s+(?:to|until|-)\s+(${DATE})|between\s+(${DATE})\s+and\s+(${DATE}))\b`,
  'i',
);

export function parseMeetCommand(text: string): MeetCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { action: 'form' };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const verb = first.toLowerCase();
  if (verb === 'help' && rest.length === 0) return { action: 'help' };
  if (verb === 'ledger') {
    const args = rest.join(' ');
    return {
      action: 'ledger',
      channelIds: [...args.matchAll(CHANNEL)].map((m) => m[1] as string),
      personIds: unique([...args.matchAll(USER)].map((m) => m[1] as string)),
    };
  }
  return { action: 'request', request: parseMeetRequest(trimmed) };
}

/** `<what> with @a @b #channel [for 30m] [this week | next week | next 3 days | on 2026-03-12]` */
export function parseMeetRequest(text: string): ParsedMeetRequest {
  const problems: string[] = [];
  let rest = text;
  const personIds = unique([...rest.matchAll(USER)].map((m) => m[1] as string));
  const channelIds = unique([...rest.matchAll(CHANNEL)].map((m) => m[1] as string));

  let durationMinutes: number | undefined;
  const duration = DURATION.exec(rest);
  if (duration) {
    durationMinutes = readDuration(duration[1] ?? '');
    rest = cut(rest, duration.index, duration[0].length);
  }
  let window: WindowChoice | undefined;
  const windowMatch = WINDOW.exec(rest);
  if (windowMatch) {
    window = readWindow(windowMatch);
    if (!window) problems.push(`I couldn’t read the days “${windowMatch[0]}”.`);
    rest = cut(rest, windowMatch.index, windowMatch[0].length);
  }
  const unresolved = unique([...rest.matchAll(PLAIN_MENTION)].map((m) => m[1] as string));

  // The topic is what comes before the people ("with" joins them), or else what follows them.
  const mentionAt = firstIndex(rest, [USER, CHANNEL]);
  let topic = tidy(mentionAt >= 0 ? rest.slice(0, mentionAt) : rest, unresolved);
  if (topic === '') topic = tidy(rest.replace(USER, ' ').replace(CHANNEL, ' '), unresolved);
  return { topic, personIds, channelIds, unresolved, durationMinutes, window, problems };
}

function tidy(text: string, unresolved: readonly string[]): string {
  let topic = text;
  for (const name of unresolved) topic = topic.replace(name, ' ');
  return topic
    .replace(/\s+/g, ' ')
    .replace(/^(?:\s|with\b|and\b|,|&)+/i, '')
    .replace(/(?:\s|\bwith|\band|,|&)+$/i, '')
    .replace(/^(?:about|on|re:?)\s+/i, '')
    .trim();
}

function readDuration(text: string): number {
  const t = text.trim().toLowerCase().replace(',', '.');
  if (/^an?\s+hour$/.test(t)) return 60;
  if (/^half\s+an\s+hour$/.test(t)) return 30;
  const match = new RegExp(
    String.raw`^(${NUMBER})\s*(${UNIT})?(?:\s*(\d+)\s*(?:m|mins?|minutes?)?)?$`,
  ).exec(t);
  if (!match) return Number.NaN;
  const amount = Number(match[1]);
  const unit = match[2] ?? 'm';
  const extra = match[3] === undefined ? 0 : Number(match[3]);
  const minutes = unit.startsWith('h') ? amount * 60 + extra : amount;
  return Number.isFinite(minutes) ? Math.round(minutes) : Number.NaN;
}

function readWindow(match: RegExpExecArray): WindowChoice | undefined {
  const phrase = (match[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
  if (phrase === 'this week') return { kind: 'this_week' };
  if (phrase === 'next week') return { kind: 'next_week' };
  if (phrase === 'today') return { kind: 'days', days: 1 };
  if (phrase === 'tomorrow') return { kind: 'days', days: 2 };
  if (match[2] !== undefined) return { kind: 'days', days: Number(match[2]) };
  const on = match[3];
  if (on) {
    const date = readDate(on);
    return date && { kind: 'dates', from: date, to: date };
  }
  const from = readDate(match[4] ?? match[6] ?? '');
  const to = readDate(match[5] ?? match[7] ?? '');
  return from && to ? { kind: 'dates', from, to } : undefined;
}

function readDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

function firstIndex(text: string, patterns: RegExp[]): number {
  const found = patterns
    .map((p) => new RegExp(p.source).exec(text)?.index ?? -1)
    .filter((i) => i >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

function cut(text: string, at: number, length: number): string {
  return `${text.slice(0, at)} ${text.slice(at + length)}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
