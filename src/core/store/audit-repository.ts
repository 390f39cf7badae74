import { count, desc, eq, or, sql } from 'drizzle-orm';
import { type AuditEntry, actorKey, actorOf, type NewAuditEntry } from '../domain/audit.js';
import type { Db } from './db.js';
import { auditEntries } from './schema.js';

type AuditRow = typeof auditEntries.$inferSelect;

/** The audit trail: entries are added, read newest first, and never changed. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  record(entry: NewAuditEntry, now: number): AuditEntry {
    const row = this.db
      .insert(auditEntries)
      .values({
        at: now,
        actor: actorKey(entry.actor),
        action: entry.action,
        subject: entry.subject ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
      })
      .returning()
      .get();
    return entryOf(row);
  }

  count(): number {
    return this.db.select({ n: count() }).from(auditEntries).get()?.n ?? 0;
  }

  /** `limit` entries, newest first, after skipping the newest `offset`. */
  newest(limit: number, offset = 0): AuditEntry[] {
    return this.db
      .select()
      .from(auditEntries)
      .orderBy(desc(auditEntries.at), desc(auditEntries.id))
      .limit(limit)
      .offset(offset)
      .all()
      .map(entryOf);
  }

  /**
   * Every entry a member made, that is about them, or that names them before or after (an
   * expert added or removed), oldest first.
   */
  involving(memberId: string): AuditEntry[] {
    const quoted = `%${JSON.stringify(memberId).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db
      .select()
      .from(auditEntries)
      .where(
        or(
          eq(auditEntries.actor, memberId),
          eq(auditEntries.subject, memberId),
          sql`${auditEntries.before} LIKE ${quoted} ESCAPE '\\'`,
          sql`${auditEntries.after} LIKE ${quoted} ESCAPE '\\'`,
        ),
      )
      .orderBy(auditEntries.at, auditEntries.id)
      .all()
      .map(entryOf);
  }
}

function entryOf(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: actorOf(row.actor),
    action: row.action,
    subject: row.subject,
    before: row.before,
    after: row.after,
  };
}
