import type { Token } from './analysis.js';

/**
 * The scaffolding of a question: words that frame it ("how do I", "what's the policy on",
 * "who do I ask about", "hey team") rather than say what it is about. A frame's words are
 * neither required nor scored, so "policy" in "what's the policy on pets?" cannot win a page
 * titled "Travel policy" on its own.
 *
 * A frame is written as words in a row; `{a|b}` offers alternatives for one place, and an
 * empty alternative (`{the|}`) makes it optional. "what's" is typed as two words (what, s),
 * as the tokenizer splits it.
 */
const FRAME_PATTERNS: readonly string[] = [
  'how {do|can|should|would|could|will} {i|we|you|one}',
  'how {does|do} {one|someone|somebody|anyone}',
  'how to',
  '{what s|whats|what is|what are} {the|our|your|} {policy|policies|process|procedure|rule|rules|deal|story} {on|for|about|with|around|regarding}',
  '{what s|whats|what is} the {best|right|usual|correct} way to',
  '{can|could|may|should} {i|we}',
  '{am|are} {i|we} {allowed|supposed|able|expected|meant} to',
  'is it {ok|okay|fine|alright|allowed|possible} {to|if|for}',
  '{who|whom} {do|should|can|would} {i|we} {ask|talk to|speak to|contact|reach out to|go to|ping|message} {about|for|regarding|re|on|with|}',
  'who {knows|can help} {about|with|}',
  '{is|are} there {a|an|any|some|}',
  'where {can|do|would|should} {i|we} {find|get|see|look for|look up|read about|learn about}',
  '{does|do} {anyone|anybody|someone|somebody|you|people|folks} know',
  '{anyone|anybody} know',
  'quick {q|question|one}',
  '{hey|hi|hello|morning|yo} {team|all|everyone|everybody|folks|people|guys|there|y all|yall}',
  '{hey|hi|hello}',
  'i {have|got} a {quick|} question',
  'i was wondering',
  'wondering {if|whether}',
  'thanks {in advance|a lot|so much|}',
  'thank you',
];

/** One place in a frame: the word sequences that may stand there (an empty one: none). */
type Place = readonly (readonly string[])[];

function parsePattern(pattern: string): Place[] {
  const places: Place[] = [];
  for (const part of pattern.match(/\{[^}]*\}|[^\s{}]+/g) ?? []) {
    if (part.startsWith('{')) {
      places.push(
        part
          .slice(1, -1)
          .split('|')
          .map((choice) => choice.split(' ').filter((word) => word !== '')),
      );
    } else {
      places.push([[part]]);
    }
  }
  return places;
}

/** Every word sequence a pattern stands for. */
function expandPattern(places: readonly Place[]): string[][] {
  let sequences: string[][] = [[]];
  for (const place of places) {
    sequences = sequences.flatMap((sequence) => place.map((choice) => [...sequence, ...choice]));
  }
  return sequences.filter((sequence) => sequence.length > 0);
}

/** Every frame as its words, longest first, so the longest frame at a place is the one taken. */
export const FRAMES: readonly (readonly string[])[] = FRAME_PATTERNS.flatMap((pattern) =>
  expandPattern(parsePattern(pattern)),
).sort((a, b) => b.length - a.length);

const FRAMES_BY_FIRST_WORD: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const byFirst = new Map<string, (readonly string[])[]>();
  for (const frame of FRAMES) {
    const first = frame[0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(frame);
    byFirst.set(first, list);
  }
  return byFirst;
})();

/**
 * The tokens that frame the question: each frame's words typed in a row, in one sentence,
 * longest frame first at each place, left to right.
 */
export function frameTokens(tokens: readonly Token[]): Set<Token> {
  const framing = new Set<Token>();
  let i = 0;
  while (i < tokens.length) {
    const start = tokens[i] as Token;
    const candidates = start.kind === 'word' ? FRAMES_BY_FIRST_WORD.get(start.word) : undefined;
    const frame = candidates?.find((words) =>
      words.every((word, k) => {
        const token = tokens[i + k];
        return (
          token !== undefined &&
          token.kind === 'word' &&
          token.word === word &&
          token.sentence === start.sentence &&
          token.position === start.position + k
        );
      }),
    );
    if (frame === undefined) {
      i += 1;
      continue;
    }
    for (let k = 0; k < frame.length; k += 1) framing.add(tokens[i + k] as Token);
    i += frame.length;
  }
  return framing;
}
