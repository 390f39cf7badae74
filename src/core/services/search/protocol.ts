import type { SearchOptions, SearchViewer } from '../../store/knowledge-repository.js';
import type { KnowledgeSearchResult } from '../knowledge.js';

/** What a search worker is started with. */
export interface SearchWorkerData {
  databasePath: string;
}

/** A search sent to a worker thread (plain data: the viewer goes with it). */
export interface SearchRequest {
  id: number;
  viewer: SearchViewer;
  text: string;
  limit: number | undefined;
  options: SearchOptions | undefined;
}

export type SearchReply =
  | { id: number; ok: true; result: KnowledgeSearchResult }
  | { id: number; ok: false; message: string };
