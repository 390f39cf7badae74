import { describe, expect, it } from 'vitest';
import {
  AnchorSlugger,
  githubSlug,
  headingText,
  indexedSections,
  markedPositions,
  openingText,
  PASSAGE,
  passageScore,
  SECTION_RULE,
  sectionRows,
  sectionUrl,
  smallestWindow,
  splitSections,
} from '../../../src/core/domain/search/sections.js';

function texts(body: string): { headings: string[]; text: string; anchor: string | null }[] {
  return splitSections(body).map((section) => ({
    headings: section.headings,
    anchor: section.anchor,
    text: body.slice(section.start, section.end).trim(),
  }));
}

describe('splitSections', () => {
  it('cuts at ATX headings, with each section’s heading path', () => {
    const body = [
      'Intro text.',
      '',
      '## Time off',
      'How time off works.',
      '### Parental leave',
      'Sixteen weeks.',
      '#### Adoption ####',
      'The same.',
      '## Sick days',
      'Tell your manager.',
    ].join('\n');
    expect(texts(body)).toEqual([
      { headings: [], anchor: null, text: 'Intro text.' },
      { headings: ['Time off'], anchor: 'time-off', text: 'How time off works.' },
      {
        headings: ['Time off', 'Parental leave'],
        anchor: 'parental-leave',
        text: 'Sixteen weeks.',
      },
      {
        headings: ['Time off', 'Parental leave', 'Adoption'],
        anchor: 'adoption',
        text: 'The same.',
      },
      { headings: ['Sick days'], anchor: 'sick-days', text: 'Tell your manager.' },
    ]);
  });

  it('cuts at setext headings, but not at a thematic break or a list item over dashes', () => {
    const body = [
      'Benefits',
      '========',
      'Health cover.',
      '',
      'Dental',
      '------',
      'Two check-ups.',
      '',
      '---',
      '',
      'Still dental.',
      '- a list item',
      '---',
    ].join('\n');
    const sections = texts(body);
    expect(sections.map((section) => section.headings)).toEqual([
      ['Benefits'],
      ['Benefits', 'Dental'],
    ]);
    expect(sections[1]?.text).toContain('Still dental.');
  });

  it('ignores headings inside code fences, with backticks or tildes', () => {
    const body = [
      '## Setup',
      '```sh',
      '# not a heading',
      '```',
      '~~~~',
      '## nor this',
      '```',
      '## nor this either',
      '~~~~',
      '## Usage',
      'Run it.',
    ].join('\n');
    expect(texts(body).map((section) => section.headings)).toEqual([['Setup'], ['Usage']]);
  });

  it('skips a heading with no text of its own, keeping it in its children’s path', () => {
    const body = '## People\n### Hiring\nWe hire.\n### Leaving\nWe say goodbye.';
    expect(texts(body)).toEqual([
      { headings: ['People', 'Hiring'], anchor: 'hiring', text: 'We hire.' },
      { headings: ['People', 'Leaving'], anchor: 'leaving', text: 'We say goodbye.' },
    ]);
  });

  it('shows headings as read: links, code and emphasis dropped', () => {
    expect(headingText('[Parental](https://x.example) **leave** `v2` _now_ snake_case')).toBe(
      'Parental leave v2 now snake_case',
    );
  });
});

describe('indexedSections', () => {
  const section = (heading: string) =>
    `## ${heading}\n\n${'A sentence of handbook text. '.repeat(40)}\n`;

  it('indexes a page with two headed sections and more than the minimum length', () => {
    const body = `${section('One')}\n${section('Two')}`;
    expect(body.length).toBeGreaterThan(SECTION_RULE.minChars);
    expect(indexedSections(body)).toHaveLength(2);
  });

  it('leaves a short page, or a page with one heading, as its own passage', () => {
    expect(indexedSections('## One\nShort.\n## Two\nShort.')).toEqual([]);
    expect(indexedSections(`${'Long intro. '.repeat(200)}\n${section('Only')}`)).toEqual([]);
  });

  it('counts where a section is in characters, as SQLite does, past emoji', () => {
    const body = `## 🎉 Party\n${'🎉 fun. '.repeat(250)}\n## Après\nCafé crème.`;
    const rows = sectionRows(body);
    const chars = Array.from(body);
    const second = rows[1];
    expect(second?.heading).toBe('Après');
    expect(
      chars
        .slice(second?.start ?? 0, (second?.start ?? 0) + (second?.length ?? 0))
        .join('')
        .trim(),
    ).toBe('Café crème.');
    expect(rows[0]?.anchor).toBe('-party');
  });
});

