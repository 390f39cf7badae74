/**
 * The team glossary's rules: how an entry is written (`WFH = working from home`), what is
 * refused, and the other wordings a search may try for a word or phrase. Pure: the entries are
 * passed in.
 */

export interface GlossaryEntry {
  term: string;
  expansion: string;
}

export const GLOSSARY_LIMITS = {
  /** Characters in a term: an abbreviation or a short phrase. */
  term: 40,
  /** Characters in what it means. */
  expansion: 200,
  /** Entries in one team's glossary. */
  entries: 500,
} as const;

/**
 * The weight of a glossary wording in a search: below the asker's own words (1), above general
 * synonyms, since the team wrote it down itself.
 */
export const GLOSSARY_WEIGHT = 0.8;

export const GLOSSARY_USAGE =
  'Write an entry as `/mailroom glossary add WFH = working from home`; `/mailroom glossary remove WFH` removes it, and `/mailroom glossary` lists them.';

/** How a term is compared: lower-case, with single spaces. */
export function glossaryKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export type ParsedEntry = { ok: true; entry: GlossaryEntry } | { ok: false; problem: string };

/** `TERM = what it means`, with its problems said in words a person can act on. */
export function parseGlossaryEntry(text: string): ParsedEntry {
  const at = text.indexOf('=');
  if (at < 0)
    return { ok: false, problem: `Say what the term means with \`=\`. ${GLOSSARY_USAGE}` };
  const term = text.slice(0, at).replace(/\s+/g, ' ').trim();
  const expansion = text
    .slice(at + 1)
    .replace(/\s+/g, ' ')
    .trim();
  if (term === '' || expansion === '') {
    return { ok: false, problem: `Both sides of \`=\` are needed. ${GLOSSARY_USAGE}` };
  }
  if (expansion.includes('=')) {
    return { ok: false, problem: `Use one \`=\` per entry. ${GLOSSARY_USAGE}` };
  }
  if (term.length > GLOSSARY_LIMITS.term) {
    return {
      ok: false,
      problem: `A term can be up to ${GLOSSARY_LIMITS.term} characters; this one has ${term.length}.`,
    };
  }
  if (expansion.length > GLOSSARY_LIMITS.expansion) {
    return {
      ok: false,
      problem: `What a term means can be up to ${GLOSSARY_LIMITS.expansion} characters; this has ${expansion.length}.`,
    };
  }
  if (glossaryKey(term) === glossaryKey(expansion)) {
    return {
      ok: false,
      problem: 'That entry only repeats the term, so it would find nothing new.',
    };
  }
  return { ok: true, entry: { term, expansion } };
}

/**
 * Why a new entry cannot join the glossary: its term is already there, it would make a circle
 * of meanings (A = B when B = A, or a longer one), or the glossary is full. Undefined when it may.
 */
export function glossaryConflict(
  entry: GlossaryEntry,
  existing: readonly GlossaryEntry[],
): string | undefined {
  const meaning = new Map(existing.map((e) => [glossaryKey(e.term), e] as const));
  const term = glossaryKey(entry.term);
  const same = meaning.get(term);
  if (same) {
    return `“${same.term}” already means “${same.expansion}”. Remove it first with \`/mailroom glossary remove ${same.term}\`.`;
  }
  const chain: GlossaryEntry[] = [];
  for (let at = meaning.get(glossaryKey(entry.expansion)); at; ) {
    chain.push(at);
    if (glossaryKey(at.expansion) === term) {
      const path = [entry, ...chain].map((e) => `“${e.term}” = “${e.expansion}”`).join(', ');
      return `That would go round in a circle: ${path}. Each term should lead to words the docs use.`;
    }
    if (chain.length > existing.length) break;
    at = meaning.get(glossaryKey(at.expansion));
  }
  if (existing.length >= GLOSSARY_LIMITS.entries) {
    return `The glossary holds up to ${GLOSSARY_LIMITS.entries} entries. Remove some first.`;
  }
  return undefined;
}

export interface GlossaryWording {
  text: string;
  origin: 'glossary';
  weight: number;
}

/**
 * The other wordings a search may try for a word or phrase, both ways: "wfh" gives "working
 * from home", and "working from home" gives "wfh". Keys are compared lower-case with single
 * spaces; `longestPhrase` is the most words any side has, for a planner trying phrases.
 */
export function glossaryExpander(entries: readonly GlossaryEntry[]): {
  expand(words: string): readonly GlossaryWording[];
  longestPhrase: number;
} {
  const wordings = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    const set = wordings.get(from) ?? new Set<string>();
    set.add(to);
    wordings.set(from, set);
  };
  let longestPhrase = 0;
  for (const entry of entries) {
    const term = glossaryKey(entry.term);
    const expansion = glossaryKey(entry.expansion);
    link(term, expansion);
    link(expansion, term);
    longestPhrase = Math.max(longestPhrase, term.split(' ').length, expansion.split(' ').length);
  }
  return {
    expand(words) {
      const key = glossaryKey(words);
      return [...(wordings.get(key) ?? [])]
        .filter((text) => text !== key)
        .map((text) => ({ text, origin: 'glossary' as const, weight: GLOSSARY_WEIGHT }));
    },
    longestPhrase,
  };
}
