import type { Phrase } from '../domain/search/text.js';
import type { Db } from './db.js';
import { phraseMatch } from './fts-query.js';

/** One wording of a question: what was typed (weight 1), or a glossary or synonym wording. */
export interface QuestionWording {
  text: string;
  weight: number;
}

/**
 * Matches search expressions against one question with the knowledge index's own tokenizer
 * (Porter stemming, accents folded, bigrams for scripts without spaces), so that an expert's
 * topic finds a question the way a search finds a document: "refunds" finds "refunded".
 *
 * The question's wordings live in a temporary FTS5 table of this connection for the length of
 * one call; nothing is kept between calls.
 */
export class RoutingTextIndex {
  private ready = false;

  constructor(private readonly db: Db) {}

  /**
   * For each phrase, the highest weight among the wordings it matches (0 when none, or when
   * its expression is not one FTS5 accepts).
   */
  weightsOf(
    wordings: readonly QuestionWording[],
    phrases: readonly Phrase[],
  ): (phrase: Phrase) => number {
    const sqlite = this.db.$client;
    this.prepare();
    const weights = new Map<string, number>();
    const insert = sqlite.prepare(
      'INSERT INTO temp.routing_text (text, weight) VALUES (mailroom_with_search_forms(?), ?)',
    );
    const best = sqlite.prepare(
      'SELECT max(weight) AS weight FROM temp.routing_text WHERE routing_text MATCH ?',
    );
    const run = sqlite.transaction(() => {
      sqlite.prepare('DELETE FROM temp.routing_text').run();
      for (const wording of wordings) insert.run(wording.text, wording.weight);
      for (const expression of new Set(phrases.map(phraseMatch))) {
        weights.set(expression, matchWeight(best, expression));
      }
      sqlite.prepare('DELETE FROM temp.routing_text').run();
    });
    run();
    return (phrase) => weights.get(phraseMatch(phrase)) ?? 0;
  }

  private prepare(): void {
    if (this.ready) return;
    this.db.$client.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.routing_text USING fts5(text, weight UNINDEXED, tokenize = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'")`,
    );
    this.ready = true;
  }
}

function matchWeight(
  statement: { get: (expression: string) => unknown },
  expression: string,
): number {
  try {
    const row = statement.get(expression) as { weight: number | null } | undefined;
    return row?.weight ?? 0;
  } catch {
    return 0;
  }
}
