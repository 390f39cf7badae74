import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import type { DecisionOption, DecisionStatus, FollowUpDraft } from '../domain/decision.js';
import type { DecisionInput, InputKind } from '../domain/input.js';
import type { FieldChange } from '../domain/revisions.js';
import {
  decisionFollowUps,
  decisionInputs,
  decisionPeople,
  decisionRevisions,
  decisions,
  decisionTags,
} from './schema.js';

type Row = typeof decisions.$inferSelect;

/** A decision with the people it names. */
export interface Decision extends Row {
  ownerIds: string[];
  consultedIds: string[];
  /** The people told when it is accepted, rejected, superseded or reversed. */
  informedIds: string[];
  /** Its tags, in the order given. */
  tags: string[];
}

/** What a list of decisions is narrowed to: any of these statuses, all of these tags. */
export interface DecisionFilter {
  statuses?: readonly DecisionStatus[];
  tags?: readonly string[];
}

export type FollowUp = typeof decisionFollowUps.$inferSelect;
export type Revision = typeof decisionRevisions.$inferSelect;

export interface NewDecision {
  title: string;
  why: string;
  options: DecisionOption[];
  chosen: string;
  chosenBecause?: string;
  tradeOff: string;
  drivers?: readonly string[];
  goodConsequences?: readonly string[];
  badConsequences?: readonly string[];
  confirmation?: string;
  tags?: readonly string[];
  status: 'proposed' | 'in_review' | 'accepted';
  loggedBy: string;
  channelId: string | null;
  ownerIds: readonly string[];
  consultedIds: readonly string[];
  informedIds?: readonly string[];
  followUps: readonly FollowUpDraft[];
  revisitOn: string | null;
  supersedesId?: number | null;
  context?: {
    channelId: string;
    ts: string | null;
    permalink: string | null;
    text: string | null;
  } | null;
}

/** Fields a change may set; people and follow-ups have their own methods. */
export type DecisionPatch = Partial<
  Pick<
    Row,
    | 'title'
    | 'why'
    | 'options'
    | 'chosen'
    | 'chosenBecause'
    | 'tradeOff'
    | 'drivers'
    | 'goodConsequences'
    | 'badConsequences'
    | 'confirmation'
    | 'status'
    | 'messageTs'
    | 'permalink'
    | 'postProblem'
    | 'contextPermalink'
    | 'contextText'
    | 'revisitOn'
    | 'revisitQueuedOn'
    | 'supersededById'
    | 'documentId'
    | 'decidedAt'
  >
>;

/** Decisions, their people, follow-ups, input and revisions, in SQLite. */
export class DecisionRepository {
  constructor(private readonly db: Db) {}

