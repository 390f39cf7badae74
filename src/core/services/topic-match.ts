import { topicStrength } from '../domain/routing.js';
import type { QueryLexicon } from '../domain/search/lexicon.js';
import { planQuery } from '../domain/search/query.js';
import type { ServiceContext } from './context.js';
import { glossaryLexicon } from './glossary.js';
import { composeLexicon } from './knowledge.js';

type TopicContext = Pick<ServiceContext, 'glossary' | 'routingText' | 'lexicon'>;

/**
 * How well `question` matches each expert topic (domain/routing.ts, topicStrength), through
 * search's stemming, the team glossary and synonyms: "Who pays for a taxi on a business trip?"
 * finds the topic "travel" through its synonym "trip"; "How many PTO days are left?" finds
 * "time off" through the glossary's "paid time off". No typo correction: a topic is not a typo.
 */
export function topicMatcherOf(ctx: TopicContext, question: string): (topic: string) => number {
  const glossary = glossaryLexicon({ glossary: ctx.glossary }).expand;
  const questionLexicon = composeLexicon({ glossary, synonyms: ctx.lexicon?.synonyms });
  const topicLexicon = composeLexicon({
    glossary,
    synonyms: ctx.lexicon?.topicSynonyms ?? ctx.lexicon?.synonyms,
  });
  const wordings = [{ text: question, weight: 1 }, ...otherWordings(question, questionLexicon)];
  const strengths = new Map<string, number>();
  return (topic) => {
    const known = strengths.get(topic);
    if (known !== undefined) return known;
    const plan = planQuery(topic, topicLexicon);
    const phrases = plan.concepts.flatMap((c) => c.alternatives.map((a) => a.phrase));
    const strength = topicStrength(plan, ctx.routingText.weightsOf(wordings, phrases));
    strengths.set(topic, strength);
    return strength;
  };
}

/** The glossary's and the synonyms' wordings of the question's words, each with its weight. */
function otherWordings(question: string, lexicon: QueryLexicon) {
  return planQuery(question, lexicon).concepts.flatMap((concept) =>
    concept.alternatives
      .filter((each) => each.origin === 'glossary' || each.origin === 'synonym')
      .map((each) => ({ text: each.text, weight: each.weight })),
  );
}
