import type { Logger } from '@slack/bolt';
import { UserFacingError } from '../services/errors.js';
import { slackWordsOf } from './naming.js';

export interface ModalErrors {
  response_action: 'errors';
  errors: Record<string, string>;
}

/** Shows a problem under an input of the open modal, which keeps everything typed in it. */
export function modalError(blockId: string, message: string): ModalErrors {
  return { response_action: 'errors', errors: { [blockId]: message } };
}

/** A failure as a modal error: the person's words for a UserFacingError, a logged retry note otherwise. */
export function modalFailure(blockId: string, error: unknown, logger: Logger): ModalErrors {
  if (error instanceof UserFacingError) return modalError(blockId, slackWordsOf(error));
  logger.error('a modal submission failed', error);
  return modalError(
    blockId,
    'Something went wrong on my side. What you typed is still here: please try again.',
  );
}
