import type { QueryPlan } from '../domain/search/query.js';
import { AnswerConfirmations } from './answer-confirmations.js';
import type { Db } from './db.js';
import {
  type DocumentInput,
  DocumentsRepository,
  type KnowledgeDocument,
  type MemberAlias,
  type UpsertStatus,
} from './documents-repository.js';
import {
  type SearchHit,
  SearchIndex,
  type SearchOptions,
  type SearchViewer,
} from './search-index.js';
import type { SearchVocabulary } from './search-vocabulary.js';

export type {
  DocumentInput,
  KnowledgeDocument,
  MemberAlias,
  UpsertStatus,
} from './documents-repository.js';
export type { HitSection, SearchHit, SearchOptions, SearchViewer } from './search-index.js';

/**
 * The knowledge base as services see it: its documents (documents-repository.ts) and their
 * search index (search-index.ts), over one connection.
 */
export class KnowledgeRepository {
  /** The words of the knowledge base, with their document counts: the lexicon's side of search. */
  readonly vocabulary: SearchVocabulary;
  /** Who confirmed which document answers which wording: a ranking signal (learning.ts). */
  readonly confirmations: AnswerConfirmations;
  private readonly documents: DocumentsRepository;
  private readonly index: SearchIndex;

  /**
   * `informativeFirst: false` ranks every match by every expression, as a reference for the
   * ranking on informative expressions first (PRUNE), which is the default; `sections: false`
   * ranks pages by their own text only (see SearchIndex).
   */
  constructor(db: Db, options: { informativeFirst?: boolean; sections?: boolean } = {}) {
    this.documents = new DocumentsRepository(db);
    this.vocabulary = this.documents.vocabulary;
    this.confirmations = new AnswerConfirmations(db);
    this.index = new SearchIndex(db, options);
  }

  /** See DocumentsRepository.upsert. */
  upsert(input: DocumentInput, now: number): { document: KnowledgeDocument; status: UpsertStatus } {
    return this.documents.upsert(input, now);
  }

  readersOf(documentId: number): string[] {
    return this.documents.readersOf(documentId);
  }

  get(id: number): KnowledgeDocument | undefined {
    return this.documents.get(id);
  }

  findBySourceKey(sourceKey: string): KnowledgeDocument | undefined {
    return this.documents.findBySourceKey(sourceKey);
  }

  count(): number {
    return this.documents.count();
  }

  remove(id: number): boolean {
    return this.documents.remove(id);
  }

  authoredBy(memberId: string): KnowledgeDocument[] {
    return this.documents.authoredBy(memberId);
  }

  reattribute(memberId: string, authorId: string): number {
    return this.documents.reattribute(memberId, authorId);
  }

  aliasesAddedBy(memberId: string): MemberAlias[] {
    return this.documents.aliasesAddedBy(memberId);
  }

  reattributeAliases(memberId: string, userId: string): number {
    return this.documents.reattributeAliases(memberId, userId);
  }

  addAlias(documentId: number, text: string, userId: string | null, now: number): boolean {
    return this.documents.addAlias(documentId, text, userId, now);
  }

  aliasesOf(documentId: number): string[] {
    return this.documents.aliasesOf(documentId);
  }

  /** See SearchIndex.search. */
  search(text: string, viewer: SearchViewer, limit = 5, options: SearchOptions = {}): SearchHit[] {
    return this.index.search(text, viewer, limit, options);
  }

  /** See SearchIndex.searchPlan. */
  searchPlan(
    plan: QueryPlan,
    viewer: SearchViewer,
    limit = 5,
    options: SearchOptions = {},
  ): SearchHit[] {
    return this.index.searchPlan(plan, viewer, limit, options);
  }
}
