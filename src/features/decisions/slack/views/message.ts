import type { KnownBlock } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import type { Concern } from '../../../../core/domain/review.js';
import {
  actions,
  type ButtonSpec,
  context,
  header,
  type Message,
  section,
} from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, mention, slackDate, truncate } from '../../../../core/slack/views/mrkdwn.js';
import { renderSnippet } from '../../../../core/slack/views/snippet.js';
import {
  confirmationOf,
  consequencesOf,
  type DecisionStatus,
  isOpenProposal,
} from '../../domain/decision.js';
import {
  type DecisionFilterText,
  describeFilter,
  isFiltered,
  STATUS_FILTER_WORDS,
} from '../../domain/filter.js';
import { summarizeInput } from '../../domain/input.js';
import type { DecisionRecord, FoundDecision } from '../../services/find.js';
import type { Decision } from '../../store/decision-repository.js';
import { DECISION_ACTIONS } from './ids.js';

export const STATUS_LABEL: Record<DecisionStatus, string> = {
  proposed: ':large_yellow_circle: Proposed, collecting input',
  in_review: ':mag: In review',
  accepted: ':white_check_mark: Accepted',
  rejected: ':no_entry_sign: Rejected',
  deprecated: ':warning: Deprecated',
  superseded: ':arrows_counterclockwise: Superseded',
  reversed: ':leftwards_arrow_with_hook: Reversed',
};

/** A local date (YYYY-MM-DD) as people read it: "Fri 13 Mar 2026". */
export function localDateLabel(date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return formatInTimeZone(Date.UTC(year, month - 1, day), 'UTC', 'EEE d MMM yyyy');
}

const people = (ids: readonly string[]) => ids.map(mention).join(', ');
const text = (value: string, max = 2800) => escapeMrkdwn(truncate(value, max));

/** A heading and one line per item, cut to what a section holds. */
function bulleted(head: string, items: readonly string[], bullet = true): string {
  const lines = items.map((item) => (bullet ? `• ${text(item, 300)}` : item));
  return truncate([head, ...lines].join('\n'), 3000);
}

/** A decision's title, linked to its message when it has one. */
export function titleLink(decision: Pick<Decision, 'title' | 'permalink'>): string {
  const title = escapeMrkdwn(truncate(decision.title, 150));
  return decision.permalink ? `<${decision.permalink}|${title}>` : `*${title}*`;
}

/** The statuses an owner sets with a reason, and the reason given. */
const ENDED_STATUSES: readonly DecisionStatus[] = ['rejected', 'deprecated', 'reversed'];

/** Why the decision was rejected, deprecated or reversed: the reason its owner gave. */
export function endingOf(
  record: Pick<DecisionRecord, 'decision' | 'revisions'>,
): { status: DecisionStatus; reason: string } | undefined {
  const { status } = record.decision;
  if (!ENDED_STATUSES.includes(status)) return undefined;
  const revision = [...record.revisions].reverse().find((r) => r.change === status);
  return revision?.note ? { status, reason: revision.note } : undefined;
}

/** The decision that superseded another, marked when it was reversed since. */
export function successorLink(successor: Pick<Decision, 'title' | 'permalink' | 'status'>): string {
  return `${titleLink(successor)}${successor.status === 'reversed' ? ' (reversed)' : ''}`;
}

/** Status, who logged it and when, when it was decided (the revisit date is its confirmation's). */
export function statusLine(decision: Decision): string {
  const parts = [
    `*${STATUS_LABEL[decision.status]}*`,
    `logged by ${mention(decision.loggedBy)} ${slackDate(decision.createdAt)}`,
  ];
  if (decision.decidedAt !== null && decision.status !== 'proposed') {
    parts.push(`accepted ${slackDate(decision.decidedAt)}`);
  }
  return parts.join(' · ');
}

