import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  humanize,
  importMarkdownFolder,
  pageUrl,
  parseMarkdown,
  searchKnowledge,
} from '../../../src/core/services/knowledge.js';
import { openDatabase } from '../../../src/core/store/db.js';
import { ImportedFileRepository } from '../../../src/core/store/imported-file-repository.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';
import { runCli } from '../../support/process-harness.js';

const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

let dir: string;
let docs: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mailroom-import-'));
  docs = join(dir, 'docs');
  mkdirSync(join(docs, 'team', 'deep'), { recursive: true });
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text: string | Buffer): void {
  writeFileSync(join(docs, relative), text);
}

function setUpFolder(): void {
  write('vpn.md', '# VPN setup\n\nInstall the client, then sign in with SSO.\n');
  write('team/on-call_rotation.markdown', 'Each week one engineer carries the pager.\n');
  write(
    'team/deep/README.MD',
    '---\ntitle: Deep notes\n---\n\n```sh\n# not a heading\n```\n\n# Real heading\n\nText.\n',
  );
  write('empty.md', '  \n\n');
  write('notes.txt', 'not markdown');
  write('big.md', `# Big\n\n${'x'.repeat(1024 * 1024 + 10)}`);
  mkdirSync(join(docs, '.git'));
  write('.git/ignored.md', '# Hidden');
}

