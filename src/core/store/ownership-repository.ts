import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { ownershipOffers } from './schema.js';

/** An object left without an owner, offered to the people who may take it over. */
export interface OwnershipOffer {
  id: number;
  objectKind: string;
  objectId: number;
  leaverId: string;
  candidateIds: string[];
  takenBy: string | null;
  takenAt: number | null;
  createdAt: number;
}

type OfferRow = typeof ownershipOffers.$inferSelect;

const offerOf = (row: OfferRow): OwnershipOffer => ({
  ...row,
  candidateIds: [...row.candidateIds],
});

/** The offers made when an owner left: who they went to, and who took each over. */
export class OwnershipRepository {
  constructor(private readonly db: Db) {}

  /** Runs `work` in one IMMEDIATE transaction (a savepoint inside one already open). */
  inTransaction<T>(work: () => T): T {
    return this.db.$client.transaction(work).immediate();
  }

  /** The offer of this object for this leaver: made now, or the one made before. */
  offer(input: {
    objectKind: string;
    objectId: number;
    leaverId: string;
    candidateIds: readonly string[];
    now: number;
  }): OwnershipOffer {
    return this.inTransaction(() => {
      this.db
        .insert(ownershipOffers)
        .values({
          objectKind: input.objectKind,
          objectId: input.objectId,
          leaverId: input.leaverId,
          candidateIds: [...input.candidateIds],
          createdAt: input.now,
        })
        .onConflictDoNothing()
        .run();
      const row = this.db
        .select()
        .from(ownershipOffers)
        .where(
          and(
            eq(ownershipOffers.objectKind, input.objectKind),
            eq(ownershipOffers.objectId, input.objectId),
            eq(ownershipOffers.leaverId, input.leaverId),
          ),
        )
        .get();
      if (!row) throw new Error('the ownership offer was not stored');
      return offerOf(row);
    });
  }

  get(id: number): OwnershipOffer | undefined {
    const row = this.db.select().from(ownershipOffers).where(eq(ownershipOffers.id, id)).get();
    return row && offerOf(row);
  }

  getMany(ids: readonly number[]): OwnershipOffer[] {
    return ids.flatMap((id) => {
      const offer = this.get(id);
      return offer ? [offer] : [];
    });
  }

  /** The offers made when this person left, oldest first. */
  ofLeaver(leaverId: string): OwnershipOffer[] {
    return this.db
      .select()
      .from(ownershipOffers)
      .where(eq(ownershipOffers.leaverId, leaverId))
      .orderBy(asc(ownershipOffers.id))
      .all()
      .map(offerOf);
  }

  /** The offers naming the member: as the one who left, one offered it, or the one who took it. */
  involving(memberId: string): OwnershipOffer[] {
    return this.db
      .select()
      .from(ownershipOffers)
      .where(
        or(
          eq(ownershipOffers.leaverId, memberId),
          eq(ownershipOffers.takenBy, memberId),
          sql`exists (select 1 from json_each(${ownershipOffers.candidateIds}) where value = ${memberId})`,
        ),
      )
      .orderBy(asc(ownershipOffers.id))
      .all()
      .map(offerOf);
  }

  /** `userId` takes the offer; undefined when someone took it first. */
  take(id: number, userId: string, now: number): OwnershipOffer | undefined {
    const row = this.db
      .update(ownershipOffers)
      .set({ takenBy: userId, takenAt: now })
      .where(and(eq(ownershipOffers.id, id), isNull(ownershipOffers.takenBy)))
      .returning()
      .get();
    return row && offerOf(row);
  }

  /** Undoes a take whose change could not be made. */
  release(id: number): void {
    this.db
      .update(ownershipOffers)
      .set({ takenBy: null, takenAt: null })
      .where(eq(ownershipOffers.id, id))
      .run();
  }
}
