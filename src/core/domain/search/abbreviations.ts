import {
  OFFICE_ABBREVIATIONS,
  type OfficeAbbreviation,
} from './abbreviations/office-abbreviations.js';
import { OFFICE_SYNONYMS } from './abbreviations/office-synonyms.js';

/**
 * Common office abbreviations as other wordings for a search (abbreviations/, written for
 * Mailroom): "pto" gives "paid time off" and the reverse, below the team glossary's own
 * meanings and above general synonyms. An ambiguous abbreviation gives every meaning listed.
 */

/**
 * The weight of a listed wording: below the team glossary's, above general synonyms, and
 * enough for a page found through it to be shown (sureness.ts: EVIDENCE_WEIGHT), since the
 * list was written by hand for the words offices use.
 */
export const ABBREVIATION_WEIGHT = 0.75;

export interface AbbreviationWording {
  text: string;
  origin: 'abbreviation';
  weight: number;
}

/** How a term is compared: lower-case words of letters and digits, single spaces ("1:1" is "1 1"). */
export function abbreviationKey(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(' ');
}

export function abbreviationExpander(entries: readonly OfficeAbbreviation[]): {
  expand(words: string): readonly AbbreviationWording[];
  /** Whether a word is said in passing (FYI), never what a question is about. */
  isNoise(word: string): boolean;
} {
  const wordings = new Map<string, string[]>();
  const noise = new Set<string>();
  const link = (from: string, to: string): void => {
    if (from === '' || to === '' || from === to) return;
    const list = wordings.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    wordings.set(from, list);
  };
  for (const entry of entries) {
    const term = abbreviationKey(entry.term);
    if (entry.noise) noise.add(term);
    for (const expansion of entry.expansions) {
      const key = abbreviationKey(expansion);
      link(term, key);
      link(key, term);
    }
  }
  return {
    expand(words) {
      return (wordings.get(abbreviationKey(words)) ?? []).map((text) => ({
        text,
        origin: 'abbreviation' as const,
        weight: ABBREVIATION_WEIGHT,
      }));
    },
    isNoise: (word) => noise.has(abbreviationKey(word)),
  };
}

/** The office abbreviations Mailroom ships with. */
export const officeAbbreviations = abbreviationExpander(OFFICE_ABBREVIATIONS);

/**
 * The weight of a wording from the office synonyms: the office abbreviations' (the list was
 * written by hand for the words offices use, so a page found through it is shown), above
 * general synonyms, which know nothing of workplaces. Measured on both long-pages tuning sets
 * against 0.5 and 0.6.
 */
export const OFFICE_SYNONYM_WEIGHT = ABBREVIATION_WEIGHT;

export interface SynonymWording {
  text: string;
  origin: 'synonym';
  weight: number;
}

/** Each wording of a group stands for every other wording of its groups, compared as abbreviations are. */
export function synonymGroupExpander(
  groups: readonly (readonly string[])[],
  weight = OFFICE_SYNONYM_WEIGHT,
): (words: string) => readonly SynonymWording[] {
  const wordings = new Map<string, string[]>();
  for (const group of groups) {
    const keys = group.map(abbreviationKey).filter((key) => key !== '');
    for (const key of keys) {
      const list = wordings.get(key) ?? [];
      for (const other of keys) if (other !== key && !list.includes(other)) list.push(other);
      wordings.set(key, list);
    }
  }
  return (words) =>
    (wordings.get(abbreviationKey(words)) ?? []).map((text) => ({
      text,
      origin: 'synonym' as const,
      weight,
    }));
}

/** The office synonyms Mailroom ships with. */
export const officeSynonyms = synonymGroupExpander(OFFICE_SYNONYMS);
