/**
 * A modal's input blocks as a form the sandbox asks field by field, and each answer as the
 * `state.values` entry Slack would send with the view_submission. Pure. Slack's own checks
 * (a required field left empty, min/max length, a well-formed date) happen here, before
 * anything is sent, as Slack makes them in its client.
 */
import { type Json, type Option, optionsOf, type RenderContext, textObject } from './render.js';

export interface FormField {
  blockId: string;
  actionId: string;
  label: string;
  hint: string;
  optional: boolean;
  type: string;
  element: Json;
  options: Option[];
  /** The input block has `dispatch_action`: Slack sends block_actions as its value changes. */
  dispatchAction?: boolean;
}

/** Finds people and conversations by what a person types (`priya`, `@priya`, `#eng`). */
export interface Lookup {
  user(text: string): string | undefined;
  conversation(text: string): string | undefined;
  userName(id: string): string | undefined;
  conversationName(id: string): string | undefined;
}

export type FieldAnswer = { ok: true; state: Json } | { ok: false; problem: string };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The fields of a view, in the order they are shown. */
export function formFields(view: Json, ctx: RenderContext): FormField[] {
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  return blocks
    .filter((block) => block.type === 'input' && isObject(block.element))
    .map((block) => {
      const element = block.element as Json;
      return {
        blockId: str(block.block_id) ?? '',
        actionId: str(element.action_id) ?? '',
        label: textObject(block.label, ctx),
        hint: textObject(block.hint, ctx),
        optional: block.optional === true,
        type: str(element.type) ?? '',
        element,
        options: optionsOf(element),
        dispatchAction: block.dispatch_action === true,
      };
    });
}

const TEXT_TYPES = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
]);

/** What an untouched field holds: its initial value, or nothing. */
export function initialState(field: FormField): Json {
  const e = field.element;
  const type = field.type;
  const selected = (option: unknown) =>
    field.options.find((o) => isObject(option) && o.value === option.value)?.raw ?? null;
  const selectedMany = (options: unknown) =>
    (Array.isArray(options) ? options : []).map(selected).filter((o) => o !== null);
  if (TEXT_TYPES.has(type)) return { type, value: str(e.initial_value) ?? null };
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: selected(e.initial_option) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: selectedMany(e.initial_options) };
    case 'datepicker':
      return { type, selected_date: str(e.initial_date) ?? null };
    case 'timepicker':
      return { type, selected_time: str(e.initial_time) ?? null };
    case 'users_select':
      return { type, selected_user: str(e.initial_user) ?? null };
    case 'multi_users_select':
      return { type, selected_users: Array.isArray(e.initial_users) ? e.initial_users : [] };
    case 'conversations_select':
      return { type, selected_conversation: str(e.initial_conversation) ?? null };
    case 'multi_conversations_select':
      return {
        type,
        selected_conversations: Array.isArray(e.initial_conversations)
          ? e.initial_conversations
          : [],
      };
    case 'channels_select':
      return { type, selected_channel: str(e.initial_channel) ?? null };
    case 'multi_channels_select':
      return {
        type,
        selected_channels: Array.isArray(e.initial_channels) ? e.initial_channels : [],
      };
    default:
      return { type };
  }
}

/** The field emptied (`-`). */
export function clearedState(field: FormField): Json {
  const empty = initialState({ ...field, element: { type: field.type } });
  return { ...empty, type: field.type };
}

/** What a field holds, as a person reads it ('' when it holds nothing). */
export function describeState(state: Json, lookup: Lookup): string {
  const optionText = (option: unknown) =>
    isObject(option) && isObject(option.text) ? (str(option.text.text) ?? '') : '';
  const list = (value: unknown, name: (id: string) => string) =>
    (Array.isArray(value) ? value : []).map((id) => name(String(id))).join(', ');
  const person = (id: string) => `@${lookup.userName(id) ?? id}`;
  const conversation = (id: string) => `#${lookup.conversationName(id) ?? id}`;
  if ('value' in state) return str(state.value) ?? '';
  if ('selected_option' in state) return optionText(state.selected_option);
  if ('selected_options' in state) {
    return (Array.isArray(state.selected_options) ? state.selected_options : [])
      .map(optionText)
      .join(', ');
  }
  if ('selected_date' in state) return str(state.selected_date) ?? '';
  if ('selected_time' in state) return str(state.selected_time) ?? '';
  if ('selected_user' in state)
    return state.selected_user ? person(String(state.selected_user)) : '';
  if ('selected_users' in state) return list(state.selected_users, person);
  if ('selected_conversation' in state) {
    return state.selected_conversation ? conversation(String(state.selected_conversation)) : '';
  }
  if ('selected_conversations' in state) return list(state.selected_conversations, conversation);
  if ('selected_channel' in state) {
    return state.selected_channel ? conversation(String(state.selected_channel)) : '';
  }
  if ('selected_channels' in state) return list(state.selected_channels, conversation);
  return '';
}

/** How to answer a field, said once before it is asked. */
export function answerHelp(field: FormField): string {
  switch (field.type) {
    case 'plain_text_input':
      return field.element.multiline === true ? 'type a new line as \\n' : '';
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return 'a number or the option’s words';
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return 'numbers, e.g. 1 3';
    case 'datepicker':
      return 'YYYY-MM-DD';
    case 'timepicker':
      return 'HH:MM';
    case 'users_select':
      return 'a name, e.g. priya';
    case 'multi_users_select':
      return 'names, e.g. priya sam';
    case 'conversations_select':
    case 'channels_select':
      return 'a channel, e.g. #eng';
    case 'multi_conversations_select':
    case 'multi_channels_select':
      return 'channels, e.g. #eng #leads';
    default:
      return '';
  }
}

