/** Why Mailroom can no longer post in a conversation, as Slack said it. */
export type ConversationGone = 'not_in_channel' | 'is_archived' | 'channel_not_found';

/**
 * What the core tells the capabilities about people and conversations. A capability registers
 * its handlers when the context is built (src/context.ts), so the core never imports it: when
 * someone's hours change, the core moves their queue and the standups move their prompts.
 */
export class Hooks {
  private readonly schedule: ((userId: string) => void)[] = [];
  private readonly members: ((channelId: string) => void)[] = [];
  private readonly gone: ((channelId: string, why: ConversationGone) => Promise<void>)[] = [];

  /** Someone's hours, time zone or away changed (in Mailroom or in Slack). */
  onScheduleChanged(handler: (userId: string) => void): void {
    this.schedule.push(handler);
  }

  /** Who is in a conversation Mailroom knows changed. */
  onMembersChanged(handler: (channelId: string) => void): void {
    this.members.push(handler);
  }

  /** Mailroom can no longer post in a conversation: it left, or it was archived or deleted. */
  onConversationGone(handler: (channelId: string, why: ConversationGone) => Promise<void>): void {
    this.gone.push(handler);
  }

  scheduleChanged(userId: string): void {
    for (const handler of this.schedule) handler(userId);
  }

  membersChanged(channelId: string): void {
    for (const handler of this.members) handler(channelId);
  }

  async conversationGone(channelId: string, why: ConversationGone): Promise<void> {
    for (const handler of this.gone) await handler(channelId, why);
  }
}
