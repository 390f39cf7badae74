import { lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { seenRequests } from './schema.js';

/** Signatures of accepted Slack requests, so that a replayed request is recognised, across restarts too. */
export class SeenRequestRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records a signature; true the first time it is seen, false for a repeat. Signatures
   * received before `forgetBefore` are forgotten on the way (they can no longer be replayed).
   */
  remember(signature: string, now: number, forgetBefore: number): boolean {
    return this.db.transaction((tx) => {
      tx.delete(seenRequests).where(lt(seenRequests.receivedAt, forgetBefore)).run();
      const row = tx
        .insert(seenRequests)
        .values({ signature, receivedAt: now })
        .onConflictDoNothing()
        .returning({ signature: seenRequests.signature })
        .get();
      return row !== undefined;
    });
  }
}
