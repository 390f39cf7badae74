import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../../../core/services/context.js';
import { homeItemDescriber } from '../../../core/slack/renderers.js';
import { type HomePages, homeOf } from '../services/home.js';
import { homeView } from './views/home-tab.js';

/** Publishes a person's Home tab; quietly skips people the directory does not know yet. */
export async function publishHome(
  client: WebClient,
  ctx: ServiceContext,
  userId: string,
  pages?: HomePages,
): Promise<void> {
  if (!ctx.members.get(userId)) return;
  const view = homeView(homeOf(ctx, userId, pages), homeItemDescriber(ctx));
  await client.views.publish({ user_id: userId, view });
}
