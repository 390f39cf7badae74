/**
 * How text is cut into searchable words, the same way when a document is indexed and when a
 * question is planned.
 *
 * Scripts written without spaces (Chinese, Japanese, Thai) and Korean (whose words carry
 * their particles: 회의는, 회의가) are indexed as overlapping character bigrams: 会議室 is
 * indexed as 会議 議室 室, so 会議 (a phrase of one bigram) and 議室 find it, and a word of n
 * characters is a phrase of its n-1 bigrams. Measured against Intl.Segmenter word
 * segmentation on sentences in the four scripts (bench/script-segmentation.ts), bigrams find
 * every word typed alone; segmentation misses Korean words followed by a particle and words
 * the segmenter cut differently in the sentence. The bigrams go into index-only columns, so
 * titles and snippets stay the text as written.
 *
 * Hyphenated words (on-site, e-mail, sign-off) are indexed as their parts (by the tokenizer)
 * and, in the same index-only columns, as the joined word (onsite), so "onsite" finds "on-site".
 */

/** A character of a script that is indexed as bigrams. */
const BIGRAM_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc]/u;

/** A run of such characters (with their combining marks, such as Thai vowel signs). */
const BIGRAM_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\p{M}]*/gu;

/** A word: a letter or digit followed by letters, digits and combining marks (as the index's tokenizer sees it). */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Words of letters joined by hyphens: on-site, e-mail, follow-up, state-of-the-art. */
const HYPHENATED = /\p{L}[\p{L}\p{M}]*(?:[-\u2010\u2011]\p{L}[\p{L}\p{M}]*)+/gu;
const HYPHEN = /[-\u2010\u2011]/u;

/** Longer words are cut to this length. */
export const MAX_WORD_LENGTH = 64;

/** True when the text has a character of a script indexed as bigrams. */
export function hasBigramScript(text: string): boolean {
  return BIGRAM_CHAR.test(text);
}

/** Lower-case, compatibility-normalized text (full-width letters become ASCII). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * A word as the vocabulary keys it: accents on Latin letters removed, as the index's
 * tokenizer removes them (café and cafe are one word), and cut to MAX_WORD_LENGTH.
 */
export function foldWord(word: string): string {
  const folded = word
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC');
  return folded.length <= MAX_WORD_LENGTH
    ? folded
    : Array.from(folded).slice(0, MAX_WORD_LENGTH).join('');
}

/**
 * The bigram tokens of a run: each pair of neighbouring characters, then the last character
 * alone, so every character starts a token (a one-character word is found as a prefix).
 * A combining mark stays with the character before it.
 */
export function bigramsOf(run: string): string[] {
  const units = characters(run);
  if (units.length <= 1) return units;
  const tokens: string[] = [];
  for (let i = 0; i + 1 < units.length; i += 1) tokens.push(`${units[i]}${units[i + 1]}`);
  tokens.push(units[units.length - 1] as string);
  return tokens;
}

/** Characters with their combining marks attached. */
function characters(run: string): string[] {
  return run.match(/\P{M}\p{M}*/gu) ?? [];
}

/**
 * What the index-only columns hold for a text: the bigrams of every run of such scripts
 * and the joined form of every hyphenated word, separated by spaces ('' when there are none).
 */
export function indexForms(text: string): string {
  const normalized = normalizeText(text);
  const forms: string[] = [];
  for (const [run] of normalized.matchAll(BIGRAM_RUN)) forms.push(...bigramsOf(run));
  for (const [word] of normalized.matchAll(HYPHENATED)) {
    const joined = joinedForm(word);
    if (joined !== undefined) forms.push(joined);
  }
  return forms.join(' ');
}

/** on-site → onsite; undefined when a part is of a bigram script. */
export function joinedForm(hyphenated: string): string | undefined {
  if (hasBigramScript(hyphenated)) return undefined;
  return hyphenated.split(HYPHEN).join('');
}

/** on-site → ['on', 'site']. */
export function hyphenParts(hyphenated: string): string[] {
  return hyphenated.split(HYPHEN);
}

/**
 * The distinct words of a text as the vocabulary counts them: every word (folded), every
 * bigram token of the bigram scripts, and the joined form of hyphenated words.
 */
