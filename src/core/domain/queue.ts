import { z } from 'zod';

/**
 * The queue item: everything that wants a person's attention. Features enqueue items;
 * one worker delivers them in the recipient's working hours.
 */
export const QUEUE_STATES = [
  'queued',
  'sending',
  'delivered',
  'snoozed',
  'done',
  'skipped',
  'expired',
] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** `sending` is the worker's claim: the item is being posted and must not be posted again. */
const TRANSITIONS: Record<QueueState, readonly QueueState[]> = {
  queued: ['sending', 'done', 'snoozed', 'skipped', 'expired'],
  sending: ['delivered', 'queued', 'skipped'],
  delivered: ['done', 'snoozed', 'queued', 'skipped', 'expired'],
  snoozed: ['sending', 'done', 'skipped', 'expired', 'queued'],
  done: [],
  skipped: [],
  expired: [],
};

export const OPEN_STATES: readonly QueueState[] = ['queued', 'sending', 'delivered', 'snoozed'];
export const DELIVERABLE_STATES: readonly QueueState[] = ['queued', 'snoozed'];

export function canTransition(from: QueueState, to: QueueState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: QueueState,
    readonly to: QueueState,
  ) {
    super(`A queue item cannot go from ${from} to ${to}.`);
    this.name = 'InvalidTransitionError';
  }
}

