import { queryTerms } from './terms.js';

/**
 * Learning from "This answers it": a document people confirmed answers a wording ranks higher
 * the next time someone asks in that wording. Each person counts once per wording and document
 * (their latest confirmation), and a confirmation counts less as it ages.
 */

/**
 * A confirmation's weight halves every 90 days: a handbook's answers change over a quarter or
 * two (a new policy, a moved tool), so last year's confirmations should count for little, while
 * a confirmation from last month still counts for most of its weight.
 */
export const CONFIRMATION_HALF_LIFE_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * How much a confirmed document's score grows: times 1 + LEARNING_WEIGHT · log2(1 + people),
 * people being the confirmations' weights summed (1 for each person who confirmed today).
 * One fresh confirmation multiplies the score by 1.5, two by about 1.8, four by about 2.2:
 * each further person adds less, so a handful of clicks cannot bury every other page.
 */
export const LEARNING_WEIGHT = 0.5;

/** One person's latest confirmation that a document answers a wording. */
export interface Confirmation {
  documentId: number;
  confirmedAt: number;
}

/**
 * The wording a confirmation is kept under and looked up by: the question's distinct searched
 * words (lower-case, without stopwords), sorted, so "How do I expense a taxi?" and "expense
 * taxi?" are one wording. Empty when the text has no words.
 */
export function wordingKey(text: string): string {
  return [...new Set(queryTerms(text))].sort().join(' ');
}

/** What a confirmation made at `confirmedAt` weighs at `now`: 1 when new, half after a half-life. */
export function confirmationWeight(confirmedAt: number, now: number): number {
  const age = Math.max(0, now - confirmedAt);
  return 0.5 ** (age / CONFIRMATION_HALF_LIFE_MS);
}

/**
 * Per confirmed document, the factor its score is multiplied by (above 1), from each
 * person's confirmation (one per person: the store keeps their latest).
 */
export function confirmationBoosts(
  confirmations: readonly Confirmation[],
  now: number,
): Map<number, number> {
  const people = new Map<number, number>();
  for (const { documentId, confirmedAt } of confirmations) {
    people.set(documentId, (people.get(documentId) ?? 0) + confirmationWeight(confirmedAt, now));
  }
  const boosts = new Map<number, number>();
  for (const [documentId, weight] of people) {
    if (weight > 0) boosts.set(documentId, 1 + LEARNING_WEIGHT * Math.log2(1 + weight));
  }
  return boosts;
}
