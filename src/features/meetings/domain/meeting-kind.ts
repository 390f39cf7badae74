/**
 * Transactional or social: what a meeting request is for. A transactional meeting exists to
 * reach a work outcome (it needs an agenda and an expected outcome, should be short, and may
 * not need to be a meeting at all); a social one exists for the team itself (it should be fair
 * to every time zone over time). Mailroom proposes one, says why, and the requester may switch.
 *
 * Pure and explainable: weighted cues in the words used (src/features/meetings/domain/meeting-kind-cues.ts, in
 * several languages) and whether an outcome is named. Who takes part does not count: the same
 * words sent to two people or to a channel are the same kind of meeting. Tuned on
 * bench/data/meeting-requests/tuning.json and held-out.json; fresh.json measures it.
 */

import { type Cue, OUTCOME_CUES, SOCIAL_CUES, WORK_CUES } from './meeting-kind-cues.js';

export const MEETING_KINDS = ['transactional', 'social'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export interface MeetingRequestFacts {
  /** What the meeting is about, as the requester wrote it. */
  what: string;
  agenda?: string | null;
  /** The expected outcome, when the requester gave one. */
  outcome?: string | null;
}

export interface KindSuggestion {
  kind: MeetingKind;
  /** Why, in a few short phrases, strongest first ("it names an outcome: “decide”"). */
  reasons: string[];
  /** Above zero leans transactional, below zero social. */
  score: number;
}

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
