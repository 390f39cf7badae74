/**
 * Slack surfaces as readable text, for the sandbox: mrkdwn, Block Kit blocks, messages and
 * views. Pure: names, the reader's time zone and the current instant are given. Every element
 * a person can act on is handed to `number`, which gives it the number shown next to it.
 */
import { formatInTimeZone } from 'date-fns-tz';

export type Json = Record<string, unknown>;

export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

export interface RenderContext {
  names: Names;
  /** The reader's zone, for `<!date^…>` tokens. */
  timeZone: string;
  now: number;
  /** Numbers an element a person can act on; absent, elements are shown without numbers. */
  number?: (blockId: string, element: Json) => number;
}

export interface Option {
  text: string;
  value: string;
  description?: string;
  /** The option object exactly as the app sent it (Slack sends it back as selected). */
  raw: Json;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asObjects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// ---------------------------------------------------------------- text

/** mrkdwn as a person reads it: mentions by name, links with their label, dates in their zone. */
export function mrkdwnToText(text: string, ctx: RenderContext): string {
  return text
    .replace(/^>\s?/gm, '> ')
    .replace(/<([^<>\n]+)>/g, (_match, inner: string) => special(inner, ctx))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function special(inner: string, ctx: RenderContext): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `@${ctx.names.user(id) ?? label ?? id}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `#${ctx.names.channel(id) ?? label ?? id}`;
  }
  if (target.startsWith('!date^')) return dateToken(target, label, ctx);
  if (target.startsWith('!subteam^')) return label ?? '@group';
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  return label ? `${label} (${target})` : target;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `<!date^seconds^{date_short_pretty} at {time}^link|fallback>`, in the reader's zone. */
function dateToken(target: string, fallback: string | undefined, ctx: RenderContext): string {
  const [, seconds = '', format = ''] = target.split('^');
  const at = Number(seconds) * 1000;
  if (!Number.isFinite(at) || format === '') return fallback ?? target;
  const zone = ctx.timeZone;
  const day = (instant: number) => formatInTimeZone(instant, zone, 'yyyy-MM-dd');
  const pretty = (pattern: string) => {
    if (day(at) === day(ctx.now)) return 'today';
    if (day(at) === day(ctx.now + DAY_MS)) return 'tomorrow';
    if (day(at) === day(ctx.now - DAY_MS)) return 'yesterday';
    return formatInTimeZone(at, zone, pattern);
  };
  const tokens: Record<string, () => string> = {
    date_num: () => formatInTimeZone(at, zone, 'yyyy-MM-dd'),
    date: () => formatInTimeZone(at, zone, 'MMMM do, yyyy'),
    date_short: () => formatInTimeZone(at, zone, 'MMM d, yyyy'),
    date_long: () => formatInTimeZone(at, zone, 'EEEE, MMMM do, yyyy'),
    date_pretty: () => pretty('MMMM do, yyyy'),
    date_short_pretty: () => pretty('MMM d, yyyy'),
    date_long_pretty: () => pretty('EEEE, MMMM do, yyyy'),
    time: () => formatInTimeZone(at, zone, 'HH:mm'),
    time_secs: () => formatInTimeZone(at, zone, 'HH:mm:ss'),
    ago: () => agoText(at - ctx.now),
  };
  return format.replace(/\{(\w+)\}/g, (match, token: string) => tokens[token]?.() ?? match);
}

function agoText(deltaMs: number): string {
  const minutes = Math.round(Math.abs(deltaMs) / 60_000);
  const amount =
    minutes < 60
      ? `${minutes} minute${minutes === 1 ? '' : 's'}`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / 1440)} days`;
  return deltaMs >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** A text object (mrkdwn or plain_text) as text. */
export function textObject(value: unknown, ctx: RenderContext): string {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return '';
  const text = str(value.text) ?? '';
  return value.type === 'mrkdwn' ? mrkdwnToText(text, ctx) : text;
}

// ---------------------------------------------------------------- elements

/** An element's options (static selects, overflow menus, radio buttons, checkboxes), groups flattened. */
export function optionsOf(element: Json): Option[] {
  const groups = asObjects(element.option_groups).flatMap((group) => asObjects(group.options));
  return [...asObjects(element.options), ...groups].map((raw) => {
    const description = isObject(raw.description) ? str(raw.description.text) : undefined;
    return {
      text: isObject(raw.text) ? (str(raw.text.text) ?? '') : '',
      value: str(raw.value) ?? '',
      ...(description ? { description } : {}),
      raw,
    };
  });
}

/** The options already chosen in an element as the app sent it. */
function initialValues(element: Json): string[] {
  const one = isObject(element.initial_option) ? [str(element.initial_option.value)] : [];
  const many = asObjects(element.initial_options).map((option) => str(option.value));
  return [...one, ...many].filter((value): value is string => value !== undefined);
}

const PICKERS: Record<string, string> = {
  users_select: 'a person',
  multi_users_select: 'people',
  conversations_select: 'a conversation',
  multi_conversations_select: 'conversations',
  channels_select: 'a channel',
  multi_channels_select: 'channels',
  external_select: 'an option',
  multi_external_select: 'options',
};

/** One element as lines; its number (when it has one) first. */
export function renderElement(element: Json, blockId: string, ctx: RenderContext): string[] {
  const type = str(element.type) ?? 'element';
  const tag = (text: string) => {
    const number = ctx.number?.(blockId, element);
    return number === undefined ? `[${text}]` : `[${number}] ${text}`;
  };
  const label = textObject(element.text, ctx) || textObject(element.placeholder, ctx);
  switch (type) {
    case 'button': {
      const url = str(element.url);
      return [tag(url ? `${label} ↗ ${url}` : label)];
    }
    case 'static_select':
    case 'multi_static_select':
    case 'overflow':
    case 'radio_buttons':
    case 'checkboxes': {
      const head =
        type === 'overflow'
          ? '⋯'
          : `${label || (type === 'checkboxes' ? 'Tick' : 'Choose')} ▾`.trim();
      return [tag(head), ...optionLines(element)];
    }
    case 'datepicker':
      return [tag(`date ▾ ${str(element.initial_date) ?? label}`.trim())];
    case 'timepicker':
      return [tag(`time ▾ ${str(element.initial_time) ?? label}`.trim())];
    case 'image':
      return [`[image: ${str(element.alt_text) ?? ''}]`];
    default: {
      const picker = PICKERS[type];
      if (picker) return [tag(`${label || `Pick ${picker}`} ▾`)];
      return [tag(label || type)];
    }
  }
}

function optionLines(element: Json): string[] {
  const chosen = new Set(initialValues(element));
  return optionsOf(element).map((option, index) => {
    const mark = chosen.has(option.value) ? ' (selected)' : '';
    const detail = option.description ? ` · ${option.description}` : '';
    return `      ${index + 1}) ${option.text}${mark}${detail}`;
  });
}

// ---------------------------------------------------------------- blocks

/** Input blocks inside a view, described rather than numbered: the sandbox asks for them. */
function inputLines(block: Json, ctx: RenderContext): string[] {
  const element = isObject(block.element) ? block.element : {};
  const label = textObject(block.label, ctx);
  const optional = block.optional === true ? ' (optional)' : '';
  const lines = [`${label}${optional}: ${describeInput(element, ctx)}`];
  const hint = textObject(block.hint, ctx);
  if (hint) lines.push(`  ${hint}`);
  const options = optionLines(element);
  return [...lines, ...options];
}

function describeInput(element: Json, ctx: RenderContext): string {
  const type = str(element.type) ?? 'input';
  const placeholder = textObject(element.placeholder, ctx);
  switch (type) {
    case 'plain_text_input': {
      const kind = element.multiline === true ? 'text, several lines' : 'text';
      const initial = str(element.initial_value);
      if (initial) return `[${kind}: ${initial.replace(/\n/g, ' ⏎ ')}]`;
      return placeholder ? `[${kind}, e.g. ${placeholder}]` : `[${kind}]`;
    }
    case 'datepicker':
      return `[date${element.initial_date ? `: ${str(element.initial_date)}` : ''}]`;
    case 'timepicker':
      return `[time${element.initial_time ? `: ${str(element.initial_time)}` : ''}]`;
    case 'static_select':
    case 'radio_buttons':
      return '[pick one]';
    case 'multi_static_select':
    case 'checkboxes':
      return '[pick any]';
    case 'users_select': {
      const initial = str(element.initial_user);
      return initial ? `[a person: @${ctx.names.user(initial) ?? initial}]` : '[a person]';
    }
    default:
      return `[${PICKERS[type] ?? type.replace(/_/g, ' ')}]`;
  }
}

function indent(lines: string[], by = '  '): string[] {
  return lines.map((line) => `${by}${line}`);
}

function textLines(text: string): string[] {
  return text.split('\n');
}

function richText(element: Json): string {
  const pieces = asObjects(element.elements).map((piece) => {
    if (piece.type === 'text' || piece.type === 'link') return str(piece.text) ?? str(piece.url);
    if (piece.type === 'user') return `@${str(piece.user_id) ?? ''}`;
    if (piece.type === 'channel') return `#${str(piece.channel_id) ?? ''}`;
    if (piece.type === 'emoji') return `:${str(piece.name) ?? ''}:`;
    return richText(piece);
  });
  const text = pieces.join('');
  if (element.type === 'rich_text_list') return pieces.map((line) => `• ${line}`).join('\n');
  if (element.type === 'rich_text_quote') return `> ${text}`;
  if (element.type === 'rich_text_preformatted') return `\`\`\`${text}\`\`\``;
  return text;
}

