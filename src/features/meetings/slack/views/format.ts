import { formatInTimeZone } from 'date-fns-tz';
import { formatDuration } from '../../../../core/domain/time-text.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { Meeting, MeetingSlot } from '../../domain/meetings.js';
import type { MeetingPerson, MeetingView } from '../../services/view.js';

/** 'Tue 10 Mar 16:00' in the zone. */
export const dayAndTime = (instant: number, zone: string) =>
  formatInTimeZone(instant, zone, 'EEE d MMM HH:mm');

/** 'Tue 16:00' in the zone. */
export const shortTime = (instant: number, zone: string) =>
  formatInTimeZone(instant, zone, 'EEE HH:mm');

const clock = (instant: number, zone: string) => formatInTimeZone(instant, zone, 'HH:mm');

/** 'Tue 10 Mar 16:00–16:30' in the zone (the end's day too when it differs). */
export function slotRange(slot: Pick<MeetingSlot, 'start' | 'end'>, zone: string): string {
  const sameDay =
    formatInTimeZone(slot.start, zone, 'yyyy-MM-dd') ===
    formatInTimeZone(slot.end - 1, zone, 'yyyy-MM-dd');
  return `${dayAndTime(slot.start, zone)}–${sameDay ? clock(slot.end, zone) : shortTime(slot.end, zone)}`;
}

/**
 * Slack's date token: every reader sees their own day and time; the fallback (for clients that
 * cannot) is in UTC.
 */
export function slackDate(instant: number, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(instant / 1000);
  return `<!date^${seconds}^${format}|${formatInTimeZone(instant, 'UTC', 'EEE d MMM HH:mm')} UTC>`;
}

export function slackRange(slot: Pick<MeetingSlot, 'start' | 'end'>): string {
  return `${slackDate(slot.start)}–${slackDate(slot.end, '{time}')}`;
}

export const nameIn = (person: MeetingPerson) => escapeMrkdwn(person.name);

/**
 * "outside their hours by 7 h 30 min": how far their working day would have to stretch to cover
 * the meeting (a meeting 15 minutes past the end of their day, by 15 min).
 */
export function outsideText(stretchMinutes: number, whose: 'their' | 'your' = 'their'): string {
  return `outside ${whose} hours by ${formatDuration(stretchMinutes * 60_000)}`;
}

/**
 * A slot in everyone's own time, the viewer first: "Tue 10 Mar 16:00–16:30 for you · Wed 01:00
 * for Kenji (30 min outside their hours) · Tue 11:00 for Ada and Sam". People who share a local
 * time are named together; a long list is cut short.
 */
export function slotForEveryone(
  view: Pick<MeetingView, 'people'>,
  slot: MeetingSlot,
  viewerId: string | null,
  maxGroups = 8,
): string {
  const viewer = view.people.find((p) => p.id === viewerId);
  const outside = new Map(slot.outside.map((o) => [o.id, o]));
  const groups = new Map<string, MeetingPerson[]>();
  for (const person of view.people) {
    if (person.id === viewer?.id) continue;
    const key = shortTime(slot.start, person.timeZone);
    groups.set(key, [...(groups.get(key) ?? []), person]);
  }
  const parts: string[] = [];
  if (viewer) {
    const mine = outside.get(viewer.id);
    parts.push(
      `*${slotRange(slot, viewer.timeZone)}* for you${mine ? ` (${outsideText(mine.stretchMinutes, 'your')})` : ''}`,
    );
  }
  const entries = [...groups];
  for (const [time, people] of entries.slice(0, maxGroups)) {
    const names = people.map(nameIn);
    const who =
      names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    const notes = people
      .map((p) => {
        const o = outside.get(p.id);
        if (!o) return undefined;
        return people.length === 1
          ? outsideText(o.stretchMinutes)
          : `${nameIn(p)} ${outsideText(o.stretchMinutes)}`;
      })
      .filter(Boolean);
    parts.push(`${time} for ${who}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
  }
  const more = entries.slice(maxGroups).reduce((n, [, people]) => n + people.length, 0);
  if (more > 0) parts.push(`and ${more} more`);
  return parts.join(' · ');
}

/** Who is outside their hours in a slot, as one sentence; empty when nobody is. */
export function outsideSentence(view: Pick<MeetingView, 'people'>, slot: MeetingSlot): string {
  if (slot.outside.length === 0) return '';
  const byId = new Map(view.people.map((p) => [p.id, p]));
  return slot.outside
    .map((o) => {
      const person = byId.get(o.id);
      const name = person ? nameIn(person) : `<@${o.id}>`;
      return `${name} ${outsideText(o.stretchMinutes)}`;
    })
    .join('; ');
}

/** 'transactional' → 'Transactional'. */
export const kindLabel = (kind: Meeting['kind']) => kind.charAt(0).toUpperCase() + kind.slice(1);

export function durationLabel(minutes: number): string {
  return formatDuration(minutes * 60_000);
}

/** "with Ada, Kenji and 3 others" */
export function withWhom(view: Pick<MeetingView, 'people'>, excludeId: string | null, max = 6) {
  const others = view.people.filter((p) => p.id !== excludeId).map(nameIn);
  if (others.length === 0) return '';
  if (others.length <= max) {
    return others.length === 1
      ? others[0]
      : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
  }
  return `${others.slice(0, max).join(', ')} and ${others.length - max} others`;
}
