/**
 * Slack's message markup as plain text: `<@U1>` becomes `@name` (the directory's name, the
 * label, or the id), `<#C1|general>` `#general`, `<https://x|label>` `label`, `<!here>`
 * `@here`, and `&amp;` `&lt;` `&gt;` the characters they stand for. Emphasis (`*bold*`) is
 * left as written.
 */
export function slackToPlainText(
  text: string,
  nameFor: (userId: string) => string | undefined = () => undefined,
): string {
  const converted = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar === -1 ? inner : inner.slice(0, bar);
    const label = bar === -1 ? '' : inner.slice(bar + 1);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `@${nameFor(id) ?? (label || id)}`;
    }
    if (target.startsWith('#')) return `#${label || target.slice(1)}`;
    if (target.startsWith('!')) {
      if (label) return label;
      const special = target.slice(1).split('^')[0] ?? '';
      return ['here', 'channel', 'everyone'].includes(special) ? `@${special}` : '';
    }
    if (label) return label;
    return target.replace(/^mailto:/, '');
  });
  return converted.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
