import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FakeSocketMode } from './fake-socket-mode.js';

export type Json = Record<string, unknown>;

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  tz: string | null;
  tzOffset?: number;
  deleted?: boolean;
  isBot?: boolean;
  isAdmin?: boolean;
  isOwner?: boolean;
  /** A multi-channel guest (is_restricted). */
  isRestricted?: boolean;
  /** A single-channel guest (is_ultra_restricted). */
  isUltraRestricted?: boolean;
  /** The profile's status ("Vacationing", ":palm_tree:"), and when it expires (epoch seconds). */
  statusText?: string;
  statusEmoji?: string;
  statusExpiration?: number;
  /** Slack's status; `expiration` in seconds, 0 when it does not expire. */
  status?: { text: string; emoji: string; expiration?: number };
}

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  isIm?: boolean;
  members: string[];
  archived?: boolean;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  status: number;
  response: Json;
}

export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  type: 'message';
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: Json;
  thread_ts?: string;
  [key: string]: unknown;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

/** A canvas made through the API. */
export interface FakeCanvas {
  id: string;
  title: string;
  markdown: string;
  /** The channel whose canvas tab it is (conversations.canvases.create); null when standalone. */
  channelTab: string | null;
  /** Who it is shared with (canvases.access.set), in order: channels and people. */
  access: { id: string; level: 'read' | 'write' }[];
  /** The canvases.edit calls it took. */
  edits: number;
  /** When it was made (epoch seconds), as files.info and files.list give it. */
  created: number;
  /** Who made it: the bot user, for a canvas made with the bot token. */
  creator: string;
}

/** Which field of a List's cell holds its value, by the column's type. */
const LIST_CELL_FIELD: Record<string, string> = { text: 'rich_text' };

/** The plain text of rich text blocks. */
function richTextPlain(blocks: unknown[]): string {
  const words: string[] = [];
  const walk = (node: unknown) => {
    if (!isObject(node)) return;
    if (node.type === 'text' && typeof node.text === 'string') words.push(node.text);
    for (const child of (node.elements ?? []) as unknown[]) walk(child);
  };
  for (const block of blocks) walk(block);
  return words.join('');
}

/** The refusals of a channel canvas alone; the others refuse every canvas method. */
const CHANNEL_CANVAS_REFUSALS: readonly string[] = [
  'channel_canvas_already_exists',
  'free_team_canvas_tab_already_exists',
  'team_tier_cannot_create_channel_canvases',
];

/** How a workspace refuses canvases (see FakeSlack.canvasRefusal). */
export type CanvasRefusal =
  | 'channel_canvas_already_exists'
  | 'free_team_canvas_tab_already_exists'
  | 'team_tier_cannot_create_channel_canvases'
  | 'canvas_disabled_user_team'
  | 'restricted_action';

/** A column of a List made through the API, with the id Slack gave it. */
export interface FakeListColumn {
  id: string;
  key: string;
  name: string;
  type: string;
  is_primary_column?: boolean;
  options?: Json;
}

/** A cell of a List's item, as slackLists.items.create and update take it (column_id and one value). */
export type FakeListCell = Json & { column_id: string };

/** An item of a List: its cells by column id. */
export interface FakeListItem {
  id: string;
  cells: Map<string, FakeListCell>;
  createdAt: number;
  updatedAt: number;
}

/** A List made through the API: its columns, its items and who it is shared with. */
export interface FakeList {
  id: string;
  name: string;
  description: unknown[];
  schema: FakeListColumn[];
  items: Map<string, FakeListItem>;
  /** Who it is shared with (slackLists.access.set), in order: channels and people. */
  access: { id: string; level: 'read' | 'write' | 'owner' }[];
}

export interface FakeSlackOptions {
  users?: FakeUser[];
  channels?: FakeChannel[];
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  appId?: string;
  botToken?: string;
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  appToken?: string;
  usersPageSize?: number;
  enforceRateLimits?: boolean;
  /**
   * With enforceRateLimits, also a workspace-wide limit per method (chat.postMessage: "several
   * hundred messages a minute" across all conversations), on top of each method's own.
   */
  workspaceLimits?: Record<string, { perMinute: number; burst: number }>;
  /** Adds the app's bot user and USLACKBOT (tz null) to the directory, as a real workspace has. Default true. */
  builtInUsers?: boolean;
  /** chat.postMessage / conversations.history answer not_in_channel when the bot is not a member. Default false. */
  requireMembership?: boolean;
  /**
   * A private channel the bot is not in does not exist for it, as in Slack: conversations.info,
   * conversations.members, conversations.replies / history and chat.post* answer
   * channel_not_found. Default false.
   */
  hidePrivateChannelsFromBot?: boolean;
  scopes?: string[];
  /**
   * Starts in the state another fake was in (its `state()`): its directory, conversations,
   * messages and views. `users` and `channels` are not added then.
   */
  state?: FakeSlackState;
  /** Clock in milliseconds for message ts, tz offsets and rate limits. Default Date.now. */
  now?: () => number;
  /** How long an idle kept-alive connection stays open. Default Node's 5 s. */
  keepAliveTimeoutMs?: number;
}

export const FAKE_SLACK_DEFAULTS = {
  teamId: 'T0MAILROOM',
  teamDomain: 'mailroom-test',
  teamName: 'Mailroom Test',
  botUserId: 'U0MAILBOT',
  botId: 'B0MAILBOT',
  botName: 'mailroom',
  appId: 'A0MAILROOM',
  botToken: 'xoxb-test-token',
  appToken: 'xapp-test-token',
  scopes: [
    'chat:write',
    'commands',
    'users:read',
    'channels:read',
    'groups:read',
    'im:write',
    'im:history',
    'channels:history',
  ],
} as const;

const SAMPLES_DIR = fileURLToPath(new URL('../fixtures/slack/', import.meta.url));
const sampleTexts = new Map<string, string>();

/** A fresh deep copy of a sample under test/fixtures/slack. */
export function loadSlackSample<T = Json>(relativePath: string): T {
  let text = sampleTexts.get(relativePath);
  if (text === undefined) {
    text = readFileSync(`${SAMPLES_DIR}${relativePath}`, 'utf8');
    sampleTexts.set(relativePath, text);
  }
  return JSON.parse(text) as T;
}

/** The stable DM channel id the fake gives a user: 'U0ALICE' -> 'D0ALICE'. */
export function dmChannelIdFor(userId: string): string {
  return `D${userId.slice(1)}`;
}

// ---------------------------------------------------------------- small helpers

type Args = Record<string, unknown>;