/** The decision itself: why, options, choice, trade-off, people, follow-ups, input, links. */
export function decisionBodyBlocks(record: DecisionRecord): KnownBlock[] {
  const { decision } = record;
  const blocks: KnownBlock[] = [
    header(`Decision: ${decision.title}`),
    section(statusLine(decision)),
  ];
  const ending = endingOf(record);
  if (ending) blocks.push(section(`*Why it was ${ending.status}:* ${text(ending.reason, 1000)}`));
  blocks.push(section(`*Why*\n${text(decision.why)}`));
  if (decision.drivers.length > 0) {
    blocks.push(section(bulleted('*Decision drivers*', decision.drivers)));
  }
  decision.options.forEach((option, i) => {
    const lines = i === 0 ? ['*Options considered*'] : [];
    lines.push(`*${i + 1}. ${text(option.name, 150)}*`);
    if (option.pros) lines.push(`:heavy_plus_sign: ${text(option.pros, 900)}`);
    if (option.neutral) lines.push(`:heavy_equals_sign: ${text(option.neutral, 900)}`);
    if (option.cons) lines.push(`:heavy_minus_sign: ${text(option.cons, 900)}`);
    blocks.push(section(lines.join('\n')));
  });
  const choice = [`*Chosen:* ${text(decision.chosen, 300)}`];
  if (decision.chosenBecause) choice.push(`*Because:* ${text(decision.chosenBecause, 1000)}`);
  blocks.push(section(choice.join('\n')));
  const { good, bad } = consequencesOf(decision);
  if (good.length > 0 || bad.length > 0) {
    const lines = [
      ...good.map((c) => `• Good, because ${text(c, 300)}`),
      ...bad.map((c) => `• Bad, because ${text(c, 1000)}`),
    ];
    blocks.push(section(bulleted('*Consequences*', lines, false)));
  }
  const confirmation = confirmationOf(decision, localDateLabel);
  const extra: string[] = [];
  if (confirmation.length > 0) {
    extra.push(`*Confirmation:* ${text(confirmation.join(' '), 1200)}`);
  }
  if (decision.tags.length > 0) {
    extra.push(`*Tags:* ${decision.tags.map((tag) => `\`${tag}\``).join(' ')}`);
  }
  if (extra.length > 0) blocks.push(section(extra.join('\n')));
  const who = [`*Owners:* ${people(decision.ownerIds)}`];
  if (decision.consultedIds.length > 0) who.push(`*Consulted:* ${people(decision.consultedIds)}`);
  blocks.push(section(who.join('   ')));
  if (record.followUps.length > 0) {
    const lines = record.followUps.map((f) => {
      const due = f.dueOn ? `, due ${localDateLabel(f.dueOn)}` : '';
      if (f.state === 'done') {
        return `• :white_check_mark: ~${text(f.text, 300)}~ (${mention(f.ownerId)}, done${f.doneBy ? ` by ${mention(f.doneBy)}` : ''})`;
      }
      return record.needsOwner?.includes(f.id)
        ? `• :warning: ${text(f.text, 300)} (*needs a new owner*: ${mention(f.ownerId)} left the workspace${due})`
        : `• :ballot_box_with_check: ${text(f.text, 300)} (${mention(f.ownerId)}${due})`;
    });
    blocks.push(section(`*Follow-ups*\n${lines.join('\n')}`));
  }
  blocks.push(...reviewBlocks(record));
  blocks.push(...inputBlocks(record));
  const links: string[] = [];
  if (record.predecessor) links.push(`Supersedes ${titleLink(record.predecessor)}.`);
  if (record.successor) links.push(`Superseded by ${successorLink(record.successor)}.`);
  if (decision.contextPermalink) {
    links.push(`Logged from <${decision.contextPermalink}|this message>.`);
  }
  if (links.length > 0) blocks.push(context(links.join(' ')));
  return blocks;
}

/** When a reviewer's window ends, on each reader's own clock. */
function windowEnd(instant: number): string {
  const fallback = formatInTimeZone(instant, 'UTC', "d MMM yyyy HH:mm 'UTC'");
  return `<!date^${Math.floor(instant / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

const CONCERN_STATE: Record<Concern['state'], string> = {
  open: 'open',
  withdrawn: 'withdrawn',
  overridden: 'overridden',
};

function concernLine(concern: Concern): string {
  const state =
    concern.state === 'open' && concern.answer !== null ? 'answered' : CONCERN_STATE[concern.state];
  const lines = [`:raised_hand: raised a concern (${state}): ${text(concern.reason, 250)}`];
  if (concern.answer !== null) lines.push(`    _Answer:_ ${text(concern.answer, 250)}`);
  if (concern.overrideReason !== null) {
    lines.push(`    _Overridden:_ ${text(concern.overrideReason, 250)}`);
  }
  return lines.join('\n');
}

/** Where its review stands: who agreed, who raised a concern and how it ended, who is silent. */
export function reviewBlocks(record: DecisionRecord): KnownBlock[] {
  const found = record.review;
  if (!found) return [];
  const open = found.review.state === 'open';
  const lines = found.reviewers.flatMap((reviewer) => {
    const who = mention(reviewer.memberId);
    // Every concern stays on the record, whatever the reviewer said since.
    const concerns = found.concerns
      .filter((c) => c.reviewerId === reviewer.memberId)
      .map((c) => `• ${who} ${concernLine(c)}`);
    switch (reviewer.state) {
      case 'agreed':
        return [`• ${who} :+1: agreed`, ...concerns];
      case 'abstained':
        return [`• ${who} abstained`, ...concerns];
      case 'concern':
        return concerns.length > 0 ? concerns : [`• ${who} :raised_hand: raised a concern`];
      default: {
        if (!open) {
          const silent = found.review.state === 'closed' ? 'had not answered' : 'stayed silent';
          return [`• ${who} ${silent}`, ...concerns];
        }
        if (reviewer.windowEndsAt === null) {
          return [
            `• ${who} has not answered: away (${text(reviewer.awayWhy ?? 'with no end date', 100)}), counted as silent when the others’ windows end`,
            ...concerns,
          ];
        }
        return [
          `• ${who} has not answered · their window ends ${windowEnd(reviewer.windowEndsAt)}`,
          ...concerns,
        ];
      }
    }
  });
  const head =
    found.review.state === 'accepted'
      ? '*Review* (ended)'
      : found.review.state === 'open'
        ? '*Review*'
        : '*Review* (closed)';
  const blocks: KnownBlock[] = [section([head, ...lines].join('\n').slice(0, 3000))];
  if (open && found.concerns.some((c) => c.state === 'open')) {
    blocks.push(context('An open concern blocks acceptance until it is withdrawn or overridden.'));
  }
  return blocks;
}

function inputBlocks(record: DecisionRecord): KnownBlock[] {
  const summary = summarizeInput(record.inputs);
  if (record.inputs.length === 0) {
    return isOpenProposal(record.decision.status)
      ? [context('No input yet: agree, object or comment below.')]
      : [];
  }
  const counts = [
    `:+1: ${summary.agreed.length} agree${summary.agreed.length > 0 ? ` (${people(summary.agreed)})` : ''}`,
    `:raised_hand: ${summary.objections.length} objection${summary.objections.length === 1 ? '' : 's'}`,
    `:speech_balloon: ${summary.comments.length} comment${summary.comments.length === 1 ? '' : 's'}`,
  ];
  const blocks: KnownBlock[] = [context(counts.join(' · '))];
  if (summary.objections.length > 0) {
    const lines = summary.objections
      .slice(0, 10)
      .map((o) => `• ${mention(o.userId)}: ${text(o.text, 250)}`);
    blocks.push(section(`*Objections*\n${lines.join('\n')}`));
  }
  return blocks;
}

/** The buttons under a decision, by its status (each listener checks who may press them). */
export function decisionButtons(decision: Decision): KnownBlock[] {
  const id = String(decision.id);
  const b = (label: string, actionId: string, style?: 'primary' | 'danger'): ButtonSpec => ({
    text: label,
    actionId,
    value: id,
    ...(style ? { style } : {}),
  });
  const details = b('Details', DECISION_ACTIONS.details);
  switch (decision.status) {
    case 'proposed':
    case 'in_review':
      return [
        actions(`decision_input:${id}`, [
          b('Agree', DECISION_ACTIONS.agree),
          b('Object…', DECISION_ACTIONS.object),
          b('Comment…', DECISION_ACTIONS.comment),
        ]),
        actions(`decision_owners:${id}`, [
          b('Accept', DECISION_ACTIONS.accept, 'primary'),
          b('Edit', DECISION_ACTIONS.edit),
          b('Supersede…', DECISION_ACTIONS.supersede),
          b('Reject…', DECISION_ACTIONS.reject),
          details,
        ]),
        context('Accept, Edit, Supersede and Reject are for its owners.'),
      ];
    case 'accepted':
      return [
        actions(`decision_owners:${id}`, [
          b('Comment…', DECISION_ACTIONS.comment),
          b('Edit', DECISION_ACTIONS.edit),
          b('Supersede…', DECISION_ACTIONS.supersede),
          b('Deprecate…', DECISION_ACTIONS.deprecate),
          b('Reverse…', DECISION_ACTIONS.reverse),
          details,
        ]),
      ];
    default:
      return [actions(`decision_owners:${id}`, [details])];
  }
}

/** The decision as posted in its channel: one readable message, its buttons below. */
export function decisionMessage(record: DecisionRecord): Message {
  const { decision } = record;
  return {
    text: `Decision (${decision.status}): ${escapeMrkdwn(truncate(decision.title, 150))}`,
    blocks: [...decisionBodyBlocks(record), ...decisionButtons(decision)],
  };
}

/** The first reply in the decision's thread, which opens it for discussion. */
export function threadStarter(): Message {
  const text =
    'Discuss this decision in this thread. To put your view on the record, use the buttons above: the owners get the input gathered in one message, in their working hours.';
  return { text, blocks: [section(text)] };
}

// ---------------------------------------------------------------- lists and replies

function foundBlocks(found: FoundDecision): KnownBlock[] {
  const { decision } = found;
  const lines = [titleLink(decision), statusLine(decision)];
  if (found.snippet) lines.push(renderSnippet(found.snippet));
  if (found.successor) {
    lines.push(`:arrow_right: Superseded by ${successorLink(found.successor)}`);
  }
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Details', emoji: true },
        action_id: DECISION_ACTIONS.details,
        value: String(decision.id),
      },
    },
  ];
}

