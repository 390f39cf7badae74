import type { KnownBlock, ModalView } from '@slack/types';
import type { Concern, Review, Reviewer, SilentReviewer } from '../../domain/review.js';
import { closedReason, MAX_CONCERN_TEXT } from '../../domain/review.js';
import type { AwayReviewer, StartedReview } from '../../services/reviews.js';
import { actions, type ButtonSpec, context, type Message, section } from './blocks.js';
import { escapeMrkdwn, mention, quote, truncate } from './mrkdwn.js';

/** The review's buttons and modals: one listener each, whatever kind of object is reviewed. */
export const REVIEW_ACTIONS = {
  agree: 'review_agree',
  concern: 'review_concern',
  abstain: 'review_abstain',
  answer: 'review_answer_concern',
  override: 'review_override_concern',
  withdraw: 'review_withdraw_concern',
  proceed: 'review_proceed',
} as const;

export const REVIEW_VIEWS = {
  concern: 'review_concern_modal',
  answer: 'review_answer_modal',
  override: 'review_override_modal',
} as const;

/** The one text input of each review modal. */
export const REVIEW_TEXT = { block: 'review_text', action: 'text' } as const;

/** The reviewed object as the cards show it: its capability gives the title and the link. */
export interface ReviewedObject {
  title: string;
  link: string | null;
}

/** A title for an object that is gone or whose capability is not there. */
export const GONE_OBJECT: ReviewedObject = { title: 'an item no longer available', link: null };

const person = mention;
const people = (userIds: readonly string[]) => userIds.map(person).join(', ');

/** "Tue 10 Mar at 13:00", in the reader's own time. */
export function readerTime(instant: number): string {
  const fallback = new Date(instant).toISOString().slice(0, 16).replace('T', ' ');
  return `<!date^${Math.floor(instant / 1000)}^{date_short_pretty} at {time}|${fallback} UTC>`;
}

function titleOf(object: ReviewedObject): string {
  const title = escapeMrkdwn(truncate(object.title, 200));
  if (!object.link) return `*${title}*`;
  return `*<${object.link.replace(/[<>|]/g, '')}|${title.replace(/[|]/g, '')}>*`;
}

/** Agree, Concern and Abstain, carrying the review's id. */
export function answerButtons(reviewId: number): ButtonSpec[] {
  const value = String(reviewId);
  return [
    { text: 'Agree', actionId: REVIEW_ACTIONS.agree, value, style: 'primary' },
    { text: 'Concern', actionId: REVIEW_ACTIONS.concern, value },
    { text: 'Abstain', actionId: REVIEW_ACTIONS.abstain, value },
  ];
}

/** A reviewer's card: asked, or reminded at half their window. */
export function reviewRequestMessage(input: {
  review: Review;
  reviewer: Reviewer | undefined;
  object: ReviewedObject;
  reminder: boolean;
}): Message {
  const { review, reviewer, object, reminder } = input;
  const lead = reminder
    ? `Reminder: ${person(review.ownerId)} is waiting for your review of ${titleOf(object)}. You are halfway through your window.`
    : `${person(review.ownerId)} asks for your review of ${titleOf(object)}.`;
  const end = reviewer?.windowEndsAt ?? null;
  const window =
    end === null
      ? `You have ${review.windowHours} working hours to answer.`
      : `You have ${review.windowHours} working hours to answer: until ${readerTime(end)}.`;
  return {
    text: `${reminder ? 'Reminder: review' : 'Please review'} ${object.title}`,
    blocks: [
      section(lead),
      context(
        `${window} A concern holds it back until it is answered; silence does not once the window ends.`,
      ),
      actions(`review_answer:${review.id}`, answerButtons(review.id)),
    ],
  };
}

