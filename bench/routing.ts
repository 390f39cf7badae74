/**
 * Routing on held-out cases (bench/data/routing/cases.json, written before the matcher was
 * tuned): the share of questions whose first expert is the owner of the topic a person would
 * send them to, and how many questions no topic fits are still sent to a topic owner.
 */
import { readFileSync } from 'node:fs';
import { routeQuestion } from '../src/domain/routing.js';
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

/** The topic owners of a question in the order routing asks them. */
function topicOwners(team: Team, question: string): string[] {
  const keywordExperts = team.experts.flatMap((expert) =>
    expert.topics
      .split(',')
      .map((topic) => topic.trim())
      .filter(Boolean)
      .map((topic) => ({ topic, memberId: expert.owner })),
  );
  return routeQuestion({
    askerId: 'asker',
    question,
    keywordExperts,
    channelExperts: [],
    relatedDocuments: [],
    canReceive: () => true,
  }).map((step) => step.memberId);
}

export async function run(): Promise<BenchResult> {
  const data = JSON.parse(readFileSync(ROUTING_CASES, 'utf8')) as Cases;
  const owned = data.cases.filter((c) => c.owner !== null);
  const unowned = data.cases.filter((c) => c.owner === null);
  const misses: string[] = [];
  let first = 0;
  let anywhere = 0;
  for (const c of owned) {
    const owners = topicOwners(data.teams[c.team] as Team, c.question);
    if (owners[0] === c.owner) first += 1;
    else misses.push(`${c.question} → ${owners[0] ?? 'nobody'} (owner ${c.owner})`);
    if (owners.includes(c.owner as string)) anywhere += 1;
  }
  const wrong = unowned.filter(
    (c) => topicOwners(data.teams[c.team] as Team, c.question).length > 0,
  );
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
    notes: misses.map((miss) => `routing miss: ${miss}`),
  };
}
