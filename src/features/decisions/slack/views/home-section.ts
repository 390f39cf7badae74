import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { actions, divider, section } from '../../../../core/slack/views/blocks.js';
import type { AwaitingReview } from '../../services/review.js';
import { DECISION_ACTIONS } from './ids.js';
import { titleLink } from './message.js';

/** The Home tab's "Decisions waiting for your review": each with its window's end, in the reader's zone. */
export function awaitingReviewBlocks(
  waiting: readonly AwaitingReview[],
  timeZone: string,
): KnownBlock[] {
  if (waiting.length === 0) return [];
  const blocks: KnownBlock[] = [
    divider(),
    section(`*Decisions waiting for your review (${waiting.length})*`),
  ];
  for (const { decision, windowEndsAt } of waiting.slice(0, 15)) {
    const when =
      windowEndsAt === null
        ? 'your window starts when you are back'
        : `your window ends ${formatInTimeZone(windowEndsAt, timeZone, 'EEE d MMM, HH:mm')}`;
    blocks.push(
      section(`${titleLink(decision)}\n_${when}_`),
      actions(`home_decision_review:${decision.id}`, [
        { text: 'Details', actionId: DECISION_ACTIONS.details, value: String(decision.id) },
      ]),
    );
  }
  return blocks;
}
