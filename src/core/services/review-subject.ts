import type { Review } from '../domain/review.js';

/**
 * The port through which a capability puts its objects up for review: the core keeps the
 * review (reviewers, windows, concerns, reminders) and asks the capability only what it alone
 * knows. One subject per kind of object, registered on the hooks when the context is built.
 */
export interface ReviewSubject {
  /** The kind of object, as the reviews name it: 'decision', 'plan_stage'. */
  readonly kind: string;
  /** Its title and a link to it, for the reviewers' cards; undefined once it is gone. */
  describe(objectId: number): { title: string; link: string | null } | undefined;
  /** Whether the person may see the object: a reviewer who may not is refused before anything is sent. */
  maySee(objectId: number, userId: string): boolean;
  /**
   * Told after each change (an answer, a concern and how it ended, the acceptance), so that the
   * object's own message can say where its review stands.
   */
  changed?(review: Review): void;
}
