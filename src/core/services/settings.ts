import { parseAwayText } from '../domain/away-text.js';
import { confirmReadingProblem, parseHoursText } from '../domain/hours-text.js';
import {
  isValidTimeZone,
  type LocalDate,
  startOfLocalDate,
  toLocal,
} from '../domain/local-time.js';
import { DELIVERY_PREFERENCES, type DeliveryPreference, scheduleOf } from '../domain/member.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';
import {
  type MemberOverview,
  overviewOf,
  requireMember,
  type ScheduleContext,
  scheduleChanged,
} from './people.js';

export type PersonalField = 'timeZone' | 'hours' | 'delivery' | 'away';

/** Settings that cannot work, field by field, so a form can show each problem where it is. */
export class InvalidSettings<F extends string = string> extends UserFacingError {
  constructor(readonly fields: Partial<Record<F, string>>) {
    super(Object.values<string | undefined>(fields).filter(Boolean).join(' '));
    this.name = 'InvalidSettings';
  }
}

export interface PersonalSettingsInput {
  /** A zone chosen over Slack's, or null for Slack's own. */
  timeZoneOverride: string | null;
  hoursText: string;
  deliveryPreference: string;
  /** The local date the person is back on, or null when not away. */
  backOn: LocalDate | null;
}

type SettingsContext = Pick<ServiceContext, 'members' | 'queue' | 'clock' | 'settings'>;

/**
 * Saves everything the settings form holds at once, or nothing: each field that cannot work
 * is reported, and the stored settings stay as they were.
 */
export function savePersonalSettings(
  ctx: SettingsContext & ScheduleContext,
  userId: string,
  input: PersonalSettingsInput,
): MemberOverview {
  const member = requireMember(ctx, userId);
  const errors: Partial<Record<PersonalField, string>> = {};
  const zone = input.timeZoneOverride?.trim() || null;
  if (zone !== null && !isValidTimeZone(zone)) {
    errors.timeZone = `I don’t know the time zone “${zone}”. Use a name like Europe/Berlin or America/New_York.`;
  }
  const hours = parseHoursText(input.hoursText);
  if (!hours.ok) errors.hours = hours.problem;
  else if (hours.needsConfirmation) errors.hours = confirmReadingProblem(hours.windows);
  if (!DELIVERY_PREFERENCES.includes(input.deliveryPreference as DeliveryPreference)) {
    errors.delivery = 'Choose how requests should reach you.';
  }
  const now = ctx.clock();
  const effectiveZone = zone ?? scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
  let awayUntil: number | null = null;
  if (input.backOn && !errors.timeZone) {
    awayUntil = startOfLocalDate(effectiveZone, input.backOn);
    if (awayUntil <= now) errors.away = 'Pick a day after today: the day you are back.';
  }
  if (Object.keys(errors).length > 0 || !hours.ok) throw new InvalidSettings(errors);
  ctx.members.saveSettings(
    userId,
    {
      timeZoneOverride: zone,
      workingWindows: hours.windows,
      deliveryPreference: input.deliveryPreference as DeliveryPreference,
      awayUntil,
    },
    now,
  );
  scheduleChanged(ctx, userId);
  return overviewOf(ctx, userId);
}

/** `/mailroom away until fri` (back on Friday), `/mailroom back`. */
export function setAway(
  ctx: SettingsContext & ScheduleContext,
  userId: string,
  text: string,
): MemberOverview {
  const member = requireMember(ctx, userId);
  const now = ctx.clock();
  const zone = scheduleOf(member, ctx.settings.defaultTimeZone).hours.timeZone;
  const parsed = parseAwayText(text, toLocal(now, zone));
  if (!parsed.ok) throw new UserFacingError(parsed.problem);
  const awayUntil = parsed.backOn ? startOfLocalDate(zone, parsed.backOn) : null;
  ctx.members.saveSettings(userId, { awayUntil }, now);
  scheduleChanged(ctx, userId);
  return overviewOf(ctx, userId);
}