/** One block as lines. */
export function renderBlock(block: Json, ctx: RenderContext): string[] {
  const blockId = str(block.block_id) ?? '';
  switch (block.type) {
    case 'section': {
      const lines = block.text ? textLines(textObject(block.text, ctx)) : [];
      for (const field of asObjects(block.fields)) lines.push(...textLines(textObject(field, ctx)));
      if (isObject(block.accessory)) {
        lines.push(...indent(renderElement(block.accessory, blockId, ctx)));
      }
      return lines;
    }
    case 'header':
      return [`== ${textObject(block.text, ctx)} ==`];
    case 'divider':
      return ['────────'];
    case 'context': {
      const parts = asObjects(block.elements).map((element) =>
        element.type === 'image'
          ? `[${str(element.alt_text) ?? 'image'}]`
          : textObject(element, ctx),
      );
      return indent(textLines(parts.join(' · ')));
    }
    case 'actions': {
      const rendered = asObjects(block.elements).map((e) => renderElement(e, blockId, ctx));
      const simple = rendered.every((lines) => lines.length === 1);
      return simple ? [rendered.map((lines) => lines[0]).join('  ')] : rendered.flat();
    }
    case 'input':
      return inputLines(block, ctx);
    case 'image':
      return [`[image: ${str(block.alt_text) ?? ''}]`];
    case 'rich_text':
      return asObjects(block.elements).flatMap((element) => textLines(richText(element)));
    case 'video':
      return [`[video: ${textObject(block.title, ctx)}]`];
    default:
      return [`[${str(block.type) ?? 'unknown'} block]`];
  }
}

