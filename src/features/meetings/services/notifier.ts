import type { QueueItem } from '../../../core/domain/queue.js';
import type { Naming } from '../../../core/services/naming.js';
import type { PostMessage } from '../../../core/services/posts.js';
import type { MeetingView } from './view.js';

/**
 * The meeting flow's Slack side, behind a port so the use cases stay testable. Channel posts
 * are rendered here and queued by the use cases (the delivery worker posts each once).
 */
export interface MeetingNotifier {
  /** A big group's poll, for its channel. */
  pollPost(view: MeetingView): PostMessage;
  /** Rewrites the poll as the meeting now stands (votes in, closed, confirmed, called off). */
  updatePoll(view: MeetingView): Promise<void>;
  /** Rewrites a delivered vote DM so its buttons no longer invite a vote. */
  closeVote(item: QueueItem, view: MeetingView): Promise<void>;
  /** The confirmed meeting, for its channel, where each reader sees their own time. */
  confirmedPost(view: MeetingView): PostMessage;
  /** The agenda, starting a thread in the channel that asks for written answers. */
  threadPost(view: MeetingView): PostMessage;
  /** How the notes the flow queues for people name someone or a channel. */
  naming: Naming;
}
