import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * What `npm run import` remembers of each Markdown file it imported: the hash of its raw
 * bytes, so that importing the same folder again skips unchanged files without parsing them.
 */
export class ImportedFileRepository {
  private readonly recordStatement: Statement<[string, string, string]>;

  constructor(private readonly db: Db) {
    this.recordStatement = db.$client.prepare(
      `insert into imported_files (source_key, file_hash, content_hash) values (?, ?, ?)
       on conflict (source_key) do update set
         file_hash = excluded.file_hash, content_hash = excluded.content_hash`,
    );
  }

  /**
   * File hash by sourceKey, for the files whose document still holds exactly what the file
   * produced: same content, and the metadata an import gives (public, no author, channel,
   * status or successor; the page URL an import gives is part of the file hash). Importing
   * such a file again would change nothing.
   */
  unchangedFileHashes(): Map<string, string> {
    const rows = this.db.$client
      .prepare(
        `select f.source_key as sourceKey, f.file_hash as fileHash
         from imported_files f
         join documents d on d.source_key = f.source_key
         where d.content_hash = f.content_hash
           and d.source = 'import' and d.visibility = 'public'
           and d.author_id is null and d.channel_id is null
           and d.status is null and d.superseded_by_id is null`,
      )
      .all() as { sourceKey: string; fileHash: string }[];
    return new Map(rows.map((row) => [row.sourceKey, row.fileHash]));
  }

  record(sourceKey: string, fileHash: string, contentHash: string): void {
    this.recordStatement.run(sourceKey, fileHash, contentHash);
  }

  /** Runs `work` in one IMMEDIATE transaction (a savepoint inside one already open). */
  inTransaction<T>(work: () => T): T {
    return this.db.$client.transaction(work).immediate();
  }
}
