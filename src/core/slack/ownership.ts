import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Capability } from '../capability.js';
import { parsePayload, type QueueItem, type QueueItemKind } from '../domain/queue.js';
import type { ServiceContext } from '../services/context.js';
import { offerItemKey, takeOver } from '../services/ownership.js';
import { errorLine } from './failures.js';
import { SLACK_NAMING } from './naming.js';
import { onButton } from './on-button.js';
import { oneLine } from './views/mrkdwn.js';
import {
  GONE_OWNED,
  type OfferedObject,
  OWNERSHIP_ACTIONS,
  offerMessage,
  ownerLeftMessage,
} from './views/ownership.js';
import type { ItemDescription, QueueItemRenderer } from './views/queue-item-message.js';

/**
 * The hand-over's Slack side: the DMs offering what a leaver owned alone, and telling the other
 * owners of what they owned together; the Take over button; the others' offers rewritten to say
 * who took it over. Registered once, as the `ownership` capability.
 */

const id = z.coerce.number().int().positive();

function objectOf(
  ctx: ServiceContext,
  kind: string,
  objectId: number,
  readerId: string,
): OfferedObject {
  return ctx.hooks.ownershipSubject(kind)?.describe(objectId, readerId) ?? GONE_OWNED;
}

/** An offer DM as it stands now, for its recipient. */
function renderOffer(ctx: ServiceContext, item: QueueItem) {
  const payload = parsePayload('ownership_offer', item.payload);
  return offerMessage({
    leaverId: payload.leaverId,
    offers: ctx.ownership.getMany(payload.offerIds).map((offer) => ({
      offer,
      object: objectOf(ctx, offer.objectKind, offer.objectId, item.recipientId),
    })),
    readerId: item.recipientId,
  });
}

function renderers(ctx: ServiceContext): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  return {
    ownership_offer: (item) => renderOffer(ctx, item),
    owner_left: (item) => {
      const payload = parsePayload('owner_left', item.payload);
      return ownerLeftMessage({
        leaverId: payload.leaverId,
        objects: payload.objects.map((o) => objectOf(ctx, o.kind, o.objectId, item.recipientId)),
      });
    },
  };
}

/** The Home tab's line: what is left to take over, with its button when there is one. */
function describe(ctx: ServiceContext, item: QueueItem): ItemDescription | undefined {
  if (item.kind === 'owner_left') {
    return { label: 'Someone left', summary: 'You still own what you owned with them' };
  }
  if (item.kind !== 'ownership_offer') return undefined;
  const offers = ctx.ownership.getMany(parsePayload('ownership_offer', item.payload).offerIds);
  const open = offers.filter((o) => o.takenBy === null);
  const titles = open.map((o) =>
    oneLine(objectOf(ctx, o.objectKind, o.objectId, item.recipientId).title),
  );
  const [only] = open;
  return {
    label: 'Take over',
    summary: open.length === 0 ? 'Everything was taken over' : titles.join(' · '),
    ...(only && open.length === 1
      ? {
          actions: [
            { text: 'Take over', actionId: OWNERSHIP_ACTIONS.takeOver, value: String(only.id) },
          ],
        }
      : {}),
  };
}

/** The other people's offers already in their DMs: each now says who took it over. */
async function rewriteOthers(
  client: WebClient,
  ctx: ServiceContext,
  items: readonly QueueItem[],
): Promise<void> {
  for (const item of items) {
    if (!item.deliveredChannel || !item.deliveredTs) continue;
    const current = ctx.queue.get(item.id) ?? item;
    const message = renderOffer(ctx, current);
    try {
      await client.chat.update({
        channel: item.deliveredChannel,
        ts: item.deliveredTs,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      ctx.logger.warn(`could not update the offer of queue item ${item.id}: ${errorLine(error)}`);
    }
  }
}

/** The hand-over as one capability: any capability's objects with owners go through it. */
export function ownershipCapability(ctx: ServiceContext, client?: WebClient): Capability {
  return {
    name: 'ownership',
    listen(app: App) {
      onButton(app, ctx, OWNERSHIP_ACTIONS.takeOver, async ({ body, action, reply }) => {
        const userId = body.user.id;
        const taken = takeOver(ctx, {
          offerId: id.parse(action.value),
          userId,
          naming: SLACK_NAMING,
        });
        const mine = ctx.queue.findByKey(offerItemKey(taken.offer.leaverId, userId));
        const object = objectOf(ctx, taken.offer.objectKind, taken.offer.objectId, userId);
        await reply(
          mine
            ? { replace_original: true, ...renderOffer(ctx, mine) }
            : `You took over ${object.title}: it is yours now.`,
        );
        await rewriteOthers(client ?? (app.client as WebClient), ctx, taken.othersDelivered);
      });
    },
    renderers: renderers(ctx),
    describe: (item) => describe(ctx, item),
  };
}
