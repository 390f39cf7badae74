import { nameOf } from '../domain/member.js';
import type { ExpertKind, TopicExpert } from '../store/expert-repository.js';
import { recordAudit, slackActor } from './audit.js';
import { isTeamAdmin, maySeeConversation, requireAdmin } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

type ExpertContext = Pick<
  ServiceContext,
  'experts' | 'members' | 'channels' | 'clock' | 'settings' | 'audit'
>;

export const EXPERTS_PURPOSE =
  'change who answers what. You can see the list with `/mailroom experts`';

export interface ExpertTopic {
  kind: ExpertKind;
  /** A keyword, or a channel id. */
  topic: string;
}

export function addExperts(
  ctx: ExpertContext,
  input: { byUserId: string; topics: ExpertTopic[]; memberIds: string[] },
): { added: number; people: string[] } {
  requireAdmin(ctx, input.byUserId, EXPERTS_PURPOSE);
  if (input.topics.length === 0 || input.memberIds.length === 0)
    throw new UserFacingError(EXPERTS_USAGE);
  for (const id of input.memberIds) {
    const member = ctx.members.get(id);
    if (!member || member.deleted || member.isBot) {
      throw new UserFacingError(
        (naming) =>
          `${naming.person(id)} can’t answer questions: I only route to current, human members.`,
      );
    }
  }
  let added = 0;
  for (const topic of input.topics) {
    added += auditedChange(ctx, input.byUserId, topic, () => {
      let changed = 0;
      for (const id of input.memberIds) {
        if (ctx.experts.add(topic.kind, topic.topic, id, input.byUserId, ctx.clock())) changed += 1;
      }
      return changed;
    });
  }
  return { added, people: input.memberIds };
}

export function removeExperts(
  ctx: ExpertContext,
  input: { byUserId: string; topics: ExpertTopic[]; memberIds: string[] },
): number {
  requireAdmin(ctx, input.byUserId, EXPERTS_PURPOSE);
  if (input.topics.length === 0) throw new UserFacingError(EXPERTS_USAGE);
  let removed = 0;
  for (const topic of input.topics) {
    removed += auditedChange(ctx, input.byUserId, topic, () => {
      if (input.memberIds.length === 0) return ctx.experts.remove(topic.kind, topic.topic);
      let changed = 0;
      for (const id of input.memberIds) changed += ctx.experts.remove(topic.kind, topic.topic, id);
      return changed;
    });
  }
  return removed;
}

/**
 * Runs a change to one topic's experts and, when it changed anything, records who answered
 * for the topic before and after in the audit trail (subject `keyword:billing`, `channel:C…`).
 */
function auditedChange(
  ctx: ExpertContext,
  byUserId: string,
  topic: ExpertTopic,
  change: () => number,
): number {
  const before = ctx.experts.membersFor(topic.kind, topic.topic);
  const changed = change();
  if (changed > 0) {
    recordAudit(ctx, {
      actor: slackActor(byUserId),
      action: 'experts.changed',
      subject: `${topic.kind}:${ctx.experts.topicKey(topic.kind, topic.topic)}`,
      before,
      after: ctx.experts.membersFor(topic.kind, topic.topic),
    });
  }
  return changed;
}

export interface ExpertListing {
  topic: string;
  kind: ExpertKind;
  people: string[];
}

/**
 * Who answers what, as `viewerId` may see it: admins see every entry; others see a channel's
 * entry only when they may see that conversation (a private channel's name is its members').
 */
export function listExperts(ctx: ExpertContext, viewerId: string): ExpertListing[] {
  const admin = isTeamAdmin(ctx, viewerId);
  const byTopic = new Map<string, ExpertListing>();
  for (const expert of ctx.experts.all()) {
    if (expert.kind === 'channel' && !admin && !maySeeConversation(ctx, viewerId, expert.topic)) {
      continue;
    }
    const key = `${expert.kind}:${expert.topic}`;
    const entry = byTopic.get(key) ?? { topic: expert.topic, kind: expert.kind, people: [] };
    entry.people.push(describe(ctx, expert));
    byTopic.set(key, entry);
  }
  return [...byTopic.values()];
}

function describe(ctx: ExpertContext, expert: TopicExpert): string {
  const member = ctx.members.get(expert.memberId);
  return member ? nameOf(member) : expert.memberId;
}

export const EXPERTS_USAGE =
  'Set who answers what: `/mailroom experts add billing, refunds @priya @sam` (topics are keywords) or `/mailroom experts add #payments @priya` (everything asked in that channel). Remove with `/mailroom experts remove billing @sam`, list with `/mailroom experts`.';
