import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const README_MAX_LINES = 150;

const pages = [
  'README.md',
  'ARCHITECTURE.md',
  ...readdirSync(resolve(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

function read(page: string): string {
  return readFileSync(resolve(repoRoot, page), 'utf8');
}

/** The page without its fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors a page's headings get, as GitHub renders them (a repeated one gets -1, -2, …). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, text] of withoutFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = (text ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link target of a page: `[text](target)`, with its anchor if any. */
function relativeLinks(markdown: string): string[] {
  const targets = [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
    ([, target]) => target ?? '',
  );
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

interface Broken {
  page: string;
  target: string;
  why: string;
}

function brokenLinks(page: string, markdown = read(page)): Broken[] {
  const broken: Broken[] = [];
  for (const target of relativeLinks(markdown)) {
    const [path = '', anchor] = target.split('#');
    if (path === '') {
      if (!anchorsOf(markdown).has(anchor ?? '')) {
        broken.push({ page, target, why: `no heading #${anchor} on this page` });
      }
      continue;
    }
    const file = resolve(repoRoot, dirname(page), path);
    if (!existsSync(file)) {
      broken.push({ page, target, why: `no such file: ${relative(repoRoot, file)}` });
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(file).isDirectory() || !file.endsWith('.md')) {
      broken.push({ page, target, why: 'an anchor into something that is not a Markdown page' });
    } else if (!anchorsOf(readFileSync(file, 'utf8')).has(anchor)) {
      broken.push({ page, target, why: `no heading #${anchor} in ${relative(repoRoot, file)}` });
    }
  }
  return broken;
}

describe('the documentation', () => {
  it.each(pages)('%s: every relative link and anchor resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it(`README.md is at most ${README_MAX_LINES} lines`, () => {
    const lines = read('README.md').replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('README.md links to every page in docs/', () => {
    const linked = new Set(relativeLinks(read('README.md')).map((target) => target.split('#')[0]));
    const unlinked = pages.filter((page) => page.startsWith('docs/') && !linked.has(page));
    expect(unlinked).toEqual([]);
  });
});

describe('the link checker', () => {
  it('gives headings the anchors GitHub gives them', () => {
    const anchors = anchorsOf(
      '# Meetings (`/meet`)\n## Behind a load balancer, or a proxy\n## Notes\n## Notes\n```sh\n# not a heading\n```\n',
    );
    expect([...anchors]).toEqual([
      'meetings-meet',
      'behind-a-load-balancer-or-a-proxy',
      'notes',
      'notes-1',
    ]);
  });

  it('finds a missing file and a missing anchor, and ignores links in code', () => {
    const markdown = [
      '# Here',
      '[a](missing.md) [b](admin.md#no-such-heading) [c](https://example.com) [d](#here)',
      '[e](admin.md#team-settings) `[f](x.md)`',
      '```',
      '[g](y.md)',
      '```',
    ].join('\n');
    expect(brokenLinks('docs/example.md', markdown).map((b) => b.target)).toEqual([
      'missing.md',
      'admin.md#no-such-heading',
    ]);
  });
});
