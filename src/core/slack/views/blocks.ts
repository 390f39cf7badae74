import type { KnownBlock } from '@slack/types';
import { truncate } from './mrkdwn.js';

/** Small pure helpers for Block Kit so the builders read as what they show. */
export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

export const context = (...texts: string[]): KnownBlock => ({
  type: 'context',
  elements: texts.map((text) => ({ type: 'mrkdwn', text: truncate(text, 3000) })),
});

export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, 150), emoji: true },
});

export const divider = (): KnownBlock => ({ type: 'divider' });

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export const actions = (blockId: string, buttons: ButtonSpec[]): KnownBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: buttons.map((b) => ({
    type: 'button',
    text: { type: 'plain_text', text: truncate(b.text, 75), emoji: true },
    action_id: b.actionId,
    ...(b.value === undefined ? {} : { value: truncate(b.value, 2000) }),
    ...(b.style ? { style: b.style } : {}),
  })),
});

export interface Message {
  text: string;
  blocks: KnownBlock[];
}
