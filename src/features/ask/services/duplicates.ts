import { DUPLICATE_SIMILARITY, questionSimilarity } from '../../../core/domain/routing.js';
import { queryTerms } from '../../../core/domain/search/terms.js';
import type { AskContext } from '../context.js';
import { type Question, questionTermsOf } from '../store/question-repository.js';

/**
 * The open question most similar to `text` (at least DUPLICATE_SIMILARITY) that `mayFollow`
 * allows, the oldest among equals. Only open questions sharing words with it are compared
 * (an index of open questions' words), and `mayFollow` is asked about the best ones only.
 */
export function mostSimilarOpenQuestion(
  ctx: Pick<AskContext, 'questions'>,
  text: string,
  mayFollow: (open: Question) => boolean,
): Question | undefined {
  const terms = queryTerms(text);
  const ranked = ctx.questions
    .openSimilarTo(questionTermsOf(text), DUPLICATE_SIMILARITY)
    .map((open, age) => ({
      open,
      age,
      similarity: questionSimilarity(terms, queryTerms(open.text)),
    }))
    .filter((candidate) => candidate.similarity >= DUPLICATE_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.age - b.age);
  return ranked.find((candidate) => mayFollow(candidate.open))?.open;
}
