import type { VoteChoice } from '../../domain/meetings.js';

/** Buttons of the meeting flow. Values carry `<meeting id>[:<slot>[:<choice>]]`, never trusted. */
export const MEET_ACTIONS = {
  switchKind: 'meet_switch_kind',
  addAgenda: 'meet_add_agenda',
  writeInstead: 'meet_write_instead',
  send: 'meet_send',
  cancel: 'meet_cancel',
} as const;

/** Block Kit wants action ids unique within a block: one per slot and choice (the Home tab puts every vote in one block). */
export const voteActionId = (slotIndex: number, choice: VoteChoice) =>
  `meet_vote_${slotIndex}_${choice}`;
export const confirmActionId = (slotIndex: number) => `meet_confirm_${slotIndex}`;
/** Meetings propose at most this many slots. */
export const MAX_SLOTS = 3;

export const MEET_VIEWS = {
  form: 'meet_form',
  agenda: 'meet_agenda',
  preview: 'meet_preview',
} as const;

/** The form's inputs: block id and action id are the same. */
export const MEET_INPUTS = {
  topic: 'meet_topic',
  people: 'meet_people',
  channel: 'meet_channel',
  duration: 'meet_duration',
  window: 'meet_window',
  kind: 'meet_kind',
  agenda: 'meet_agenda',
  outcome: 'meet_outcome',
} as const;
