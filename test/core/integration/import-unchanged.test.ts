import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importMarkdownFolder } from '../../../src/core/services/knowledge.js';
import { parseMarkdown } from '../../../src/core/services/markdown.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { ImportedFileRepository } from '../../../src/core/store/imported-file-repository.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

vi.mock('../../../src/core/services/markdown.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/services/markdown.js')>();
  return { ...original, parseMarkdown: vi.fn(original.parseMarkdown) };
});

let docs: string;

beforeEach(() => {
  docs = mkdtempSync(join(tmpdir(), 'mailroom-reimport-'));
  vi.mocked(parseMarkdown).mockClear();
});

afterEach(() => {
  rmSync(docs, { recursive: true, force: true });
});

describe('importing a folder again', () => {
  it('parses only the files whose bytes changed', async () => {
    for (let i = 0; i < 20; i += 1) writeFileSync(join(docs, `doc-${i}.md`), `# Doc ${i}\n\nText.`);
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const deps = { knowledge, importedFiles: new ImportedFileRepository(db), clock: () => 1 };
    await importMarkdownFolder(deps, docs);
    expect(parseMarkdown).toHaveBeenCalledTimes(20);

    vi.mocked(parseMarkdown).mockClear();
    writeFileSync(join(docs, 'doc-7.md'), '# Doc 7\n\nNew text.');
    const again = await importMarkdownFolder(deps, docs);
    expect(parseMarkdown).toHaveBeenCalledTimes(1);
    expect(vi.mocked(parseMarkdown).mock.calls[0]?.[1]).toBe('doc-7.md');
    expect(again.updated).toEqual(['doc-7.md']);
    expect(again.skipped).toHaveLength(19);
    expect(again.skipped.every((s) => s.reason === 'unchanged')).toBe(true);
  });

  it('parses an unchanged file again when its document was changed since', async () => {
    writeFileSync(join(docs, 'vpn.md'), '# VPN\n\nUse the client.');
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const deps = { knowledge, importedFiles: new ImportedFileRepository(db), clock: () => 1 };
    await importMarkdownFolder(deps, docs);
    knowledge.upsert(
      { title: 'VPN', body: 'Edited elsewhere.', source: 'import', sourceKey: 'import:vpn.md' },
      2,
    );

    vi.mocked(parseMarkdown).mockClear();
    const again = await importMarkdownFolder(deps, docs);
    expect(parseMarkdown).toHaveBeenCalledTimes(1);
    expect(again.updated).toEqual(['vpn.md']);
    expect(knowledge.findBySourceKey('import:vpn.md')?.body).toBe('Use the client.');

    vi.mocked(parseMarkdown).mockClear();
    expect((await importMarkdownFolder(deps, docs)).skipped).toEqual([
      { file: 'vpn.md', reason: 'unchanged' },
    ]);
    expect(parseMarkdown).not.toHaveBeenCalled();
  });
});
