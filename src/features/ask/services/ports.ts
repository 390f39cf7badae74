import type { QueueItem } from '../../../core/domain/queue.js';
import type { Naming } from '../../../core/services/naming.js';
import type { Question } from '../store/question-repository.js';

/**
 * How people, conversations and times are named in what the question flow tells people: in
 * Slack's own syntax, which only the Slack side writes (slack/views/names.ts).
 */
export interface QuestionNames extends Naming {
  /** A time each reader sees in their own zone. */
  time(instant: number): string;
}

/**
 * Slack-side effects of the question flow, behind a port so the services stay testable. Posts
 * are queued (the delivery worker sends them), so nothing here waits on Slack but the update.
 */
export interface QuestionNotifier {
  /** How what the asker is told names people and conversations. */
  readonly names: QuestionNames;
  /** Queues a gentle nudge, in the thread of the DM the expert received. */
  remind(item: QueueItem, question: Question): void;
  /** Rewrites the expert's DM so its buttons no longer invite action; never throws. */
  closeDelivered(item: QueueItem, note: string): Promise<void>;
  /** Queues the question for its channel when no expert is left; false when that is impossible. */
  askChannel(question: Question): boolean;
  /** Queues the answer for the thread the question was asked in; false when there is none. */
  answerInThread?(question: Question): boolean;
}
