import { findDayPhrase } from '../domain/day-words.js';
import type { WindowChoice } from '../domain/meeting-window.js';

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

/** `<what> with @a @b #channel [for 30m] [tomorrow | on Friday | 13 Mar | next week | next 3 days]` */
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
  const days = findDayPhrase(rest);
  if (days) {
    if (days.reading.ok) window = days.reading.choice;
    else problems.push(days.reading.problem);
    rest = cut(rest, days.index, days.length);
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
