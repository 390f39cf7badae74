import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { capabilitiesOf, listenAll } from '../../../src/capabilities.js';
import type { MailroomContext } from '../../../src/context.js';
import { Hooks } from '../../../src/core/services/hooks.js';

// The official slackapi/manifest-schema. Its entry file (manifest.schema.json) only switches on
// _metadata.major_version and $refs absolute raw.githubusercontent.com URLs, so offline we use
// the self-contained draft-07 schema for major_version 1 directly (test/fixtures/slack/SOURCES.md,
// "Manifest schema notes").
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const schemaDir = resolve(repoRoot, 'test/fixtures/slack/manifest-schema/slackapi-manifest-schema');
const schemaPath = resolve(schemaDir, 'schemas/manifest.schema.1.0.0.json');

/** The two manifests: Socket Mode, and HTTP mode with one placeholder for the host. */
const HTTP_REQUEST_URL = 'https://YOUR-HOST/slack/events';
const MANIFESTS = [
  { file: 'manifest.yml', socketMode: true },
  { file: 'manifest.http.yml', socketMode: false },
] as const;

// What the code registers. Keep these in step with the Bolt listeners (a test below checks).
const COMMANDS = ['/ask', '/mailroom', '/decision', '/meet', '/standup', '/plan'] as const;

const SHORTCUTS = [
  { callback_id: 'save_to_mailroom', type: 'message' },
  { callback_id: 'write_doc', type: 'global' },
  { callback_id: 'log_decision', type: 'message' },
  { callback_id: 'ask_mailroom', type: 'message' },
  { callback_id: 'start_plan', type: 'message' },
] as const;

const BOT_EVENTS = [
  'app_home_opened',
  'user_change',
  'team_join',
  'member_joined_channel',
  'member_left_channel',
  'channel_archive',
  'channel_unarchive',
  'channel_deleted',
  'group_archive',
  'group_unarchive',
  'group_deleted',
  'app_mention',
] as const;

type BotEvent = (typeof BOT_EVENTS)[number];

/**
 * Scopes a bot event subscription needs: any ONE of the listed scopes lets Slack deliver it
 * (member_joined_channel arrives for public channels with channels:read, for private ones with
 * groups:read). An empty list means the event needs no scope.
 */
const EVENT_SCOPES: Record<BotEvent, readonly string[]> = {
  app_home_opened: [],
  user_change: ['users:read'],
  team_join: ['users:read'],
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  channel_archive: ['channels:read'],
  channel_unarchive: ['channels:read'],
  channel_deleted: ['channels:read'],
  group_archive: ['groups:read'],
  group_unarchive: ['groups:read'],
  group_deleted: ['groups:read'],
  app_mention: ['app_mentions:read'],
};

/** Everything else Mailroom does, with ALL the bot scopes each use needs. */
const USES: readonly { why: string; scopes: readonly string[] }[] = [
  { why: 'slash commands, message and global shortcuts', scopes: ['commands'] },
  { why: 'chat.postMessage channel=<user id> (DMs)', scopes: ['chat:write'] },
  { why: 'chat.postMessage / chat.update in standup channels', scopes: ['chat:write'] },
  {
    why: 'conversations.members of a standup channel (who is asked)',
    scopes: ['channels:read', 'groups:read'],
  },
  { why: 'users.list / users.info (time zones)', scopes: ['users:read'] },
  { why: 'conversations.info / members on public channels', scopes: ['channels:read'] },
  { why: 'conversations.info / members on private channels', scopes: ['groups:read'] },
  {
    why: 'conversations.replies to read a message asked about ("Ask Mailroom")',
    scopes: ['channels:history', 'groups:history'],
  },
  {
    why: 'chat.postMessage / chat.postEphemeral in the thread of a question',
    scopes: ['chat:write'],
  },
  { why: 'conversations.replies in public channels (save thread)', scopes: ['channels:history'] },
  { why: 'conversations.replies in private channels (save thread)', scopes: ['groups:history'] },
  { why: 'conversations.replies in DMs (save thread)', scopes: ['im:history'] },
  { why: 'conversations.replies in group DMs (save thread)', scopes: ['mpim:history'] },
  { why: 'conversations.history on its own DMs (recovery)', scopes: ['im:history'] },
  { why: 'conversations.open (DM with one user)', scopes: ['im:write'] },
  { why: 'conversations.info on its own DM (/ask asked there)', scopes: ['im:read'] },
  { why: 'chat.getPermalink, views.open, views.publish', scopes: [] },
  { why: 'chat.postMessage / chat.update of decisions in channels', scopes: ['chat:write'] },
  {
    why: 'conversations.canvases.create, canvases.create, canvases.access.set, canvases.edit (a plan’s canvas)',
    scopes: ['canvases:write'],
  },
  {
    why: 'files.info, files.list on its own canvases (a plan’s canvas made once)',
    scopes: ['files:read'],
  },
  {
    why: 'slackLists.create, slackLists.access.set, slackLists.items.create / update / delete (a plan’s tasks as a List)',
    scopes: ['lists:write'],
  },
  {
    why: 'slackLists.items.list (an item whose creation was not recorded, found before it is made again)',
    scopes: ['lists:read'],
  },
];

