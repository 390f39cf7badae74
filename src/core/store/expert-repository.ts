import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { topicExperts } from './schema.js';

export type TopicExpert = typeof topicExperts.$inferSelect;
export type ExpertKind = TopicExpert['kind'];

/** Topic owners set by admins: a keyword or a channel, and the people who answer for it. */
export class ExpertRepository {
  constructor(private readonly db: Db) {}

  add(kind: ExpertKind, topic: string, memberId: string, addedBy: string, now: number): boolean {
    const row = this.db
      .insert(topicExperts)
      .values({ kind, topic: normalize(kind, topic), memberId, addedBy, createdAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    return row !== undefined;
  }

  remove(kind: ExpertKind, topic: string, memberId?: string): number {
    const conditions = [
      eq(topicExperts.kind, kind),
      eq(topicExperts.topic, normalize(kind, topic)),
    ];
    if (memberId) conditions.push(eq(topicExperts.memberId, memberId));
    return this.db
      .delete(topicExperts)
      .where(and(...conditions))
      .run().changes;
  }

  all(): TopicExpert[] {
    return this.db
      .select()
      .from(topicExperts)
      .orderBy(asc(topicExperts.kind), asc(topicExperts.topic), asc(topicExperts.id))
      .all();
  }

  /** Who answers for one topic, in the order they were added. */
  membersFor(kind: ExpertKind, topic: string): string[] {
    return this.db
      .select({ memberId: topicExperts.memberId })
      .from(topicExperts)
      .where(and(eq(topicExperts.kind, kind), eq(topicExperts.topic, normalize(kind, topic))))
      .orderBy(asc(topicExperts.id))
      .all()
      .map((row) => row.memberId);
  }

  /** How a topic is stored: a keyword lower-cased with single spaces, a channel id trimmed. */
  topicKey(kind: ExpertKind, topic: string): string {
    return normalize(kind, topic);
  }

  keywordExperts(): TopicExpert[] {
    return this.all().filter((e) => e.kind === 'keyword');
  }

  channelExperts(channelId: string): TopicExpert[] {
    return this.db
      .select()
      .from(topicExperts)
      .where(and(eq(topicExperts.kind, 'channel'), eq(topicExperts.topic, channelId)))
      .orderBy(asc(topicExperts.id))
      .all();
  }
}

function normalize(kind: ExpertKind, topic: string): string {
  return kind === 'keyword' ? topic.trim().toLowerCase().replace(/\s+/g, ' ') : topic.trim();
}
