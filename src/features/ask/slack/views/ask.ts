import type { KnownBlock } from '@slack/types';
import { FORMER_MEMBER_ID, type Member } from '../../../../core/domain/member.js';
import { HEADING_SEPARATOR, sectionUrl } from '../../../../core/domain/search/sections.js';
import { formatDuration } from '../../../../core/domain/time-text.js';
import { actions, context, type Message, section } from '../../../../core/slack/views/blocks.js';
import {
  escapeMrkdwn,
  quote,
  slackDate,
  truncate,
  userText,
} from '../../../../core/slack/views/mrkdwn.js';
import { renderSnippet } from '../../../../core/slack/views/snippet.js';
import type { SearchHit } from '../../../../core/store/knowledge-repository.js';
import type { AskOutcome } from '../../services/ask.js';
import type { Routed } from '../../services/route.js';
import type { Question } from '../../store/question-repository.js';

export const ASK_ACTIONS = {
  thisAnswers: 'ask_this_answers',
  askPerson: 'ask_a_person',
  follow: 'ask_follow',
  askAnyway: 'ask_anyway',
  askNow: 'ask_now',
} as const;

/** How many documents /ask shows at most. */
export const SHOWN_HITS = 3;

const DAY = 24 * 60 * 60 * 1000;

export function formatAge(ms: number): string {
  if (ms < DAY) return 'today';
  const days = Math.floor(ms / DAY);
  if (days < 2) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.floor(days / 30);
  return months < 24 ? `${months} months ago` : `${Math.floor(days / 365)} years ago`;
}

const SOURCE_LABEL: Record<string, string> = {
  import: 'imported doc',
  message: 'saved Slack message',
  written: 'written in Mailroom',
  answer: 'earlier answer',
  decision: 'decision',
  plan: 'plan',
};

function provenance(hit: SearchHit, now: number): string {
  const doc = hit.document;
  if (doc.source === 'decision') return decisionProvenance(hit);
  const parts = [SOURCE_LABEL[doc.source] ?? doc.source];
  if (doc.authorId) {
    const author = doc.authorId === FORMER_MEMBER_ID ? 'a former member' : `<@${doc.authorId}>`;
    const role =
      doc.source === 'answer' ? 'answered by' : doc.source === 'plan' ? 'owned by' : 'by';
    parts.push(`${role} ${author}`);
  }
  if (doc.channelId && (doc.source === 'message' || doc.source === 'plan'))
    parts.push(`from <#${doc.channelId}>`);
  parts.push(`updated ${formatAge(now - doc.updatedAt)}`);
  if (hit.matchedAlias) parts.push('someone asked it this way before');
  return parts.join(' · ');
}

/** A decision is shown as one: its status and the date it was logged. */
function decisionProvenance(hit: SearchHit): string {
  const doc = hit.document;
  const parts = ['decision', doc.status ?? 'logged', `logged ${slackDate(doc.createdAt)}`];
  if (doc.authorId) parts.push(`by <@${doc.authorId}>`);
  if (doc.supersededById !== null) parts.push('a newer decision replaced it');
  if (hit.matchedAlias) parts.push('someone asked it this way before');
  return parts.join(' · ');
}

/**
 * A hit's title (linked when it has a URL) and, for a long page, the heading path of the
 * section that matched (linked to that heading): "Time off › Parental leave".
 */
export function hitHeading(hit: SearchHit): string {
  const doc = hit.document;
  const title = escapeMrkdwn(truncate(doc.title, 150));
  const page = doc.url ? `<${doc.url}|${title}>` : `*${title}*`;
  const path = hit.section?.heading;
  if (!path) return page;
  const heading = escapeMrkdwn(truncate(path.split(HEADING_SEPARATOR).join(' › '), 200));
  const anchor = hit.section?.anchor ?? null;
  return doc.url && anchor
    ? `${page} › <${sectionUrl(doc.url, anchor)}|${heading}>`
    : `${page} › ${heading}`;
}

/** A hit's title and section (see hitHeading) and its snippet, matches in bold. */
export function hitText(hit: SearchHit): string {
  return truncate(`${hitHeading(hit)}\n${renderSnippet(hit.snippet)}`, 3000);
}

/**
 * The answer /ask gives when it is sure: for a long page, the section that holds it (its
 * heading path, linked, and the start of its text, cut after a sentence); for a short page, as
 * any hit.
 */
export function answerText(hit: SearchHit): string {
  if (!hit.section?.opening) return hitText(hit);
  return truncate(`${hitHeading(hit)}\n${escapeMrkdwn(hit.section.opening)}`, 3000);
}

