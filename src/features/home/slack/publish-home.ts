import type { WebClient } from '@slack/web-api';
import type { Capability } from '../../../core/capability.js';
import { homeItemDescriber } from '../../../core/slack/renderers.js';
import type { HomeContext } from '../context.js';
import { type HomePages, homeOf } from '../services/home.js';
import { type HomeSections, homeView } from './views/home-tab.js';

/** Publishing a person's Home tab, with every capability's items and sections. */
export interface HomeTab {
  /** Quietly skips people the directory does not know yet. */
  publish(client: WebClient, userId: string, pages?: HomePages): Promise<void>;
}

export function homeTab(ctx: HomeContext, capabilities: readonly Capability[]): HomeTab {
  const describe = homeItemDescriber(capabilities);
  return {
    async publish(client, userId, pages) {
      if (!ctx.members.get(userId)) return;
      const home = homeOf(ctx, userId, pages);
      const zone = home.overview.timeZone;
      const sections: HomeSections = { afterQueue: [], admins: [] };
      for (const section of capabilities.flatMap((c) => c.home ?? [])) {
        if (section.place === 'admins' && !home.isAdmin) continue;
        const blocks = section.blocks(userId, zone);
        (section.place === 'admins' ? sections.admins : sections.afterQueue).push(...blocks);
      }
      await client.views.publish({ user_id: userId, view: homeView(home, describe, sections) });
    },
  };
}