export function assertTransition(from: QueueState, to: QueueState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/** Typed payload per kind. Adding a kind means adding its schema here. */
export const queuePayloadSchemas = {
  /** A message from Mailroom: `text` is Mailroom's own mrkdwn, `quote` what a person wrote (shown escaped). */
  notice: z.object({
    text: z.string().min(1),
    quote: z.string().optional(),
  }),
  question: z.object({
    questionId: z.number().int().positive(),
    text: z.string().min(1),
    reason: z.string(),
  }),
  answer: z.object({
    questionId: z.number().int().positive(),
  }),
  /** A member's standup for one date (YYYY-MM-DD): the recipient's entry for it. */
  standup_prompt: z.object({
    standupId: z.number().int().positive(),
    date: z.string(),
  }),
  /** The one reminder of a prompt not answered yet, in the member's working hours. */
  standup_reminder: z.object({
    standupId: z.number().int().positive(),
    date: z.string(),
  }),
  /** A blocker from a standup answer, for the person who can unblock it. */
  blocker: z.object({
    blockerId: z.number().int().positive(),
    standupId: z.number().int().positive(),
    text: z.string().min(1),
    fromUserId: z.string(),
  }),
  /** A participant's vote on a meeting's slots; due when the vote closes. */
  meeting_vote: z.object({
    meetingId: z.number().int().positive(),
  }),
  /** The vote's result, for the requester to confirm a slot. */
  meeting_result: z.object({
    meetingId: z.number().int().positive(),
  }),
  /** The confirmed meeting, in the participant's own time, with add-to-calendar links. */
  meeting_confirmed: z.object({
    meetingId: z.number().int().positive(),
  }),
  /**
   * One per owner per decision: the input (agree, object, comment) that arrived since the owner
   * last looked, gathered into this item while it is open. No input yet: a co-owner is told of
   * a proposal that awaits them.
   */
  decision_input: z.object({
    decisionId: z.number().int().positive(),
    inputIds: z.array(z.number().int().positive()).default([]),
    /** Opened to tell a co-owner of a new proposal (input may gather in it since). */
    proposal: z.boolean().default(false),
  }),
  /** A follow-up task of a decision, for its owner; reminded once when overdue. */
  decision_follow_up: z.object({
    decisionId: z.number().int().positive(),
    followUpId: z.number().int().positive(),
  }),
  /** The decision's revisit date came: its owner confirms, revises or supersedes it. */
  decision_revisit: z.object({
    decisionId: z.number().int().positive(),
    revisitOn: z.string(),
  }),
  /**
   * Follow-ups of a decision whose owner left the workspace: whoever is asked names a new owner
   * for each.
   */
  decision_follow_up_owner_left: z.object({
    decisionId: z.number().int().positive(),
    leaverId: z.string(),
    followUpIds: z.array(z.number().int().positive()),
  }),
  /**
   * A reviewer of the decision left the workspace mid-review: its owner hears that the review
   * no longer waits for them, and that their open concerns need an override.
   */
  decision_reviewer_left: z.object({
    decisionId: z.number().int().positive(),
    leaverId: z.string(),
    unanswered: z.boolean(),
    concernIds: z.array(z.number().int().positive()).default([]),
  }),
  /** A person the decision names to inform: it was accepted, rejected, superseded or reversed. */
  decision_outcome: z.object({
    decisionId: z.number().int().positive(),
    outcome: z.enum(['accepted', 'rejected', 'superseded', 'reversed']),
  }),
  /** A reviewer is asked to agree, raise a concern or abstain, within their window. */
  review_request: z.object({
    reviewId: z.number().int().positive(),
  }),
  /** The one reminder, at half their window, of a review the reviewer has not answered. */
  review_reminder: z.object({
    reviewId: z.number().int().positive(),
  }),
  /** A concern raised in a review, for its owner to answer or override. */
  review_concern: z.object({
    reviewId: z.number().int().positive(),
    concernId: z.number().int().positive(),
  }),
  /** The owner's answer to a concern, for the reviewer who raised it to withdraw it or keep it. */
  review_concern_answer: z.object({
    reviewId: z.number().int().positive(),
    concernId: z.number().int().positive(),
  }),
  /** A concern was withdrawn (for the owner) or overridden (for the reviewer who raised it). */
  review_concern_settled: z.object({
    reviewId: z.number().int().positive(),
    concernId: z.number().int().positive(),
  }),
  /** The review's window ended: who stayed silent, for its owner, who may proceed. */
  review_window_end: z.object({
    reviewId: z.number().int().positive(),
  }),
  /** Owners of what someone who left also owned: they still own it (nothing to take over). */
  owner_left: z.object({
    leaverId: z.string(),
    objects: z.array(z.object({ kind: z.string(), objectId: z.number().int().positive() })),
  }),
  /** What someone who left owned alone, offered to take over (one offer per object). */
  ownership_offer: z.object({
    leaverId: z.string(),
    offerIds: z.array(z.number().int().positive()).min(1),
  }),
  /**
   * An earlier stage of a plan changed after this reviewer accepted a later one: does it still
   * hold, or do they raise a concern (which reopens its review)?
   */
  plan_recheck: z.object({
    stageId: z.number().int().positive(),
    changedStageId: z.number().int().positive(),
    revision: z.number().int().positive(),
  }),
  /** A plan's task proposed to its recipient: they accept it or decline it. */
  plan_task_assignment: z.object({
    taskId: z.number().int().positive(),
  }),
  /**
   * The plan's owner is told a task was declined, with the reason given, to propose someone else;
   * `left`: its owner, or the person proposed, was deactivated (`declinerId`).
   */
  plan_task_declined: z.object({
    taskId: z.number().int().positive(),
    declinerId: z.string(),
    reason: z.string().default(''),
    left: z.boolean().default(false),
  }),
  /** A plan's task is blocked, and its recipient was named as who can unblock it. */
  plan_task_blocked: z.object({
    taskId: z.number().int().positive(),
    ownerId: z.string(),
    reason: z.string(),
  }),
  /**
   * The plan's owner hears a task was blocked; the task's owner that it was unblocked. Overdue:
   * the task's owner (`byId`) is reminded once, with Done and Blocked…, and the plan's owner told.
   * Unblocker left: the person a blocked task waited on (`byId`) was deactivated; its owner is
   * asked to name someone else.
   */
  plan_task_news: z.object({
    taskId: z.number().int().positive(),
    what: z.enum(['blocked', 'unblocked', 'overdue', 'unblocker_left']),
    byId: z.string(),
    reason: z.string().default(''),
  }),
  /** An open question of a plan's how, put to an expert to answer. */
  plan_question: z.object({
    planQuestionId: z.number().int().positive(),
  }),
  /** The one reminder of a plan's question not answered within two of the expert's working days. */
  plan_question_reminder: z.object({
    planQuestionId: z.number().int().positive(),
  }),
  /**
   * A message into a conversation rather than a person's queue: a channel, a thread in it, or a
   * person's DM named by their user id. Its recipient is that conversation; it is rendered when
   * queued and goes out at once, whatever anyone's working hours.
   */
  post: z.object({
    text: z.string().min(1),
    blocks: z.array(z.record(z.string(), z.unknown())).default([]),
    /** The post this one replies under, by idempotency key, when its ts is not known yet. */
    parentKey: z.string().optional(),
    /** What the posted message is, for whoever must remember its ts (see the worker's onPosted). */
    purpose: z.record(z.string(), z.unknown()).optional(),
    /** When the conversation will not take it (Mailroom is not in it): this person gets this instead, in their DM. */
    orElse: z
      .object({
        userId: z.string(),
        text: z.string().min(1),
        blocks: z.array(z.record(z.string(), z.unknown())).default([]),
      })
      .optional(),
  }),
} as const;

export type QueueItemKind = keyof typeof queuePayloadSchemas;

/**
 * Kinds whose recipient may simply mark them done. A question needs an answer (or a reassign),
 * a standup prompt its answers, a blocker Resolved or Not me, a meeting vote a vote, a
 * meeting's result a confirmation; a
 * decision's follow-up is done through the decision (its own Done button), one whose owner
 * left by naming a new owner, a revisit by
 * confirming, revising or superseding; a review's request and reminder by an answer, a concern
 * by its answer or override (an answered concern may be marked done: the concern stands).
 */
const DISMISSABLE: Record<QueueItemKind, boolean> = {
  notice: true,
  question: false,
  answer: true,
  standup_prompt: false,
  standup_reminder: false,
  blocker: false,
  meeting_vote: false,
  meeting_result: false,
  meeting_confirmed: true,
  decision_input: true,
  decision_follow_up: false,
  decision_follow_up_owner_left: false,
  decision_reviewer_left: true,
  decision_revisit: false,
  decision_outcome: true,
  review_request: false,
  review_reminder: false,
  review_concern: false,
  review_concern_answer: true,
  review_concern_settled: true,
  review_window_end: true,
  plan_recheck: false,
  plan_task_assignment: false,
  plan_task_declined: true,
  plan_task_blocked: false,
  plan_task_news: true,
  plan_question: false,
  plan_question_reminder: false,
  owner_left: true,
  ownership_offer: true,
  post: true,
};

export function canDismiss(kind: QueueItemKind): boolean {
  return DISMISSABLE[kind];
}

/**
 * Kinds sent at their `deliverAfter` even outside the recipient's working hours: a standup
 * prompt goes at the local time its standup was set up for, which was chosen on purpose.
 */
const AT_SET_TIME: ReadonlySet<QueueItemKind> = new Set(['standup_prompt', 'post']);

export function ignoresWorkingHours(kind: QueueItemKind): boolean {
  return AT_SET_TIME.has(kind);
}
export type QueuePayload<K extends QueueItemKind> = z.output<(typeof queuePayloadSchemas)[K]>;

export function parsePayload<K extends QueueItemKind>(kind: K, payload: unknown): QueuePayload<K> {
  return queuePayloadSchemas[kind].parse(payload) as QueuePayload<K>;
}

export interface QueueItem {
  id: number;
  kind: QueueItemKind;
  state: QueueState;
  recipientId: string;
  requesterId: string | null;
  teamId: string | null;
  channelId: string | null;
  threadTs: string | null;
  payload: Record<string, unknown>;
  deliverAfter: number;
  /** The earliest instant its feature asked for; `deliverAfter` adds the recipient's hours. */
  notBefore: number | null;
  dueBy: number | null;
  escalationLevel: number;
  idempotencyKey: string;
  attempts: number;
  lastError: string | null;
  deliveredChannel: string | null;
  deliveredTs: string | null;
  deliveredAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewQueueItem<K extends QueueItemKind = QueueItemKind> {
  kind: K;
  recipientId: string;
  requesterId?: string | null;
  teamId?: string | null;
  channelId?: string | null;
  threadTs?: string | null;
  payload: QueuePayload<K>;
  deliverAfter: number;
  notBefore?: number | null;
  dueBy?: number | null;
  idempotencyKey: string;
}

/** An item a worker holds: `firstClaimedAt` says from when a message for it may be in Slack. */
export interface ClaimedItem extends QueueItem {
  firstClaimedAt: number;
}

/**
 * How long a delivery claim holds before another worker may check whether it went out. It
 * outlasts the worst case of the one call made under it (its timeout times its tries) several
 * times over; a worker also renews the claims it still holds on every tick.
 */
export function deliveryLeaseMs(worstCallMs: number): number {
  return Math.max(60_000, 3 * worstCallMs);
}

/** Backoff after a failed delivery attempt: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60 * 1000;
}
