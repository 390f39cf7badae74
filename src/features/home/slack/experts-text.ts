import type { ExpertTopic } from '../../../core/services/experts.js';

export type ExpertsCommand =
  | { action: 'list' }
  | { action: 'add' | 'remove'; topics: ExpertTopic[]; memberIds: string[] };

const USER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const CHANNEL = /<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Reads `/mailroom experts [add|remove] <topics> <@people>` as Slack sends it with escaping
 * on: people as `<@U123|name>`, channels as `<#C123|name>`, keywords separated by commas.
 */
export function parseExpertsCommand(text: string): ExpertsCommand | null {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const action = verb.toLowerCase();
  if (action === '' || action === 'list') return { action: 'list' };
  if (action !== 'add' && action !== 'remove') return null;
  const args = rest.join(' ');
  const memberIds = [...args.matchAll(USER)].map((m) => m[1] as string);
  const channels = [...args.matchAll(CHANNEL)].map((m) => ({
    kind: 'channel' as const,
    topic: m[1] as string,
  }));
  const keywords = args
    .replace(USER, ' ')
    .replace(CHANNEL, ' ')
    .split(',')
    .map((k) => k.trim().replace(/\s+/g, ' '))
    .filter((k) => k !== '' && !k.startsWith('@'))
    .map((k) => ({ kind: 'keyword' as const, topic: k.slice(0, 80) }));
  return { action, topics: [...keywords, ...channels], memberIds: [...new Set(memberIds)] };
}