/** Offers to log a decision with this title, for `/decision list …` or `search …` meant as one. */
function offerToLog(title: string): KnownBlock[] {
  const shown = truncate(title, 60);
  return [
    actions('decision_offer', [
      {
        text: `Log a decision titled “${shown}”`,
        actionId: DECISION_ACTIONS.logTitled,
        value: truncate(title, 150),
      },
    ]),
  ];
}

type Narrowed = Pick<DecisionFilterText, 'statuses' | 'tags'>;

/** `/decision list`: the newest decisions here. `title`: what to offer to log instead. */
export function decisionListReply(
  found: readonly FoundDecision[],
  where: 'channel' | 'direct',
  title?: string,
  filter?: Narrowed,
): Message {
  const narrowed = filter && isFiltered(filter) ? escapeMrkdwn(describeFilter(filter)) : '';
  const lead =
    found.length === 0
      ? narrowed
        ? where === 'channel'
          ? `No decisions in this conversation are ${narrowed}. \`/decision list\` shows them all.`
          : `No decision kept for the people it names that names you is ${narrowed}.`
        : where === 'channel'
          ? 'No decisions are logged in this conversation yet. Log one with `/decision <title>`.'
          : 'You are named in no decision kept for its owners. Decisions posted in channels are listed there.'
      : where === 'channel'
        ? `*Recent decisions in this conversation${narrowed ? `, ${narrowed}` : ''}:*`
        : `*Recent decisions kept for the people they name, naming you${narrowed ? `, ${narrowed}` : ''}:*`;
  const blocks: KnownBlock[] = [section(lead)];
  for (const each of found) blocks.push(...foundBlocks(each));
  if (title) blocks.push(...offerToLog(title));
  return { text: lead, blocks };
}

