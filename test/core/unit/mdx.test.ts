import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../src/core/services/markdown.js';
import { mdxToMarkdown } from '../../../src/core/services/mdx.js';

/** The shapes below are cut from pages of PostHog's public handbook (bench/data/posthog-handbook). */
describe('mdxToMarkdown', () => {
  it('keeps the front matter, so the title is read as for a .md file', () => {
    const text =
      '---\ntitle: Share options\nsidebar: Handbook\n---\n\nimport { PrivateLink } from "components/PrivateLink"\n\n## Overview\n\nText.\n';
    const markdown = mdxToMarkdown(text);
    expect(markdown.startsWith('---\ntitle: Share options\nsidebar: Handbook\n---\n')).toBe(true);
    expect(parseMarkdown(markdown, 'share-options.mdx')).toEqual({
      title: 'Share options',
      body: '## Overview\n\nText.',
    });
  });

  it('drops import and export statements, also over several lines', () => {
    const text = [
      "import { PrivateLink } from 'components/PrivateLink'",
      'import {',
      '  Tab,',
      '  TabList,',
      "} from 'components/Tabs'",
      "import 'styles.css'",
      'export const meta = {',
      "  owner: 'people',",
      '  tags: [1, 2],',
      '}',
      '',
      'Prose after the imports.',
    ].join('\n');
    expect(mdxToMarkdown(text)).toBe('\nProse after the imports.');
  });

  it('keeps the text of a self-closing component’s visible props and drops the rest', () => {
    const text =
      '<p>You can use <PrivateLink label="this handy calculator" url="https://docs.google.com/x" /> to find out.</p>';
    expect(mdxToMarkdown(text)).toBe('You can use this handy calculator to find out.');
    expect(mdxToMarkdown('Organized by <TeamMember name="Charles Cook" />.')).toBe(
      'Organized by Charles Cook.',
    );
  });

  it('drops a component whose props span several lines, keeping its children', () => {
    const text = [
      '<CalloutBox',
      '  icon="IconInfo"',
      '  title="Giving feedback on proposals"',
      '  type="fyi"',
      '  onClose={() => { if (a > b) close() }}',
      '>',
      '',
      'Our goal is to make the best possible decision as fast as possible.',
      '',
      '</CalloutBox>',
      '',
      'After.',
    ].join('\n');
    expect(mdxToMarkdown(text)).toBe(
      'Giving feedback on proposals\n\nOur goal is to make the best possible decision as fast as possible.\n\nAfter.',
    );
  });

  it('reads nested components down to their prose', () => {
    const text = [
      '<ImageSlider>',
      '',
      '![Bus ad](https://res.cloudinary.com/busad.jpeg)',
      '',
      '<Tabs><Tab title="Europe">',
      '  <Card>Book the train, not the plane.</Card>',
      '</Tab></Tabs>',
      '',
      '</ImageSlider>',
    ].join('\n');
    expect(mdxToMarkdown(text)).toBe(
      '\n\n![Bus ad](https://res.cloudinary.com/busad.jpeg)\n\nEurope\n  Book the train, not the plane.\n\n',
    );
  });

  it('keeps code fences exactly, JSX inside them included', () => {
    const text = [
      'Check the DNS records:',
      '',
      '```shell',
      'nslookup <your-hostname> 1.1.1.1',
      '```',
      '',
      '~~~tsx',
      'export const Hello = () => <Greeting name={user.name} />',
      "import x from 'y'",
      '~~~',
      '',
      '    ```jsx',
      '    <Component prop="kept" />',
      '    ```',
    ].join('\n');
    expect(mdxToMarkdown(text)).toBe(text);
  });

  it('keeps inline code and escaped characters, drops expressions and comments', () => {
    const text = [
      'Use `<Tab>` and `{props}` as written; \\{this\\} stays too.',
      'Total: {2 * 3} hedgehogs{/* a comment */}.',
      '<!-- projects -->',
      '[rrweb]: https://github.com/rrweb-io/rrweb',
      'Multi-line {',
      '  "expression"',
      '} gone. See <https://posthog.com/handbook>.',
      'If taking <= 5 days off, a < b and 3 > 2.',
    ].join('\n');
    expect(mdxToMarkdown(text)).toBe(
      [
        'Use `<Tab>` and `{props}` as written; \\{this\\} stays too.',
        'Total:  hedgehogs.',
        '',
        '[rrweb]: https://github.com/rrweb-io/rrweb',
        'Multi-line',
        ' gone. See https://posthog.com/handbook.',
        'If taking <= 5 days off, a < b and 3 > 2.',
      ].join('\n'),
    );
  });

  it('drops an HTML element with its attributes, leaving a blank line', () => {
    const text =
      '<iframe width="560" src="https://www.youtube-nocookie.com/embed/x" allowfullscreen></iframe>\n\n## All remote';
    expect(mdxToMarkdown(text)).toBe('\n\n## All remote');
  });
});
