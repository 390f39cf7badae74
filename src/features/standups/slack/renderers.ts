import { scheduleOf } from '../../../core/domain/member.js';
import { parsePayload, type QueueItem, type QueueItemKind } from '../../../core/domain/queue.js';
import { DeliveryError } from '../../../core/services/ports.js';
import type { StandupNoteList } from '../../../core/services/standup-notes.js';
import { escapeMrkdwn, truncate } from '../../../core/slack/views/mrkdwn.js';
import type {
  ItemDescription,
  QueueItemRenderer,
} from '../../../core/slack/views/queue-item-message.js';
import type { StandupsContext } from '../context.js';
import {
  blockerMessage,
  dayLabel,
  promptMessage,
  promptValue,
  STANDUP_ACTIONS,
} from './views/messages.js';

type RenderContext = Pick<StandupsContext, 'standups' | 'settings' | 'hooks' | 'clock' | 'logger'>;

/**
 * What every registered provider mentions to the member in the standup's channel now; one that
 * fails is left out (and logged), so that the prompt still goes.
 */
function notesFor(ctx: RenderContext, memberId: string, channelId: string): StandupNoteList[] {
  const at = ctx.clock();
  return ctx.hooks.standupNoteProviders().flatMap((provider) => {
    try {
      const list = provider.notesFor({ memberId, channelId, at });
      return list ? [list] : [];
    } catch (error) {
      ctx.logger.warn(`standup notes of ${provider.kind} failed`, error);
      return [];
    }
  });
}

/** How standup prompts, reminders and blockers look in their recipient's DM. */
export function standupItemRenderers(
  ctx: RenderContext,
): Partial<Record<QueueItemKind, QueueItemRenderer>> {
  const prompt =
    (reminder: boolean): QueueItemRenderer =>
    (item, delivery) => {
      const payload = parsePayload(reminder ? 'standup_reminder' : 'standup_prompt', item.payload);
      const standup = ctx.standups.get(payload.standupId);
      if (!standup || standup.state === 'deleted') {
        throw new DeliveryError(`standup ${payload.standupId} is gone`, 'unreachable');
      }
      const memberZone = scheduleOf(delivery.recipient, ctx.settings.defaultTimeZone).hours
        .timeZone;
      const entry = ctx.standups.entryFor(standup.id, delivery.recipient.id, payload.date);
      return promptMessage({
        standup,
        date: payload.date,
        memberZone,
        reminder,
        closesAt: entry?.closesAt ?? null,
        notes: notesFor(ctx, delivery.recipient.id, standup.channelId),
      });
    };
  return {
    standup_prompt: prompt(false),
    standup_reminder: prompt(true),
    blocker: (item) => {
      const payload = parsePayload('blocker', item.payload);
      return blockerMessage({ ...payload, standup: ctx.standups.get(payload.standupId) });
    },
  };
}

/** The Home tab's line for a standup item, with the same buttons as its DM; undefined for other kinds. */
export function describeStandupItem(
  ctx: RenderContext,
  item: QueueItem,
): ItemDescription | undefined {
  switch (item.kind) {
    case 'standup_prompt':
    case 'standup_reminder': {
      const { standupId, date } = parsePayload(item.kind, item.payload);
      const standup = ctx.standups.get(standupId);
      const name = standup ? `*${escapeMrkdwn(truncate(standup.name, 80))}*` : 'A standup';
      const where = standup ? ` in <#${standup.channelId}>` : '';
      const value = promptValue(standupId, date);
      return {
        label: item.kind === 'standup_prompt' ? 'Standup' : 'Standup reminder',
        summary: `${name}${where} for ${dayLabel(date)}`,
        actions: [
          { text: 'Answer', actionId: STANDUP_ACTIONS.answer, value, style: 'primary' },
          { text: 'Skip today', actionId: STANDUP_ACTIONS.skip, value },
        ],
      };
    }
    case 'blocker': {
      const { blockerId, text } = parsePayload('blocker', item.payload);
      const value = String(blockerId);
      return {
        label: 'Blocker',
        summary: escapeMrkdwn(truncate(text.replace(/\s+/g, ' '), 160)),
        actions: [
          { text: 'Resolved', actionId: STANDUP_ACTIONS.resolve, value, style: 'primary' },
          { text: 'Not me', actionId: STANDUP_ACTIONS.notMe, value },
        ],
      };
    }
    default:
      return undefined;
  }
}