describe('importMarkdownFolder', () => {
  it.each([
    ['parsing every file', false],
    ['remembering raw file hashes', true],
  ])('adds, updates, skips unchanged, and gives reasons (%s)', async (_, rememberHashes) => {
    setUpFolder();
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    let now = 1_000;
    const deps = {
      knowledge,
      clock: () => now,
      ...(rememberHashes ? { importedFiles: new ImportedFileRepository(db) } : {}),
    };
    const progress: string[] = [];

    const first = await importMarkdownFolder(deps, docs, (done, total, file) =>
      progress.push(`${done}/${total} ${file}`),
    );
    expect(first.added).toEqual([
      'team/deep/README.MD',
      'team/on-call_rotation.markdown',
      'vpn.md',
    ]);
    expect(first.updated).toEqual([]);
    expect(first.skipped).toEqual([
      { file: 'big.md', reason: 'larger than 1 MB' },
      { file: 'empty.md', reason: 'empty file' },
    ]);
    expect(progress).toHaveLength(5);
    expect(progress.at(-1)).toBe('5/5 vpn.md');

    const vpn = knowledge.findBySourceKey('import:vpn.md');
    expect(vpn).toMatchObject({
      title: 'VPN setup',
      body: 'Install the client, then sign in with SSO.',
      source: 'import',
      visibility: 'public',
      createdAt: 1_000,
    });
    expect(knowledge.findBySourceKey('import:team/on-call_rotation.markdown')?.title).toBe(
      'On call rotation',
    );
    const deep = knowledge.findBySourceKey('import:team/deep/README.MD');
    expect(deep?.title).toBe('Real heading');
    expect(deep?.body).toContain('# not a heading');

    now = 2_000;
    write('vpn.md', '# VPN setup\n\nInstall the new client, then sign in with SSO.\n');
    write('added.md', '# Added later\n\nHello.');
    const second = await importMarkdownFolder(deps, docs);
    expect(second.added).toEqual(['added.md']);
    expect(second.updated).toEqual(['vpn.md']);
    expect(second.skipped).toEqual([
      { file: 'big.md', reason: 'larger than 1 MB' },
      { file: 'empty.md', reason: 'empty file' },
      { file: 'team/deep/README.MD', reason: 'unchanged' },
      { file: 'team/on-call_rotation.markdown', reason: 'unchanged' },
    ]);
    expect(knowledge.count()).toBe(4);
    expect(knowledge.findBySourceKey('import:vpn.md')).toMatchObject({
      id: vpn?.id,
      updatedAt: 2_000,
      body: 'Install the new client, then sign in with SSO.',
    });
    const { hits } = searchKnowledge({ knowledge }, ANYONE, 'new vpn client');
    expect(hits[0]?.document.title).toBe('VPN setup');
  });

  it('imports .mdx pages as their prose: front matter title, no imports, tags or expressions', async () => {
    write(
      'share-options.mdx',
      [
        '---',
        'title: Share options',
        'sidebar: Handbook',
        '---',
        '',
        "import { PrivateLink } from 'components/PrivateLink'",
        '',
        '## What are my share options actually worth?',
        '',
        '<p>You can use <PrivateLink label="this handy calculator" url="https://docs.google.com/x" /> to model them.</p>',
        '',
        '<CalloutBox',
        '  icon="IconInfo"',
        '  type="fyi"',
        '>',
        'Vesting starts on the day that you started{/* not the grant date */}.',
        '</CalloutBox>',
        '',
        '```jsx',
        '<PrivateLink label="kept as code" />',
        '```',
        '',
      ].join('\n'),
    );
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, docs);
    expect(summary.added).toEqual(['share-options.mdx']);
    const page = knowledge.findBySourceKey('import:share-options.mdx');
    expect(page?.title).toBe('Share options');
    expect(page?.body).toBe(
      [
        '## What are my share options actually worth?',
        '',
        'You can use this handy calculator to model them.',
        '',
        'Vesting starts on the day that you started.',
        '',
        '```jsx',
        '<PrivateLink label="kept as code" />',
        '```',
      ].join('\n'),
    );
    const { hits } = searchKnowledge({ knowledge }, ANYONE, 'share options calculator');
    expect(hits[0]?.document.title).toBe('Share options');
  });

  it('imports .md pages of a static site with their template tags rendered, not indexed as words', async () => {
    write(
      'leave.md',
      [
        '---',
        'title: Leave types',
        '---',
        '',
        '{% alert "Updated guidance" %}',
        '  Check the [out of office expectations]({% page "/going-out-of-office/" %}) first.',
        '{% endalert %}',
        '',
        '## Court leave',
        '',
        'Ask in {% slack_channel "people-ops" %} or see the [agreements]({{ site.base_url }}/agreements/).',
        '{% include "step-indicator.html" steps: leave.steps current_step:current_step %}',
        'Jury duty is court leave. {% comment %}TODO link the endalert page{% endcomment %}',
        '',
        '```liquid',
        '{% include "kept-as-code.html" %}',
        '```',
      ].join('\n'),
    );
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, docs);
    expect(summary.added).toEqual(['leave.md']);
    const page = knowledge.findBySourceKey('import:leave.md');
    expect(page?.title).toBe('Leave types');
    expect(page?.body).toBe(
      [
        'Updated guidance',
        '  Check the [out of office expectations](/going-out-of-office/) first.',
        '',
        '',
        '## Court leave',
        '',
        'Ask in #people-ops or see the [agreements](/agreements/).',
        '',
        'Jury duty is court leave. ',
        '',
        '```liquid',
        '{% include "kept-as-code.html" %}',
        '```',
      ].join('\n'),
    );
    for (const word of ['endalert', 'current_step', 'TODO', 'base_url'])
      expect(searchKnowledge({ knowledge }, ANYONE, word).hits).toEqual([]);
    expect(searchKnowledge({ knowledge }, ANYONE, 'jury duty').hits[0]?.document.title).toBe(
      'Leave types',
    );
  });

  it('stores each page’s URL with a base URL, and re-reads unchanged files when the base changes', async () => {
    write('vpn.md', '# VPN setup\n\nInstall the client.\n');
    mkdirSync(join(docs, 'people'));
    write('people/index.mdx', '---\ntitle: People\n---\n\nThe people team.\n');
    write('team/on call.markdown', 'Each week one engineer carries the pager.\n');
    const db = openDatabase(':memory:');
    const knowledge = new KnowledgeRepository(db);
    const importedFiles = new ImportedFileRepository(db);
    const urls = () =>
      ['vpn.md', 'people/index.mdx', 'team/on call.markdown'].map(
        (file) => knowledge.findBySourceKey(`import:${file}`)?.url,
      );
    const deps = { knowledge, importedFiles, clock: () => 0 };

    const first = await importMarkdownFolder(
      { ...deps, baseUrl: 'https://example.com/handbook/' },
      docs,
    );
    expect(first.added).toHaveLength(3);
    expect(urls()).toEqual([
      'https://example.com/handbook/vpn',
      'https://example.com/handbook/people',
      'https://example.com/handbook/team/on%20call',
    ]);

    const again = await importMarkdownFolder(
      { ...deps, baseUrl: 'https://example.com/handbook' },
      docs,
    );
    expect(again.skipped.map((s) => s.reason)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const moved = await importMarkdownFolder(
      { ...deps, baseUrl: 'https://docs.example.org' },
      docs,
    );
    expect(moved.updated).toHaveLength(3);
    expect(urls()[0]).toBe('https://docs.example.org/vpn');

    const without = await importMarkdownFolder(deps, docs);
    expect(without.updated).toHaveLength(3);
    expect(urls()).toEqual([null, null, null]);
    expect(knowledge.count()).toBe(3);
  });

  it('builds a page URL from the base and the path, as a site serves it', () => {
    expect(pageUrl('https://posthog.com/handbook', 'people/time-off.md')).toBe(
      'https://posthog.com/handbook/people/time-off',
    );
    expect(pageUrl('https://posthog.com/handbook//', 'company/team/index.mdx')).toBe(
      'https://posthog.com/handbook/company/team',
    );
    expect(pageUrl('https://x.test', 'a b/ré#1.MD')).toBe('https://x.test/a%20b/r%C3%A9%231');
  });

  it('commits each batch on its own, so other writers get the lock between batches', async () => {
    for (let i = 0; i < 10; i += 1) write(`doc-${i}.md`, `# Doc ${i}\n\nText ${i}.`);
    const path = join(dir, 'batches.db');
    const db = openDatabase(path);
    const other = openDatabase(path);
    const committedSeen: number[] = [];
    const summary = await importMarkdownFolder(
      {
        knowledge: new KnowledgeRepository(db),
        importedFiles: new ImportedFileRepository(db),
        clock: () => 0,
      },
      docs,
      () => committedSeen.push(new KnowledgeRepository(other).count()),
      { batchMs: 1_000, batchFiles: 4, pauseMs: 0, readAhead: 3 },
    );
    expect(summary.added).toHaveLength(10);
    // While file i is stored, another connection sees the earlier batches, committed, and
    // never the batch in progress, which holds at most four files.
    committedSeen.forEach((seen, i) => {
      expect(seen).toBeLessThanOrEqual(i);
      expect(i + 1 - seen).toBeLessThanOrEqual(4);
      expect(seen).toBeGreaterThanOrEqual(committedSeen[i - 1] ?? 0);
    });
    expect(new KnowledgeRepository(other).count()).toBe(10);
    db.$client.close();
    other.$client.close();
  });

  it('reports unreadable files', async () => {
    if (process.getuid?.() === 0) {
      // root reads everything; a dangling symlink is unreadable for anyone.
      const { symlinkSync } = await import('node:fs');
      symlinkSync(join(docs, 'missing-target.md'), join(docs, 'broken.md'));
    } else {
      write('secret.md', '# Secret');
      chmodSync(join(docs, 'secret.md'), 0o000);
    }
    const knowledge = new KnowledgeRepository(openDatabase(':memory:'));
    const summary = await importMarkdownFolder({ knowledge, clock: () => 0 }, docs);
    expect(summary.added).toEqual([]);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]?.reason).toMatch(/^unreadable: E[A-Z]+$/);
  });

  it('rejects a missing folder', async () => {
    const knowledge = new KnowledgeRepository(openDatabase(':memory:'));
    await expect(
      importMarkdownFolder({ knowledge, clock: () => 0 }, join(dir, 'nope')),
    ).rejects.toThrow();
  });
});

