import { z } from 'zod';
import { confirmReadingProblem, parseHoursText } from '../domain/hours-text.js';
import { parseJson } from '../domain/json.js';
import { DEFAULT_WORK_WINDOWS, type WorkWindow } from '../domain/working-hours.js';
import type { AppStateRepository } from '../store/app-state-repository.js';
import { requireAdmin } from './authorization.js';
import type { ServiceContext } from './context.js';
import { InvalidSettings } from './settings.js';

/** Team-wide settings admins change on their Home tab; kept in the app state. */
export interface TeamSettings {
  /** The working hours people start with until they set their own. */
  newMemberWindows: WorkWindow[];
  /** Working time an expert has before a reminder, then escalation. */
  questionDueMs: number;
}

const KEY = 'team.settings';
const HOUR = 60 * 60 * 1000;
export const ESCALATION_HOURS = { min: 0.5, max: 72 } as const;

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
});

type TeamContext = Pick<
  ServiceContext,
  'appState' | 'members' | 'channels' | 'experts' | 'clock' | 'settings'
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
  };
}

/** The working hours someone starts with when Mailroom first meets them. */
export function newMemberWindowsOf(appState: AppStateRepository): WorkWindow[] {
  const saved = savedSettings(appState).newMemberWindows as WorkWindow[] | undefined;
  return saved ?? [...DEFAULT_WORK_WINDOWS];
}

export type TeamField = 'newMemberHours' | 'escalation';

/** Saves both team settings or neither; only admins may. */
export function saveTeamSettings(
  ctx: TeamContext,
  userId: string,
  input: { newMemberHoursText: string; escalationHoursText: string },
): TeamSettings {
  requireAdmin(ctx, userId, 'change team settings');
  const errors: Partial<Record<TeamField, string>> = {};
  const hours = parseHoursText(input.newMemberHoursText);
  if (!hours.ok) errors.newMemberHours = hours.problem;
  else if (hours.needsConfirmation) errors.newMemberHours = confirmReadingProblem(hours.windows);
  const escalation = Number(input.escalationHoursText.trim().replace(',', '.'));
  if (
    !Number.isFinite(escalation) ||
    escalation < ESCALATION_HOURS.min ||
    escalation > ESCALATION_HOURS.max
  ) {
    errors.escalation = `Give a number of working hours from ${ESCALATION_HOURS.min} to ${ESCALATION_HOURS.max}, such as 4.`;
  }
  if (!hours.ok || errors.newMemberHours || errors.escalation) throw new InvalidSettings(errors);
  const settings: TeamSettings = {
    newMemberWindows: hours.windows,
    questionDueMs: Math.round(escalation * HOUR),
  };
  ctx.appState.set(KEY, JSON.stringify(settings), ctx.clock());
  applyTeamSettings(ctx);
  return settings;
}

/**
 * Makes the saved team settings the ones the services use (the escalation delay lives in the
 * shared settings); called at start and after each save.
 */
export function applyTeamSettings(ctx: Pick<ServiceContext, 'appState' | 'settings'>): void {
  ctx.settings.questionDueMs = teamSettingsOf(ctx).questionDueMs;
}
