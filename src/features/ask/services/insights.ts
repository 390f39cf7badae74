import { queryTerms } from '../../../core/domain/search/query.js';
import type { AskContext } from '../context.js';

export const INSIGHTS_WEEKS = 4;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const TOP_TERMS = 8;

export interface TeamInsights {
  weeks: number;
  questions: {
    asked: number;
    /** Confirmed with "This answers it". */
    answeredByDocs: number;
    /** Shown the docs and not taken further: most likely answered by them. */
    settledByDocs: number;
    answeredByPerson: number;
    open: number;
    /** Median time from /ask to a person's answer; null with no answers. */
    medianAnswerMs: number | null;
  };
  delivery: {
    /** Messages held until their recipient's working hours. */
    held: number;
    /** The off-hours time between creation and delivery those messages spared their recipients. */
    heldMs: number;
    reminded: number;
    escalated: number;
  };
  /** The most frequent words of questions no document answered, with how many asked them. */
  missingTopics: { term: string; count: number }[];
}

/** Team insights over the last weeks, computed from the queue and the questions themselves. */
export function teamInsights(
  ctx: Pick<AskContext, 'questions' | 'insights' | 'clock'>,
  weeks = INSIGHTS_WEEKS,
): TeamInsights {
  const since = ctx.clock() - weeks * WEEK_MS;
  const outcomes = ctx.questions.outcomesSince(since);
  const counts = new Map<string, number>();
  for (const text of ctx.questions.textsRoutedToPeopleSince(since)) {
    for (const term of new Set(queryTerms(text))) {
      // Numbers say little about what the docs lack.
      if (!/^\d+$/.test(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  const missingTopics = [...counts]
    .filter(([, count]) => count > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_TERMS)
    .map(([term, count]) => ({ term, count }));
  return {
    weeks,
    questions: {
      asked: outcomes.asked,
      answeredByDocs: outcomes.byDocs,
      settledByDocs: outcomes.settledByDocs,
      answeredByPerson: outcomes.byPerson,
      open: outcomes.open,
      medianAnswerMs: median(outcomes.personAnswerMs),
    },
    delivery: ctx.insights.deliveryStatsSince(since),
    missingTopics,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