/** A card of a review closed without acceptance: its buttons are gone, and it says why. */
export function closedCardMessage(input: { review: Review; object: ReviewedObject }): Message {
  const { review, object } = input;
  return {
    text: `This review was closed: ${object.title}`,
    blocks: [
      section(
        `This review was closed: ${titleOf(object)} — ${closedReason(review.closedWhy)}. Nothing more is needed from you.`,
      ),
    ],
  };
}

/** For the owner: a concern to answer, or to override with a reason. */
export function concernMessage(input: { concern: Concern; object: ReviewedObject }): Message {
  const { concern, object } = input;
  const value = String(concern.id);
  return {
    text: `A concern about ${object.title}`,
    blocks: [
      section(
        `${person(concern.reviewerId)} raised a concern about ${titleOf(object)}. It holds the review back until they withdraw it, or you override it with a reason.`,
      ),
      section(quote(concern.reason)),
      actions(`review_concern:${concern.id}`, [
        { text: 'Answer', actionId: REVIEW_ACTIONS.answer, value, style: 'primary' },
        { text: 'Override…', actionId: REVIEW_ACTIONS.override, value },
      ]),
    ],
  };
}

/** For the reviewer who raised the concern: the owner's answer, and Withdraw. */
export function concernAnswerMessage(input: {
  review: Review;
  concern: Concern;
  object: ReviewedObject;
}): Message {
  const { review, concern, object } = input;
  return {
    text: `${object.title}: your concern was answered`,
    blocks: [
      section(`${person(review.ownerId)} answered your concern about ${titleOf(object)}:`),
      section(quote(concern.answer ?? '')),
      context(`Your concern: ${escapeMrkdwn(truncate(concern.reason, 300))}`),
      actions(`review_withdraw:${concern.id}`, [
        {
          text: 'Withdraw my concern',
          actionId: REVIEW_ACTIONS.withdraw,
          value: String(concern.id),
          style: 'primary',
        },
      ]),
      context(
        'If the answer does not settle it, leave your concern open: it still holds the review back.',
      ),
    ],
  };
}

/** A concern ended: withdrawn (told to the owner) or overridden (told to the reviewer). */
export function concernSettledMessage(input: {
  review: Review;
  concern: Concern;
  object: ReviewedObject;
}): Message {
  const { review, concern, object } = input;
  if (concern.state === 'overridden') {
    return {
      text: `${object.title}: your concern was overridden`,
      blocks: [
        section(
          `${person(review.ownerId)} went ahead with ${titleOf(object)} despite your concern. Their reason, kept with your concern in the record:`,
        ),
        section(quote(concern.overrideReason ?? '')),
      ],
    };
  }
  return {
    text: `${object.title}: a concern was withdrawn`,
    blocks: [
      section(
        `${person(concern.reviewerId)} withdrew their concern about ${titleOf(object)} after your answer.`,
      ),
    ],
  };
}

function silentLine(silent: readonly SilentReviewer[]): string {
  return silent
    .map((s) =>
      s.deactivated
        ? `${person(s.memberId)} (their account was deactivated)`
        : s.awayWhy
          ? `${person(s.memberId)} (away with no end date: ${escapeMrkdwn(s.awayWhy)})`
          : person(s.memberId),
    )
    .join(', ');
}

/** For the owner at the window's end: who stayed silent, and Proceed. */
export function windowEndMessage(input: {
  review: Review;
  silent: readonly SilentReviewer[];
  openConcerns: number;
  object: ReviewedObject;
}): Message {
  const { review, silent, openConcerns, object } = input;
  const blocks: KnownBlock[] = [
    section(
      silent.length === 0
        ? `The review window of ${titleOf(object)} has ended: everyone answered.`
        : `The review window of ${titleOf(object)} has ended. Stayed silent: ${silentLine(silent)}.`,
    ),
  ];
  if (openConcerns > 0) {
    blocks.push(
      context(
        `${openConcerns === 1 ? 'A concern is' : `${openConcerns} concerns are`} still open: answer or override ${openConcerns === 1 ? 'it' : 'them'} first.`,
      ),
    );
  } else {
    blocks.push(
      context('Silence does not hold it back: you may proceed.'),
      actions(`review_proceed:${review.id}`, [
        {
          text: 'Proceed',
          actionId: REVIEW_ACTIONS.proceed,
          value: String(review.id),
          style: 'primary',
        },
      ]),
    );
  }
  return { text: `Review window ended: ${object.title}`, blocks };
}

