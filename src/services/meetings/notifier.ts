import type { QueueItem } from '../../domain/queue.js';
import type { MeetingView } from './view.js';

/** The meeting flow's Slack side, behind a port so the use cases stay testable. */
export interface MeetingNotifier {
  /** Posts a big group's poll in its channel; returns the message's ts. */
  postPoll(view: MeetingView): Promise<string>;
  /** Rewrites the poll as the meeting now stands (votes in, closed, confirmed, called off). */
  updatePoll(view: MeetingView): Promise<void>;
  /** Rewrites a delivered vote DM so its buttons no longer invite a vote. */
  closeVote(item: QueueItem, view: MeetingView): Promise<void>;
  /** Posts the confirmed meeting in its channel, where each reader sees their own time. */
  postConfirmed(view: MeetingView, channelId: string): Promise<void>;
  /** Starts a thread with the agenda in the channel, asking for written answers. */
  postThread(view: MeetingView, channelId: string): Promise<{ permalink: string | null }>;
}