  /** Stores a new decision with its people, its follow-ups and the revision that logged it. */
  create(input: NewDecision, now: number): Decision {
    return this.db.$client
      .transaction(() => {
        const row = this.db
          .insert(decisions)
          .values({
            title: input.title,
            why: input.why,
            options: input.options,
            chosen: input.chosen,
            chosenBecause: input.chosenBecause ?? '',
            tradeOff: input.tradeOff,
            drivers: [...(input.drivers ?? [])],
            goodConsequences: [...(input.goodConsequences ?? [])],
            badConsequences: [...(input.badConsequences ?? [])],
            confirmation: input.confirmation ?? '',
            status: input.status,
            loggedBy: input.loggedBy,
            channelId: input.channelId,
            contextChannelId: input.context?.channelId ?? null,
            contextTs: input.context?.ts ?? null,
            contextPermalink: input.context?.permalink ?? null,
            contextText: input.context?.text ?? null,
            revisitOn: input.revisitOn,
            supersedesId: input.supersedesId ?? null,
            decidedAt: input.status === 'accepted' ? now : null,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        this.writePeople(row.id, input.ownerIds, input.consultedIds);
        this.writeInformed(row.id, input.informedIds ?? []);
        this.writeTags(row.id, input.tags ?? []);
        input.followUps.forEach((followUp, position) => {
          this.db
            .insert(decisionFollowUps)
            .values({ decisionId: row.id, position, ...followUp })
            .run();
        });
        this.addRevision(row.id, input.loggedBy, 'logged', [], input.status, now);
        return this.withPeople(row);
      })
      .immediate();
  }

  get(id: number): Decision | undefined {
    const row = this.db.select().from(decisions).where(eq(decisions.id, id)).get();
    return row && this.withPeople(row);
  }

  /**
   * Applies `patch` if the decision is still in one of `fromStatuses` (when given); undefined
   * when it is not (someone changed it first) or does not exist.
   */
  update(
    id: number,
    patch: DecisionPatch,
    now: number,
    fromStatuses?: readonly DecisionStatus[],
  ): Decision | undefined {
    const row = this.db
      .update(decisions)
      .set({ ...patch, updatedAt: now })
      .where(
        and(
          eq(decisions.id, id),
          fromStatuses ? inArray(decisions.status, [...fromStatuses]) : undefined,
        ),
      )
      .returning()
      .get();
    return row && this.withPeople(row);
  }

  setPeople(id: number, ownerIds: readonly string[], consultedIds: readonly string[]): void {
    this.db.$client
      .transaction(() => {
        this.db
          .delete(decisionPeople)
          .where(and(eq(decisionPeople.decisionId, id), ne(decisionPeople.role, 'informed')))
          .run();
        this.writePeople(id, ownerIds, consultedIds);
      })
      .immediate();
  }

  /** The people told of its outcome, replacing those named before. */
  setInformed(id: number, informedIds: readonly string[]): void {
    this.db.$client
      .transaction(() => {
        this.db
          .delete(decisionPeople)
          .where(and(eq(decisionPeople.decisionId, id), eq(decisionPeople.role, 'informed')))
          .run();
        this.writeInformed(id, informedIds);
      })
      .immediate();
  }

  /** Its tags, replacing those it had. */
  setTags(id: number, tags: readonly string[]): void {
    this.db.$client
      .transaction(() => {
        this.db.delete(decisionTags).where(eq(decisionTags.decisionId, id)).run();
        this.writeTags(id, tags);
      })
      .immediate();
  }

  private writeTags(id: number, tags: readonly string[]) {
    for (const tag of new Set(tags)) {
      this.db.insert(decisionTags).values({ decisionId: id, tag }).run();
    }
  }

  /** Each tag with the decisions it is on (to say which tags a person may filter by). */
  taggedDecisionIds(): Map<string, number[]> {
    const byTag = new Map<string, number[]>();
    const rows = this.db
      .select()
      .from(decisionTags)
      .orderBy(asc(decisionTags.tag), asc(decisionTags.decisionId))
      .all();
    for (const row of rows) byTag.set(row.tag, [...(byTag.get(row.tag) ?? []), row.decisionId]);
    return byTag;
  }

  private writeInformed(id: number, informedIds: readonly string[]) {
    for (const memberId of new Set(informedIds)) {
      this.db.insert(decisionPeople).values({ decisionId: id, role: 'informed', memberId }).run();
    }
  }

  private writePeople(id: number, ownerIds: readonly string[], consultedIds: readonly string[]) {
    for (const memberId of new Set(ownerIds)) {
      this.db.insert(decisionPeople).values({ decisionId: id, role: 'owner', memberId }).run();
    }
    for (const memberId of new Set(consultedIds)) {
      if (ownerIds.includes(memberId)) continue;
      this.db.insert(decisionPeople).values({ decisionId: id, role: 'consulted', memberId }).run();
    }
  }

  private withPeople(row: Row): Decision {
    const people = this.db
      .select()
      .from(decisionPeople)
      .where(eq(decisionPeople.decisionId, row.id))
      .orderBy(asc(decisionPeople.memberId))
      .all();
    return {
      ...row,
      ownerIds: people.filter((p) => p.role === 'owner').map((p) => p.memberId),
      consultedIds: people.filter((p) => p.role === 'consulted').map((p) => p.memberId),
      informedIds: people.filter((p) => p.role === 'informed').map((p) => p.memberId),
      tags: this.db
        .select({ tag: decisionTags.tag })
        .from(decisionTags)
        .where(eq(decisionTags.decisionId, row.id))
        .orderBy(sql`rowid`)
        .all()
        .map((t) => t.tag),
    };
  }

  /** The SQL condition a filter adds to a list: any of its statuses, every one of its tags. */
  private filtered(filter: DecisionFilter | undefined) {
    const conditions = [];
    if (filter?.statuses && filter.statuses.length > 0) {
      conditions.push(inArray(decisions.status, [...filter.statuses]));
    }
    for (const tag of filter?.tags ?? []) {
      conditions.push(
        inArray(
          decisions.id,
          this.db
            .select({ id: decisionTags.decisionId })
            .from(decisionTags)
            .where(eq(decisionTags.tag, tag)),
        ),
      );
    }
    return conditions;
  }

  // ---------------------------------------------------------------- follow-ups

  /** Every follow-up of the decision, cancelled ones included, in order. */
  followUps(decisionId: number): FollowUp[] {
    return this.db
      .select()
      .from(decisionFollowUps)
      .where(eq(decisionFollowUps.decisionId, decisionId))
      .orderBy(asc(decisionFollowUps.position), asc(decisionFollowUps.id))
      .all();
  }

  followUp(id: number): FollowUp | undefined {
    return this.db.select().from(decisionFollowUps).where(eq(decisionFollowUps.id, id)).get();
  }

  addFollowUp(decisionId: number, position: number, followUp: FollowUpDraft): FollowUp {
    return this.db
      .insert(decisionFollowUps)
      .values({ decisionId, position, ...followUp })
      .returning()
      .get();
  }

  /** Moves an open follow-up to `done` or `cancelled`; undefined when it was not open. */
  closeFollowUp(
    id: number,
    state: 'done' | 'cancelled',
    byUserId: string | null,
    now: number,
  ): FollowUp | undefined {
    return this.db
      .update(decisionFollowUps)
      .set({ state, doneBy: byUserId, doneAt: now })
      .where(and(eq(decisionFollowUps.id, id), eq(decisionFollowUps.state, 'open')))
      .returning()
      .get();
  }

  /** The open follow-ups `memberId` owns, on any decision, oldest first. */
  openFollowUpsOwnedBy(memberId: string): FollowUp[] {
    return this.db
      .select()
      .from(decisionFollowUps)
      .where(and(eq(decisionFollowUps.ownerId, memberId), eq(decisionFollowUps.state, 'open')))
      .orderBy(asc(decisionFollowUps.decisionId), asc(decisionFollowUps.id))
      .all();
  }

  /**
   * The open follow-up handed to a new owner: it is closed (cancelled, by `byUserId`) and the
   * same task, due the same day, takes its place under the new owner, so that the new owner's
   * item is a new one. Undefined when it was no longer open, or no longer `fromOwnerId`'s.
   */
  handOverFollowUp(
    id: number,
    fromOwnerId: string,
    toOwnerId: string,
    byUserId: string,
    now: number,
  ): FollowUp | undefined {
    return this.db.$client
      .transaction(() => {
        const closed = this.db
          .update(decisionFollowUps)
          .set({ state: 'cancelled', doneBy: byUserId, doneAt: now })
          .where(
            and(
              eq(decisionFollowUps.id, id),
              eq(decisionFollowUps.state, 'open'),
              eq(decisionFollowUps.ownerId, fromOwnerId),
            ),
          )
          .returning()
          .get();
        if (!closed) return undefined;
        return this.addFollowUp(closed.decisionId, closed.position, {
          text: closed.text,
          ownerId: toOwnerId,
          dueOn: closed.dueOn,
        });
      })
      .immediate();
  }

  setFollowUpPosition(id: number, position: number): void {
    this.db.update(decisionFollowUps).set({ position }).where(eq(decisionFollowUps.id, id)).run();
  }

  // ---------------------------------------------------------------- input and revisions

  addInput(
    decisionId: number,
    userId: string,
    kind: InputKind,
    text: string,
    now: number,
  ): DecisionInput {
    return this.db
      .insert(decisionInputs)
      .values({ decisionId, userId, kind, text, createdAt: now })
      .returning()
      .get();
  }

  inputs(decisionId: number): DecisionInput[] {
    return this.db
      .select()
      .from(decisionInputs)
      .where(eq(decisionInputs.decisionId, decisionId))
      .orderBy(asc(decisionInputs.createdAt), asc(decisionInputs.id))
      .all();
  }

  /** The inputs with these ids that belong to the decision, oldest first. */
  inputsByIds(decisionId: number, ids: readonly number[]): DecisionInput[] {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(decisionInputs)
      .where(and(eq(decisionInputs.decisionId, decisionId), inArray(decisionInputs.id, [...ids])))
      .orderBy(asc(decisionInputs.createdAt), asc(decisionInputs.id))
      .all();
  }

  addRevision(
    decisionId: number,
    userId: string,
    change: string,
    fields: FieldChange[],
    note: string | null,
    now: number,
  ): Revision {
    return this.db
      .insert(decisionRevisions)
      .values({ decisionId, userId, change, fields, note, createdAt: now })
      .returning()
      .get();
  }

  revisions(decisionId: number): Revision[] {
    return this.db
      .select()
      .from(decisionRevisions)
      .where(eq(decisionRevisions.decisionId, decisionId))
      .orderBy(asc(decisionRevisions.createdAt), asc(decisionRevisions.id))
      .all();
  }

  // ---------------------------------------------------------------- finding

  /** The newest decisions of a conversation, narrowed by `filter`. */
  recentIn(channelId: string, limit: number, filter?: DecisionFilter): Decision[] {
    return this.db
      .select()
      .from(decisions)
      .where(and(eq(decisions.channelId, channelId), ...this.filtered(filter)))
      .orderBy(desc(decisions.createdAt), desc(decisions.id))
      .limit(limit)
      .all()
      .map((row) => this.withPeople(row));
  }

  /** The newest decisions kept for the people they name (no conversation) that name `userId`. */
  recentNaming(userId: string, limit: number, filter?: DecisionFilter): Decision[] {
    const named = this.db
      .select({ id: decisionPeople.decisionId })
      .from(decisionPeople)
      .where(eq(decisionPeople.memberId, userId));
    return this.db
      .select()
      .from(decisions)
      .where(
        and(isNull(decisions.channelId), inArray(decisions.id, named), ...this.filtered(filter)),
      )
      .orderBy(desc(decisions.createdAt), desc(decisions.id))
      .limit(limit)
      .all()
      .map((row) => this.withPeople(row));
  }

  byDocumentIds(documentIds: readonly number[]): Map<number, Decision> {
    if (documentIds.length === 0) return new Map();
    return new Map(
      this.db
        .select()
        .from(decisions)
        .where(inArray(decisions.documentId, [...documentIds]))
        .all()
        .map((row) => [row.documentId ?? 0, this.withPeople(row)]),
    );
  }

  /**
   * Current decisions whose revisit date is on or before `lastDate` and whose reminders for
   * that date are not queued yet.
   */
  revisitsDue(lastDate: string, limit = 100): Decision[] {
    return this.db
      .select()
      .from(decisions)
      .where(
        and(
          lte(decisions.revisitOn, lastDate),
          inArray(decisions.status, ['proposed', 'accepted']),
          or(isNull(decisions.revisitQueuedOn), ne(decisions.revisitQueuedOn, decisions.revisitOn)),
        ),
      )
      .orderBy(asc(decisions.revisitOn), asc(decisions.id))
      .limit(limit)
      .all()
      .map((row) => this.withPeople(row));
  }

  /** The decisions a person logged or owns, oldest first. */
  loggedOrOwnedBy(memberId: string): Decision[] {
    const owned = this.db
      .select({ id: decisionPeople.decisionId })
      .from(decisionPeople)
      .where(and(eq(decisionPeople.memberId, memberId), eq(decisionPeople.role, 'owner')));
    return this.db
      .select()
      .from(decisions)
      .where(or(eq(decisions.loggedBy, memberId), inArray(decisions.id, owned)))
      .orderBy(asc(decisions.id))
      .all()
      .map((row) => this.withPeople(row));
  }

  /** Every decision, oldest first (for the export). */
  all(): Decision[] {
    return this.db
      .select()
      .from(decisions)
      .orderBy(asc(decisions.id))
      .all()
      .map((row) => this.withPeople(row));
  }

  /**
   * The decision's number in the export's `sequence`: the one it was given the first time it
   * was exported, or else the next one free in that sequence, kept from now on.
   */
  exportNumber(id: number, sequence: 'public' | 'private'): number {
    const column = sequence === 'public' ? decisions.publicNumber : decisions.privateNumber;
    return this.db.$client
      .transaction(() => {
        const row = this.db.select({ n: column }).from(decisions).where(eq(decisions.id, id)).get();
        if (!row) throw new Error(`no decision ${id}`);
        if (row.n !== null) return row.n;
        const highest =
          this.db
            .select({ n: sql<number | null>`max(${column})` })
            .from(decisions)
            .get()?.n ?? 0;
        const next = highest + 1;
        this.db
          .update(decisions)
          .set(sequence === 'public' ? { publicNumber: next } : { privateNumber: next })
          .where(eq(decisions.id, id))
          .run();
        return next;
      })
      .immediate();
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(decisions).get()?.n ?? 0;
  }
}