export function vocabularyWords(text: string): Set<string> {
  const normalized = normalizeText(text);
  const words = new Set<string>();
  for (const [word] of normalized.replace(BIGRAM_RUN, ' ').matchAll(WORD)) {
    words.add(foldWord(word));
  }
  for (const form of indexForms(normalized).split(' ')) {
    if (form !== '') words.add(foldWord(form));
  }
  return words;
}

/**
 * What a search looks for: words in a row (one word, or a phrase), the last of them searched
 * as a prefix (it then finds longer words that start with it) when `prefix` is set. The store
 * writes it in its own query syntax.
 */
export interface Phrase {
  words: readonly string[];
  prefix: boolean;
}

/**
 * A word or a few words as a phrase: bigram-script words become their bigram phrase, a
 * single character of those scripts a prefix, a word cut to MAX_WORD_LENGTH too; null for
 * no words.
 */
export function phraseOf(text: string): Phrase | null {
  const normalized = normalizeText(text);
  const tokens: string[] = [];
  for (const [word] of normalized.matchAll(WORD)) {
    for (const piece of splitByScript(word)) {
      if (hasBigramScript(piece)) {
        const units = characters(piece);
        tokens.push(...(units.length === 1 ? units : bigramsOf(piece).slice(0, -1)));
      } else {
        tokens.push(foldWord(piece));
      }
    }
  }
  if (tokens.length === 0) return null;
  const last = tokens[tokens.length - 1] as string;
  const singleCharacter = tokens.length === 1 && characters(last).length === 1;
  const cut = tokens.length === 1 && Array.from(last).length >= MAX_WORD_LENGTH;
  return { words: tokens, prefix: (singleCharacter && hasBigramScript(last)) || cut };
}

/** "東京オフィスのwifi" → ["東京オフィスの", "wifi"]: bigram-script runs apart from the rest. */
export function splitByScript(word: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const match of word.matchAll(BIGRAM_RUN)) {
    const start = match.index ?? 0;
    if (start > last) pieces.push(word.slice(last, start));
    pieces.push(match[0]);
    last = start + match[0].length;
  }
  if (last < word.length) pieces.push(word.slice(last));
  return pieces.filter((piece) => piece !== '');
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Particles and function characters that are searched only when nothing else is typed. */
const FUNCTION_CHARACTERS: ReadonlySet<string> = new Set(
  'のはをにがでともへやかなねよ的了是在和有我你他她它们这那吗呢吧啊也都就要会能把被给对从到与及或',
);

/** Korean particles, longest first, taken off the end of a word of three syllables or more. */
const KOREAN_PARTICLES = [
  '에서는',
  '에게서',
  '으로는',
  '에서',
  '에게',
  '한테',
  '으로',
  '부터',
  '까지',
  '처럼',
  '보다',
  '이랑',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '도',
  '와',
  '과',
  '로',
  '랑',
  '만',
];

/**
 * The words of a run of a bigram script as a person typed them: Intl.Segmenter's words, with
 * particles and one-character function words left out, a one-character piece the segmenter
 * cut off a longer word put back on it (会議 + 室 → 会議室), and Korean particles taken off
 * (회의는 → 회의). Bigram matching makes the exact cut matter little: it only groups
 * characters into the concepts of a question.
 */
export function segmentWords(run: string): string[] {
  const words: string[] = [];
  let previousEnd = -1;
  for (const segment of segmenter.segment(run)) {
    if (!segment.isWordLike) {
      previousEnd = -1;
      continue;
    }
    const word = segment.segment;
    const length = characters(word).length;
    const last = words[words.length - 1];
    if (length === 1 && FUNCTION_CHARACTERS.has(word)) {
      previousEnd = -1;
      continue;
    }
    if (
      length === 1 &&
      last !== undefined &&
      previousEnd === segment.index &&
      characters(last).length >= 2
    ) {
      words[words.length - 1] = `${last}${word}`;
    } else {
      words.push(stripKoreanParticle(word));
    }
    previousEnd = segment.index + word.length;
  }
  return words;
}

function stripKoreanParticle(word: string): string {
  if (!/^\p{Script=Hangul}+$/u.test(word)) return word;
  const syllables = Array.from(word);
  if (syllables.length < 3) return word;
  for (const particle of KOREAN_PARTICLES) {
    if (word.endsWith(particle) && syllables.length - Array.from(particle).length >= 2) {
      return word.slice(0, word.length - particle.length);
    }
  }
  return word;
}
