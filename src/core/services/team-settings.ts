import { z } from 'zod';
import { confirmReadingProblem, parseHoursText } from '../domain/hours-text.js';
import { parseJson } from '../domain/json.js';
import {
  DEFAULT_WORK_WINDOWS,
  type WorkingHours,
  type WorkWindow,
} from '../domain/working-hours.js';
import type { AppStateRepository } from '../store/app-state-repository.js';
import { recordAudit, slackActor } from './audit.js';
import { requireAdmin } from './authorization.js';
import type { ServiceContext } from './context.js';
import { InvalidSettings } from './settings.js';

/** Team-wide settings admins change on their Home tab; kept in the app state. */
export interface TeamSettings {
  /** The working hours people start with until they set their own. */
  newMemberWindows: WorkWindow[];
  /** Working time an expert has before a reminder, then escalation. */
  questionDueMs: number;
  /**
   * The team's working time a question waits for an expert who is away with no end date (a
   * Slack status without an expiry) before it goes on as if they had said "Not me".
   */
  awayPassOnMs: number;
}

const KEY = 'team.settings';
const HOUR = 60 * 60 * 1000;
export const ESCALATION_HOURS = { min: 0.5, max: 72 } as const;
export const AWAY_PASS_ON_HOURS = { min: 1, max: 80, default: 8 } as const;

const stored = z.object({
  newMemberWindows: z
    .array(
      z.object({
        day: z.number().int().min(1).max(7),
        startMinute: z.number().int(),
        endMinute: z.number().int(),
      }),
    )
    .optional(),
  questionDueMs: z.number().positive().optional(),
  awayPassOnMs: z.number().positive().optional(),
});

type TeamContext = Pick<
  ServiceContext,
  'appState' | 'members' | 'channels' | 'experts' | 'clock' | 'settings' | 'audit'
>;

function savedSettings(appState: AppStateRepository): z.output<typeof stored> {
  const raw = appState.get(KEY);
  const saved = raw ? stored.safeParse(parseJson(raw)) : undefined;
  return saved?.success ? saved.data : {};
}

/** The team's settings: what admins saved, else what the environment says. */
export function teamSettingsOf(ctx: Pick<ServiceContext, 'appState' | 'settings'>): TeamSettings {
  return {
    newMemberWindows: newMemberWindowsOf(ctx.appState),
    questionDueMs: savedSettings(ctx.appState).questionDueMs ?? ctx.settings.questionDueMs,
    awayPassOnMs: savedSettings(ctx.appState).awayPassOnMs ?? AWAY_PASS_ON_HOURS.default * HOUR,
  };
}

/**
 * The team's working hours: the hours newcomers start with, in the team's time zone. Waits
 * counted in "the team's working time" are counted on these.
 */
export function teamHoursOf(ctx: Pick<ServiceContext, 'appState' | 'settings'>): WorkingHours {
  return { timeZone: ctx.settings.defaultTimeZone, windows: newMemberWindowsOf(ctx.appState) };
}

/** The working hours someone starts with when Mailroom first meets them. */
export function newMemberWindowsOf(appState: AppStateRepository): WorkWindow[] {
  const saved = savedSettings(appState).newMemberWindows as WorkWindow[] | undefined;
  return saved ?? [...DEFAULT_WORK_WINDOWS];
}

export type TeamField = 'newMemberHours' | 'escalation' | 'awayPassOn';

/** Hours as typed in the form ("4", "2.5", "2,5"), or undefined when not a number in range. */
function hoursIn(text: string, range: { min: number; max: number }): number | undefined {
  const hours = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(hours) && hours >= range.min && hours <= range.max
    ? hours
    : undefined;
}

/**
 * Saves the team settings, all or none; only admins may. A form without the away field (an
 * older one) keeps what is saved.
 */
export function saveTeamSettings(
  ctx: TeamContext,
  userId: string,
  input: { newMemberHoursText: string; escalationHoursText: string; awayPassOnText?: string },
): TeamSettings {
  requireAdmin(ctx, userId, 'change team settings');
  const errors: Partial<Record<TeamField, string>> = {};
  const hours = parseHoursText(input.newMemberHoursText);
  if (!hours.ok) errors.newMemberHours = hours.problem;
  else if (hours.needsConfirmation) errors.newMemberHours = confirmReadingProblem(hours.windows);
  const escalation = hoursIn(input.escalationHoursText, ESCALATION_HOURS);
  if (escalation === undefined) {
    errors.escalation = `Give a number of working hours from ${ESCALATION_HOURS.min} to ${ESCALATION_HOURS.max}, such as 4.`;
  }
  const awayPassOn =
    input.awayPassOnText === undefined
      ? teamSettingsOf(ctx).awayPassOnMs / HOUR
      : hoursIn(input.awayPassOnText, AWAY_PASS_ON_HOURS);
  if (awayPassOn === undefined) {
    errors.awayPassOn = `Give a number of the team’s working hours from ${AWAY_PASS_ON_HOURS.min} to ${AWAY_PASS_ON_HOURS.max}, such as ${AWAY_PASS_ON_HOURS.default}.`;
  }
  if (!hours.ok || errors.newMemberHours || escalation === undefined || awayPassOn === undefined)
    throw new InvalidSettings(errors);
  const settings: TeamSettings = {
    newMemberWindows: hours.windows,
    questionDueMs: Math.round(escalation * HOUR),
    awayPassOnMs: Math.round(awayPassOn * HOUR),
  };
  const before = teamSettingsOf(ctx);
  ctx.appState.set(KEY, JSON.stringify(settings), ctx.clock());
  applyTeamSettings(ctx);
  if (JSON.stringify(before) !== JSON.stringify(settings)) {
    recordAudit(ctx, {
      actor: slackActor(userId),
      action: 'team_settings.changed',
      before,
      after: settings,
    });
  }
  return settings;
}

/**
 * Makes the saved team settings the ones the services use (the escalation delay lives in the
 * shared settings); called at start and after each save.
 */
export function applyTeamSettings(ctx: Pick<ServiceContext, 'appState' | 'settings'>): void {
  ctx.settings.questionDueMs = teamSettingsOf(ctx).questionDueMs;
}
