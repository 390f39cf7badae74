import { createHash } from 'node:crypto';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import {
  type DocumentSource,
  type DocumentVisibility,
  documentAliases,
  documentReaders,
  documents,
} from './schema.js';
import { documentWords, SearchVocabulary } from './search-vocabulary.js';

/** A stored knowledge-base document, as a plain object. */
export type KnowledgeDocument = typeof documents.$inferSelect;

export interface DocumentInput {
  title: string;
  body: string;
  source: DocumentSource;
  /** Stable origin (file path, channel+ts, question id): a second upsert with it updates the same document. */
  sourceKey?: string | null;
  authorId?: string | null;
  url?: string | null;
  channelId?: string | null;
  /**
   * Defaults to `public`. `channel` needs a channelId: only that channel's members find it.
   * `people` needs readerIds: only they find it.
   */
  visibility?: DocumentVisibility;
  readerIds?: readonly string[];
  /** For a decision: its status. */
  status?: string | null;
  /** The document that replaces this one; search puts that one first. */
  supersededById?: number | null;
}

export type UpsertStatus = 'added' | 'updated' | 'unchanged';

const MAX_ALIAS_CHARS = 500;

/**
 * The knowledge base's documents in SQLite: adding, updating and removing them with their
 * readers and aliases, and keeping the vocabulary's word counts in step. Triggers keep the
 * search index (`documents_fts`, see search-index.ts) in sync with these rows.
 */
/** A wording a member confirmed answers a document, kept as its alias. */
export interface MemberAlias {
  documentId: number;
  documentTitle: string;
  text: string;
  addedAt: number;
}

export class DocumentsRepository {
  /** The words of the knowledge base, with their document counts: the lexicon's side of search. */
  readonly vocabulary: SearchVocabulary;

  private readonly bySourceKey: ReturnType<typeof prepareBySourceKey>;

  constructor(private readonly db: Db) {
    this.vocabulary = SearchVocabulary.of(db);
    this.bySourceKey = prepareBySourceKey(db);
  }

