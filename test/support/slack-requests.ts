import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  dmChannelIdFor,
  FAKE_SLACK_DEFAULTS,
  type FakeUser,
  type Json,
  loadSlackSample,
  slackUserObject,
} from './fake-slack.js';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return {
    'x-slack-signature': `v0=${digest}`,
    'x-slack-request-timestamp': String(timestampSeconds),
  };
}

export interface SlackSenderOptions {
  /** The app's request URL, e.g. http://127.0.0.1:PORT/slack/events */
  url: string;
  signingSecret: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  botUserId?: string;
  /** Supplies response_url values, e.g. () => fakeSlack.responseUrl(). */
  responseUrl?: () => string;
  /** Clock in milliseconds used for request timestamps and payload times. Default Date.now. */
  now?: () => number;
}

export interface SenderResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
  json(): unknown;
}

/** A request exactly as it went out, so that it can be sent again byte for byte. */
export interface SentRequest {
  body: string;
  headers: Record<string, string>;
}

export interface RawRequestOptions {
  contentType: string;
  /** Extra headers; null removes a header the sender would otherwise add. */
  headers?: Record<string, string | null>;
  timestamp?: number;
  signature?: string;
  secret?: string;
}

export interface SlashCommandInput {
  command: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  triggerId?: string;
}

export interface BlockActionInput {
  userId: string;
  userName?: string;
  actionId: string;
  value?: string;
  blockId?: string;
  /** Overrides or extends the action element, e.g. { type: 'static_select', selected_option }. */
  action?: Json;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  /** The message holding the button; when absent the container is an ephemeral message. */
  message?: Json;
  /** The view holding the element; makes it a modal / Home tab action. */
  view?: Json;
  triggerId?: string;
}

export interface ViewSubmissionInput {
  userId: string;
  userName?: string;
  callbackId: string;
  privateMetadata?: string;
  /** The view's state.values: { blockId: { actionId: { type, value | selected_option | ... } } } */
  values: Json;
  viewId?: string;
  /** The view as the app opened it (e.g. fakeSlack.view(id)); its fields are kept. */
  view?: Json;
  triggerId?: string;
}

export interface ViewClosedInput {
  userId: string;
  userName?: string;
  callbackId: string;
  privateMetadata?: string;
  values?: Json;
  viewId?: string;
  view?: Json;
  isCleared?: boolean;
}

export interface MessageShortcutInput {
  userId: string;
  userName?: string;
  callbackId: string;
  channelId: string;
  channelName?: string;
  message: Json;
  triggerId?: string;
}

export interface GlobalShortcutInput {
  userId: string;
  userName?: string;
  callbackId: string;
  triggerId?: string;
}

export interface EventOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  eventTime?: number;
}