const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'options',
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function omit(object: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function ok(body: Json = {}): Json {
  return { ok: true, ...body };
}

function fail(error: string, extra: Json = {}): Json {
  return { ok: false, error, ...extra };
}

/** An API error raised by a helper; handlers return its body. */
class Failure {
  constructor(readonly body: Json) {}
}

function failure(error: string, extra: Json = {}): Failure {
  return new Failure(fail(error, extra));
}

function invalidArguments(message: string): Failure {
  return failure('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

/**
 * Block Kit's limits on a view, as Slack checks them on views.open, views.update and
 * views.publish (the @slack/types 2.x descriptions): 100 blocks, 25 elements in an actions block,
 * 3000 characters of section text, and for a select 100 options or 100 groups of 100, each
 * option's text at most 75 characters and value 150. The first problem, as Slack words it, with
 * where it is.
 */
export function viewLimitProblem(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  if (blocks.length > 100) return 'must be less than 101 items [json-pointer:/view/blocks]';
  for (const [b, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const at = `/view/blocks/${b}`;
    const text = isObject(block.text) ? block.text.text : undefined;
    if (typeof text === 'string' && text.length > 3000) {
      return `must be less than 3001 characters [json-pointer:${at}/text/text]`;
    }
    const elements = Array.isArray(block.elements) ? block.elements : [];
    if (block.type === 'actions' && elements.length > 25) {
      return `must be less than 26 items [json-pointer:${at}/elements]`;
    }
    const accessory = isObject(block.accessory) ? [block.accessory] : [];
    for (const [e, element] of [...elements, ...accessory].entries()) {
      if (!isObject(element)) continue;
      const problem = selectProblem(element, `${at}/elements/${e}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function selectProblem(element: Json, at: string): string | undefined {
  const { options, option_groups: groups } = element;
  if (options !== undefined && groups !== undefined) {
    return `must provide either options or option_groups, not both [json-pointer:${at}]`;
  }
  const lists: [unknown[], string][] = Array.isArray(options) ? [[options, `${at}/options`]] : [];
  if (Array.isArray(groups)) {
    if (groups.length > 100)
      return `must be less than 101 items [json-pointer:${at}/option_groups]`;
    for (const [g, group] of groups.entries()) {
      const label = isObject(group) && isObject(group.label) ? group.label.text : undefined;
      if (typeof label === 'string' && label.length > 75) {
        return `must be less than 76 characters [json-pointer:${at}/option_groups/${g}/label/text]`;
      }
      const groupOptions = isObject(group) && Array.isArray(group.options) ? group.options : [];
      lists.push([groupOptions, `${at}/option_groups/${g}/options`]);
    }
  }
  for (const [list, where] of lists) {
    if (list.length > 100) return `must be less than 101 items [json-pointer:${where}]`;
    for (const [o, option] of list.entries()) {
      if (!isObject(option)) continue;
      const text = isObject(option.text) ? option.text.text : undefined;
      if (typeof text === 'string' && text.length > 75) {
        return `must be less than 76 characters [json-pointer:${where}/${o}/text/text]`;
      }
      if (typeof option.value === 'string' && option.value.length > 150) {
        return `must be less than 151 characters [json-pointer:${where}/${o}/value]`;
      }
    }
  }
  return undefined;
}

function argString(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function argFlag(args: Args, key: string): boolean {
  const value = argString(args, key);
  return value === 'true' || value === '1';
}

function argLimit(args: Args, fallback: number): number {
  const parsed = Number.parseInt(argString(args, 'limit') ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function expandJsonFields(args: Args): Args {
  const expanded: Args = { ...args };
  for (const [key, value] of Object.entries(args)) {
    if (!JSON_FIELDS.has(key) || typeof value !== 'string') continue;
    try {
      expanded[key] = JSON.parse(value);
    } catch {
      expanded[key] = value;
    }
  }
  return expanded;
}

function tsToMicros(ts: string | undefined): number | undefined {
  if (ts === undefined || !/^\d+(\.\d+)?$/.test(ts)) return undefined;
  const [seconds = '0', fraction = ''] = ts.split('.');
  return Number(seconds) * 1e6 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

function microsToTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function compareTs(a: { ts: string }, b: { ts: string }): number {
  return (tsToMicros(a.ts) ?? 0) - (tsToMicros(b.ts) ?? 0);
}

function zoneName(tz: string, at: Date, style: 'long' | 'longOffset'): string | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style });
    return parts.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
}

function zoneOffsetSeconds(tz: string, at: Date): number {
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zoneName(tz, at, 'longOffset') ?? '');
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === '-' ? -seconds : seconds;
}

// ---------------------------------------------------------------- cursor pagination

interface Page<T> {
  items: T[];
  nextCursor: string;
}

function encodeCursor(kind: string, offset: number): string {
  return Buffer.from(`${kind}:${offset}`).toString('base64');
}

function decodeCursor(kind: string, cursor: string | undefined): number | undefined {
  if (!cursor) return 0;
  const match = new RegExp(`^${kind}:(\\d+)$`).exec(Buffer.from(cursor, 'base64').toString());
  return match ? Number(match[1]) : undefined;
}

function paginate<T>(items: T[], args: Args, kind: string, pageSize: number): Page<T> | undefined {
  const offset = decodeCursor(kind, argString(args, 'cursor'));
  if (offset === undefined) return undefined;
  const end = offset + pageSize;
  return {
    items: items.slice(offset, end),
    nextCursor: end < items.length ? encodeCursor(kind, end) : '',
  };
}

// ---------------------------------------------------------------- response shapes

export interface WorkspaceIdentity {
  teamId: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
}

function tzFields(user: FakeUser, at: Date): Json {
  if (user.tz === null) {
    return { tz: null, tz_label: 'Pacific Standard Time', tz_offset: user.tzOffset ?? -28800 };
  }
  return {
    tz: user.tz,
    tz_label: zoneName(user.tz, at, 'long') ?? user.tz,
    tz_offset: user.tzOffset ?? zoneOffsetSeconds(user.tz, at),
  };
}

/** A user object shaped like users.info / users.list members (and user_change events). */
export function slackUserObject(
  user: FakeUser,
  teamId: string,
  updated: number,
  at = new Date(),
): Json {
  const sample = loadSlackSample('web-api/openapi-examples/users.info.200.json').user as Json;
  const realName = user.realName ?? user.name;
  const profile = {
    ...(sample.profile as Json),
    display_name: user.name,
    display_name_normalized: user.name,
    real_name: realName,
    real_name_normalized: realName,
    email: user.email ?? `${user.name}@example.com`,
    status_text: user.status?.text ?? user.statusText ?? '',
    status_emoji: user.status?.emoji ?? user.statusEmoji ?? '',
    status_expiration: user.status?.expiration ?? user.statusExpiration ?? 0,
    team: teamId,
  };
  const shaped: Json = {
    ...omit(sample, ['tz', 'tz_label', 'tz_offset']),
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: realName,
    is_admin: user.isAdmin ?? false,
    is_owner: user.isOwner ?? false,
    is_restricted: user.isRestricted ?? false,
    is_ultra_restricted: user.isUltraRestricted ?? false,
    is_bot: user.isBot ?? false,
    profile,
    updated,
  };
  return user.deleted ? shaped : { ...shaped, ...tzFields(user, at) };
}

function slackChannelObject(
  channel: FakeChannel,
  identity: WorkspaceIdentity,
  created: number,
): Json {
  const samples = loadSlackSample('web-api/examples/conversations.list.python-slack-sdk.json');
  const sample = (samples.channels as Json[])[0] ?? {};
  const isPrivate = channel.isPrivate ?? false;
  return {
    ...sample,
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    created,
    creator: channel.members[0] ?? identity.botUserId,
    is_channel: !isPrivate,
    is_group: isPrivate,
    is_private: isPrivate,
    is_archived: channel.archived ?? false,
    is_general: false,
    is_member: channel.members.includes(identity.botUserId),
    shared_team_ids: [identity.teamId],
    context_team_id: identity.teamId,
    num_members: channel.members.length,
  };
}

function slackImObject(
  channelId: string,
  user: FakeUser,
  identity: WorkspaceIdentity,
  created: number,
): Json {
  return {
    id: channelId,
    created,
    is_archived: false,
    is_im: true,
    is_org_shared: false,
    context_team_id: identity.teamId,
    updated: created * 1000,
    user: user.id,
    is_user_deleted: user.deleted ?? false,
    priority: 0,
  };
}

function botProfile(identity: WorkspaceIdentity): Json {
  const sample = loadSlackSample('events/examples/message.from-another-app-bot.bolt-python.json');
  const profile = (sample.event as Json).bot_profile as Json;
  return {
    ...profile,
    id: identity.botId,
    name: identity.botName,
    app_id: identity.appId,
    team_id: identity.teamId,
  };
}

function withBlockIds(blocks: unknown[] | undefined): unknown[] | undefined {
  return blocks?.map((block) =>
    isObject(block) && block.block_id === undefined
      ? { ...block, block_id: randomBytes(3).toString('base64url') }
      : block,
  );
}

interface MessageContent {
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: Json;
}

function messageContent(args: Args): MessageContent | Failure {
  const text = argString(args, 'text') ?? '';
  const { blocks, attachments, metadata } = args;
  if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > 50)) {
    return failure('invalid_blocks');
  }
  if (attachments !== undefined && !Array.isArray(attachments)) {
    return failure('invalid_attachments');
  }
  if (metadata !== undefined && !(isObject(metadata) && typeof metadata.event_type === 'string')) {
    return failure('invalid_metadata_format');
  }
  if (text === '' && !blocks?.length && !attachments?.length) return failure('no_text');
  if (text.length > 40000) return failure('msg_too_long');
  return { text, blocks: withBlockIds(blocks), attachments, metadata };
}

function definedOnly(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** The scope a canvas or List method needs (the manifest's reasons name them). */
function scopeNeededBy(method: string): string | undefined {
  if (method === 'slackLists.items.list') return 'lists:read';
  if (method.startsWith('slackLists.')) return 'lists:write';
  if (method.startsWith('canvases.') || method === 'conversations.canvases.create') {
    return 'canvases:write';
  }
  return undefined;
}

// ---------------------------------------------------------------- rate limits

interface RateRule {
  capacity: number;
  perMs: number;
}

const TIER_RULES: Record<string, RateRule> = {
  Tier1: { capacity: 1, perMs: 1 / 60_000 },
  Tier2: { capacity: 20, perMs: 20 / 60_000 },
  Tier3: { capacity: 50, perMs: 50 / 60_000 },
  Tier4: { capacity: 100, perMs: 100 / 60_000 },
  SpecialTier_chat_postMessage: { capacity: 5, perMs: 1 / 1000 },
};

function rateRuleFor(method: string): RateRule | undefined {
  const tiers = loadSlackSample<Record<string, string>>('web-api/rate_limit_tiers.json');
  const tier = tiers[method];
  if (tier === undefined) return undefined;
  return TIER_RULES[tier] ?? TIER_RULES.Tier4;
}

class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number) {}

  /** Takes a token; returns the seconds to wait when the bucket is empty. */
  take(key: string, rule: RateRule): number | undefined {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: rule.capacity, at: now };
    const tokens = Math.min(rule.capacity, bucket.tokens + (now - bucket.at) * rule.perMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return undefined;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / rule.perMs / 1000));
  }

  clear(): void {
    this.buckets.clear();
  }
}

// ---------------------------------------------------------------- waiting for calls

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
}

class Waiters<T> {
  private pending: Waiter<T>[] = [];

  wait(
    existing: T[],
    predicate: (item: T) => boolean,
    timeoutMs: number,
    timeoutError: () => Error,
  ): Promise<T> {
    const match = (item: T) => {
      try {
        return predicate(item);
      } catch {
        return false;
      }
    };
    const found = existing.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.remove(waiter);
        reject(timeoutError());
      }, timeoutMs);
      this.pending.push(waiter);
    });
  }

  notify(item: T): void {
    for (const waiter of [...this.pending]) {
      if (!waiter.match(item)) continue;
      this.remove(waiter);
      waiter.resolve(item);
    }
  }

  rejectAll(error: Error): void {
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private remove(waiter: Waiter<T>): void {
    this.pending = this.pending.filter((entry) => entry !== waiter);
  }
}

function describeCall(call: RecordedCall): string {
  const { channel, user, text } = call.args;
  const details = Object.entries({ channel, user, text })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${JSON.stringify(value).slice(0, 60)}`);
  const outcome = call.response.ok ? 'ok' : String(call.response.error);
  return `  ${call.method}(${details.join(', ')}) -> ${call.status} ${outcome}`;
}

// ---------------------------------------------------------------- HTTP plumbing

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Json, headers: Json = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function multipartArgs(raw: Buffer, contentType: string): Promise<Args> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const args: Args = {};
  for (const [key, value] of form.entries()) {
    args[key] = typeof value === 'string' ? value : { filename: value.name, size: value.size };
  }
  return args;
}

async function decodeArgs(req: IncomingMessage, url: URL, raw: Buffer): Promise<Args | undefined> {
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  const query = Object.fromEntries(url.searchParams);
  try {
    if (raw.length === 0) return expandJsonFields(query);
    if (mediaType === 'application/json') {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      return isObject(parsed) ? expandJsonFields({ ...query, ...parsed }) : undefined;
    }
    if (mediaType === 'multipart/form-data') {
      return expandJsonFields({ ...query, ...(await multipartArgs(raw, contentType)) });
    }
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    return expandJsonFields({ ...query, ...form });
  } catch {
    return undefined;
  }
}

function bearerToken(req: IncomingMessage, args: Args): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? argString(args, 'token');
}

function parseResponseBody(raw: Buffer): Json {
  const text = raw.toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return parsed;
  } catch {
    // Not JSON: Slack also accepts a form with a payload field.
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  if (typeof form.payload === 'string') {
    try {
      const payload: unknown = JSON.parse(form.payload);
      if (isObject(payload)) return payload;
    } catch {
      return form;
    }
  }
  return text === '' ? {} : form;
}

// ---------------------------------------------------------------- the fake

type Handler = (args: Args) => Json;

interface ApiOutcome {
  status: number;
  body: Json;
  headers: Json;
}

interface InjectedFault {
  kind: 'ratelimit' | 'error' | 'status';
  value: number | string;
  remaining: number;
}

interface ChannelRecord {
  channel: FakeChannel;
  created: number;
}

interface HangRule {
  method: string;
  match: (args: Args) => boolean;
  afterProcessing: boolean;
}

interface ViewRecord {
  view: Json;
}

/**
 * What a fake workspace holds, without what was asked of it (calls, responses, faults): enough
 * to start another fake where this one stands.
 */
export interface FakeSlackState {
  users: [string, { user: FakeUser; updated: number }][];
  channels: [string, ChannelRecord][];
  messages: [string, StoredMessage[]][];
  openedDms: string[];
  views: [string, ViewRecord][];
  homeViews: [string, string][];
  usedTriggers: string[];
  ephemerals: StoredEphemeral[];
  lastTsMicros: number;
  counter: number;
  canvases?: [string, FakeCanvas][];
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly ephemerals: StoredEphemeral[] = [];
  readonly identity: WorkspaceIdentity;
  readonly botToken: string;
  readonly appToken: string;
  /** Slack's Socket Mode server: envelopes to an app connected with the app token. */
  readonly socketMode: FakeSocketMode;

  private readonly server: Server;
  private origin = '';
  private readonly now: () => number;
  private readonly options: FakeSlackOptions;
  private readonly users = new Map<string, { user: FakeUser; updated: number }>();
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly openedDms = new Set<string>();
  private readonly views = new Map<string, ViewRecord>();
  private readonly homeViews = new Map<string, string>();
  private readonly usedTriggers = new Set<string>();
  private readonly faults = new Map<string, InjectedFault[]>();
  private readonly responseUrls = new Set<string>();
  private readonly callWaiters = new Waiters<RecordedCall>();
  private readonly responseWaiters = new Waiters<RecordedResponse>();
  private readonly rateLimiter: RateLimiter;
  private readonly handlers: Record<string, Handler>;
  private lastTsMicros = 0;
  private counter = 0;
  private hangRules: HangRule[] = [];
  private readonly hungResponses = new Set<ServerResponse>();
  private outage: 'unavailable' | 'refused' | 'hanging' | undefined;
  private tokenError: string | undefined;

  private constructor(options: FakeSlackOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.rateLimiter = new RateLimiter(this.now);
    this.botToken = options.botToken ?? FAKE_SLACK_DEFAULTS.botToken;
    this.appToken = options.appToken ?? FAKE_SLACK_DEFAULTS.appToken;
    this.identity = {
      teamId: options.teamId ?? FAKE_SLACK_DEFAULTS.teamId,
      teamDomain: options.teamDomain ?? FAKE_SLACK_DEFAULTS.teamDomain,
      teamName: options.teamName ?? FAKE_SLACK_DEFAULTS.teamName,
      botUserId: options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId,
      botId: options.botId ?? FAKE_SLACK_DEFAULTS.botId,
      botName: options.botName ?? FAKE_SLACK_DEFAULTS.botName,
      appId: options.appId ?? FAKE_SLACK_DEFAULTS.appId,
    };
    this.handlers = this.buildHandlers();
    if (options.state) {
      this.restore(options.state);
    } else {
      if (options.builtInUsers ?? true) this.addBuiltInUsers();
      for (const user of options.users ?? []) this.addUser(user);
      for (const channel of options.channels ?? []) this.addChannel(channel);
    }
    this.server = createServer((req, res) => {
      void this.handleRequest(req, res);
    });
    if (options.keepAliveTimeoutMs) this.server.keepAliveTimeout = options.keepAliveTimeoutMs;
    this.socketMode = new FakeSocketMode(this.identity.appId);
    this.server.on('upgrade', (req, socket, head) =>
      this.socketMode.handleUpgrade(req, socket, head),
    );
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await fake.listen();
    return fake;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  // ---------------------------------------------------------------- test-facing API

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedCall> {
    return this.callWaiters.wait(
      this.calls,
      (call) => call.method === method && predicate(call),
      timeoutMs,
      () => {
        const seen = this.calls.map(describeCall).join('\n') || '  (none)';
        return new Error(
          `FakeSlack: no matching ${method} call within ${timeoutMs}ms. Calls seen:\n${seen}`,
        );
      },
    );
  }

  waitForResponse(
    predicate: (response: RecordedResponse) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<RecordedResponse> {
    return this.responseWaiters.wait(this.responses, predicate, timeoutMs, () => {
      const seen = this.responses.map((r) => `  ${r.url} ${JSON.stringify(r.body)}`).join('\n');
      return new Error(
        `FakeSlack: no matching response_url post within ${timeoutMs}ms. Seen:\n${seen || '  (none)'}`,
      );
    });
  }

  rateLimitNext(method: string, options: { retryAfterSeconds: number; times?: number }): void {
    this.queueFault(method, {
      kind: 'ratelimit',
      value: options.retryAfterSeconds,
      remaining: options.times ?? 1,
    });
  }

  failNext(method: string, error: string, times = 1): void {
    this.queueFault(method, { kind: 'error', value: error, remaining: times });
  }

  /** The next calls to `method` answer with HTTP `status` (a 500: Slack failed, maybe after the work). */
  serverErrorNext(method: string, status = 500, times = 1): void {
    this.queueFault(method, { kind: 'status', value: status, remaining: times });
  }

  /**
   * Calls to `method` (those `match` accepts) get no answer until `releaseHung()`. By default
   * Slack never processes them (recorded with status 0); with `afterProcessing` it does the
   * work and only the answer is lost.
   */
  hang(
    method: string,
    options: { match?: (args: Args) => boolean; afterProcessing?: boolean } = {},
  ): void {
    this.hangRules.push({
      method,
      match: options.match ?? (() => true),
      afterProcessing: options.afterProcessing ?? false,
    });
  }

  /** Calls held by `hang` right now. */
  get hungCalls(): number {
    return this.hungResponses.size;
  }

  /** Stops hanging calls; those held are cut off without an answer, as a dropped connection. */
  releaseHung(): void {
    this.hangRules = [];
    for (const res of this.hungResponses) res.destroy();
    this.hungResponses.clear();
  }

  /**
   * Slack is down until `comeBack()`: every Web API call answers HTTP 503 ('unavailable'),
   * nothing listens on the port at all ('refused'), or calls are taken and never answered nor
   * processed ('hanging': each runs into its client's timeout).
   */
  async goDown(how: 'unavailable' | 'refused' | 'hanging'): Promise<void> {
    this.outage = how;
    if (how === 'refused') {
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    }
  }

  async comeBack(): Promise<void> {
    const wasRefusing = this.outage === 'refused';
    if (this.outage === 'hanging') this.releaseHung();
    this.outage = undefined;
    if (wasRefusing) await this.listen(Number(new URL(this.origin).port));
  }

  /** Every call with the bot token fails with `error` (the app was uninstalled, the token revoked). */
  revokeToken(error = 'token_revoked'): void {
    this.tokenError = error;
  }

  restoreToken(): void {
    this.tokenError = undefined;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, { user: { ...user }, updated: this.nowSeconds() });
  }

  updateUser(id: string, patch: Partial<Omit<FakeUser, 'id'>>): void {
    const record = this.users.get(id);
    if (!record) throw new Error(`FakeSlack.updateUser: unknown user ${id}`);
    this.users.set(id, { user: { ...record.user, ...patch }, updated: this.nowSeconds() });
  }

  user(id: string): FakeUser | undefined {
    return this.users.get(id)?.user;
  }

  /** The user exactly as users.info would return it now (handy for user_change events). */
  slackUser(id: string): Json | undefined {
    const record = this.users.get(id);
    return record && this.shapeUser(record.user, record.updated);
  }

  addChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, {
      channel: { ...channel, members: [...channel.members] },
      created: this.nowSeconds(),
    });
  }

  updateChannel(id: string, patch: Partial<Omit<FakeChannel, 'id'>>): void {
    const record = this.channels.get(id);
    if (!record) throw new Error(`FakeSlack.updateChannel: unknown channel ${id}`);
    record.channel = { ...record.channel, ...patch };
  }

  deleteChannel(id: string): void {
    this.channels.delete(id);
    this.messages.delete(id);
  }

  dmChannelIdFor(userId: string): string {
    return dmChannelIdFor(userId);
  }

  /** Messages the bot posted in a channel (a user id means that user's DM), oldest first. */
  messagesIn(channelOrUserId: string): StoredMessage[] {
    return this.allMessagesIn(channelOrUserId).filter((m) => m.bot_id === this.identity.botId);
  }

  /** Every message in a channel, seeded ones included, oldest first. */
  allMessagesIn(channelOrUserId: string): StoredMessage[] {
    const channelId = this.resolveTarget(channelOrUserId)?.id ?? channelOrUserId;
    return [...(this.messages.get(channelId) ?? [])];
  }

  ephemeralsFor(userId: string): StoredEphemeral[] {
    return this.ephemerals.filter((e) => e.user === userId);
  }

  /** Puts a message into a channel as if someone had written it; ts is generated unless given. */
  seedMessage(channelOrUserId: string, message: Partial<StoredMessage> = {}): StoredMessage {
    const channel = this.resolveTarget(channelOrUserId);
    if (!channel) throw new Error(`FakeSlack.seedMessage: unknown channel ${channelOrUserId}`);
    const ts = message.ts ?? this.nextTs();
    this.bumpTsFloor(ts);
    const stored: StoredMessage = {
      type: 'message',
      text: '',
      team: this.identity.teamId,
      ...message,
      channel: channel.id,
      ts,
    };
    this.storeMessage(stored);
    return stored;
  }

  view(idOrExternalId: string): Json | undefined {
    return this.findView(idOrExternalId)?.view;
  }

  homeViewOf(userId: string): Json | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.views.get(id)?.view;
  }

  /** A fresh URL on this server standing in for a response_url; POSTs to it land in `responses`. */
  responseUrl(): string {
    const path = `/commands/${this.identity.teamId}/${this.nextCounter()}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.add(path);
    return `${this.origin}${path}`;
  }

  /** A deep copy of what the workspace holds now, for `FakeSlack.start({ state })`. */
  state(): FakeSlackState {
    return structuredClone({
      users: [...this.users],
      channels: [...this.channels],
      messages: [...this.messages],
      openedDms: [...this.openedDms],
      views: [...this.views],
      homeViews: [...this.homeViews],
      usedTriggers: [...this.usedTriggers],
      ephemerals: this.ephemerals,
      lastTsMicros: this.lastTsMicros,
      counter: this.counter,
      canvases: [...this.canvases],
    });
  }

  /** Forgets calls, responses, messages, views and queued faults; keeps users and channels. */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.ephemerals.length = 0;
    this.messages.clear();
    this.views.clear();
    this.homeViews.clear();
    this.usedTriggers.clear();
    this.faults.clear();
    this.rateLimiter.clear();
    this.canvases.clear();
    this.lists.clear();
  }

  async stop(): Promise<void> {
    this.releaseHung();
    const stopped = new Error('FakeSlack stopped');
    this.callWaiters.rejectAll(stopped);
    this.responseWaiters.rejectAll(stopped);
    this.socketMode.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------- server

  private listen(port = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const { port } = this.server.address() as AddressInfo;
        this.origin = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        await this.handleApiRequest(req, url, raw, res);
      } else if (this.responseUrls.has(url.pathname)) {
        this.handleResponseUrl(url, raw, res);
      } else {
        sendJson(res, 404, fail('not_found'));
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      sendJson(res, 200, fail('fatal_error', { fake_slack_error: detail }));
    }
  }

  private async handleApiRequest(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const decoded = await decodeArgs(req, url, raw);
    const args = decoded ?? {};
    const token = bearerToken(req, args);
    if (this.outage === 'unavailable') {
      const body = fail('service_unavailable');
      this.record({ method, args, token, at: this.now(), status: 503, response: body });
      sendJson(res, 503, body);
      return;
    }
    const hang = this.hangRules.find((rule) => rule.method === method && rule.match(args));
    if (this.outage === 'hanging' || (hang && !hang.afterProcessing)) {
      this.record({ method, args, token, at: this.now(), status: 0, response: fail('hung') });
      this.holdOpen(res);
      return;
    }
    const outcome = decoded
      ? this.answer(method, args, token)
      : { status: 200, body: fail('invalid_form_data'), headers: {} };
    const headers = { 'x-oauth-scopes': this.scopes(), ...outcome.headers };
    if (hang) {
      this.record({ method, args, token, at: this.now(), status: 0, response: outcome.body });
      this.holdOpen(res);
      return;
    }
    this.record({
      method,
      args,
      token,
      at: this.now(),
      status: outcome.status,
      response: outcome.body,
    });
    sendJson(res, outcome.status, outcome.body, headers);
  }

  /** Never answers; forgets the request once the client gives up on it. */
  private holdOpen(res: ServerResponse): void {
    this.hungResponses.add(res);
    res.on('close', () => this.hungResponses.delete(res));
  }

  private handleResponseUrl(url: URL, raw: Buffer, res: ServerResponse): void {
    const response = {
      url: `${this.origin}${url.pathname}`,
      body: parseResponseBody(raw),
      at: this.now(),
    };
    this.responses.push(response);
    this.responseWaiters.notify(response);
    sendJson(res, 200, ok());
  }

  /** Socket Mode: only the app-level token may open a connection. */
  private openConnection(token: string | undefined): Json {
    if (token === undefined) return fail('not_authed');
    if (token !== this.appToken) return fail('invalid_auth');
    return ok({ url: `${this.origin.replace(/^http/, 'ws')}${FakeSocketMode.PATH}` });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.callWaiters.notify(call);
  }

  private answer(method: string, args: Args, token: string | undefined): ApiOutcome {
    const plain = (body: Json): ApiOutcome => ({ status: 200, body, headers: {} });
    const handler = this.handlers[method];
    if (method === 'apps.connections.open') return plain(this.openConnection(token));
    if (!handler) return plain(fail('unknown_method', { req_method: method }));
    if (token === undefined) return plain(fail('not_authed'));
    if (token !== this.botToken) return plain(fail('invalid_auth'));
    if (this.tokenError) return plain(fail(this.tokenError));
    const fault = this.takeFault(method);
    if (fault?.kind === 'ratelimit') return this.rateLimited(Number(fault.value));
    if (fault?.kind === 'error') return plain(fail(String(fault.value)));
    if (fault?.kind === 'status') {
      return { status: Number(fault.value), body: fail('internal_error'), headers: {} };
    }
    const missing = this.missingScope(method);
    if (missing) return plain(missing);
    const wait = this.enforcedRateLimit(method, args);
    if (wait !== undefined) return this.rateLimited(wait);
    return plain(handler(args));
  }

  private rateLimited(retryAfterSeconds: number): ApiOutcome {
    return {
      status: 429,
      body: loadSlackSample('web-api/examples/ratelimited.429.body.json'),
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }

  private enforcedRateLimit(method: string, args: Args): number | undefined {
    if (!this.options.enforceRateLimits) return undefined;
    const rule = rateRuleFor(method);
    if (!rule) return undefined;
    const key = method === 'chat.postMessage' ? `${method}:${argString(args, 'channel')}` : method;
    const wait = this.rateLimiter.take(key, rule);
    const workspace = this.options.workspaceLimits?.[method];
    if (wait !== undefined || !workspace) return wait;
    return this.rateLimiter.take(`${method}:*`, {
      capacity: workspace.burst,
      perMs: workspace.perMinute / 60_000,
    });
  }

  private queueFault(method: string, fault: InjectedFault): void {
    const queue = this.faults.get(method) ?? [];
    queue.push(fault);
    this.faults.set(method, queue);
  }

  private takeFault(method: string): InjectedFault | undefined {
    const queue = this.faults.get(method);
    const fault = queue?.[0];
    if (!queue || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.shift();
    return fault;
  }

  /**
   * The scopes the workspace granted the app, when a test sets them: every answer's
   * `x-oauth-scopes` header lists them, and a canvas or List method whose scope is not among
   * them answers `missing_scope` with what it `needed` and what was `provided`, as Slack does.
   * Undefined: the header lists `scopes` (or the defaults) and no method is refused for it.
   */
  grantedScopes: string[] | undefined;

  private scopes(): string {
    return (this.grantedScopes ?? this.options.scopes ?? FAKE_SLACK_DEFAULTS.scopes).join(',');
  }

  /** The `missing_scope` answer when `grantedScopes` lacks the scope `method` needs. */
  private missingScope(method: string): Json | undefined {
    const granted = this.grantedScopes;
    const needed = scopeNeededBy(method);
    if (!granted || !needed || granted.includes(needed)) return undefined;
    return fail('missing_scope', { needed, provided: granted.join(',') });
  }

  // ---------------------------------------------------------------- state helpers

  private restore(saved: FakeSlackState): void {
    const state = structuredClone(saved);
    for (const [id, record] of state.users) this.users.set(id, record);
    for (const [id, record] of state.channels) this.channels.set(id, record);
    for (const [id, list] of state.messages) this.messages.set(id, list);
    for (const id of state.openedDms) this.openedDms.add(id);
    for (const [id, record] of state.views) this.views.set(id, record);
    for (const [userId, viewId] of state.homeViews) this.homeViews.set(userId, viewId);
    for (const trigger of state.usedTriggers) this.usedTriggers.add(trigger);
    this.ephemerals.push(...state.ephemerals);
    this.lastTsMicros = state.lastTsMicros;
    this.counter = state.counter;
    for (const [id, canvas] of state.canvases ?? []) this.canvases.set(id, canvas);
  }

  private addBuiltInUsers(): void {
    this.addUser({
      id: this.identity.botUserId,
      name: this.identity.botName,
      realName: this.identity.botName,
      tz: 'America/Los_Angeles',
      isBot: true,
    });
    this.addUser({ id: 'USLACKBOT', name: 'slackbot', realName: 'Slackbot', tz: null });
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private nextCounter(): number {
    this.counter += 1;
    return this.counter;
  }

  private nextTs(): string {
    this.lastTsMicros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 100);
    return microsToTs(this.lastTsMicros);
  }

  private bumpTsFloor(ts: string): void {
    this.lastTsMicros = Math.max(this.lastTsMicros, tsToMicros(ts) ?? 0);
  }

  private shapeUser(user: FakeUser, updated: number): Json {
    return slackUserObject(user, this.identity.teamId, updated, new Date(this.now()));
  }

  private liveUser(id: string | undefined): FakeUser | undefined {
    return id === undefined ? undefined : this.users.get(id)?.user;
  }

  private dmRecord(user: FakeUser): ChannelRecord {
    return {
      channel: {
        id: dmChannelIdFor(user.id),
        name: user.id,
        isIm: true,
        members: [user.id, this.identity.botUserId],
      },
      created: this.users.get(user.id)?.updated ?? this.nowSeconds(),
    };
  }

  private dmOwner(channelId: string): FakeUser | undefined {
    if (!channelId.startsWith('D')) return undefined;
    for (const { user } of this.users.values()) {
      if (dmChannelIdFor(user.id) === channelId) return user;
    }
    return undefined;
  }

  private conversation(id: string | undefined): ChannelRecord | undefined {
    if (id === undefined) return undefined;
    const explicit = this.channels.get(id);
    if (explicit) return explicit;
    const owner = this.dmOwner(id);
    return owner ? this.dmRecord(owner) : undefined;
  }

  /** A channel id, or a user id standing for that user's DM (as chat.postMessage allows). */
  private resolveTarget(id: string | undefined): FakeChannel | undefined {
    const found = this.conversation(id)?.channel;
    if (found) return found;
    const user = this.liveUser(id);
    return user ? this.dmRecord(user).channel : undefined;
  }

  private shapeConversation(record: ChannelRecord): Json {
    const { channel, created } = record;
    const owner = channel.isIm ? this.dmOwner(channel.id) : undefined;
    return owner
      ? slackImObject(channel.id, owner, this.identity, created)
      : slackChannelObject(channel, this.identity, created);
  }

  private botIsMember(channel: FakeChannel): boolean {
    return channel.isIm === true || channel.members.includes(this.identity.botUserId);
  }

  private storeMessage(message: StoredMessage): void {
    if (message.channel.startsWith('D')) this.openedDms.add(message.channel);
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    list.sort(compareTs);
    this.messages.set(message.channel, list);
  }

  private findMessage(channelId: string, ts: string | undefined): StoredMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts);
  }

  private repliesTo(message: StoredMessage): StoredMessage[] {
    return (this.messages.get(message.channel) ?? []).filter(
      (m) => m.thread_ts === message.ts && m.ts !== message.ts,
    );
  }

  private renderMessage(message: StoredMessage, includeMetadata: boolean): Json {
    const rendered = omit(message, includeMetadata ? ['channel'] : ['channel', 'metadata']);
    const replies = this.repliesTo(message);
    const last = replies.at(-1);
    if (!last) return rendered;
    const replyUsers = [...new Set(replies.map((r) => r.user).filter(Boolean))];
    return {
      ...rendered,
      thread_ts: message.ts,
      reply_count: replies.length,
      reply_users_count: replyUsers.length,
      latest_reply: last.ts,
      reply_users: replyUsers,
      is_locked: false,
      subscribed: false,
    };
  }

  private findView(idOrExternalId: string | undefined): ViewRecord | undefined {
    if (idOrExternalId === undefined) return undefined;
    const byId = this.views.get(idOrExternalId);
    if (byId) return byId;
    return [...this.views.values()].find(
      (record) => idOrExternalId !== '' && record.view.external_id === idOrExternalId,
    );
  }

  // ---------------------------------------------------------------- API methods

  private buildHandlers(): Record<string, Handler> {
    return {
      'api.test': (args) => ok({ args: omit(args, ['token']) }),
      'auth.test': () => this.authTest(),
      'users.info': (args) => this.usersInfo(args),
      'users.list': (args) => this.usersList(args),
      'users.lookupByEmail': (args) => this.usersLookupByEmail(args),
      'conversations.info': (args) => this.conversationsInfo(args),
      'conversations.members': (args) => this.conversationsMembers(args),
      'conversations.list': (args) => this.conversationsList(args),
      'conversations.open': (args) => this.conversationsOpen(args),
      'conversations.join': (args) => this.conversationsJoin(args),
      'conversations.history': (args) => this.conversationsHistory(args),
      'conversations.replies': (args) => this.conversationsReplies(args),
      'chat.postMessage': (args) => this.chatPostMessage(args),
      'chat.postEphemeral': (args) => this.chatPostEphemeral(args),
      'chat.update': (args) => this.chatUpdate(args),
      'chat.delete': (args) => this.chatDelete(args),
      'chat.getPermalink': (args) => this.chatGetPermalink(args),
      'views.open': (args) => this.viewsOpen(args),
      'views.push': (args) => this.viewsPush(args),
      'views.update': (args) => this.viewsUpdate(args),
      'views.publish': (args) => this.viewsPublish(args),
      'conversations.canvases.create': (args) => this.conversationsCanvasesCreate(args),
      'canvases.create': (args) => this.canvasesCreate(args),
      'canvases.edit': (args) => this.canvasesEdit(args),
      'canvases.access.set': (args) => this.canvasesAccessSet(args),
      'canvases.delete': (args) => this.canvasesDelete(args),
      'files.info': (args) => this.filesInfo(args),
      'files.list': (args) => this.filesList(args),
      'slackLists.create': (args) => this.listsCreate(args),
      'slackLists.access.set': (args) => this.listsAccessSet(args),
      'slackLists.items.create': (args) => this.listItemsCreate(args),
      'slackLists.items.update': (args) => this.listItemsUpdate(args),
      'slackLists.items.delete': (args) => this.listItemsDelete(args),
      'slackLists.items.list': (args) => this.listItemsList(args),
    };
  }

  // ---------------------------------------------------------------- Lists

  /** The Lists made through the API, by id: their columns, items and access. */
  readonly lists = new Map<string, FakeList>();

  /**
   * How this workspace refuses Lists: every slackLists method answers `ok: false` with this
   * error (`lists_disabled_user_team` for a workspace without Lists). Undefined: Lists work.
   */
  listsRefusal: string | undefined;

  /** Called once Slack made a List or an item and before it answers (a crash in between). */
  onListWrite: ((what: { method: string; id: string }) => void) | undefined;

  private listArg(args: Args, key: string): unknown {
    const value = args[key];
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }

  private listOf(args: Args): FakeList | undefined {
    return this.lists.get(argString(args, 'list_id') ?? '');
  }

  /** The cells given, checked against the List's columns: a Failure's body when one is wrong. */
  private listCells(list: FakeList, raw: unknown, withRow: boolean): FakeListCell[] | Json {
    if (!Array.isArray(raw)) return fail('invalid_arguments');
    const cells: FakeListCell[] = [];
    for (const cell of raw as Json[]) {
      const column = list.schema.find((c) => c.id === cell.column_id);
      if (!column)
        return fail('invalid_arguments', { detail: `no column ${String(cell.column_id)}` });
      if (withRow !== (typeof cell.row_id === 'string')) return fail('invalid_arguments');
      const value = cell[LIST_CELL_FIELD[column.type] ?? column.type];
      if (value === undefined)
        return fail('invalid_arguments', { detail: `no ${column.type} value` });
      if (column.type === 'select') {
        const choices = ((column.options?.choices ?? []) as Json[]).map((c) => c.value);
        if ((value as unknown[]).some((v) => !choices.includes(v))) {
          return fail('invalid_arguments', { detail: `no choice ${JSON.stringify(value)}` });
        }
      }
      if (
        column.type === 'date' &&
        (value as unknown[]).some((v) => !/^\d{4}-\d{2}-\d{2}$/.test(String(v)))
      ) {
        return fail('invalid_arguments', { detail: 'dates are YYYY-MM-DD' });
      }
      if (column.type === 'user' && (value as unknown[]).some((v) => !this.users.has(String(v)))) {
        return fail('invalid_arguments', { detail: 'no such user' });
      }
      cells.push({ ...cell, column_id: column.id });
    }
    return cells;
  }

  private listItemJson(list: FakeList, item: FakeListItem): Json {
    return {
      id: item.id,
      list_id: list.id,
      date_created: Math.floor(item.createdAt / 1000),
      created_by: this.identity.botUserId,
      updated_by: this.identity.botUserId,
      updated_timestamp: String(Math.floor(item.updatedAt / 1000)),
      fields: [...item.cells.values()].map((cell) => {
        const { row_id: _row, ...field } = cell;
        return { ...field, key: list.schema.find((c) => c.id === cell.column_id)?.key };
      }),
    };
  }

  private listsCreate(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const name = argString(args, 'name');
    if (!name) return fail('invalid_name');
    const schema = (this.listArg(args, 'schema') ?? []) as Json[];
    if (!Array.isArray(schema)) return fail('invalid_arguments');
    if (schema.filter((c) => c.is_primary_column === true).length > 1) {
      return fail('invalid_arguments');
    }
    const id = `F0LIST${String(this.lists.size + 1).padStart(4, '0')}`;
    const columns = schema.map(
      (column, n): FakeListColumn => ({
        ...(column as Omit<FakeListColumn, 'id'>),
        id: `Col0${id.slice(-4)}${String(n + 1).padStart(2, '0')}`,
      }),
    );
    this.lists.set(id, {
      id,
      name,
      description: (this.listArg(args, 'description_blocks') ?? []) as unknown[],
      schema: columns,
      items: new Map(),
      access: [],
    });
    this.onListWrite?.({ method: 'slackLists.create', id });
    return ok({
      list_id: id,
      list_metadata: {
        schema: columns,
        subtask_schema: [],
        views: [
          {
            id: `View0${id.slice(-4)}`,
            name: 'All items',
            type: 'table',
            is_locked: false,
            position: '0',
          },
        ],
        integrations: [],
      },
    });
  }

  private listsAccessSet(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const list = this.listOf(args);
    if (!list) return fail('list_not_found');
    const level = argString(args, 'access_level');
    if (level !== 'read' && level !== 'write' && level !== 'owner')
      return fail('invalid_arguments');
    const ids = (name: string) => {
      const value = this.listArg(args, name);
      if (value === undefined) return [];
      return Array.isArray(value) ? value.map(String) : String(value).split(',');
    };
    const channelIds = ids('channel_ids');
    const userIds = ids('user_ids');
    if ((channelIds.length === 0) === (userIds.length === 0)) return fail('invalid_parameters');
    for (const channelId of channelIds) {
      if (!this.conversation(channelId)) return fail('channel_not_found');
    }
    for (const id of [...channelIds, ...userIds]) list.access.push({ id, level });
    return ok({});
  }

  private listItemsCreate(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const list = this.listOf(args);
    if (!list) return fail('list_not_found');
    const cells = this.listCells(list, this.listArg(args, 'initial_fields') ?? [], false);
    if (!Array.isArray(cells)) return cells;
    this.listItemCount += 1;
    const id = `Rec0${list.id.slice(-4)}${String(this.listItemCount).padStart(4, '0')}`;
    const now = this.now();
    const item: FakeListItem = {
      id,
      cells: new Map(cells.map((cell) => [cell.column_id, cell])),
      createdAt: now,
      updatedAt: now,
    };
    list.items.set(id, item);
    this.onListWrite?.({ method: 'slackLists.items.create', id });
    return ok({ item: this.listItemJson(list, item) });
  }

  /** Items made so far, in every List: each item's id is new. */
  private listItemCount = 0;

  private listItemsUpdate(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const list = this.listOf(args);
    if (!list) return fail('list_not_found');
    const cells = this.listCells(list, this.listArg(args, 'cells'), true);
    if (!Array.isArray(cells)) return cells;
    if (cells.length === 0) return fail('invalid_arguments');
    for (const cell of cells) {
      if (!list.items.has(String(cell.row_id))) return fail('item_not_found');
    }
    for (const cell of cells) {
      const item = list.items.get(String(cell.row_id));
      if (!item) continue;
      const { row_id: _row, ...field } = cell;
      item.cells.set(cell.column_id, field as FakeListCell);
      item.updatedAt = this.now();
    }
    return ok({});
  }

  private listItemsDelete(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const list = this.listOf(args);
    if (!list) return fail('list_not_found');
    if (!list.items.delete(argString(args, 'id') ?? '')) return fail('item_not_found');
    return ok({});
  }

  private listItemsList(args: Args): Json {
    if (this.listsRefusal) return fail(this.listsRefusal);
    const list = this.listOf(args);
    if (!list) return fail('list_not_found');
    const all = [...list.items.values()];
    const start = Number.parseInt(argString(args, 'cursor') ?? '0', 10) || 0;
    const limit = argLimit(args, 100);
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : '';
    return ok({
      items: page.map((item) => this.listItemJson(list, item)),
      response_metadata: { next_cursor: next },
    });
  }

  /** A List's items as rows of text by column name: people and channels by name, choices by label. */
  listRows(listId: string): Record<string, string>[] {
    const list = this.lists.get(listId);
    if (!list) return [];
    return [...list.items.values()].map((item) =>
      Object.fromEntries(
        list.schema.map((column) => [
          column.name,
          this.listCellText(column, item.cells.get(column.id)),
        ]),
      ),
    );
  }

  private listCellText(column: FakeListColumn, cell: FakeListCell | undefined): string {
    if (!cell) return '';
    const values = (cell[LIST_CELL_FIELD[column.type] ?? column.type] ?? []) as unknown[];
    switch (column.type) {
      case 'text':
        return richTextPlain(values);
      case 'user':
        return values
          .map((id) => `@${this.users.get(String(id))?.user.name ?? String(id)}`)
          .join(', ');
      case 'select': {
        const choices = (column.options?.choices ?? []) as Json[];
        return values.map((v) => String(choices.find((c) => c.value === v)?.label ?? v)).join(', ');
      }
      case 'link':
        return (values as Json[])
          .map((link) => String(link.display_name || link.original_url))
          .join(', ');
      default:
        return values.map(String).join(', ');
    }
  }

  // ---------------------------------------------------------------- canvases

  /** The canvases made through the API, by id: their markdown, channel tab and access. */
  readonly canvases = new Map<string, FakeCanvas>();

  /**
   * How this workspace refuses canvases, as Slack does: `channel_canvas_already_exists`,
   * `free_team_canvas_tab_already_exists` and `team_tier_cannot_create_channel_canvases`
   * refuse the channel canvas only; `canvas_disabled_user_team` and `restricted_action` refuse
   * every canvas method. Undefined: canvases work.
   */
  canvasRefusal: CanvasRefusal | undefined;

  private canvasRefused(method: string): Json | undefined {
    const refusal = this.canvasRefusal;
    if (refusal === undefined) return undefined;
    if (CHANNEL_CANVAS_REFUSALS.includes(refusal)) {
      return method === 'conversations.canvases.create' ? fail(refusal) : undefined;
    }
    return fail(refusal);
  }

  private documentMarkdown(args: Args): string | Json {
    const content = args.document_content;
    if (content === undefined) return '';
    const parsed = (typeof content === 'string' ? JSON.parse(content) : content) as Json;
    if (parsed.type !== 'markdown' || typeof parsed.markdown !== 'string') {
      return fail('invalid_document_content');
    }
    return parsed.markdown;
  }

  private newCanvas(args: Args, channelTab: string | null): Json {
    const markdown = this.documentMarkdown(args);
    if (typeof markdown !== 'string') return markdown;
    const id = `F0CANVAS${String(this.nextCounter()).padStart(4, '0')}`;
    this.canvases.set(id, {
      id,
      title: argString(args, 'title') ?? '',
      markdown,
      channelTab,
      access: [],
      edits: 0,
      created: this.nowSeconds(),
      creator: this.identity.botUserId,
    });
    return ok({ canvas_id: id });
  }

  private conversationsCanvasesCreate(args: Args): Json {
    const refused = this.canvasRefused('conversations.canvases.create');
    if (refused) return refused;
    const channelId = argString(args, 'channel_id');
    const record = this.conversation(channelId);
    if (!record || !channelId) return fail('channel_not_found');
    if ([...this.canvases.values()].some((c) => c.channelTab === channelId)) {
      return fail('channel_canvas_already_exists');
    }
    return this.newCanvas(args, channelId);
  }

  private canvasesCreate(args: Args): Json {
    return this.canvasRefused('canvases.create') ?? this.newCanvas(args, null);
  }

  private canvasesEdit(args: Args): Json {
    const refused = this.canvasRefused('canvases.edit');
    if (refused) return refused;
    const canvas = this.canvases.get(argString(args, 'canvas_id') ?? '');
    if (!canvas) return fail('canvas_not_found');
    const changes = (
      typeof args.changes === 'string' ? JSON.parse(args.changes) : args.changes
    ) as Json[];
    if (!Array.isArray(changes) || changes.length === 0) return fail('invalid_arguments');
    for (const change of changes) {
      const markdown = this.documentMarkdown(change as Args);
      if (typeof markdown !== 'string') return markdown;
      if (change.operation === 'replace' && change.section_id === undefined) {
        canvas.markdown = markdown;
      } else if (change.operation === 'insert_at_end') {
        canvas.markdown = `${canvas.markdown}\n${markdown}`;
      } else if (change.operation === 'insert_at_start') {
        canvas.markdown = `${markdown}\n${canvas.markdown}`;
      } else {
        return fail('invalid_arguments');
      }
    }
    canvas.edits += 1;
    return ok({});
  }

  private canvasesAccessSet(args: Args): Json {
    const refused = this.canvasRefused('canvases.access.set');
    if (refused) return refused;
    const canvas = this.canvases.get(argString(args, 'canvas_id') ?? '');
    if (!canvas) return fail('canvas_not_found');
    const level = argString(args, 'access_level');
    if (level !== 'read' && level !== 'write') return fail('invalid_arguments');
    const list = (name: string) => {
      const value = args[name];
      if (value === undefined) return [];
      if (Array.isArray(value)) return value.map(String);
      const text = String(value);
      return text.startsWith('[') ? (JSON.parse(text) as unknown[]).map(String) : text.split(',');
    };
    const channelIds = list('channel_ids');
    const userIds = list('user_ids');
    if (channelIds.length === 0 && userIds.length === 0) return fail('invalid_arguments');
    if (channelIds.length > 0 && userIds.length > 0) return fail('invalid_arguments');
    for (const channelId of channelIds) {
      if (!this.conversation(channelId)) return fail('channel_not_found');
    }
    // Setting access again changes the level; it never lists anyone twice.
    for (const id of [...channelIds, ...userIds]) {
      const held = canvas.access.find((entry) => entry.id === id);
      if (held) held.level = level;
      else canvas.access.push({ id, level });
    }
    return ok({});
  }

  /** A canvas as a file object (files.info, files.list): a canvas is a file of type quip. */
  private canvasFile(canvas: FakeCanvas): Json {
    const domain = this.identity.teamDomain;
    return {
      id: canvas.id,
      created: canvas.created,
      timestamp: canvas.created,
      name: canvas.title,
      title: canvas.title,
      mimetype: 'application/vnd.slack-docs',
      filetype: 'quip',
      pretty_type: 'Canvas',
      user: canvas.creator,
      user_team: this.identity.teamId,
      editable: true,
      mode: 'quip',
      is_external: false,
      is_public: false,
      public_url_shared: false,
      url_private: `https://${domain}.slack.com/docs/${this.identity.teamId}/${canvas.id}`,
      permalink: `https://${domain}.slack.com/docs/${this.identity.teamId}/${canvas.id}`,
      is_channel_space: canvas.channelTab !== null,
      ...(canvas.channelTab ? { linked_channel_id: canvas.channelTab } : {}),
      channels: canvas.access.filter((a) => a.id.startsWith('C')).map((a) => a.id),
    };
  }

  private filesInfo(args: Args): Json {
    const canvas = this.canvases.get(argString(args, 'file') ?? '');
    if (!canvas) return fail('file_not_found');
    return ok({
      file: this.canvasFile(canvas),
      comments: [],
      response_metadata: { next_cursor: '' },
    });
  }

  /**
   * The workspace's files, newest first, filtered as Slack filters them: `user` (who made it),
   * `ts_from` / `ts_to` (when, inclusive), `channel` (where it is), `types` (a canvas is listed
   * under `all` only, the default); paged by `count` and `page`.
   */
  private filesList(args: Args): Json {
    const user = argString(args, 'user');
    const channel = argString(args, 'channel');
    const from = Number(argString(args, 'ts_from') ?? 0);
    const to = Number(argString(args, 'ts_to') ?? Number.POSITIVE_INFINITY);
    const types = (argString(args, 'types') ?? 'all').split(',');
    const matching = [...this.canvases.values()]
      .filter(
        (c) =>
          types.includes('all') &&
          (user === undefined || c.creator === user) &&
          c.created >= from &&
          c.created <= to &&
          (channel === undefined ||
            c.channelTab === channel ||
            c.access.some((a) => a.id === channel)),
      )
      .sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
    const count = Math.max(1, Number.parseInt(argString(args, 'count') ?? '', 10) || 100);
    const page = Math.max(1, Number.parseInt(argString(args, 'page') ?? '', 10) || 1);
    const pages = Math.max(1, Math.ceil(matching.length / count));
    return ok({
      files: matching.slice((page - 1) * count, page * count).map((c) => this.canvasFile(c)),
      paging: { count, total: matching.length, page, pages },
    });
  }

  private canvasesDelete(args: Args): Json {
    const refused = this.canvasRefused('canvases.delete');
    if (refused) return refused;
    const id = argString(args, 'canvas_id') ?? '';
    if (!this.canvases.delete(id)) return fail('canvas_not_found');
    return ok({});
  }

  private authTest(): Json {
    const sample = loadSlackSample('web-api/examples/auth.test.bot.bolt-python.json');
    return {
      ...sample,
      url: `https://${this.identity.teamDomain}.slack.com/`,
      team: this.identity.teamName,
      user: this.identity.botName,
      team_id: this.identity.teamId,
      user_id: this.identity.botUserId,
      bot_id: this.identity.botId,
      is_enterprise_install: false,
    };
  }

  private usersInfo(args: Args): Json {
    const record = this.users.get(argString(args, 'user') ?? '');
    if (!record) return fail('user_not_found');
    return ok({ user: this.shapeUser(record.user, record.updated) });
  }

  private usersList(args: Args): Json {
    const pageSize = Math.min(argLimit(args, 1000), this.options.usersPageSize ?? 1000);
    const page = paginate([...this.users.values()], args, 'user', pageSize);
    if (!page) return fail('invalid_cursor');
    return ok({
      members: page.items.map(({ user, updated }) => this.shapeUser(user, updated)),
      cache_ts: this.nowSeconds(),
      response_metadata: { next_cursor: page.nextCursor },
    });
  }

  private usersLookupByEmail(args: Args): Json {
    const email = argString(args, 'email');
    const record = [...this.users.values()].find(
      ({ user }) => (user.email ?? `${user.name}@example.com`) === email,
    );
    if (!record) return fail('users_not_found');
    return ok({ user: this.shapeUser(record.user, record.updated) });
  }

  /** A private channel the bot is not in, with hidePrivateChannelsFromBot. */
  private hiddenFromBot(channel: FakeChannel): boolean {
    return (
      this.options.hidePrivateChannelsFromBot === true &&
      channel.isPrivate === true &&
      !this.botIsMember(channel)
    );
  }

  private conversationsInfo(args: Args): Json {
    const record = this.conversation(argString(args, 'channel'));
    if (!record || this.hiddenFromBot(record.channel)) return fail('channel_not_found');
    const channel = this.shapeConversation(record);
    const tab = [...this.canvases.values()].find((c) => c.channelTab === record.channel.id);
    if (!tab) return ok({ channel });
    // The channel's canvas, as Slack names it: in its properties and as a tab.
    const properties = {
      canvas: { file_id: tab.id, is_empty: tab.markdown === '', quip_thread_id: `Q${tab.id}` },
      tabs: [{ id: `Ct${tab.id}`, label: 'Canvas', type: 'canvas', data: { file_id: tab.id } }],
    };
    return ok({ channel: { ...channel, properties } });
  }

  private conversationsMembers(args: Args): Json {
    const record = this.conversation(argString(args, 'channel'));
    if (!record || this.hiddenFromBot(record.channel)) return fail('channel_not_found');
    const page = paginate(record.channel.members, args, 'member', argLimit(args, 100));
    if (!page) return fail('invalid_cursor');
    return ok({ members: page.items, response_metadata: { next_cursor: page.nextCursor } });
  }

  private conversationsList(args: Args): Json {
    const types = new Set((argString(args, 'types') ?? 'public_channel').split(','));
    const excludeArchived = argFlag(args, 'exclude_archived');
    const records = this.listableConversations().filter(
      (record) =>
        types.has(conversationType(record.channel)) &&
        !(excludeArchived && record.channel.archived),
    );
    const page = paginate(records, args, 'channel', argLimit(args, 100));
    if (!page) return fail('invalid_cursor');
    return ok({
      channels: page.items.map((record) => this.shapeConversation(record)),
      response_metadata: { next_cursor: page.nextCursor },
    });
  }

  private listableConversations(): ChannelRecord[] {
    const dms = [...this.openedDms]
      .map((id) => this.conversation(id))
      .filter((record): record is ChannelRecord => record !== undefined);
    return [...this.channels.values(), ...dms];
  }

  private conversationsOpen(args: Args): Json {
    const userIds = (argString(args, 'users') ?? '').split(',').filter(Boolean);
    const channelArg = argString(args, 'channel');
    if (userIds.length > 1) return fail('fake_slack_mpim_not_supported');
    const record = channelArg ? this.conversation(channelArg) : this.dmFor(userIds[0]);
    if (!record) return fail(channelArg ? 'channel_not_found' : 'user_not_found');
    const alreadyOpen = this.openedDms.has(record.channel.id);
    if (record.channel.isIm) this.openedDms.add(record.channel.id);
    const channel = argFlag(args, 'return_im')
      ? this.shapeConversation(record)
      : { id: record.channel.id };
    return ok(alreadyOpen ? { no_op: true, already_open: true, channel } : { channel });
  }

  private dmFor(userId: string | undefined): ChannelRecord | undefined {
    const user = this.liveUser(userId);
    return user ? this.dmRecord(user) : undefined;
  }

  private conversationsJoin(args: Args): Json {
    const record = this.channels.get(argString(args, 'channel') ?? '');
    if (!record) return fail('channel_not_found');
    if (record.channel.archived) return fail('is_archived');
    if (record.channel.isPrivate) return fail('method_not_supported_for_channel_type');
    if (!record.channel.members.includes(this.identity.botUserId)) {
      record.channel.members.push(this.identity.botUserId);
    }
    return ok({ channel: this.shapeConversation(record) });
  }

  private readableChannel(args: Args): ChannelRecord | Failure {
    const record = this.conversation(argString(args, 'channel'));
    if (!record || this.hiddenFromBot(record.channel)) return failure('channel_not_found');
    if (this.options.requireMembership && !this.botIsMember(record.channel)) {
      return failure('not_in_channel');
    }
    return record;
  }

  private conversationsHistory(args: Args): Json {
    const record = this.readableChannel(args);
    if (record instanceof Failure) return record.body;
    const topLevel = (this.messages.get(record.channel.id) ?? []).filter(
      (m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast',
    );
    return this.messagePage(topLevel.reverse(), args, 'history');
  }

  private conversationsReplies(args: Args): Json {
    const record = this.readableChannel(args);
    if (record instanceof Failure) return record.body;
    const parent = this.findMessage(record.channel.id, argString(args, 'ts'));
    if (!parent) return fail('thread_not_found');
    return this.messagePage([parent, ...this.repliesTo(parent)], args, 'replies');
  }

  private messagePage(ordered: StoredMessage[], args: Args, kind: string): Json {
    const inclusive = argFlag(args, 'inclusive');
    const oldest = tsToMicros(argString(args, 'oldest'));
    const latest = tsToMicros(argString(args, 'latest'));
    const inRange = ordered.filter((m) => {
      const at = tsToMicros(m.ts) ?? 0;
      const afterOldest = oldest === undefined || (inclusive ? at >= oldest : at > oldest);
      const beforeLatest = latest === undefined || (inclusive ? at <= latest : at < latest);
      return afterOldest && beforeLatest;
    });
    const page = paginate(inRange, args, kind, Math.min(argLimit(args, 100), 999));
    if (!page) return fail('invalid_cursor');
    const withMetadata = argFlag(args, 'include_all_metadata');
    return ok({
      messages: page.items.map((m) => this.renderMessage(m, withMetadata)),
      has_more: page.nextCursor !== '',
      pin_count: 0,
      response_metadata: { next_cursor: page.nextCursor },
    });
  }

  private writableChannel(args: Args): FakeChannel | Failure {
    const channel = this.resolveTarget(argString(args, 'channel'));
    if (!channel || this.hiddenFromBot(channel)) return failure('channel_not_found');
    if (channel.archived) return failure('is_archived');
    if (this.options.requireMembership && !this.botIsMember(channel)) {
      return failure('not_in_channel');
    }
    return channel;
  }

  private chatPostMessage(args: Args): Json {
    const channel = this.writableChannel(args);
    if (channel instanceof Failure) return channel.body;
    const content = messageContent(args);
    if (content instanceof Failure) return content.body;
    const threadTs = argString(args, 'thread_ts');
    const parent = threadTs === undefined ? undefined : this.findMessage(channel.id, threadTs);
    const message: StoredMessage = {
      user: this.identity.botUserId,
      type: 'message',
      ts: this.nextTs(),
      bot_id: this.identity.botId,
      app_id: this.identity.appId,
      text: content.text,
      team: this.identity.teamId,
      bot_profile: botProfile(this.identity),
      ...definedOnly({
        blocks: content.blocks,
        attachments: content.attachments,
        metadata: content.metadata,
        thread_ts: threadTs,
        parent_user_id: parent?.user,
        subtype: threadTs && argFlag(args, 'reply_broadcast') ? 'thread_broadcast' : undefined,
      }),
      channel: channel.id,
    };
    this.storeMessage(message);
    return ok({
      channel: message.channel,
      ts: message.ts,
      message: this.renderMessage(message, true),
    });
  }

  private chatPostEphemeral(args: Args): Json {
    const userId = argString(args, 'user');
    if (!this.liveUser(userId) || userId === undefined) return fail('user_not_found');
    const channel = this.writableChannel(args);
    if (channel instanceof Failure) return channel.body;
    if (!channel.isIm && !channel.members.includes(userId)) return fail('user_not_in_channel');
    const content = messageContent(args);
    if (content instanceof Failure) return content.body;
    const ephemeral: StoredEphemeral = {
      channel: channel.id,
      user: userId,
      ts: this.nextTs(),
      text: content.text,
      ...definedOnly({ blocks: content.blocks, thread_ts: argString(args, 'thread_ts') }),
    };
    this.ephemerals.push(ephemeral);
    return ok({ message_ts: ephemeral.ts });
  }

  private ownMessage(args: Args, denied: string): StoredMessage | Failure {
    const record = this.conversation(argString(args, 'channel'));
    if (!record) return failure('channel_not_found');
    const message = this.findMessage(record.channel.id, argString(args, 'ts'));
    if (!message) return failure('message_not_found');
    if (message.bot_id !== this.identity.botId) return failure(denied);
    return message;
  }

  private chatUpdate(args: Args): Json {
    const message = this.ownMessage(args, 'cant_update_message');
    if (message instanceof Failure) return message.body;
    const content = messageContent({ text: message.text, ...args });
    if (content instanceof Failure) return content.body;
    Object.assign(message, definedOnly({ ...content }), {
      edited: { user: this.identity.botUserId, ts: this.nextTs() },
    });
    return ok({
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: this.renderMessage(message, true),
    });
  }

  private chatDelete(args: Args): Json {
    const message = this.ownMessage(args, 'cant_delete_message');
    if (message instanceof Failure) return message.body;
    const list = this.messages.get(message.channel) ?? [];
    this.messages.set(
      message.channel,
      list.filter((m) => m !== message),
    );
    return ok({ channel: message.channel, ts: message.ts });
  }

  private chatGetPermalink(args: Args): Json {
    const record = this.conversation(argString(args, 'channel'));
    if (!record) return fail('channel_not_found');
    const message = this.findMessage(record.channel.id, argString(args, 'message_ts'));
    if (!message) return fail('message_not_found');
    const channelId = record.channel.id;
    const base = `https://${this.identity.teamDomain}.slack.com/archives/${channelId}/p${message.ts.replace('.', '')}`;
    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    const permalink = isReply ? `${base}?thread_ts=${message.thread_ts}&cid=${channelId}` : base;
    return ok({ channel: channelId, permalink });
  }

  private takeTrigger(args: Args): Failure | undefined {
    const trigger = argString(args, 'trigger_id');
    if (!trigger) return invalidArguments('missing required field: trigger_id');
    if (this.usedTriggers.has(trigger)) return failure('exchanged_trigger_id');
    this.usedTriggers.add(trigger);
    return undefined;
  }

  private viewInput(args: Args, type: 'modal' | 'home', ownId?: string): Json | Failure {
    const view = args.view;
    if (!isObject(view)) return invalidArguments('missing required field: view');
    if (view.type !== type) return invalidArguments(`view.type must be ${type}`);
    const tooMuch = viewLimitProblem(view.blocks);
    if (tooMuch) return invalidArguments(tooMuch);
    const externalId = view.external_id;
    const clash = typeof externalId === 'string' ? this.findView(externalId) : undefined;
    if (clash && clash.view.id !== ownId) return failure('duplicate_external_id');
    return view;
  }

  private buildView(input: Json, id: string, rootViewId = id): Json {
    const sampleFile = input.type === 'home' ? 'views.publish.200.json' : 'views.open.200.json';
    const sample = loadSlackSample(`web-api/openapi-examples/${sampleFile}`).view as Json;
    return {
      ...sample,
      ...input,
      id,
      team_id: this.identity.teamId,
      app_id: this.identity.appId,
      app_installed_team_id: this.identity.teamId,
      bot_id: this.identity.botId,
      blocks: withBlockIds(Array.isArray(input.blocks) ? input.blocks : []),
      callback_id: input.callback_id ?? '',
      private_metadata: input.private_metadata ?? '',
      external_id: input.external_id ?? '',
      submit: input.submit ?? null,
      close: input.close ?? null,
      notify_on_close: input.notify_on_close ?? false,
      clear_on_close: input.clear_on_close ?? false,
      state: { values: {} },
      hash: `${this.nowSeconds()}.${randomBytes(4).toString('hex')}`,
      root_view_id: rootViewId,
      previous_view_id: null,
    };
  }

  private newViewId(): string {
    return `V${String(this.nextCounter()).padStart(10, '0')}`;
  }

  private saveView(view: Json): Json {
    this.views.set(String(view.id), { view });
    return ok({ view });
  }

  private viewsOpen(args: Args): Json {
    const triggerError = this.takeTrigger(args);
    if (triggerError) return triggerError.body;
    const input = this.viewInput(args, 'modal');
    if (input instanceof Failure) return input.body;
    return this.saveView(this.buildView(input, this.newViewId()));
  }

  private viewsPush(args: Args): Json {
    return this.viewsOpen(args);
  }

  private viewsUpdate(args: Args): Json {
    const record = this.findView(argString(args, 'view_id') ?? argString(args, 'external_id'));
    if (!record) return fail('not_found');
    const hash = argString(args, 'hash');
    if (hash !== undefined && hash !== record.view.hash) return fail('hash_conflict');
    const id = String(record.view.id);
    const input = this.viewInput(args, record.view.type === 'home' ? 'home' : 'modal', id);
    if (input instanceof Failure) return input.body;
    return this.saveView(this.buildView(input, id, String(record.view.root_view_id ?? id)));
  }

  private viewsPublish(args: Args): Json {
    const userId = argString(args, 'user_id');
    if (!this.liveUser(userId) || userId === undefined) return fail('user_not_found');
    const id = this.homeViews.get(userId) ?? this.newViewId();
    const input = this.viewInput(args, 'home', id);
    if (input instanceof Failure) return input.body;
    this.homeViews.set(userId, id);
    return this.saveView(this.buildView(input, id));
  }
}

function conversationType(channel: FakeChannel): string {
  if (channel.isIm) return 'im';
  return channel.isPrivate ? 'private_channel' : 'public_channel';
}