describe('parseMarkdown', () => {
  it('takes the first level-1 heading as the title', () => {
    expect(parseMarkdown('Intro\n\n# Title #\n\nBody', 'x.md')).toEqual({
      title: 'Title',
      body: 'Intro\n\nBody',
    });
    expect(parseMarkdown('## Sub\n\ntext', 'my_file-name.md')).toEqual({
      title: 'My file name',
      body: '## Sub\n\ntext',
    });
    expect(parseMarkdown('\uFEFF# Only a title', 'a.md')).toEqual({
      title: 'Only a title',
      body: '',
    });
    expect(parseMarkdown(' \n\t\n', 'a.md')).toBeNull();
    expect(humanize('release-notes_2026.md')).toBe('Release notes 2026');
  });
});

describe('npm run import (CLI)', () => {
  it('imports a folder into DATABASE_PATH and prints the summary', async () => {
    setUpFolder();
    const databasePath = join(dir, 'data', 'mailroom.db');
    const first = await runCli('import-docs', [docs], { DATABASE_PATH: databasePath });
    expect(first.stderr).toContain('5/5 vpn.md');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 added, 0 updated, 2 skipped (0 unchanged)');
    expect(first.stdout).toContain('big.md: larger than 1 MB');
    expect(first.stdout).toContain('empty.md: empty file');

    const second = await runCli('import-docs', ['--', docs], { DATABASE_PATH: databasePath });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 added, 0 updated, 5 skipped (3 unchanged)');
    expect(second.stdout).toContain('vpn.md: unchanged');

    const db = openDatabase(databasePath);
    expect(new KnowledgeRepository(db).count()).toBe(3);
    db.$client.close();
  }, 60_000);

  it('stores page URLs with --base-url, and refuses a base that is not an http(s) address', async () => {
    write('vpn.md', '# VPN setup\n\nInstall the client.\n');
    const databasePath = join(dir, 'data', 'mailroom.db');
    const bad = await runCli('import-docs', [docs, '--base-url', 'handbook.example.com'], {
      DATABASE_PATH: databasePath,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--base-url must be an http(s) address');
    expect(bad.stdout).not.toContain('Imported');

    const good = await runCli(
      'import-docs',
      [docs, '--base-url', 'https://handbook.example.com/guide'],
      { DATABASE_PATH: databasePath },
    );
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('1 added');
    const db = openDatabase(databasePath);
    expect(new KnowledgeRepository(db).findBySourceKey('import:vpn.md')?.url).toBe(
      'https://handbook.example.com/guide/vpn',
    );
    db.$client.close();
  }, 60_000);

  it('exits 1 with a message when the folder is missing or not a directory', async () => {
    const databasePath = join(dir, 'data', 'mailroom.db');
    const missing = await runCli('import-docs', [join(dir, 'nope')], {
      DATABASE_PATH: databasePath,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('folder not found');

    writeFileSync(join(dir, 'file.md'), '# x');
    const notDir = await runCli('import-docs', [join(dir, 'file.md')], {
      DATABASE_PATH: databasePath,
    });
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toContain('not a directory');

    const noArgs = await runCli('import-docs', [], { DATABASE_PATH: databasePath });
    expect(noArgs.code).toBe(1);
    expect(noArgs.stderr).toContain('Usage: npm run import -- <folder>');
  }, 60_000);
});