const FORM = 'application/x-www-form-urlencoded';
const SLACK_HEADERS = {
  'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  accept: 'application/json,*/*',
};

let sequence = 0;

function nextSequence(): number {
  sequence += 1;
  return sequence;
}

function uniqueTriggerId(): string {
  const id = `${Date.now()}${String(nextSequence()).padStart(4, '0')}`;
  return `${id}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

function eventTs(ms: number): string {
  const micros = Math.floor(ms * 1000) + (nextSequence() % 1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function without(object: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function withoutEnterprise(team: Json, id: string, domain: string): Json {
  return { ...without(team, ['enterprise_id', 'enterprise_name']), id, domain };
}

function nameOf(userId: string, userName: string | undefined): string {
  return userName ?? userId.toLowerCase();
}

export class SlackSender {
  private readonly options: SlackSenderOptions;
  private readonly teamId: string;
  private readonly teamDomain: string;
  private readonly apiAppId: string;
  private readonly botUserId: string;
  private readonly now: () => number;
  /** The last request sent, for replaying it with `resend`. */
  lastRequest: SentRequest | undefined;

  constructor(options: SlackSenderOptions) {
    this.options = options;
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.teamDomain = options.teamDomain ?? FAKE_SLACK_DEFAULTS.teamDomain;
    this.apiAppId = options.apiAppId ?? FAKE_SLACK_DEFAULTS.appId;
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
    this.now = options.now ?? Date.now;
  }

  slashCommand(input: SlashCommandInput): Promise<SenderResponse> {
    const sample = loadSlackSample<Record<string, string>>(
      'interactions/examples/slash_command.socket-mode-capture.fields.json',
    );
    const fields: Record<string, string> = {
      ...sample,
      team_id: this.teamId,
      team_domain: this.teamDomain,
      channel_id: input.channelId,
      channel_name: input.channelName ?? input.channelId.toLowerCase(),
      user_id: input.userId,
      user_name: nameOf(input.userId, input.userName),
      command: input.command,
      text: input.text,
      api_app_id: this.apiAppId,
      is_enterprise_install: 'false',
      response_url: this.responseUrl(sample.response_url),
      trigger_id: input.triggerId ?? uniqueTriggerId(),
    };
    return this.raw(new URLSearchParams(fields).toString(), { contentType: FORM });
  }

  blockAction(input: BlockActionInput): Promise<SenderResponse> {
    const payload = input.view
      ? this.viewBlockAction(input, input.view)
      : this.messageBlockAction(input);
    return this.interaction(payload);
  }

  viewSubmission(input: ViewSubmissionInput): Promise<SenderResponse> {
    const sample = loadSlackSample('interactions/examples/view_submission.bolt-python.json');
    return this.interaction({
      ...sample,
      team: withoutEnterprise(sample.team as Json, this.teamId, this.teamDomain),
      user: this.interactionUser(input.userId, input.userName),
      api_app_id: this.apiAppId,
      trigger_id: input.triggerId ?? uniqueTriggerId(),
      view: this.submittedView(sample.view as Json, input),
      response_urls: [],
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  viewClosed(input: ViewClosedInput): Promise<SenderResponse> {
    const sample = loadSlackSample('interactions/examples/view_closed.bolt-python.json');
    return this.interaction({
      ...sample,
      team: withoutEnterprise(sample.team as Json, this.teamId, this.teamDomain),
      user: this.interactionUser(input.userId, input.userName),
      api_app_id: this.apiAppId,
      view: this.submittedView(sample.view as Json, { ...input, values: input.values ?? {} }),
      is_cleared: input.isCleared ?? false,
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  messageShortcut(input: MessageShortcutInput): Promise<SenderResponse> {
    const sample = loadSlackSample('interactions/examples/message_action.bolt-python.json');
    const messageTs = typeof input.message.ts === 'string' ? input.message.ts : this.ts();
    return this.interaction({
      ...sample,
      action_ts: this.ts(),
      team: withoutEnterprise(sample.team as Json, this.teamId, this.teamDomain),
      user: { id: input.userId, name: nameOf(input.userId, input.userName) },
      channel: { id: input.channelId, name: input.channelName ?? input.channelId.toLowerCase() },
      callback_id: input.callbackId,
      trigger_id: input.triggerId ?? uniqueTriggerId(),
      message_ts: messageTs,
      message: { type: 'message', ...input.message, ts: messageTs },
      response_url: this.responseUrl(String(sample.response_url)),
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  globalShortcut(input: GlobalShortcutInput): Promise<SenderResponse> {
    const sample = loadSlackSample(
      'interactions/examples/shortcut.global.socket-mode-capture.json',
    );
    return this.interaction({
      ...sample,
      action_ts: this.ts(),
      team: { id: this.teamId, domain: this.teamDomain },
      user: {
        id: input.userId,
        username: nameOf(input.userId, input.userName),
        team_id: this.teamId,
      },
      callback_id: input.callbackId,
      trigger_id: input.triggerId ?? uniqueTriggerId(),
    });
  }

  event(event: Json, options: EventOptions = {}): Promise<SenderResponse> {
    const sample = loadSlackSample('events/examples/message.channels.socket-mode-capture.json');
    const eventTime = options.eventTime ?? Math.floor(this.now() / 1000);
    const channel = typeof event.channel === 'string' ? event.channel : '';
    const envelope = {
      ...sample,
      team_id: this.teamId,
      api_app_id: this.apiAppId,
      event,
      event_id: options.eventId ?? `Ev${String(nextSequence()).padStart(9, '0')}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.teamId,
          user_id: this.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      event_context: `4-${String(event.type)}-${this.teamId}-${channel}`,
    };
    const retryHeaders: Record<string, string> =
      options.retryNum === undefined
        ? {}
        : {
            'x-slack-retry-num': String(options.retryNum),
            'x-slack-retry-reason': options.retryReason ?? 'http_timeout',
          };
    return this.raw(JSON.stringify(envelope), {
      contentType: 'application/json',
      headers: retryHeaders,
    });
  }

  urlVerification(challenge = randomBytes(24).toString('base64url')): Promise<SenderResponse> {
    const sample = loadSlackSample('events/examples/url_verification.bolt-python.json');
    return this.raw(JSON.stringify({ ...sample, challenge }), { contentType: 'application/json' });
  }

  async raw(body: string, options: RawRequestOptions): Promise<SenderResponse> {
    const timestamp = options.timestamp ?? Math.floor(this.now() / 1000);
    const signed = signSlackRequest(options.secret ?? this.options.signingSecret, body, timestamp);
    const headers = mergeHeaders(
      {
        ...SLACK_HEADERS,
        'content-type': options.contentType,
        ...signed,
        ...(options.signature === undefined ? {} : { 'x-slack-signature': options.signature }),
      },
      options.headers ?? {},
    );
    this.lastRequest = { body, headers };
    return this.post({ body, headers });
  }

  /** Sends a request again exactly as it was sent (same body, timestamp and signature): a replay. */
  resend(request: SentRequest): Promise<SenderResponse> {
    return this.post(request);
  }

  private async post({ body, headers }: SentRequest): Promise<SenderResponse> {
    const response = await fetch(this.options.url, { method: 'POST', headers, body });
    const text = await response.text();
    return {
      status: response.status,
      body: text,
      headers: Object.fromEntries(response.headers.entries()),
      json: () => JSON.parse(text),
    };
  }

  private interaction(payload: Json): Promise<SenderResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.raw(body, { contentType: FORM });
  }

  private messageBlockAction(input: BlockActionInput): Json {
    if (!input.channelId) throw new Error('blockAction needs channelId (or view for a modal)');
    const sample = loadSlackSample(
      'interactions/examples/block_actions.message-button.bolt-python.json',
    );
    const messageTs = input.messageTs ?? (input.message?.ts as string | undefined) ?? this.ts();
    const message = input.message && { type: 'message', ...input.message, ts: messageTs };
    return {
      ...sample,
      user: this.interactionUser(input.userId, input.userName),
      api_app_id: this.apiAppId,
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: input.channelId,
        is_ephemeral: message === undefined,
      },
      trigger_id: input.triggerId ?? uniqueTriggerId(),
      team: withoutEnterprise(sample.team as Json, this.teamId, this.teamDomain),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: input.channelId, name: input.channelName ?? input.channelId.toLowerCase() },
      ...(message ? { message } : {}),
      state: { values: {} },
      response_url: this.responseUrl(String(sample.response_url)),
      actions: [this.action(sample, input)],
    };
  }

  private viewBlockAction(input: BlockActionInput, view: Json): Json {
    const sample = loadSlackSample(
      'interactions/examples/block_actions.modal-static-select.socket-mode-capture.json',
    );
    const viewId = typeof view.id === 'string' ? view.id : `V${nextSequence()}`;
    const fullView = {
      ...(sample.view as Json),
      blocks: [],
      state: { values: {} },
      ...view,
      id: viewId,
      team_id: this.teamId,
      app_installed_team_id: this.teamId,
      app_id: this.apiAppId,
    };
    return {
      ...sample,
      user: this.interactionUser(input.userId, input.userName),
      api_app_id: this.apiAppId,
      container: { type: 'view', view_id: viewId },
      trigger_id: input.triggerId ?? uniqueTriggerId(),
      team: { id: this.teamId, domain: this.teamDomain },
      view: fullView,
      actions: [
        this.action(
          loadSlackSample('interactions/examples/block_actions.message-button.bolt-python.json'),
          input,
        ),
      ],
    };
  }

  private action(buttonSample: Json, input: BlockActionInput): Json {
    const button = ((buttonSample.actions as Json[])[0] ?? {}) as Json;
    return {
      ...button,
      action_id: input.actionId,
      block_id: input.blockId ?? String(button.block_id),
      ...(input.value === undefined ? {} : { value: input.value }),
      action_ts: this.ts(),
      ...input.action,
    };
  }

  private submittedView(sampleView: Json, input: ViewClosedInput & { values: Json }): Json {
    const view = input.view ?? {};
    const viewId = input.viewId ?? (typeof view.id === 'string' ? view.id : `V${nextSequence()}`);
    return {
      ...sampleView,
      blocks: [],
      ...view,
      id: viewId,
      team_id: this.teamId,
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? view.private_metadata ?? '',
      state: { values: input.values },
      root_view_id: view.root_view_id ?? viewId,
      app_id: this.apiAppId,
      app_installed_team_id: this.teamId,
    };
  }

  private interactionUser(userId: string, userName: string | undefined): Json {
    const name = nameOf(userId, userName);
    return { id: userId, username: name, name, team_id: this.teamId };
  }

  private responseUrl(fallback: string | undefined): string {
    return this.options.responseUrl?.() ?? fallback ?? '';
  }

  private ts(): string {
    return eventTs(this.now());
  }
}

function mergeHeaders(
  base: Record<string, string>,
  overrides: Record<string, string | null>,
): Record<string, string> {
  const entries = Object.entries({ ...base, ...lowerCaseKeys(overrides) });
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

function lowerCaseKeys<T>(headers: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
  );
}

// ---------------------------------------------------------------- event bodies

export interface EventBuilderOptions {
  teamId?: string;
  eventTs?: string;
  now?: () => number;
}

function builderTs(options: EventBuilderOptions): string {
  return options.eventTs ?? eventTs((options.now ?? Date.now)());
}

function asSlackUser(user: FakeUser | Json, options: EventBuilderOptions): Json {
  if ('profile' in user) return user as Json;
  const at = (options.now ?? Date.now)();
  const teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
  return slackUserObject(user as FakeUser, teamId, Math.floor(at / 1000), new Date(at));
}

/** user_change: `user` is a FakeUser or a full Slack user object (e.g. fakeSlack.slackUser(id)). */
export function userChangeEvent(user: FakeUser | Json, options: EventBuilderOptions = {}): Json {
  const ts = builderTs(options);
  return {
    type: 'user_change',
    user: asSlackUser(user, options),
    cache_ts: Math.floor(Number(ts)),
    event_ts: ts,
  };
}

export function teamJoinEvent(user: FakeUser | Json, options: EventBuilderOptions = {}): Json {
  const ts = builderTs(options);
  return {
    type: 'team_join',
    user: asSlackUser(user, options),
    cache_ts: Math.floor(Number(ts)),
    event_ts: ts,
  };
}

export function appHomeOpenedEvent(
  userId: string,
  options: EventBuilderOptions & { channel?: string; tab?: 'home' | 'messages'; view?: Json } = {},
): Json {
  const sample = loadSlackSample('events/examples/app_home_opened.org-install.bolt-python.json');
  return {
    ...(sample.event as Json),
    user: userId,
    channel: options.channel ?? dmChannelIdFor(userId),
    tab: options.tab ?? 'home',
    event_ts: builderTs(options),
    ...(options.view ? { view: options.view } : {}),
  };
}

export function memberJoinedChannelEvent(
  userId: string,
  channelId: string,
  options: EventBuilderOptions & { inviter?: string; channelType?: 'C' | 'G' } = {},
): Json {
  const sample = loadSlackSample('events/examples/member_joined_channel.bolt-python.json');
  return {
    ...without(sample.event as Json, ['inviter']),
    user: userId,
    channel: channelId,
    channel_type: options.channelType ?? 'C',
    team: options.teamId ?? FAKE_SLACK_DEFAULTS.teamId,
    ...(options.inviter ? { inviter: options.inviter } : {}),
    event_ts: builderTs(options),
  };
}

export function messageEvent(
  input: {
    userId: string;
    channelId: string;
    text: string;
    ts?: string;
    threadTs?: string;
    channelType?: 'channel' | 'group' | 'im' | 'mpim';
  },
  options: EventBuilderOptions = {},
): Json {
  const sample = loadSlackSample('events/examples/message.channels.socket-mode-capture.json');
  const ts = input.ts ?? builderTs(options);
  return {
    ...(sample.event as Json),
    client_msg_id: randomUUID(),
    text: input.text,
    user: input.userId,
    ts,
    team: options.teamId ?? FAKE_SLACK_DEFAULTS.teamId,
    channel: input.channelId,
    event_ts: ts,
    channel_type: input.channelType ?? (input.channelId.startsWith('D') ? 'im' : 'channel'),
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
  };
}

/** app_mention: `text` as Slack sends it, the mention included (`<@U0MAILBOT> question`). */
export function appMentionEvent(
  input: { userId: string; channelId: string; text: string; ts?: string; threadTs?: string },
  options: EventBuilderOptions & { extra?: Json } = {},
): Json {
  const sample = loadSlackSample('events/examples/app_mention.socket-mode-capture.json');
  const ts = input.ts ?? builderTs(options);
  return {
    ...without(sample.event as Json, ['blocks']),
    client_msg_id: randomUUID(),
    text: input.text,
    user: input.userId,
    ts,
    team: options.teamId ?? FAKE_SLACK_DEFAULTS.teamId,
    channel: input.channelId,
    event_ts: ts,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...options.extra,
  };
}
