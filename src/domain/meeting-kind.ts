/**
 * Transactional or social: what a meeting request is for. A transactional meeting exists to
 * reach a work outcome (it needs an agenda and an expected outcome, should be short, and may
 * not need to be a meeting at all); a social one exists for the team itself (it should be fair
 * to every time zone over time). Mailroom proposes one, says why, and the requester may switch.
 *
 * Pure and explainable: weighted cues in the words used, whether an outcome is named, and who
 * takes part. Tuned on bench/data/meeting-requests/tuning.json only; held-out.json measures it.
 */

export const MEETING_KINDS = ['transactional', 'social'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export interface MeetingRequestFacts {
  /** What the meeting is about, as the requester wrote it. */
  what: string;
  agenda?: string | null;
  /** The expected outcome, when the requester gave one. */
  outcome?: string | null;
  /** Everyone taking part, the requester included. */
  people: number;
  /** A channel's members were invited. */
  viaChannel: boolean;
}

export interface KindSuggestion {
  kind: MeetingKind;
  /** Why, in a few short phrases, strongest first ("it names an outcome: “decide”"). */
  reasons: string[];
  /** Above zero leans transactional, below zero social. */
  score: number;
}

interface Cue {
  pattern: RegExp;
  weight: number;
}

const cue = (words: string, weight: number): Cue => ({
  pattern: new RegExp(String.raw`(?:^|[^\p{L}\p{N}])(?:${words})(?=$|[^\p{L}\p{N}])`, 'iu'),
  weight,
});

/** Words that name what the meeting should produce. */
const OUTCOME_CUES: Cue[] = [
  cue('decide[sd]?|decisions?|deciding', 4),
  cue('agree(?:d|ment)?|align(?:ment)?|consensus', 3),
  cue('approv(?:e|al|ed)|sign[- ]?off|signoff|go/no[- ]go|green[- ]?light', 4),
  cue('choose|choosing|pick|select|shortlist', 3),
  cue('finali[sz]e|settle|conclude|resolve', 3),
  cue('next steps|action items|owners?|deadline', 3),
];

/** Words of work. */
const WORK_CUES: Cue[] = [
  cue('review(?:s|ing)?|calibration|audit|evidence|compliance', 3),
  cue('plan(?:s|ning)?|roadmap|okrs?|strategy|rollout|capacity|prioriti[sz]e|priorities', 3),
  cue('post-?mortem|incidents?|escalation|runbook|failover|on-call', 3),
  cue('debug(?:ging)?|fix(?:ing)?|bugs?|unblock|failing|flaky|refactor|leak', 3),
  cue('estimat(?:e|es|ion)|spec|specs|requirements|architecture|design|migration|dry-run', 3),
  cue('hiring|candidates?|committee|career|performance', 3),
  cue('budget|pricing|costs?|vendors?|negotiation|legal|dpa|invoice|bill', 3),
  cue('retro|retrospective|sprint|standup|kick-?off|handover|hand-?off|demo|prep', 2),
  cue('sync|discuss(?:ion)?|walk-?through|go through|pairing|pair on', 2),
  cue(
    'customers?|clients?|accounts?|sales|release|launch date|feedback|project|checklist|tests?|env|ui',
    2,
  ),
  cue('1:1|one[- ]on[- ]one|debrief|business', 2),
];

/** Words of a team get-together. */
const SOCIAL_CUES: Cue[] = [
  cue('coffee|tea|lunch|breakfast|brunch|dinner|potluck|picnic', -4),
  cue('drinks|beers?|happy hour|pub|cheers|🥂|🍻|☕', -4),
  cue('party|celebrat(?:e|ion|ing)|anniversary|birthday|festive', -4),
  cue('farewell|goodbye|send-?off|leaving|last week with us|welcome', -4),
  cue('games?|quiz|karaoke|movie|bake-?off|yoga|roulette|donut|kudos|shout-?outs?', -4),
  cue(
    'social|hang ?out|get-together|get together|meet and greet|meet & greet|icebreakers?|team[- ]building',
    -4,
  ),
  cue('get(?:ting)? to know|say hi|meet the new', -4),
  cue("diwali|eid|thanksgiving|christmas|hanukkah|st patrick'?s", -4),
  cue(
    'casual|informal|catch[- ]?up|chat|no agenda|nothing specific|just|fun|together|walk and talk',
    -2,
  ),
  cue('night|after work|friday', -1),
];

const QUESTION = /\?\s*$/;

interface Reason {
  leans: MeetingKind;
  weight: number;
  text: string;
}

/** The kind Mailroom proposes for a request, and why. */
export function suggestKind(facts: MeetingRequestFacts): KindSuggestion {
  const text = [facts.what, facts.agenda ?? '', facts.outcome ?? ''].join('\n');
  const reasons: Reason[] = [];
  const add = (leans: MeetingKind, weight: number, why: string) => {
    if (weight > 0) reasons.push({ leans, weight, text: why });
  };

  if ((facts.outcome ?? '').trim() !== '') add('transactional', 4, 'you named an expected outcome');
  const outcome = matches(OUTCOME_CUES, text);
  add('transactional', outcome.weight, `it names an outcome: ${quoted(outcome.words)}`);
  const work = matches(WORK_CUES, text);
  add('transactional', work.weight, `it is about work: ${quoted(work.words)}`);
  const social = matches(SOCIAL_CUES, text);
  add('social', -social.weight, `it reads like a get-together: ${quoted(social.words)}`);
  if (QUESTION.test(facts.what.trim())) add('transactional', 2, 'it asks a question to settle');
  if (facts.viaChannel) add('social', 1, `a whole channel is invited (${facts.people} people)`);
  else if (facts.people >= 12) add('social', 1, `a large group (${facts.people} people)`);
  else if (facts.people <= 4) add('transactional', 1, `a small group (${facts.people} people)`);

  const score = reasons.reduce(
    (sum, r) => sum + (r.leans === 'transactional' ? r.weight : -r.weight),
    0,
  );
  // With nothing to go on, ask for an agenda: meeting on purpose is the safer default.
  const kind: MeetingKind = score >= 0 ? 'transactional' : 'social';
  const why = reasons
    .filter((r) => r.leans === kind)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map((r) => r.text);
  return { kind, reasons: why.length > 0 ? why : ['nothing in it says what it is for'], score };
}

function matches(cues: readonly Cue[], text: string): { weight: number; words: string[] } {
  let weight = 0;
  const words: string[] = [];
  for (const { pattern, weight: w } of cues) {
    const found = pattern.exec(text);
    if (!found) continue;
    weight += w;
    words.push(found[0].replace(/^[^\p{L}\p{N}]/u, '').toLowerCase());
  }
  return { weight, words };
}

function quoted(words: readonly string[]): string {
  return words
    .slice(0, 3)
    .map((w) => `“${w}”`)
    .join(', ');
}
