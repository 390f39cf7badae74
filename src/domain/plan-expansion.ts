import {
  type PlannedAlternative,
  type QueryLexicon,
  type QueryPlan,
  STOPWORDS,
  termExpression,
} from './search-query.js';

/** One other wording for a word or phrase, as a lexicon's `expand` gives it. */
export type Expansion = ReturnType<QueryLexicon['expand']>[number];

/**
 * The plan with the lexicon's other wordings added to each concept that has none yet (a plan
 * whose planner already asked the lexicon stays as it is). Stopwords get none. An added
 * wording never weighs more than the words typed, and one already searched is not repeated.
 */
export function expandPlan(plan: QueryPlan, expand: QueryLexicon['expand']): QueryPlan {
  return {
    ...plan,
    concepts: plan.concepts.map((concept) => {
      const added = concept.alternatives.some(
        (alternative) => alternative.origin === 'glossary' || alternative.origin === 'synonym',
      );
      if (added || STOPWORDS.has(concept.typed)) return concept;
      const seen = new Set(concept.alternatives.map((alternative) => alternative.expression));
      const alternatives: PlannedAlternative[] = [...concept.alternatives];
      const words = concept.alternatives[0]?.text ?? concept.typed;
      for (const expansion of expand(words)) {
        const text = expansion.text.trim().toLowerCase().replace(/\s+/g, ' ');
        if (text === '') continue;
        const expression = termExpression(text);
        if (seen.has(expression)) continue;
        seen.add(expression);
        alternatives.push({
          text,
          expression,
          origin: expansion.origin,
          weight: Math.min(Math.max(expansion.weight, 0), 1),
        });
      }
      return { ...concept, alternatives };
    }),
  };
}