interface SlashCommand {
  command: string;
  description?: string;
  usage_hint?: string;
  url?: string;
  should_escape?: boolean;
}

interface Manifest {
  display_information: { name: string; background_color?: string; long_description?: string };
  features?: {
    app_home?: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    bot_user?: { display_name: string };
    slash_commands?: SlashCommand[];
    shortcuts?: { callback_id: string; type: string; name: string }[];
  };
  oauth_config?: { scopes?: { bot?: string[] } };
  settings?: {
    event_subscriptions?: { bot_events?: string[]; request_url?: string };
    interactivity?: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function loadManifest(file: string): unknown {
  const doc = parseDocument(readFileSync(resolve(repoRoot, file), 'utf8'), { prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  expect(problems, `${file} does not parse cleanly`).toEqual([]);
  return doc.toJS();
}

function compileSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema gives `$schema` the "uri" format; plain Ajv has no formats built in.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(readJson(schemaPath) as object);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    return `${where}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
  });
}

const validate = compileSchema();

describe.each(MANIFESTS)('$file', ({ file, socketMode }) => {
  const raw = loadManifest(file);
  const manifest = raw as Manifest;
  const botScopes = new Set(manifest.oauth_config?.scopes?.bot ?? []);
  const commands = manifest.features?.slash_commands ?? [];
  const shortcuts = manifest.features?.shortcuts ?? [];
  const events = manifest.settings?.event_subscriptions?.bot_events ?? [];

  it(socketMode ? 'is the Socket Mode manifest' : 'is the HTTP mode manifest', () => {
    expect(manifest.settings?.socket_mode_enabled).toBe(socketMode);
  });

  describe('against the official Slack manifest schema (v1)', () => {
    it('validates with zero errors', () => {
      validate(raw);
      expect(describeErrors(validate.errors)).toEqual([]);
    });

    it('the validator rejects the schema repo’s own invalid example', () => {
      const invalid = readJson(resolve(schemaDir, 'examples/v1/manifest.invalid.json'));
      expect(validate(invalid)).toBe(false);
      expect(validate.errors).toContainEqual(
        expect.objectContaining({
          instancePath: '/settings',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'bad_param' },
        }),
      );
    });

    it('the validator accepts the schema repo’s own valid example', () => {
      const valid = readJson(resolve(schemaDir, 'examples/v1/manifest.valid.json'));
      validate(valid);
      expect(describeErrors(validate.errors)).toEqual([]);
    });

    it('the validator catches a broken copy of our manifest', () => {
      const broken = structuredClone(raw) as Manifest & { settings: { socket_mode: boolean } };
      broken.display_information.long_description = 'Too short for Slack.';
      broken.settings.socket_mode = true;
      expect(validate(broken)).toBe(false);
      expect(describeErrors(validate.errors)).toEqual([
        expect.stringMatching(/^\/display_information\/long_description: .*175/),
        expect.stringMatching(/^\/settings: .*socket_mode/),
      ]);
    });
  });

  describe('matches what Mailroom needs', () => {
    it('names the app and bot Mailroom, with a valid colour and a long description', () => {
      expect(manifest.display_information.name).toBe('Mailroom');
      expect(manifest.features?.bot_user?.display_name).toBe('Mailroom');
      // The schema spells this constraint `regex`, which is not a JSON Schema keyword: check here.
      expect(manifest.display_information.background_color).toMatch(
        /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/,
      );
      expect(manifest.display_information.long_description?.length).toBeGreaterThanOrEqual(175);
    });

    it('has the Home tab and a Messages tab people can reply in', () => {
      expect(manifest.features?.app_home).toEqual({
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      });
      expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    });

    it('declares exactly the slash commands the code registers', () => {
      expect(commands.map((c) => c.command).sort()).toEqual([...COMMANDS].sort());
    });

    it.each(COMMANDS)('%s has a description and a usage hint', (name) => {
      const command = commands.find((c) => c.command === name);
      expect(command?.description?.trim()).toBeTruthy();
      expect(command?.usage_hint?.trim()).toBeTruthy();
    });

    it('/standup escapes mentions, so that `history @member` arrives as a user id', () => {
      expect(commands.find((c) => c.command === '/standup')?.should_escape).toBe(true);
    });

    it('declares exactly the shortcuts the code registers, with the right type', () => {
      const declared = shortcuts.map(({ callback_id, type }) => ({ callback_id, type }));
      const byId = (a: { callback_id: string }, b: { callback_id: string }) =>
        a.callback_id.localeCompare(b.callback_id);
      expect(declared.sort(byId)).toEqual([...SHORTCUTS].sort(byId));
    });

    it('subscribes to exactly the bot events Mailroom handles', () => {
      expect([...events].sort()).toEqual([...BOT_EVENTS].sort());
    });

    it.each(BOT_EVENTS)('event %s has the scope it needs', (event) => {
      const anyOf = EVENT_SCOPES[event];
      if (anyOf.length === 0) return;
      expect(
        anyOf.some((scope) => botScopes.has(scope)),
        `${event} needs one of ${anyOf.join(', ')}`,
      ).toBe(true);
    });

    it.each(USES.map((use) => [use.why, use.scopes] as const))(
      '%s: scopes granted',
      (_why, scopes) => {
        expect(scopes.filter((scope) => !botScopes.has(scope))).toEqual([]);
      },
    );

    it('asks for no scope that nothing needs (least privilege)', () => {
      const needed = new Set([...Object.values(EVENT_SCOPES), ...USES.map((u) => u.scopes)].flat());
      expect([...botScopes].filter((scope) => !needed.has(scope))).toEqual([]);
      expect(manifest.oauth_config?.scopes?.bot?.length).toBe(botScopes.size);
    });

    it('is consistent about Socket Mode versus HTTP request URLs', () => {
      const settings = manifest.settings;
      expect(typeof settings?.org_deploy_enabled).toBe('boolean');
      expect(typeof settings?.token_rotation_enabled).toBe('boolean');
      const urls = [
        ...commands.map((c) => c.url),
        settings?.interactivity?.request_url,
        settings?.event_subscriptions?.request_url,
      ];
      if (settings?.socket_mode_enabled) {
        // Socket Mode ignores request URLs; leaving stale ones in only misleads.
        expect(urls.filter((url) => url !== undefined)).toEqual([]);
      } else {
        expect(urls.every((url) => url?.endsWith('/slack/events'))).toBe(true);
      }
    });
  });
});

/** A manifest without what depends on how Slack reaches Mailroom. */
function withoutModeSettings(raw: unknown): Manifest {
  const manifest = structuredClone(raw) as Manifest;
  for (const command of manifest.features?.slash_commands ?? []) delete command.url;
  delete manifest.settings?.interactivity?.request_url;
  delete manifest.settings?.event_subscriptions?.request_url;
  delete manifest.settings?.socket_mode_enabled;
  return manifest;
}

describe('the Socket Mode and HTTP mode manifests', () => {
  const socket = loadManifest('manifest.yml') as Manifest;
  const http = loadManifest('manifest.http.yml') as Manifest;

  it('differ only in the mode-specific settings', () => {
    expect(withoutModeSettings(http)).toEqual(withoutModeSettings(socket));
  });

  it('the HTTP one sends every request to /slack/events on YOUR-HOST, its one placeholder', () => {
    const urls = [
      ...(http.features?.slash_commands ?? []).map((c) => c.url),
      http.settings?.interactivity?.request_url,
      http.settings?.event_subscriptions?.request_url,
    ];
    expect(urls).toHaveLength((socket.features?.slash_commands?.length ?? 0) + 2);
    expect(urls.every((url) => url === HTTP_REQUEST_URL)).toBe(true);
    const text = readFileSync(resolve(repoRoot, 'manifest.http.yml'), 'utf8');
    const settingLines = text.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    const placeholders = settingLines.join('\n').match(/YOUR-[A-Z]+/g) ?? [];
    expect(new Set(placeholders)).toEqual(new Set(['YOUR-HOST']));
    expect(placeholders).toHaveLength(urls.length);
  });
});

describe('the manifest and the code', () => {
  it('declare the same commands, shortcuts and events', async () => {
    const registered = {
      commands: new Set<string>(),
      shortcuts: new Set<string>(),
      events: new Set<string>(),
    };
    const recorder = {
      command: (name: string) => registered.commands.add(name),
      shortcut: (id: string | { callback_id: string }) =>
        registered.shortcuts.add(typeof id === 'string' ? id : id.callback_id),
      event: (name: string) => registered.events.add(name),
      action: () => {},
      view: () => {},
      use: () => {},
    };
    // Building the capabilities registers their review subjects; nothing else is touched.
    const ctx = { hooks: new Hooks() } as unknown as MailroomContext;
    const { capabilities } = capabilitiesOf(ctx, {} as WebClient, {} as WebClient);
    listenAll(recorder as unknown as App, ctx, capabilities);
    expect([...registered.commands].sort()).toEqual([...COMMANDS].sort());
    expect([...registered.shortcuts].sort()).toEqual(SHORTCUTS.map((s) => s.callback_id).sort());
    expect([...registered.events].sort()).toEqual([...BOT_EVENTS].sort());
  });
});
