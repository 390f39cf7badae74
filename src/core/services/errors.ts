import { type Naming, PLAIN_NAMING, type Words, wordsWith } from './naming.js';

/** A failure the person should be told about, in words meant for them. */
export class UserFacingError extends Error {
  /** The words, with the people and channels they name as PLAIN_NAMING writes them. */
  readonly userMessage: string;

  constructor(readonly words: Words) {
    const userMessage = wordsWith(words, PLAIN_NAMING);
    super(userMessage);
    this.userMessage = userMessage;
    this.name = 'UserFacingError';
  }

  /** The words, naming people and channels as `naming` writes them. */
  wordsFor(naming: Naming): string {
    return wordsWith(this.words, naming);
  }
}