/** `/decision search …`: the matches; and, since the words may have been a title, the offer. */
export function decisionSearchReply(
  query: string,
  found: readonly FoundDecision[],
  title?: string,
  filter?: Narrowed,
): Message {
  const shown = escapeMrkdwn(truncate(query, 100));
  const narrowed = filter && isFiltered(filter) ? escapeMrkdwn(describeFilter(filter)) : '';
  const lead =
    found.length === 0
      ? narrowed
        ? `No decision you can see that is ${narrowed} matches “${shown}”.`
        : `No decision you can see matches “${shown}”.`
      : `*Decisions matching “${shown}”*${narrowed ? ` (${narrowed})` : ''}, best first:`;
  const blocks: KnownBlock[] = [section(lead)];
  for (const each of found) blocks.push(...foundBlocks(each));
  if (title) blocks.push(...offerToLog(title));
  return { text: lead, blocks };
}

export const DECISION_USAGE = [
  '*`/decision`* keeps a record of a decision: why a choice was needed, the options, what was chosen at what cost, and who owns what follows.',
  '• `/decision` or `/decision <title>`: log one (also *Log a decision* on any message’s ⋮ menu).',
  '• `/decision list`: the recent decisions of this conversation.',
  '• `/decision search <words>`: find a decision; `/ask` finds them too.',
  `• Narrow either with \`status:\` (${STATUS_FILTER_WORDS.join(', ')}) and \`tag:\`: \`/decision list status:accepted tag:frontend\`, \`/decision search caching status:in-review\`.`,
].join('\n');

