/**
 * Routing on held-out cases (bench/data/routing/cases.json, written before the matcher was
 * tuned): the share of questions whose first expert is the owner of the topic a person would
 * send them to, and how many questions no topic fits are still sent to a topic owner.
 */
import { readFileSync } from 'node:fs';
import { routeQuestion } from '../src/core/domain/routing.js';
import { topicMatcherOf } from '../src/core/services/topic-match.js';
import { openDatabase } from '../src/core/store/db.js';
import { GlossaryRepository } from '../src/core/store/glossary-repository.js';
import { RoutingTextIndex } from '../src/core/store/routing-text.js';
import { TOPIC_SYNONYMS, wordnetSynonyms } from '../src/core/store/wordnet-synonyms.js';
import type { BenchResult } from './run.js';

interface Team {
  experts: { topics: string; owner: string }[];
  glossary: { term: string; expansion: string }[];
}
interface Case {
  team: string;
  question: string;
  owner: string | null;
}
interface Cases {
  teams: Record<string, Team>;
  cases: Case[];
}

export const ROUTING_CASES = new URL('./data/routing/cases.json', import.meta.url);

/** What routing reads for one team, as the app builds it (src/app.ts): its glossary, WordNet. */
function teamContext(team: Team) {
  const db = openDatabase(':memory:');
  const glossary = new GlossaryRepository(db);
  for (const entry of team.glossary) glossary.add({ ...entry, addedBy: null }, 0);
  return {
    glossary,
    routingText: new RoutingTextIndex(db),
    lexicon: { synonyms: wordnetSynonyms(), topicSynonyms: wordnetSynonyms(TOPIC_SYNONYMS) },
  };
}

type TeamContext = ReturnType<typeof teamContext>;

/** The topic owners of a question in the order routing asks them. */
function topicOwners(team: Team, ctx: TeamContext, question: string): string[] {
  const keywordExperts = team.experts.flatMap((expert) =>
    expert.topics
      .split(',')
      .map((topic) => topic.trim())
      .filter(Boolean)
      .map((topic) => ({ topic, memberId: expert.owner })),
  );
  return routeQuestion({
    askerId: 'asker',
    keywordExperts,
    topicStrength: topicMatcherOf(ctx, question),
    channelExperts: [],
    relatedDocuments: [],
    canReceive: () => true,
  }).map((step) => step.memberId);
}

export async function run(): Promise<BenchResult> {
  const data = JSON.parse(readFileSync(ROUTING_CASES, 'utf8')) as Cases;
  const contexts = new Map(
    Object.entries(data.teams).map(([name, team]) => [name, teamContext(team)]),
  );
  const ownersOf = (c: Case) =>
    topicOwners(data.teams[c.team] as Team, contexts.get(c.team) as TeamContext, c.question);
  const owned = data.cases.filter((c) => c.owner !== null);
  const unowned = data.cases.filter((c) => c.owner === null);
  const misses: string[] = [];
  let first = 0;
  let anywhere = 0;
  for (const c of owned) {
    const owners = ownersOf(c);
    if (owners[0] === c.owner) first += 1;
    else misses.push(`${c.question} → ${owners[0] ?? 'nobody'} (owner ${c.owner})`);
    if (owners.includes(c.owner as string)) anywhere += 1;
  }
  const wrong = unowned.filter((c) => ownersOf(c).length > 0);
  const share = (n: number, of: number) => `${n}/${of} (${Math.round((100 * n) / of)}%)`;
  return {
    title: 'Routing to the topic owner (held-out cases)',
    rows: [
      {
        figure: 'first expert asked is the owner',
        value: share(first, owned.length),
        workload: `${owned.length} questions, 2 teams' expert topics and glossaries`,
      },
      {
        figure: 'owner among the topic owners asked',
        value: share(anywhere, owned.length),
        workload: 'same',
      },
      {
        figure: 'sent to a topic owner when no topic fits',
        value: share(wrong.length, unowned.length),
        workload: `${unowned.length} questions no topic fits`,
      },
    ],
    notes: [
      ...misses.map((miss) => `routing miss: ${miss}`),
      ...wrong.map((c) => `routed though no topic fits: ${c.question} → ${ownersOf(c)[0]}`),
    ],
  };
}
