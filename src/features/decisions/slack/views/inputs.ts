import type { KnownBlock, PlainTextElement } from '@slack/types';
import { truncate } from '../../../../core/slack/views/mrkdwn.js';
import { DECISION_LIMITS as L } from '../../domain/draft.js';
import { FIELD_ACTION } from './ids.js';

/** The inputs the decision modals are made of, each answering under the same action id. */

export const plain = (text: string, max = 150): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

export function textInput(
  blockId: string,
  label: string,
  options: {
    max: number;
    multiline?: boolean;
    optional?: boolean;
    value?: string | null | undefined;
    placeholder?: string;
    hint?: string;
  },
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: FIELD_ACTION,
      max_length: options.max,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.value ? { initial_value: truncate(options.value, 3000) } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder) } : {}),
    },
  } as KnownBlock;
}

export function usersInput(
  blockId: string,
  label: string,
  users: readonly string[],
  optional: boolean,
  hint?: string,
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'multi_users_select',
      action_id: FIELD_ACTION,
      max_selected_items: L.people,
      ...(users.length > 0 ? { initial_users: [...users] } : {}),
    },
  };
}

export function dateInput(
  blockId: string,
  label: string,
  date: string | null | undefined,
  hint?: string,
) {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'datepicker',
      action_id: FIELD_ACTION,
      ...(date ? { initial_date: date } : {}),
    },
  } as KnownBlock;
}