/**
 * Reads what was typed for a field: '' keeps what the field holds (`current`), `-` empties
 * it. Slack's own checks come last: nothing it would refuse is ever sent.
 */
export function answerField(
  field: FormField,
  typed: string,
  current: Json,
  lookup: Lookup,
): FieldAnswer {
  const text = typed.trim();
  let answer: FieldAnswer;
  if (text === '') answer = { ok: true, state: current };
  else if (text === '-') answer = { ok: true, state: clearedState(field) };
  else answer = readAnswer(field, typed, lookup);
  if (!answer.ok) return answer;
  return slackChecks(field, answer.state, lookup) ?? answer;
}

function readAnswer(field: FormField, typed: string, lookup: Lookup): FieldAnswer {
  const type = field.type;
  const text = typed.trim();
  const ok = (state: Json): FieldAnswer => ({ ok: true, state: { type, ...state } });
  const problem = (message: string): FieldAnswer => ({ ok: false, problem: message });
  switch (type) {
    case 'plain_text_input':
      return ok({ value: field.element.multiline === true ? typed.replace(/\\n/g, '\n') : typed });
    case 'email_text_input':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)
        ? ok({ value: text })
        : problem('Slack: enter an email address.');
    case 'url_text_input':
      return /^https?:\/\/\S+$/.test(text) ? ok({ value: text }) : problem('Slack: enter a URL.');
    case 'number_input':
      return readNumber(field, text);
    case 'static_select':
    case 'external_select':
    case 'radio_buttons': {
      const [option, ...more] = pickOptions(field.options, text);
      if (!option || more.length > 0) return problem(`Pick one of 1–${field.options.length}.`);
      return ok({ selected_option: option.raw });
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes': {
      const picked = pickOptions(field.options, text);
      if (picked.length === 0) return problem(`Pick from 1–${field.options.length}.`);
      return ok({ selected_options: picked.map((option) => option.raw) });
    }
    case 'datepicker':
      return isDate(text) ? ok({ selected_date: text }) : problem('A date is YYYY-MM-DD.');
    case 'timepicker':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(text)
        ? ok({ selected_time: text })
        : problem('A time is HH:MM, 00:00 to 23:59.');
    case 'users_select': {
      const id = lookup.user(text);
      return id ? ok({ selected_user: id }) : problem(`Nobody here is called “${text}”.`);
    }
    case 'multi_users_select': {
      const names = words(text);
      const ids = names.map((name) => lookup.user(name));
      const unknown = names.filter((_name, i) => ids[i] === undefined);
      if (unknown.length > 0) return problem(`Nobody here is called “${unknown.join('”, “')}”.`);
      return ok({ selected_users: ids });
    }
    case 'conversations_select':
    case 'channels_select': {
      const id = lookup.conversation(text);
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      return id ? ok({ [key]: id }) : problem(`There is no channel “${text}”.`);
    }
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const names = words(text);
      const ids = names.map((name) => lookup.conversation(name));
      const unknown = names.filter((_name, i) => ids[i] === undefined);
      if (unknown.length > 0) return problem(`There is no channel “${unknown.join('”, “')}”.`);
      const key = type === 'multi_channels_select' ? 'selected_channels' : 'selected_conversations';
      return ok({ [key]: ids });
    }
    default:
      return problem(`The sandbox cannot fill a ${type} yet.`);
  }
}

function readNumber(field: FormField, text: string): FieldAnswer {
  const decimal = field.element.is_decimal_allowed === true;
  if (!(decimal ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/).test(text)) {
    return {
      ok: false,
      problem: decimal ? 'Slack: enter a number.' : 'Slack: enter a whole number.',
    };
  }
  const value = Number(text);
  const min = Number(field.element.min_value ?? Number.NEGATIVE_INFINITY);
  const max = Number(field.element.max_value ?? Number.POSITIVE_INFINITY);
  if (value < min || value > max) {
    return { ok: false, problem: `Slack: enter a number from ${min} to ${max}.` };
  }
  return { ok: true, state: { type: field.type, value: text } };
}

const words = (text: string) => text.split(/[\s,]+/).filter((word) => word !== '');

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Options by number (`2`, `1 3`), or the one whose words start with what was typed. */
function pickOptions(options: Option[], text: string): Option[] {
  const numbers = words(text);
  if (numbers.every((word) => /^\d+$/.test(word))) {
    const picked = numbers.map((word) => options[Number(word) - 1]);
    return picked.every((option) => option !== undefined) ? (picked as Option[]) : [];
  }
  const wanted = text.toLowerCase();
  const exact = options.filter((option) => option.text.toLowerCase() === wanted);
  if (exact.length > 0) return exact;
  return options.filter((option) => option.text.toLowerCase().startsWith(wanted));
}

/** What Slack's client refuses before sending: an empty required field, a length out of bounds. */
function slackChecks(field: FormField, state: Json, lookup: Lookup): FieldAnswer | undefined {
  const shown = describeState(state, lookup);
  if (shown === '') {
    return field.optional ? undefined : { ok: false, problem: 'Slack: this field is required.' };
  }
  if (field.type !== 'plain_text_input') return undefined;
  const min = Number(field.element.min_length ?? 0);
  const max = Number(field.element.max_length ?? 3000);
  if (shown.length < min) {
    return { ok: false, problem: `Slack: at least ${min} characters, please.` };
  }
  if (shown.length > max) {
    return { ok: false, problem: `Slack: at most ${max} characters (this is ${shown.length}).` };
  }
  return undefined;
}
