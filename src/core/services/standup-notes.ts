/**
 * The port through which a capability has something mentioned in a person's standup prompt,
 * without knowing the standups capability: a plan's tasks due soon, say. A capability
 * registers one provider with `ctx.hooks.onStandupNotes(provider)` when the context is built;
 * when a member's prompt for a standup is built, the standups ask every provider what to
 * mention to that person in that standup's channel, and show what each says under the prompt.
 * A provider speaks in plain words (no Slack syntax): the standups' Slack side lays them out,
 * and shows only the first few of a long list, saying how many more there are and where.
 */

/** One thing to mention: a task, with where it comes from and what matters about it now. */
export interface StandupNote {
  /** What it is, as its owner named it: a task's title. */
  title: string;
  /** What it belongs to (a plan), linked when it has a link. */
  from: { title: string; link: string | null };
  /** What matters about it now, in the person's words: "due Thursday 10 Dec · accepted". */
  detail: string;
  /** Needs attention beyond being due: blocked, or past its due date. */
  attention: boolean;
}

/** What one provider mentions to one person: a heading and its notes, the first ones first. */
export interface StandupNoteList {
  /** "Your tasks due soon". */
  heading: string;
  /** Every note, the first ones first: the prompt shows as many as fit. */
  notes: StandupNote[];
  /** Where the person sees all of them: "in Home". */
  seeAll: string;
}

export interface StandupNoteProvider {
  /** What it mentions, for the logs: 'plan_tasks'. */
  readonly kind: string;
  /**
   * What to mention to `memberId` in the standup of `channelId` whose prompt is built at `at`;
   * undefined (or no notes) when there is nothing.
   */
  notesFor(input: { memberId: string; channelId: string; at: number }): StandupNoteList | undefined;
}