  /**
   * Adds the document, or updates the one with the same sourceKey. Nothing is written (and
   * the status is `unchanged`) when its title, body and metadata are all the same.
   */
  upsert(input: DocumentInput, now: number): { document: KnowledgeDocument; status: UpsertStatus } {
    const title = clean(input.title).trim();
    const body = clean(input.body).trim();
    if (title === '') throw new Error('A document needs a title.');
    const visibility = input.visibility ?? 'public';
    const channelId = input.channelId ?? null;
    if (visibility === 'channel' && !channelId) {
      throw new Error('A document visible to one channel needs its channelId.');
    }
    if (visibility === 'people' && channelId) {
      throw new Error('A document kept for named people belongs to no channel.');
    }
    const readerIds =
      visibility === 'people' ? [...new Set(input.readerIds ?? [])].sort() : ([] as string[]);
    const contentHash = hashContent(title, body);
    const metadata = {
      source: input.source,
      authorId: input.authorId ?? null,
      url: input.url ?? null,
      channelId,
      visibility,
      status: input.status ?? null,
      supersededById: input.supersededById ?? null,
    };
    const sourceKey = input.sourceKey ?? null;

    return this.inTransaction(() => {
      const existing = sourceKey === null ? undefined : this.findBySourceKey(sourceKey);
      if (!existing) {
        const document = this.db
          .insert(documents)
          .values({
            title,
            body,
            contentHash,
            sourceKey,
            ...metadata,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        if (readerIds.length > 0) this.setReaders(document.id, readerIds);
        this.vocabulary.change(new Set(), documentWords(title, body, []));
        return { document, status: 'added' as const };
      }
      const contentChanged = existing.contentHash !== contentHash;
      const readersChanged =
        (visibility === 'people' || existing.visibility === 'people') &&
        this.readersOf(existing.id).join('\n') !== readerIds.join('\n');
      const metadataChanged =
        readersChanged ||
        (Object.keys(metadata) as (keyof typeof metadata)[]).some(
          (key) => existing[key] !== metadata[key],
        );
      if (!contentChanged && !metadataChanged) {
        return { document: existing, status: 'unchanged' as const };
      }
      const document = this.db
        .update(documents)
        // Title and body are set only when they changed, so the FTS row is rebuilt only then.
        .set({
          ...(contentChanged ? { title, body, contentHash } : {}),
          ...metadata,
          updatedAt: now,
        })
        .where(eq(documents.id, existing.id))
        .returning()
        .get();
      if (readersChanged) this.setReaders(existing.id, readerIds);
      if (contentChanged) {
        const aliases = this.aliasesOf(existing.id);
        this.changeWords(
          documentWords(existing.title, existing.body, aliases),
          documentWords(title, body, aliases),
        );
      }
      return { document, status: 'updated' as const };
    });
  }

  /**
   * Runs `work` in an IMMEDIATE transaction, or within the caller's transaction when it
   * already holds one (so many upserts can be batched in one).
   */
  private inTransaction<T>(work: () => T): T {
    // Inside the caller's transaction that transaction is the unit of work: a savepoint per
    // document made FTS5 flush its pending index at every one (40 % of a batched import).
    if (this.db.$client.inTransaction) return work();
    return this.db.$client.transaction(work).immediate();
  }

  /** Who may find a document of visibility `people`, sorted. */
  readersOf(documentId: number): string[] {
    return this.db
      .select({ memberId: documentReaders.memberId })
      .from(documentReaders)
      .where(eq(documentReaders.documentId, documentId))
      .orderBy(asc(documentReaders.memberId))
      .all()
      .map((row) => row.memberId);
  }

  private setReaders(documentId: number, readerIds: readonly string[]): void {
    this.db.delete(documentReaders).where(eq(documentReaders.documentId, documentId)).run();
    for (const memberId of readerIds) {
      this.db.insert(documentReaders).values({ documentId, memberId }).run();
    }
  }

  get(id: number): KnowledgeDocument | undefined {
    return this.db.select().from(documents).where(eq(documents.id, id)).get();
  }

  findBySourceKey(sourceKey: string): KnowledgeDocument | undefined {
    return this.bySourceKey.get({ sourceKey });
  }

  count(): number {
    return this.db.select({ n: count() }).from(documents).get()?.n ?? 0;
  }

  /** The documents a person wrote (answers, saved messages, written docs, decisions), oldest first. */
  authoredBy(memberId: string): KnowledgeDocument[] {
    return this.db
      .select()
      .from(documents)
      .where(eq(documents.authorId, memberId))
      .orderBy(asc(documents.id))
      .all();
  }

  /** Credits a person's documents, decisions aside, to `authorId` instead; how many changed. */
  reattribute(memberId: string, authorId: string): number {
    return this.db
      .update(documents)
      .set({ authorId })
      .where(and(eq(documents.authorId, memberId), ne(documents.source, 'decision')))
      .run().changes;
  }

  /** Deletes the document with its aliases; false if there was none. */
  remove(id: number): boolean {
    return this.inTransaction(() => {
      const aliases = this.aliasesOf(id);
      const removed = this.db
        .delete(documents)
        .where(eq(documents.id, id))
        .returning({ title: documents.title, body: documents.body })
        .get();
      if (!removed) return false;
      this.vocabulary.change(documentWords(removed.title, removed.body, aliases), new Set());
      return true;
    });
  }

  /** Counts the words a document lost and gained. */
  private changeWords(before: ReadonlySet<string>, after: ReadonlySet<string>): void {
    this.vocabulary.change(
      new Set([...before].filter((word) => !after.has(word))),
      new Set([...after].filter((word) => !before.has(word))),
    );
  }

  /**
   * Records another wording for a document ("This answers it"), searched with it from now on.
   * The text is normalized (case, spacing); false when that wording is already recorded, is
   * empty, or the document does not exist.
   */
  /** The wordings a member added to documents ("This answers it"), oldest first. */
  aliasesAddedBy(memberId: string): MemberAlias[] {
    return this.db
      .select({
        documentId: documentAliases.documentId,
        documentTitle: documents.title,
        text: documentAliases.text,
        addedAt: documentAliases.createdAt,
      })
      .from(documentAliases)
      .innerJoin(documents, eq(documents.id, documentAliases.documentId))
      .where(eq(documentAliases.userId, memberId))
      .orderBy(asc(documentAliases.createdAt), asc(documentAliases.id))
      .all();
  }

  /**
   * Credits the wordings a member added to `userId` (a former member): the wording stays a way
   * to find its document, and no longer says who typed it.
   */
  reattributeAliases(memberId: string, userId: string): number {
    return this.db
      .update(documentAliases)
      .set({ userId })
      .where(eq(documentAliases.userId, memberId))
      .run().changes;
  }

  addAlias(documentId: number, text: string, userId: string | null, now: number): boolean {
    const normalized = normalizeAlias(text);
    if (normalized === '') return false;
    return this.inTransaction(() => {
      const document = this.db
        .select({ id: documents.id, title: documents.title, body: documents.body })
        .from(documents)
        .where(eq(documents.id, documentId))
        .get();
      if (!document) return false;
      const aliases = this.aliasesOf(documentId);
      const inserted = this.db
        .insert(documentAliases)
        .values({ documentId, text: normalized, userId, createdAt: now })
        .onConflictDoNothing({ target: [documentAliases.documentId, documentAliases.text] })
        .returning({ id: documentAliases.id })
        .get();
      if (inserted === undefined) return false;
      this.changeWords(
        documentWords(document.title, document.body, aliases),
        documentWords(document.title, document.body, [...aliases, normalized]),
      );
      return true;
    });
  }

  aliasesOf(documentId: number): string[] {
    return this.db
      .select({ text: documentAliases.text })
      .from(documentAliases)
      .where(eq(documentAliases.documentId, documentId))
      .orderBy(asc(documentAliases.id))
      .all()
      .map((row) => row.text);
  }
}

/** sha256 of the title and body, as stored in documents.content_hash. */
export function hashContent(title: string, body: string): string {
  return createHash('sha256').update(title).update('\u0000').update(body).digest('hex');
}

/**
 * Control characters (other than tab and newlines) have no place in documents, and
 * \u0002/\u0003 would be mistaken for snippet markers.
 */
function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function normalizeAlias(text: string): string {
  const normalized = clean(text).normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return Array.from(normalized).slice(0, MAX_ALIAS_CHARS).join('').trim();
}

function prepareBySourceKey(db: Db) {
  return db
    .select()
    .from(documents)
    .where(eq(documents.sourceKey, sql.placeholder('sourceKey')))
    .prepare();
}
