import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { LocalDate } from '../../../../core/domain/local-time.js';
import type { ServiceContext } from '../../../../core/services/context.js';
import {
  InvalidSettings,
  type PersonalField,
  savePersonalSettings,
} from '../../../../core/services/settings.js';
import { saveTeamSettings, type TeamField } from '../../../../core/services/team-settings.js';
import { modalFailure } from '../../../../core/slack/modal-errors.js';
import type { HomeTab } from '../publish-home.js';
import {
  SETTINGS,
  settingsSavedModal,
  TEAM_SETTINGS,
  teamSettingsSavedModal,
} from '../views/settings.js';

const text = z.looseObject({ value: z.string().nullish() }).optional();
const settingsValues = z.looseObject({
  [SETTINGS.timeZone.block]: z.looseObject({ [SETTINGS.timeZone.action]: text }).optional(),
  [SETTINGS.hours.block]: z.looseObject({ [SETTINGS.hours.action]: text }).optional(),
  [SETTINGS.delivery.block]: z
    .looseObject({
      [SETTINGS.delivery.action]: z
        .looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() })
        .optional(),
    })
    .optional(),
  [SETTINGS.away.block]: z
    .looseObject({
      [SETTINGS.away.action]: z.looseObject({ selected_date: z.string().nullish() }).optional(),
    })
    .optional(),
});

const BLOCK_OF: Record<PersonalField, string> = {
  timeZone: SETTINGS.timeZone.block,
  hours: SETTINGS.hours.block,
  delivery: SETTINGS.delivery.block,
  away: SETTINGS.away.block,
};

/** The personal settings form: every field is checked, problems are shown under each, nothing typed is lost. */
export function registerSettingsModal(app: App, ctx: ServiceContext, home: HomeTab): void {
  app.view<ViewSubmitAction>(
    { callback_id: SETTINGS.callbackId, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const parsed = settingsValues.safeParse(view.state.values);
      const v = parsed.success ? parsed.data : {};
      const backOn = readDate(v[SETTINGS.away.block]?.[SETTINGS.away.action]?.selected_date);
      if (backOn === 'invalid') {
        await ack({ response_action: 'errors', errors: { [SETTINGS.away.block]: 'Pick a date.' } });
        return;
      }
      try {
        const overview = savePersonalSettings(ctx, body.user.id, {
          timeZoneOverride: v[SETTINGS.timeZone.block]?.[SETTINGS.timeZone.action]?.value ?? null,
          hoursText: v[SETTINGS.hours.block]?.[SETTINGS.hours.action]?.value ?? '',
          deliveryPreference:
            v[SETTINGS.delivery.block]?.[SETTINGS.delivery.action]?.selected_option?.value ?? '',
          backOn,
        });
        await ack({ response_action: 'update', view: settingsSavedModal(overview) });
      } catch (error) {
        if (error instanceof InvalidSettings) {
          await ack(fieldErrors(error, BLOCK_OF));
        } else {
          await ack(modalFailure(SETTINGS.hours.block, error, logger));
        }
        return;
      }
      await home.publish(client, body.user.id);
    },
  );
}

/** Each field's problem under the input it belongs to. */
function fieldErrors<F extends string>(error: InvalidSettings<F>, blockOf: Record<F, string>) {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields) as [F, string | undefined][]) {
    if (message) errors[blockOf[field]] = message;
  }
  return { response_action: 'errors' as const, errors };
}

function readDate(value: string | null | undefined): LocalDate | null | 'invalid' {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'invalid';
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const teamValues = z.looseObject({
  [TEAM_SETTINGS.newMemberHours.block]: z
    .looseObject({ [TEAM_SETTINGS.newMemberHours.action]: text })
    .optional(),
  [TEAM_SETTINGS.escalation.block]: z
    .looseObject({ [TEAM_SETTINGS.escalation.action]: text })
    .optional(),
  [TEAM_SETTINGS.awayPassOn.block]: z
    .looseObject({ [TEAM_SETTINGS.awayPassOn.action]: text })
    .optional(),
});

const TEAM_BLOCK_OF: Record<TeamField, string> = {
  newMemberHours: TEAM_SETTINGS.newMemberHours.block,
  escalation: TEAM_SETTINGS.escalation.block,
  awayPassOn: TEAM_SETTINGS.awayPassOn.block,
};

/** The away field as typed; absent from a form that does not have it (nothing changes then). */
function awayPassOnText(block: { [key: string]: unknown } | undefined): {
  awayPassOnText?: string;
} {
  if (block === undefined) return {};
  const field = block[TEAM_SETTINGS.awayPassOn.action] as { value?: string | null } | undefined;
  return { awayPassOnText: field?.value ?? '' };
}

/** The admins' team settings form; a non-admin's submission is refused and changes nothing. */
export function registerTeamSettingsModal(app: App, ctx: ServiceContext): void {
  app.view<ViewSubmitAction>(
    { callback_id: TEAM_SETTINGS.callbackId, type: 'view_submission' },
    async ({ ack, body, view, logger }) => {
      const parsed = teamValues.safeParse(view.state.values);
      const v = parsed.success ? parsed.data : {};
      try {
        const settings = saveTeamSettings(ctx, body.user.id, {
          newMemberHoursText:
            v[TEAM_SETTINGS.newMemberHours.block]?.[TEAM_SETTINGS.newMemberHours.action]?.value ??
            '',
          escalationHoursText:
            v[TEAM_SETTINGS.escalation.block]?.[TEAM_SETTINGS.escalation.action]?.value ?? '',
          ...awayPassOnText(v[TEAM_SETTINGS.awayPassOn.block]),
        });
        await ack({ response_action: 'update', view: teamSettingsSavedModal(settings) });
      } catch (error) {
        if (error instanceof InvalidSettings) {
          await ack(fieldErrors(error, TEAM_BLOCK_OF));
          return;
        }
        await ack(modalFailure(TEAM_SETTINGS.newMemberHours.block, error, logger));
      }
    },
  );
}
