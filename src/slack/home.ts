import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../services/context.js';
import { overviewOf } from '../services/people.js';
import { homeView } from './views/home.js';

/** Publishes a person's Home tab; quietly skips people the directory does not know yet. */
export async function publishHome(
  client: WebClient,
  ctx: ServiceContext,
  userId: string,
): Promise<void> {
  if (!ctx.members.get(userId)) return;
  await client.views.publish({ user_id: userId, view: homeView(overviewOf(ctx, userId)) });
}