/** What the owner is told once the review started: who was skipped, who is away. */
export function reviewStartedText(started: StartedReview): string {
  const lines = [
    `Asked ${people(started.reviewers.map((r) => r.memberId))} for their review, each in their own working hours (${started.review.windowHours} working hours each).`,
  ];
  if (started.skipped.length > 0) {
    lines.push(`Skipped ${people(started.skipped)}: their account is deactivated.`);
  }
  for (const away of started.away) lines.push(awayLine(away));
  return lines.join('\n');
}

function awayLine(away: AwayReviewer): string {
  return away.startsAt === null
    ? `${person(away.memberId)} is away with no end date (${escapeMrkdwn(away.why)}): they count as silent when the others’ windows end.`
    : `${person(away.memberId)} is away (${escapeMrkdwn(away.why)}): their window starts when they are back, ${readerTime(away.startsAt)}.`;
}

/** What the owner is told when they accept or proceed. */
export function acceptedText(object: ReviewedObject, silent: readonly SilentReviewer[]): string {
  return silent.length === 0
    ? `${titleOf(object)} is accepted.`
    : `${titleOf(object)} is accepted. Stayed silent: ${silentLine(silent)}.`;
}

/** The owner may not accept yet: silent reviewers whose window is still open. */
export function waitingText(silent: readonly SilentReviewer[], windowEndsAt: number): string {
  return `Not everyone has answered yet (${silentLine(silent)}); the window ends ${readerTime(windowEndsAt)}. You may proceed without them.`;
}

/** One text modal: a concern's reason, the owner's answer, or the reason to override. */
export function reviewTextModal(input: {
  callbackId: string;
  metadata: string;
  title: string;
  intro: string;
  label: string;
  submit: string;
}): ModalView {
  return {
    type: 'modal',
    callback_id: input.callbackId,
    private_metadata: input.metadata,
    title: { type: 'plain_text', text: truncate(input.title, 24) },
    submit: { type: 'plain_text', text: truncate(input.submit, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(input.intro),
      {
        type: 'input',
        block_id: REVIEW_TEXT.block,
        label: { type: 'plain_text', text: truncate(input.label, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: REVIEW_TEXT.action,
          multiline: true,
          max_length: MAX_CONCERN_TEXT,
        },
      },
    ],
  };
}

export const concernModal = (reviewId: number, object: ReviewedObject) =>
  reviewTextModal({
    callbackId: REVIEW_VIEWS.concern,
    metadata: String(reviewId),
    title: 'Raise a concern',
    intro: `Your concern about ${titleOf(object)} holds it back until you withdraw it, or its owner overrides it with a reason.`,
    label: 'What concerns you? (required)',
    submit: 'Raise concern',
  });

export const answerModal = (concern: Concern, object: ReviewedObject) =>
  reviewTextModal({
    callbackId: REVIEW_VIEWS.answer,
    metadata: String(concern.id),
    title: 'Answer the concern',
    intro: `${person(concern.reviewerId)} on ${titleOf(object)}:\n${quote(concern.reason, 1500)}`,
    label: 'Your answer',
    submit: 'Send answer',
  });

export const overrideModal = (concern: Concern, object: ReviewedObject) =>
  reviewTextModal({
    callbackId: REVIEW_VIEWS.override,
    metadata: String(concern.id),
    title: 'Override the concern',
    intro: `Go ahead with ${titleOf(object)} despite ${person(concern.reviewerId)}’s concern. Your reason stays in the record, and they are told.`,
    label: 'Why go ahead? (required)',
    submit: 'Override',
  });
