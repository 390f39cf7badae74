/**
 * What the sandbox reads from Mailroom's manifest (its slash commands, shortcuts and events),
 * and a command's text as Slack sends it. Pure but for reading the manifest file.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ManifestCommand {
  command: string;
  description: string;
  usageHint: string;
  shouldEscape: boolean;
}

export interface ManifestShortcut {
  name: string;
  type: 'global' | 'message';
  callbackId: string;
  description: string;
}

export interface AppManifest {
  commands: ManifestCommand[];
  shortcuts: ManifestShortcut[];
  botEvents: string[];
}

const MANIFEST = new URL('../../../manifest.yml', import.meta.url);

type Json = Record<string, unknown>;
const objects = (value: unknown): Json[] =>
  Array.isArray(value)
    ? value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v))
    : [];
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function readManifest(path: URL | string = MANIFEST): AppManifest {
  const manifest = parse(readFileSync(path, 'utf8')) as Json;
  const features = (manifest.features ?? {}) as Json;
  const settings = (manifest.settings ?? {}) as Json;
  const events = (settings.event_subscriptions ?? {}) as Json;
  return {
    commands: objects(features.slash_commands).map((c) => ({
      command: text(c.command),
      description: text(c.description),
      usageHint: text(c.usage_hint),
      shouldEscape: c.should_escape === true,
    })),
    shortcuts: objects(features.shortcuts).map((s) => ({
      name: text(s.name),
      type: s.type === 'message' ? 'message' : 'global',
      callbackId: text(s.callback_id),
      description: text(s.description),
    })),
    botEvents: Array.isArray(events.bot_events) ? events.bot_events.map(String) : [],
  };
}

export interface Mentionable {
  /** A person's id from what was typed after `@`, if there is such a person. */
  user(name: string): string | undefined;
  /** A channel's id from what was typed after `#`. */
  channel(name: string): string | undefined;
}

/**
 * A slash command's text as Slack sends it: `&`, `<` and `>` always as entities and, when the
 * command has `should_escape: true`, people as `<@U123|name>`, channels as `<#C123|name>`,
 * `@here` as `<!here>`, links as `<https://…>`.
 */
export function commandText(typed: string, shouldEscape: boolean, names: Mentionable): string {
  const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!shouldEscape) return escaped;
  return escaped.replace(
    /(^|[\s(,])(?:@([\w-]+(?:\.[\w-]+)*)|#([\w-]+)|(https?:\/\/[^\s<>]+))/g,
    (match, before: string, user?: string, channel?: string, link?: string) => {
      if (link) return `${before}<${link}>`;
      if (user) {
        if (['here', 'channel', 'everyone'].includes(user)) return `${before}<!${user}>`;
        const id = names.user(user);
        return id ? `${before}<@${id}|${user}>` : match;
      }
      const id = channel ? names.channel(channel) : undefined;
      return id ? `${before}<#${id}|${channel}>` : match;
    },
  );
}
