/**
 * How words meant for a person write the people and channels they name. Services say where a
 * name goes; the Slack side (core/slack/naming.ts) writes each as a mention.
 */
export interface Naming {
  person(userId: string): string;
  channel(channelId: string): string;
}

/** Words meant for a person: as they are, or naming people and channels through a Naming. */
export type Words = string | ((naming: Naming) => string);

/** Names as ids, where no Slack client turns them into names (logs, the command line). */
export const PLAIN_NAMING: Naming = {
  person: (userId) => `@${userId}`,
  channel: (channelId) => `#${channelId}`,
};

export function wordsWith(words: Words, naming: Naming): string {
  return typeof words === 'string' ? words : words(naming);
}