describe('GitHub-style anchors', () => {
  it('lower-cases, drops punctuation but hyphens and underscores, turns spaces to hyphens', () => {
    expect(githubSlug('Time off: parental leave!')).toBe('time-off-parental-leave');
    expect(githubSlug('Who’s on-call? (EU/US)')).toBe('whos-on-call-euus');
    expect(githubSlug('snake_case & more')).toBe('snake_case--more');
    expect(githubSlug('C++ 2.0')).toBe('c-20');
  });

  it('drops emoji and keeps letters of any script', () => {
    expect(githubSlug('🚀 Launch day')).toBe('-launch-day');
    expect(githubSlug('Отпуск по уходу')).toBe('отпуск-по-уходу');
    expect(githubSlug('休暇の申請')).toBe('休暇の申請');
    expect(githubSlug('Café Élan')).toBe('café-élan');
  });

  it('numbers a repeated anchor -1, -2, as GitHub does', () => {
    const slugger = new AnchorSlugger();
    expect(['FAQ', 'FAQ', 'FAQ-1', 'FAQ'].map((heading) => slugger.slug(heading))).toEqual([
      'faq',
      'faq-1',
      'faq-1-1',
      'faq-2',
    ]);
  });

  it('links to the heading from the page’s URL', () => {
    expect(sectionUrl('https://h.example/time-off', 'parental-leave')).toBe(
      'https://h.example/time-off#parental-leave',
    );
    expect(sectionUrl('https://h.example/time-off', null)).toBe('https://h.example/time-off');
    expect(sectionUrl('https://h.example/p', 'отпуск')).toBe(
      `https://h.example/p#${encodeURIComponent('отпуск')}`,
    );
  });
});

describe('openingText', () => {
  it('keeps short text whole, whitespace collapsed', () => {
    expect(openingText('Sixteen  weeks.\nPaid.', 100)).toBe('Sixteen weeks. Paid.');
  });

  it('cuts after the last whole sentence that fits', () => {
    const text =
      'New parents take sixteen weeks. It is paid in full. Ask your manager about the rest of it.';
    expect(openingText(text, 60)).toBe('New parents take sixteen weeks. It is paid in full.');
  });

  it('cuts at a word with an ellipsis when no sentence ends early enough', () => {
    const cut = openingText(`${'word '.repeat(100)}end.`, 50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
  });
});

describe('smallestWindow', () => {
  it('finds the fewest consecutive tokens holding one position of every list', () => {
    expect(smallestWindow([[1, 40], [45], [3, 50]])).toBe(11);
    expect(smallestWindow([[7], [7]])).toBe(1);
    expect(smallestWindow([])).toBe(0);
    expect(smallestWindow([[1], []])).toBeNull();
  });

  it('reads positions from marked text, in tokens', () => {
    expect(markedPositions('one two \u0002three four \u0002five', '\u0002')).toEqual([2, 4]);
  });
});

describe('passageScore', () => {
  const all = [
    { matched: true, weight: 1, informativeness: 2 },
    { matched: true, weight: 1, informativeness: 2 },
  ];
  const half = [
    { matched: true, weight: 1, informativeness: 2 },
    { matched: false, weight: 0, informativeness: 2 },
  ];

  const share = PASSAGE.pageShare;

  it('scores a long page as its best section when that is higher, plus a share of its own', () => {
    expect(passageScore({ score: 2, concepts: all }, { score: 5, concepts: all })).toBeCloseTo(
      5 + 2 * share,
    );
  });

  it('keeps the page’s own score as far as its best section holds what it matched', () => {
    expect(passageScore({ score: 10, concepts: all }, { score: 1, concepts: all })).toBeCloseTo(
      10 + 10 * share,
    );
    expect(passageScore({ score: 10, concepts: all }, { score: 1, concepts: half })).toBeCloseTo(
      7.5 + 10 * share,
    );
  });

  it('ranks a page on the question’s topic above a related page with one closer section', () => {
    const four = (matched: number) =>
      [1, 2, 3, 4].map((i) => ({ matched: i <= matched, weight: 1, informativeness: 2 }));
    const topic = {
      page: { score: 6, concepts: four(4) },
      section: { score: 4, concepts: four(2) },
    };
    const related = {
      page: { score: 1.5, concepts: four(4) },
      section: { score: 5.5, concepts: four(4) },
    };
    const score = (page: typeof topic, pageShare: number) =>
      passageScore(page.page, page.section, { ...PASSAGE, pageShare });
    expect(PASSAGE.pageShare).toBe(0.3);
    expect(score(topic, PASSAGE.pageShare)).toBeGreaterThan(score(related, PASSAGE.pageShare));
    expect(score(topic, 0.1)).toBeLessThan(score(related, 0.1));
  });

  it('keeps less of a section that holds one informative word of a question that has several', () => {
    const page = { score: 1, concepts: all };
    expect(passageScore(page, { score: 10, concepts: half })).toBeCloseTo(
      10 * PASSAGE.oneWord + share,
    );
    expect(passageScore(page, { score: 10, concepts: all })).toBeCloseTo(10 + share);
    const alone = [{ matched: true, weight: 1, informativeness: 2 }];
    expect(passageScore({ score: 1, concepts: alone }, { score: 10, concepts: alone })).toBeCloseTo(
      10 + share,
    );
  });
});