function hitBlocks(
  hit: SearchHit,
  questionId: number,
  now: number,
  text: (hit: SearchHit) => string = hitText,
): KnownBlock[] {
  const doc = hit.document;
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: text(hit) },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'This answers it', emoji: true },
        action_id: ASK_ACTIONS.thisAnswers,
        value: `${questionId}:${doc.id}`,
      },
    },
    context(provenance(hit, now)),
  ];
}

/**
 * Who would have been asked first and why not, when they are away and someone else was asked:
 * "<@Sam> owns the topic “refunds” and is away until Fri".
 */
export function passedOverLine(
  routed: Routed,
  name: (expert: Member) => string = (expert) => `<@${expert.id}>`,
): string | undefined {
  const passed = routed.passedOver;
  if (!passed) return undefined;
  const until =
    passed.away.until === null ? 'with no end date' : `until ${slackDate(passed.away.until)}`;
  return `${name(passed.expert)} ${escapeMrkdwn(passed.reason)} and is away ${until}`;
}

export function whenTheyAnswer(routed: Routed): string {
  const name = `<@${routed.expert.id}>`;
  const queue =
    routed.position === 1
      ? 'your question is first in their queue'
      : `your question is number ${routed.position} in their queue`;
  if (routed.away) {
    const why = escapeMrkdwn(routed.away.why);
    if (routed.away.until === null) {
      const after = formatDuration(routed.passOnAfterMs ?? 0);
      return `${name} is away (${why}) with no end date, and no other expert I know is here, so it waits for them; ${queue}. If they are still away after ${after} of the team’s working time, I ask the next expert or the channel, and tell you.`;
    }
    const until = `<!date^${Math.floor(routed.away.until / 1000)}^{date_short_pretty} {time}|${new Date(routed.away.until).toISOString()}>`;
    return `${name} is away (${why}) until ${until}, and no other expert I know is here, so it waits until then; ${queue}, and you will hear when they answer.`;
  }
  if (routed.workingNow) return `${name} is working now (${routed.timeZone}); ${queue}.`;
  return `${name} is offline until ${routed.nextStartLocal} their time (in ${formatDuration(routed.waitMs)}); ${queue}.`;
}

