import { type QueryPlan, SNIPPET_END, SNIPPET_START } from '../domain/search/query.js';
import { queryTerms, termPhrase } from '../domain/search/terms.js';
import { type Phrase, phraseOf } from '../domain/search/text.js';

/**
 * What a search looks for, written as a safe SQLite FTS5 MATCH expression.
 *
 * User text never reaches MATCH as syntax: it is cut into terms made only of letters, digits
 * and combining marks (domain/search/terms.ts, text.ts), and every term or phrase is written
 * as an FTS5 string ("…"), inside which FTS5 sees no operators. So quotes, `*`, `-`, `:`,
 * `^`, parentheses, column filters (`title:`) and the words AND / OR / NOT / NEAR are either
 * dropped as punctuation or searched as plain words. Terms are joined with OR and ranked by
 * bm25 in the store: the more query terms a document has (and the rarer they are), the
 * higher it ranks.
 */

/** The snippet markers as SQL expressions, e.g. char(2). */
export const MARK_START = `char(${SNIPPET_START.codePointAt(0)})`;
export const MARK_END = `char(${SNIPPET_END.codePointAt(0)})`;

/** A phrase as an FTS5 expression: a quoted string, followed by `*` for a prefix query. */
export function phraseMatch(phrase: Phrase): string {
  const quoted = `"${phrase.words.join(' ').replaceAll('"', '""')}"`;
  return phrase.prefix ? `${quoted}*` : quoted;
}

/** One term as an FTS5 expression: always a quoted string, a prefix query where termPhrase says. */
export function termExpression(term: string): string {
  return phraseMatch(termPhrase(term));
}

/** A word or a few words as an FTS5 expression (see phraseOf); null for no words. */
export function phraseExpression(text: string): string | null {
  const phrase = phraseOf(text);
  return phrase === null ? null : phraseMatch(phrase);
}

/** A safe FTS5 MATCH expression for any text (terms joined by OR), or null if nothing is searchable. */
export function buildMatchQuery(text: string): string | null {
  const terms = queryTerms(text);
  return terms.length === 0 ? null : terms.map(termExpression).join(' OR ');
}

/** Every alternative of every concept, joined by OR; null when there is nothing to search. */
export function planMatchExpression(plan: QueryPlan): string | null {
  const expressions = plan.concepts.flatMap((concept) =>
    concept.alternatives.map((alternative) => phraseMatch(alternative.phrase)),
  );
  return expressions.length === 0 ? null : [...new Set(expressions)].join(' OR ');
}
