import { ZodError } from 'zod';
import { UserFacingError } from '../services/errors.js';
import type { Logger } from '../services/ports.js';
import { slackWordsOf } from './naming.js';

/** What a value got wrong, on one line: `path: problem; …` (zod's own message spans many). */
export function problemsOf(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
    .join('; ');
}

/** An error as one line of text. */
export function errorLine(error: unknown): string {
  if (error instanceof UserFacingError) return slackWordsOf(error).replace(/\s+/g, ' ');
  if (error instanceof ZodError) return problemsOf(error);
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
}

/**
 * Logs a failed request once. A person's own mistake or a stale or forged value (a
 * UserFacingError, a value that does not parse) is one line; anything else keeps its stack.
 */
export function logFailure(logger: Logger, what: string, error: unknown): void {
  if (error instanceof UserFacingError || error instanceof ZodError) {
    logger.info(`${what}: ${errorLine(error)}`);
    return;
  }
  logger.warn(`${what} failed`, error);
}
