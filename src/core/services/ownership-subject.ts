import type { Naming } from './naming.js';

/** One object someone owns, with all its owners. */
export interface OwnedObject {
  id: number;
  ownerIds: readonly string[];
}

/**
 * The port through which a capability hands over its objects when an owner leaves the
 * workspace: the core finds who is left, offers what has no owner to the people who may take
 * it over, and records who did; the capability says what a member owns and makes the change.
 * One subject per kind of object, registered on the hooks when the context is built.
 */
export interface OwnershipSubject {
  /** The kind of object, as the offers name it: 'decision', 'plan'. */
  readonly kind: string;
  /** The objects `memberId` owns that still need an owner (not ended). */
  ownedBy(memberId: string): OwnedObject[];
  /**
   * Who the capability offers an object with no owner left to, before Mailroom's admins (a
   * plan's reviewers, say); they are offered it only while they can be messaged.
   */
  fallback(objectId: number, leaverId: string): string[];
  /** Its title and link as `viewerId` may read them; undefined once it is gone. */
  describe(objectId: number, viewerId: string): { title: string; link: string | null } | undefined;
  /**
   * `toId` takes `fromId`'s place among its owners: a revision in its record, its message
   * rewritten. False when `fromId` no longer owns it (it was changed since), and nothing changes.
   */
  transfer(objectId: number, fromId: string, toId: string, naming: Naming): boolean;
}
