/** Who should answer a question nobody has written down yet, and why. Pure. */

import type { QueryPlan } from './search/query.js';
import type { Phrase } from './search/text.js';

export interface RouteStep {
  memberId: string;
  reason: string;
}

export interface RoutingInput {
  askerId: string;
  /** Admin-set topic owners: a keyword (one or more words) and its people. */
  keywordExperts: readonly { topic: string; memberId: string }[];
  /**
   * How well the question matches a topic, 0 (not at all) to 1 (in its own words): see
   * topicStrength. Topic owners are asked strongest match first.
   */
  topicStrength: (topic: string) => number;
  /** Admin-set owners of the channel the question was asked in. */
  channelExperts: readonly { memberId: string }[];
  channelName?: string | undefined;
  /** The closest documents, best first, with who wrote or answered them. */
  relatedDocuments: readonly { title: string; authorId: string | null; source: string }[];
  /** Who created the channel the question was asked in: the last resort. */
  channelCreatorId?: string | null | undefined;
  /** People who may receive questions (not bots, not deactivated). */
  canReceive: (memberId: string) => boolean;
}

/**
 * A topic match counts from this strength: the question's words, or a glossary wording of them,
 * meet the topic's words or a synonym of them; a synonym meeting a synonym is too far.
 */
export const MIN_TOPIC_STRENGTH = 0.5;

/**
 * How well a question matches a topic, planned as a search plans a query (its words, the
 * glossary's wordings and synonyms, each with a weight): every word of the topic must be found,
 * each through its best wording. `matchWeight` says how a wording's search phrase meets the
 * question: 0 not at all, else the weight of the question's wording it meets (1 as typed, less
 * for the glossary's and synonyms' wordings of it). 0 below MIN_TOPIC_STRENGTH.
 */
export function topicStrength(
  topic: Pick<QueryPlan, 'concepts'>,
  matchWeight: (phrase: Phrase) => number,
): number {
  if (topic.concepts.length === 0) return 0;
  let strength = 1;
  for (const concept of topic.concepts) {
    const best = Math.max(
      0,
      ...concept.alternatives.map((each) => each.weight * matchWeight(each.phrase)),
    );
    strength = Math.min(strength, best);
  }
  return strength >= MIN_TOPIC_STRENGTH ? strength : 0;
}

/**
 * Experts in order of preference: topic owners (strongest match first), the asking channel's
 * owners, people who wrote or answered the closest documents, then the channel's creator.
 * Never the asker.
 */
export function routeQuestion(input: RoutingInput): RouteStep[] {
  const route: RouteStep[] = [];
  const add = (memberId: string | null | undefined, reason: string) => {
    if (!memberId || memberId === input.askerId || !input.canReceive(memberId)) return;
    if (route.some((step) => step.memberId === memberId)) return;
    route.push({ memberId, reason });
  };
  const matched = input.keywordExperts
    .map((expert) => ({ expert, strength: input.topicStrength(expert.topic) }))
    .filter(({ strength }) => strength > 0)
    .sort((a, b) => b.strength - a.strength);
  for (const { expert } of matched) add(expert.memberId, `owns the topic “${expert.topic}”`);
  const channel = input.channelName ? `#${input.channelName}` : 'this channel';
  for (const expert of input.channelExperts)
    add(expert.memberId, `answers questions in ${channel}`);
  for (const doc of input.relatedDocuments) {
    const verb = doc.source === 'answer' ? 'answered a similar question' : 'wrote';
    add(doc.authorId, `${verb}: “${doc.title}”`);
  }
  add(input.channelCreatorId, `created ${channel}`);
  return route;
}

const singular = (word: string) =>
  word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;

/** How alike two questions are: the share of their content words they have in common (0..1). */
export function questionSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a.map(singular));
  const right = new Set(b.map(singular));
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const term of left) if (right.has(term)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** The set questionSimilarity compares: each content word in its naive singular form. */
export function similarityTerms(terms: readonly string[]): Set<string> {
  return new Set(terms.map(singular));
}

/** Close enough that the asker should be offered to follow the earlier question. */
export const DUPLICATE_SIMILARITY = 0.5;

/** The idempotency key of the queue item that puts a question to route step `step`. */
export const questionItemKey = (questionId: number, step: number) =>
  `question:${questionId}:${step}`;
/** What every queue item of one question's route starts with. */
export const questionItemPrefix = (questionId: number) => `question:${questionId}:`;
