import { z } from 'zod';
import { problemsOf } from './failures.js';

/**
 * What a signed request body is, and whether it has what Bolt and Mailroom's listeners read
 * before they can answer. Bolt tells kinds apart by a few fields, in this order (its
 * getTypeAndConversation), then reads user, team, channel, view and actions without checking
 * them; a body that lacks one makes Bolt throw (HTTP 500) or hold the request unanswered.
 */
export type SlackRequestReading =
  | { outcome: 'dispatch'; kind: string; body: Record<string, unknown> }
  | { outcome: 'url_verification'; challenge: string }
  | { outcome: 'ignore'; kind: string }
  | { outcome: 'reject'; kind: string; problem: string };

const object = z.looseObject({});
const httpUrl = z.url({ protocol: /^https?$/ });
const user = z.looseObject({ id: z.string() });
const team = z.looseObject({ id: z.string() }).nullish();
const channel = z.looseObject({ id: z.string() });
const responseUrls = z.array(z.looseObject({ response_url: httpUrl })).optional();
/** Fields every interactive payload (actions, options, shortcuts, views) carries. */
const interactive = {
  user,
  team,
  enterprise: object.nullish(),
  response_url: httpUrl.optional(),
  response_urls: responseUrls,
};

const eventCallback = z.looseObject({
  event: z.looseObject({
    type: z.string(),
    user: z.union([z.string(), object]).optional(),
    channel: z.union([z.string(), object]).optional(),
    item: object.optional(),
    subteam: object.optional(),
  }),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  authorizations: z.array(object).optional(),
});

const slashCommand = z.looseObject({
  command: z.string(),
  text: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  team_id: z.string().optional(),
  response_url: httpUrl,
  trigger_id: z.string().optional(),
});

const options = z.looseObject({ ...interactive, channel: channel.optional() });

const actions = z.looseObject({
  ...interactive,
  channel: channel.optional(),
  view: z.looseObject({ id: z.string(), type: z.string() }).optional(),
  actions: z.array(object).min(1).optional(),
});

const blockActions = actions.extend({
  actions: z
    .array(z.looseObject({ action_id: z.string(), block_id: z.string().optional() }))
    .min(1),
});

const shortcut = z.looseObject({ ...interactive, callback_id: z.string() });

const messageAction = shortcut.extend({
  channel,
  message: object,
  response_url: httpUrl,
});

const viewBase = {
  ...interactive,
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().optional(),
  }),
};
const viewSubmission = z.looseObject({
  ...viewBase,
  view: viewBase.view.extend({
    private_metadata: z.string(),
    state: z.looseObject({ values: z.record(z.string(), z.unknown()) }),
  }),
});
const viewClosed = z.looseObject(viewBase);

function kindOf(body: Record<string, unknown>): { kind: string; schema: z.ZodType } | undefined {
  const type = typeof body.type === 'string' ? body.type : undefined;
  if (body.event !== undefined) return { kind: 'event_callback', schema: eventCallback };
  if (body.command !== undefined) return { kind: 'slash command', schema: slashCommand };
  if (body.name !== undefined || type === 'block_suggestion')
    return { kind: type ?? 'options', schema: options };
  if (type === 'block_actions') return { kind: type, schema: blockActions };
  if (body.actions !== undefined || type === 'dialog_submission')
    return { kind: type ?? 'actions', schema: actions };
  if (type === 'shortcut') return { kind: type, schema: shortcut };
  if (type === 'message_action') return { kind: type, schema: messageAction };
  if (type === 'view_submission') return { kind: type, schema: viewSubmission };
  if (type === 'view_closed') return { kind: type, schema: viewClosed };
  return undefined;
}

/** Reads a parsed, signed request body. */
export function readSlackRequest(body: unknown): SlackRequestReading {
  const parsed = object.safeParse(body);
  if (!parsed.success) {
    const what = body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
    return { outcome: 'reject', kind: 'body', problem: `the body is ${what}, not an object` };
  }
  const record = parsed.data;
  if (record.ssl_check === '1') return { outcome: 'ignore', kind: 'ssl_check' };
  if (record.type === 'url_verification') {
    if (typeof record.challenge === 'string')
      return { outcome: 'url_verification', challenge: record.challenge };
    return { outcome: 'reject', kind: 'url_verification', problem: 'challenge: not a string' };
  }
  const known = kindOf(record);
  if (!known) {
    const type = typeof record.type === 'string' ? record.type : 'untyped';
    return { outcome: 'ignore', kind: type };
  }
  const checked = known.schema.safeParse(record);
  if (!checked.success)
    return { outcome: 'reject', kind: known.kind, problem: problemsOf(checked.error) };
  return { outcome: 'dispatch', kind: known.kind, body: record };
}

/**
 * A message shortcut's payload, as Mailroom reads it: who used it, in which conversation, on
 * which message. The message's own words are only a hint: listeners read them from Slack
 * again before anything is saved or asked.
 */
export const messageShortcutSchema = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string(), name: z.string().optional() }),
  message: z.looseObject({
    ts: z.string(),
    thread_ts: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    subtype: z.string().optional(),
    text: z.string().optional(),
    attachments: z
      .array(z.looseObject({ text: z.string().optional(), fallback: z.string().optional() }))
      .optional(),
  }),
});

/**
 * What a request was, for counting: Slack's request kinds as Bolt tells them apart, a
 * request refused before its kind was known (`unsigned`, `unreadable`), one Mailroom
 * acknowledges and ignores, another route's path, or one nothing serves (`not_found`).
 */
const REQUEST_KINDS = [
  'slash command',
  'event_callback',
  'block_actions',
  'block_suggestion',
  'options',
  'interactive_message',
  'dialog_submission',
  'actions',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
  'url_verification',
  'ssl_check',
  'ignored',
  'unsigned',
  'unreadable',
  'replayed',
  'not_found',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number] | `route ${string}`;

/** What a request Slack sent was, from how it reads. */
export function requestKindOf(reading: SlackRequestReading): RequestKind {
  if (reading.outcome === 'url_verification') return 'url_verification';
  if (reading.outcome === 'ignore' && reading.kind !== 'ssl_check') return 'ignored';
  return REQUEST_KINDS.find((known) => known === reading.kind) ?? 'unreadable';
}