export function decisionHelp(): Message {
  return { text: DECISION_USAGE, blocks: [section(DECISION_USAGE)] };
}

/** Said to the person who gave input. */
export function inputNoted(kind: 'agree' | 'object' | 'comment', changed: boolean): string {
  if (!changed) return 'You already agreed with this decision.';
  const what = {
    agree: 'your agreement',
    object: 'your objection',
    comment: 'your comment',
  }[kind];
  return `Noted ${what}. It stays on the decision’s record; the owners get it with the rest of the input, in their working hours.`;
}

/** A reviewer agreed from the decision's message: it answered their review. */
export function reviewAgreed(): string {
  return 'Noted: you agree, as one of its reviewers. Your review of it is answered; its owner sees it on the decision.';
}

/** The DM to whoever logged a decision that Slack would not take into its channel. */
export function postProblemMessage(decision: Decision, problem: string): Message {
  const where = decision.channelId ? `<#${decision.channelId}>` : 'its channel';
  const fix =
    problem === 'not_in_channel' || problem === 'channel_not_found'
      ? `Mailroom is not a member of ${where}. Add it there with \`/invite @Mailroom\`, then press *Post it now*.`
      : problem === 'is_archived'
        ? `${where} is archived. Unarchive it, or supersede the decision in another channel.`
        : `Slack said \`${escapeMrkdwn(problem)}\`. Try again with *Post it now*.`;
  const text = `I saved your decision ${titleLink(decision)}, but I could not post it in ${where}: ${fix} Nothing is lost: \`/decision search\` and \`/ask\` already find it.`;
  return {
    text,
    blocks: [
      section(text),
      actions(`decision_post:${decision.id}`, [
        {
          text: 'Post it now',
          actionId: DECISION_ACTIONS.post,
          value: String(decision.id),
          style: 'primary',
        },
      ]),
    ],
  };
}
