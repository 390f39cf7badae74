/** Who should answer a question nobody has written down yet, and why. Pure. */

export interface RouteStep {
  memberId: string;
  reason: string;
}

export interface RoutingInput {
  askerId: string;
  question: string;
  /** Admin-set topic owners: a keyword (one or more words) and its people. */
  keywordExperts: readonly { topic: string; memberId: string }[];
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

const singular = (word: string) =>
  word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;

/** Lower-case words of any script, each also in a naive singular form. */
export function wordsOf(text: string): Set<string> {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.flatMap((word) => [word, singular(word)]));
}

/** A topic matches when every one of its words is in the question ("release process"). */
export function topicMatches(topic: string, questionWords: Set<string>): boolean {
  const topicWords =
    topic
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return (
    topicWords.length > 0 &&
    topicWords.every((word) => questionWords.has(word) || questionWords.has(singular(word)))
  );
}

/**
 * Experts in order of preference: topic owners, the asking channel's owners, people who
 * wrote or answered the closest documents, then the channel's creator. Never the asker.
 */
export function routeQuestion(input: RoutingInput): RouteStep[] {
  const route: RouteStep[] = [];
  const add = (memberId: string | null | undefined, reason: string) => {
    if (!memberId || memberId === input.askerId || !input.canReceive(memberId)) return;
    if (route.some((step) => step.memberId === memberId)) return;
    route.push({ memberId, reason });
  };
  const questionWords = wordsOf(input.question);
  for (const expert of input.keywordExperts) {
    if (topicMatches(expert.topic, questionWords))
      add(expert.memberId, `owns the topic “${expert.topic}”`);
  }
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
