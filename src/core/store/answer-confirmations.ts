import { asc, eq, sql } from 'drizzle-orm';
import type { Confirmation } from '../domain/search/learning.js';
import type { Db } from './db.js';
import { answerConfirmations, documents } from './schema.js';

/** Longer wordings are cut: a wording is the searched words of one question. */
const MAX_WORDING_CHARS = 500;

/** One row of a member's confirmations, as their data export shows it. */
export interface MemberConfirmation {
  wording: string;
  documentId: number;
  documentTitle: string;
  confirmedAt: number;
}

/**
 * Who confirmed which document answers a wording ("This answers it"): one row per person,
 * wording and document, holding their latest confirmation. Search reads a wording's rows to
 * rank the confirmed documents higher (domain/search/learning.ts).
 */
export class AnswerConfirmations {
  constructor(private readonly db: Db) {}

  /**
   * Records that `memberId` confirmed `documentId` answers `wording` at `now`; a second
   * confirmation by the same person only moves the time. False for an empty wording or a
   * document that does not exist.
   */
  record(wording: string, documentId: number, memberId: string, now: number): boolean {
    const key = Array.from(wording).slice(0, MAX_WORDING_CHARS).join('');
    if (key === '') return false;
    const exists = this.db
      .select({ id: documents.id })
      .from(documents)
      .where(eq(documents.id, documentId))
      .get();
    if (!exists) return false;
    this.db
      .insert(answerConfirmations)
      .values({ wording: key, documentId, memberId, confirmedAt: now })
      .onConflictDoUpdate({
        target: [
          answerConfirmations.wording,
          answerConfirmations.documentId,
          answerConfirmations.memberId,
        ],
        set: { confirmedAt: sql`max(${answerConfirmations.confirmedAt}, excluded.confirmed_at)` },
      })
      .run();
    return true;
  }

  /** Every person's latest confirmation for this wording, one row per person and document. */
  forWording(wording: string): Confirmation[] {
    if (wording === '') return [];
    return this.db
      .select({
        documentId: answerConfirmations.documentId,
        confirmedAt: answerConfirmations.confirmedAt,
      })
      .from(answerConfirmations)
      .where(
        eq(answerConfirmations.wording, Array.from(wording).slice(0, MAX_WORDING_CHARS).join('')),
      )
      .all();
  }

  /** What a member confirmed, oldest first, for their data export. */
  byMember(memberId: string): MemberConfirmation[] {
    return this.db
      .select({
        wording: answerConfirmations.wording,
        documentId: answerConfirmations.documentId,
        documentTitle: documents.title,
        confirmedAt: answerConfirmations.confirmedAt,
      })
      .from(answerConfirmations)
      .innerJoin(documents, eq(documents.id, answerConfirmations.documentId))
      .where(eq(answerConfirmations.memberId, memberId))
      .orderBy(asc(answerConfirmations.confirmedAt))
      .all();
  }

  /** Deletes everything a member confirmed; returns how many rows. */
  forget(memberId: string): number {
    return this.db
      .delete(answerConfirmations)
      .where(eq(answerConfirmations.memberId, memberId))
      .run().changes;
  }
}
