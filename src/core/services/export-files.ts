import { readFile, writeFile } from 'node:fs/promises';

/** What writing one exported file did. */
export type FileWritten = 'added' | 'updated' | 'unchanged';

/**
 * Writes `content` to `path` unless the file already holds it, so exporting again touches only
 * what changed (a folder kept in a repository shows no spurious diff).
 */
export async function writeIfChanged(path: string, content: string): Promise<FileWritten> {
  let before: string | undefined;
  try {
    before = await readFile(path, 'utf8');
  } catch {
    before = undefined;
  }
  if (before === content) return 'unchanged';
  await writeFile(path, content, 'utf8');
  return before === undefined ? 'added' : 'updated';
}
