import type { App } from '@slack/bolt';
import type { MailroomContext } from './context.js';
import type { Capability, CapabilityDeps } from './core/capability.js';
import { registerChannelEvents } from './core/slack/listeners/channel-events.js';
import { registerDirectoryEvents } from './core/slack/listeners/directory-events.js';
import { ownershipCapability } from './core/slack/ownership.js';
import { reviewsCapability } from './core/slack/reviews.js';
import { askCapability } from './features/ask/index.js';
import { decisionsCapability } from './features/decisions/index.js';
import { homeCapability } from './features/home/index.js';
import { type HomeTab, homeTab } from './features/home/slack/publish-home.js';
import { meetingsCapability } from './features/meetings/index.js';
import { plansCapability } from './features/plans/index.js';
import { standupsCapability } from './features/standups/index.js';

/**
 * Every capability, in the order of its scheduled work (standup prompts go out at their
 * minute), and Home last, built from what the others registered.
 */
export function capabilitiesOf(
  ctx: MailroomContext,
  client: CapabilityDeps['client'],
  onceClient: CapabilityDeps['onceClient'],
): { capabilities: Capability[]; tab: HomeTab } {
  const deps: CapabilityDeps = {
    client,
    onceClient,
    publishHome: (listenerClient, userId) => tab.publish(listenerClient, userId),
  };
  const features: Capability[] = [
    standupsCapability(ctx, deps),
    decisionsCapability(ctx, deps),
    meetingsCapability(ctx, deps),
    plansCapability(ctx, deps),
    askCapability(ctx, deps),
    reviewsCapability(ctx, client),
    ownershipCapability(ctx, client),
  ];
  const tab = homeTab(ctx, features);
  return { capabilities: [...features, homeCapability(ctx, tab, features)], tab };
}

/** Every listener: the core's (the directory, who is in which conversation) and each capability's. */
export function listenAll(
  app: App,
  ctx: MailroomContext,
  capabilities: readonly Capability[],
): void {
  registerDirectoryEvents(app, ctx);
  registerChannelEvents(app, ctx);
  for (const capability of capabilities) capability.listen?.(app);
}
