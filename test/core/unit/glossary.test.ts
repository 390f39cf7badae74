import { describe, expect, it } from 'vitest';
import {
  GLOSSARY_LIMITS,
  type GlossaryEntry,
  glossaryConflict,
  glossaryExpander,
  glossaryKey,
  parseGlossaryEntry,
} from '../../../src/core/domain/search/glossary.js';
import type { GlossaryRow } from '../../../src/core/store/glossary-repository.js';
import { glossaryChanged, glossaryList } from '../../../src/features/home/slack/views/glossary.js';
import { textOf } from '../../support/blocks.js';

const entry = (term: string, expansion: string): GlossaryEntry => ({ term, expansion });

describe('parseGlossaryEntry', () => {
  it('reads TERM = meaning, tidying spaces', () => {
    expect(parseGlossaryEntry('  WFH =   working   from home ')).toEqual({
      ok: true,
      entry: { term: 'WFH', expansion: 'working from home' },
    });
    expect(parseGlossaryEntry('on call=on-call rota')).toEqual({
      ok: true,
      entry: { term: 'on call', expansion: 'on-call rota' },
    });
  });

  it.each([
    ['WFH working from home', 'Say what the term means with `=`'],
    [' = working from home', 'Both sides of `=` are needed'],
    ['WFH = ', 'Both sides of `=` are needed'],
    ['=', 'Both sides of `=` are needed'],
    ['A = B = C', 'Use one `=` per entry'],
    [
      `${'x'.repeat(GLOSSARY_LIMITS.term + 1)} = y`,
      'A term can be up to 40 characters; this one has 41.',
    ],
    [
      `x = ${'y'.repeat(GLOSSARY_LIMITS.expansion + 1)}`,
      'What a term means can be up to 200 characters; this has 201.',
    ],
    ['WFH = wfh', 'That entry only repeats the term'],
    ['Working  From Home = working from home', 'That entry only repeats the term'],
  ])('refuses %j', (text, problem) => {
    const parsed = parseGlossaryEntry(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('glossaryConflict', () => {
  const existing = [entry('WFH', 'working from home'), entry('PTO', 'paid time off')];

  it('lets a new term in', () => {
    expect(glossaryConflict(entry('OOO', 'out of office'), existing)).toBeUndefined();
  });

  it('refuses a term that is there already, in any case', () => {
    expect(glossaryConflict(entry('wfh', 'remote'), existing)).toContain(
      '“WFH” already means “working from home”',
    );
  });

  it('refuses circles of meanings, short and long', () => {
    expect(glossaryConflict(entry('Working from home', 'WFH'), existing)).toContain(
      'That would go round in a circle: “Working from home” = “WFH”, “WFH” = “working from home”.',
    );
    const chain = [entry('A', 'B'), entry('B', 'C')];
    expect(glossaryConflict(entry('C', 'a'), chain)).toContain('go round in a circle');
    expect(glossaryConflict(entry('D', 'A'), chain)).toBeUndefined();
  });

  it('refuses an entry when the glossary is full', () => {
    const full = Array.from({ length: GLOSSARY_LIMITS.entries }, (_, i) => entry(`t${i}`, `m${i}`));
    expect(glossaryConflict(entry('new', 'thing'), full)).toContain('holds up to 500 entries');
  });
});

describe('glossaryExpander', () => {
  const { expand, longestPhrase } = glossaryExpander([
    entry('WFH', 'working from home'),
    entry('mtg', 'meeting'),
    entry('standup', 'meeting'),
  ]);

  it('gives the meaning for a term and the term for a meaning, whatever the case and spacing', () => {
    expect(expand('wfh')).toEqual([{ text: 'working from home', origin: 'glossary', weight: 0.8 }]);
    expect(expand('Working  from HOME')).toEqual([
      { text: 'wfh', origin: 'glossary', weight: 0.8 },
    ]);
    expect(expand('meeting').map((w) => w.text)).toEqual(['mtg', 'standup']);
    expect(expand('lunch')).toEqual([]);
    expect(longestPhrase).toBe(3);
  });

  it('compares keys lower-case with single spaces', () => {
    expect(glossaryKey(' Working\tFrom  Home ')).toBe('working from home');
  });
});

describe('glossary views', () => {
  const row = (id: number, term: string, expansion: string): GlossaryRow => ({
    id,
    term,
    termKey: glossaryKey(term),
    expansion,
    addedBy: 'U1',
    createdAt: 0,
  });

  it('list the terms, escaped, and say how to change them', () => {
    const message = glossaryList([row(1, 'R&D', 'research <and> development')]);
    const text = textOf(message.blocks);
    expect(text).toContain('*R&amp;D*: research &lt;and&gt; development');
    expect(text).toContain('/mailroom glossary add WFH = working from home');
  });

  it('say when the glossary is empty, and what changed', () => {
    expect(glossaryList([]).text).toContain('The team glossary is empty');
    const added = glossaryChanged('added', row(1, 'WFH', 'working from home'), [
      row(1, 'WFH', 'working from home'),
    ]);
    expect(added.text).toContain('Added: *WFH* means working from home.');
  });
});
