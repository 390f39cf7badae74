/**
 * Markdown pages of a static site (Jekyll, Eleventy) read as their reader sees them: the site's
 * template tags are replaced by what they show, or dropped when they show nothing a search
 * should find.
 *
 * - `{% comment %}…{% endcomment %}` is dropped with what it holds.
 * - `{{ … }}` expressions (`{{ site.base_url }}`) are dropped.
 * - A tag that names a link's target (`page`, `link`, `url`, `download`) is replaced by that
 *   target, so `[Leave]({% page "/leave/" %})` stays a link to `/leave/`.
 * - `{% slack_channel "name" %}` is replaced by `#name`, as the page shows it.
 * - `{% alert "Title" %}` keeps its title; `{% image "src" "alt" %}` keeps its alt text.
 * - Any other tag (`include`, `endalert`, `raw`, …) is dropped.
 * - Fenced code blocks and inline code are kept exactly as written: a tag inside them is code.
 *
 * Text with no `{%` and no `{{` is returned unchanged.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LINK_TAGS = new Set(['page', 'link', 'url', 'download']);

/** The Markdown a page's reader sees once its template tags are rendered; see the module's comment. */
export function dropTemplateTags(text: string): string {
  if (!text.includes('{%') && !text.includes('{{')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let prose: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (prose.length > 0) out.push(renderProse(prose.join('\n')));
    prose = [];
  };
  for (const line of lines) {
    const marker = FENCE.exec(line)?.[1];
    if (fence === null && marker) {
      flush();
      fence = marker;
      out.push(line);
      continue;
    }
    if (fence !== null) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    prose.push(line);
  }
  flush();
  return out.join('\n');
}

/** Prose outside fences: comments and tags rendered, inline code spans kept as they are. */
function renderProse(text: string): string {
  const withoutComments = text.replace(
    /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g,
    '',
  );
  const parts = withoutComments.split(/(`+[^`]*?`+)/);
  return parts
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/\{%-?([\s\S]*?)-?%\}/g, renderTag),
    )
    .join('');
}

/** The quoted strings of a tag's arguments, in order. */
function strings(args: string): string[] {
  return [...args.matchAll(/"([^"]*)"|'([^']*)'/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** What one `{% name args %}` tag shows. */
function renderTag(_tag: string, inner: string): string {
  const match = /^\s*([\w-]+)\s*([\s\S]*?)\s*$/.exec(inner);
  const name = match?.[1]?.toLowerCase();
  const args = match?.[2] ?? '';
  if (!name) return '';
  if (LINK_TAGS.has(name)) return strings(args)[0] ?? '';
  if (name === 'slack_channel') {
    const channel = strings(args)[0];
    return channel ? `#${channel}` : '';
  }
  if (name === 'alert') return strings(args)[0] ?? '';
  if (name === 'image' || name === 'image_with_class') {
    // The alt text is everything after the source, unquoted once: it may hold quotes itself.
    const source = /^\s*("[^"]*"|'[^']*')\s*,?\s*([\s\S]*)$/.exec(args);
    const rest = source?.[2]?.trim() ?? '';
    const alt = /^(["'])([\s\S]*)\1$/.exec(rest)?.[2] ?? rest;
    return name === 'image' ? alt : (strings(args).at(-1) ?? '');
  }
  return '';
}
