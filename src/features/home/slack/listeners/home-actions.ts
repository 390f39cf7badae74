import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseJson } from '../../../../core/domain/json.js';
import { SNOOZE_CHOICES } from '../../../../core/domain/working-hours.js';
import { requireAdmin } from '../../../../core/services/authorization.js';
import type { ServiceContext } from '../../../../core/services/context.js';
import { listExperts } from '../../../../core/services/experts.js';
import { overviewOf } from '../../../../core/services/people.js';
import { completeItem, snoozeItem } from '../../../../core/services/queue.js';
import { setAway } from '../../../../core/services/settings.js';
import { teamSettingsOf } from '../../../../core/services/team-settings.js';
import { openModal } from '../../../../core/slack/modals.js';
import { onButton, onSelect } from '../../../../core/slack/on-button.js';
import type { HomeTab } from '../publish-home.js';
import { HOME_ACTIONS, snoozedReply } from '../views/home-tab.js';
import { settingsModal, teamSettingsModal } from '../views/settings.js';

const itemId = z.coerce.number().int().positive();
/** `<item id>:<choice>`, as the Home tab's "Snooze until…" menu sends it. */
const snoozeChoice = z
  .string()
  .regex(/^\d+:[a-z_0-9]+$/)
  .transform((value) => {
    const [id = '', choice = ''] = value.split(':');
    return { itemId: Number(id), choice };
  })
  .pipe(z.object({ itemId: z.number().int().positive(), choice: z.enum(SNOOZE_CHOICES) }));
const pages = z.object({
  waiting: z.number().int().min(0).max(100_000),
  requested: z.number().int().min(0).max(100_000),
});

/** The Home tab: pages, settings, back from away, and Done and Snooze until… on an item. */
export function registerHomeActions(app: App, ctx: ServiceContext, home: HomeTab): void {
  onButton(app, ctx, HOME_ACTIONS.page, async ({ body, action, client }) => {
    await home.publish(client, body.user.id, pagesOf(action.value));
  });

  onButton(app, ctx, HOME_ACTIONS.settings, async ({ body, client }) => {
    const view = settingsModal(overviewOf(ctx, body.user.id), ctx.clock());
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view,
    });
  });

  onButton(app, ctx, HOME_ACTIONS.teamSettings, async ({ body, client }) => {
    requireAdmin(ctx, body.user.id, 'change team settings');
    const view = teamSettingsModal(teamSettingsOf(ctx), listExperts(ctx, body.user.id));
    await openModal(client, ctx, {
      userId: body.user.id,
      triggerId: body.trigger_id,
      view,
    });
  });

  onButton(app, ctx, HOME_ACTIONS.done, async ({ body, action, client }) => {
    completeItem(ctx, { itemId: itemId.parse(action.value), userId: body.user.id });
    await home.publish(client, body.user.id, pagesOf(body.view?.private_metadata));
  });

  onSelect(app, ctx, HOME_ACTIONS.snooze, async ({ body, action, client, reply }) => {
    const choice = snoozeChoice.parse(action.selected_option.value);
    const item = snoozeItem(ctx, { ...choice, userId: body.user.id });
    await home.publish(client, body.user.id, pagesOf(body.view?.private_metadata));
    if (!body.view) await reply(snoozedReply(item, overviewOf(ctx, body.user.id).timeZone));
  });

  onButton(app, ctx, HOME_ACTIONS.back, async ({ body, client }) => {
    setAway(ctx, body.user.id, 'back');
    await home.publish(client, body.user.id);
  });
}

/** The pages the person was looking at, kept in the Home view's metadata. */
function pagesOf(metadata: string | undefined) {
  const parsed = pages.safeParse(parseJson(metadata ?? ''));
  return parsed.success ? parsed.data : undefined;
}
