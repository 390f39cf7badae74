import { asc, eq } from 'drizzle-orm';
import { glossaryKey } from '../domain/search/glossary.js';
import type { Db } from './db.js';
import { glossaryEntries } from './schema.js';

export type GlossaryRow = typeof glossaryEntries.$inferSelect;

/**
 * The team glossary. Every search reads it, so the rows are kept in memory between writes
 * (this repository does every write).
 */
export class GlossaryRepository {
  private cached: GlossaryRow[] | undefined;

  constructor(private readonly db: Db) {}

  /** Every entry, by term; the same array until the glossary changes. */
  all(): readonly GlossaryRow[] {
    this.cached ??= this.db
      .select()
      .from(glossaryEntries)
      .orderBy(asc(glossaryEntries.termKey))
      .all();
    return this.cached;
  }

  /** Undefined when the term is already there. */
  add(
    entry: { term: string; expansion: string; addedBy: string | null },
    now: number,
  ): GlossaryRow | undefined {
    const row = this.db
      .insert(glossaryEntries)
      .values({ ...entry, termKey: glossaryKey(entry.term), createdAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    this.cached = undefined;
    return row;
  }

  /** The removed entry, if the term was there. */
  remove(term: string): GlossaryRow | undefined {
    const row = this.db
      .delete(glossaryEntries)
      .where(eq(glossaryEntries.termKey, glossaryKey(term)))
      .returning()
      .get();
    this.cached = undefined;
    return row;
  }
}