export function renderBlocks(blocks: unknown, ctx: RenderContext): string[] {
  return asObjects(blocks).flatMap((block) => renderBlock(block, ctx));
}

// ---------------------------------------------------------------- messages and views

export interface MessageContent {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}

/** What a message shows: its blocks when it has them (Slack then shows no text), else its text. */
export function renderMessage(message: MessageContent, ctx: RenderContext): string[] {
  const blocks = asObjects(message.blocks);
  const lines =
    blocks.length > 0
      ? renderBlocks(blocks, ctx)
      : textLines(mrkdwnToText(str(message.text) ?? '', ctx));
  for (const attachment of asObjects(message.attachments)) {
    const parts = [
      str(attachment.pretext),
      str(attachment.title),
      str(attachment.text),
      ...asObjects(attachment.fields).map((f) => `${str(f.title) ?? ''}: ${str(f.value) ?? ''}`),
    ].filter((part): part is string => part !== undefined && part !== '');
    const body = [
      ...parts.flatMap((part) => textLines(mrkdwnToText(part, ctx))),
      ...renderBlocks(attachment.blocks, ctx),
    ];
    const shown = body.length > 0 ? body : textLines(str(attachment.fallback) ?? '');
    lines.push(...indent(shown, '│ '));
  }
  return lines;
}

/** A modal's or a Home tab's blocks; a modal ends with its buttons (its title is the caller's to show). */
export function renderView(view: Json, ctx: RenderContext): string[] {
  const body = renderBlocks(view.blocks, ctx);
  if (view.type === 'home') return body;
  const submit = textObject(view.submit, ctx);
  const close = textObject(view.close, ctx) || 'Close';
  return [...body, submit ? `[${submit}]  [${close}]` : `[${close}]`];
}