function related(hits: SearchHit[], questionId: number, now: number): KnownBlock[] {
  if (hits.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Possibly related, in case one of these answers it:*')];
  for (const hit of hits.slice(0, 2)) blocks.push(...hitBlocks(hit, questionId, now));
  return blocks;
}

/** When a typo was corrected: what was searched instead of what was typed. */
export function searchedForLine(searchedFor: string | null | undefined): KnownBlock[] {
  if (!searchedFor) return [];
  return [context(`Searched for *${escapeMrkdwn(truncate(searchedFor, 300))}*`)];
}

/** When the held question goes out and when the expert will see it, from the asker's side. */
export function whenHeldGoesOut(routed: Routed, releaseAt: number, now: number): string {
  const name = `<@${routed.expert.id}>`;
  const inHold = formatDuration(releaseAt - now);
  const passed = passedOverLine(routed);
  const lead = passed
    ? `${passed}, so if none of these answers it, I will ask ${name} instead (${escapeMrkdwn(routed.reason)}) in ${inHold}`
    : `If none of these answers it, I will ask ${name} (${escapeMrkdwn(routed.reason)}) in ${inHold}`;
  if (routed.away) return `${lead}. ${whenTheyAnswer(routed)}`;
  if (routed.item.deliverAfter <= releaseAt)
    return `${lead}; they are working then (${routed.timeZone}).`;
  return `${lead}; they are offline then, so it reaches them at ${routed.nextStartLocal} their time (in ${formatDuration(routed.item.deliverAfter - now)}).`;
}

function heldReply(outcome: Extract<AskOutcome, { kind: 'held' }>, now: number): Message {
  const { question, routed, releaseAt } = outcome;
  const later = whenHeldGoesOut(routed, releaseAt, now);
  const blocks: KnownBlock[] = [
    ...searchedForLine(outcome.searchedFor),
    section('*The docs may answer this. Does one of these?*'),
  ];
  for (const hit of outcome.hits.slice(0, SHOWN_HITS))
    blocks.push(...hitBlocks(hit, question.id, now));
  blocks.push(
    section(later),
    actions('ask_hold', [
      { text: 'Ask now', actionId: ASK_ACTIONS.askNow, value: String(question.id) },
    ]),
    context(
      'Your question is saved and held for now. *This answers it* takes it back before anyone is asked; *Ask now* sends it at once.',
    ),
  );
  const top = outcome.hits[0]?.document.title;
  return {
    text: `The docs may answer this${top ? `: ${escapeMrkdwn(top)}` : ''}. ${later}`,
    blocks,
  };
}

/** The ephemeral reply to /ask (and to its buttons), for each outcome. */
export function askReply(outcome: AskOutcome, now: number): Message {
  const reply = replyFor(outcome, now);
  const searched = searchedForLine(outcome.searchedFor);
  if (outcome.kind === 'held' || searched.length === 0) return reply;
  return { ...reply, blocks: [...searched, ...reply.blocks] };
}

function replyFor(outcome: AskOutcome, now: number): Message {
  const { question } = outcome;
  switch (outcome.kind) {
    case 'held':
      return heldReply(outcome, now);
    case 'found': {
      const blocks: KnownBlock[] = [section('*The team already wrote about this:*')];
      outcome.hits.slice(0, SHOWN_HITS).forEach((hit, i) => {
        blocks.push(...hitBlocks(hit, question.id, now, i === 0 ? answerText : hitText));
      });
      blocks.push(
        actions('ask_more', [
          { text: 'Ask a person', actionId: ASK_ACTIONS.askPerson, value: String(question.id) },
        ]),
      );
      return {
        text: `The team already wrote about this: ${userText(outcome.hits[0]?.document.title ?? '', 200)}`,
        blocks,
      };
    }
    case 'duplicate': {
      const text = `Someone already asked something very like this, and it is waiting for an answer:\n${quote(outcome.existing.text)}`;
      return {
        text,
        blocks: [
          section(text),
          actions('ask_duplicate', [
            {
              text: 'Follow that question',
              actionId: ASK_ACTIONS.follow,
              value: `${question.id}:${outcome.existing.id}`,
              style: 'primary',
            },
            {
              text: 'Ask mine anyway',
              actionId: ASK_ACTIONS.askAnyway,
              value: String(question.id),
            },
          ]),
          context('Following means you get the same answer in a DM as soon as it comes.'),
          ...related(outcome.hits, question.id, now),
        ],
      };
    }
    case 'already_waiting': {
      const text = `You already asked this and it is still waiting for an answer; you will get it in a DM:\n${quote(outcome.existing.text)}`;
      return { text, blocks: [section(text)] };
    }
    case 'routed': {
      const { routed } = outcome;
      const lead = outcome.released
        ? 'Sent now'
        : outcome.hits.length === 0
          ? 'Nothing in the docs answers this yet'
          : 'The docs don’t quite answer this';
      const passed = passedOverLine(routed);
      const asked = passed
        ? `${lead}. ${passed}; I asked <@${routed.expert.id}> instead (${escapeMrkdwn(routed.reason)}).`
        : `${lead}, so I asked <@${routed.expert.id}> (${escapeMrkdwn(routed.reason)}).`;
      const text = `${asked} ${whenTheyAnswer(routed)}`;
      return {
        text,
        blocks: [
          section(text),
          section(quote(question.text)),
          context(
            'You will get the answer in a DM, and it will be saved so the next person finds it.',
          ),
        ],
      };
    }
    case 'unroutable': {
      const text =
        'Nothing in the docs answers this, and I don’t know who could: no one owns this topic yet. An admin can set experts with `/mailroom experts add <topic> @person`. Your question is saved:';
      return {
        text,
        blocks: [
          section(text),
          section(quote(question.text)),
          ...related(outcome.hits, question.id, now),
        ],
      };
    }
  }
}

export function followedReply(existing: Question): Message {
  const text = `You are following this question; you will get the answer in a DM:\n${quote(existing.text)}`;
  return { text, blocks: [section(text)] };
}

/** After "This answers it": what became of the question, and that the wording was kept. */
export function answeredByDocReply(
  title: string,
  closed: 'draft' | 'withdrawn' | 'settled' = 'draft',
  expertIds: readonly string[] = [],
  /** The question was being posted to the expert as the asker clicked: no DM to update yet. */
  inFlight = false,
): Message {
  const noted = `I noted your wording, so the next person who asks it this way finds *${escapeMrkdwn(title)}* first.`;
  const experts = expertIds.map((id) => `<@${id}>`).join(', ') || 'The expert';
  const what = {
    draft: 'Glad that helped.',
    withdrawn: 'Glad that helped. I took your question back before anyone was asked.',
    settled: inFlight
      ? `Glad that helped. Your question was on its way to ${experts} as you clicked; it is closed, so they will find it already answered.`
      : `Glad that helped. ${experts} already had your question; I told them it is settled.`,
  }[closed];
  const text = `${what} ${noted}`;
  return { text, blocks: [section(text)] };
}
