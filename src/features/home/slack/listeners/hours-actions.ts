import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseJson } from '../../../../core/domain/json.js';
import type { ServiceContext } from '../../../../core/services/context.js';
import { UserFacingError } from '../../../../core/services/errors.js';
import { overviewOf, setOwnWorkingHours } from '../../../../core/services/people.js';
import { openModal } from '../../../../core/slack/modals.js';
import { type ButtonArgs, onButton } from '../../../../core/slack/on-button.js';
import type { HomeTab } from '../publish-home.js';
import { HOURS_ACTIONS, hoursChangeMessage } from '../views/mailroom-command.js';
import { settingsModal } from '../views/settings.js';

const reading = z.object({ for: z.string().min(1), hours: z.string().min(1).max(1000) });

/**
 * Save and Edit on a reading of `/mailroom hours`: only the person it was shown to may press
 * them, and the hours they carry are read again (a button's value is only a claim).
 */
export function registerHoursActions(app: App, ctx: ServiceContext, home: HomeTab): void {
  onButton(app, ctx, HOURS_ACTIONS.save, async ({ body, action, client, reply }) => {
    const hours = readingFor(body.user.id, action.value);
    const change = setOwnWorkingHours(ctx, body.user.id, hours);
    await reply({ ...hoursChangeMessage(body.user.id, change), replace_original: true });
    if (change.kind === 'saved') await home.publish(client, body.user.id);
  });

  onButton(app, ctx, HOURS_ACTIONS.edit, async ({ body, action, client }) => {
    const hours = readingFor(body.user.id, action.value);
    const view = settingsModal(overviewOf(ctx, body.user.id), ctx.clock(), hours);
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view,
    });
  });
}

function readingFor(userId: string, value: ButtonArgs['action']['value']): string {
  const parsed = reading.safeParse(parseJson(value ?? ''));
  if (!parsed.success || parsed.data.for !== userId) {
    throw new UserFacingError(
      'Those buttons were for someone else’s working hours. Set your own with `/mailroom hours 9-17 mon-fri`.',
    );
  }
  return parsed.data.hours;
}
