import type { KnownBlock } from '@slack/types';
import { SNIPPET_END, SNIPPET_START } from '../../domain/search-query.js';
import { formatDuration } from '../../domain/working-hours.js';
import type { AskOutcome, Routed } from '../../services/ask.js';
import type { SearchHit } from '../../store/knowledge-repository.js';
import type { Question } from '../../store/question-repository.js';
import { actions, context, type Message, section } from './blocks.js';
import { escapeMrkdwn, quote, slackDate, truncate } from './mrkdwn.js';

export const ASK_ACTIONS = {
  thisAnswers: 'ask_this_answers',
  askPerson: 'ask_a_person',
  follow: 'ask_follow',
  askAnyway: 'ask_anyway',
} as const;

const DAY = 24 * 60 * 60 * 1000;

/** Matches in bold, everything else escaped. */
export function renderSnippet(snippet: string): string {
  const escaped = escapeMrkdwn(snippet.replace(/\s+/g, ' ').trim());
  return escaped
    .split(SNIPPET_START)
    .join('*')
    .split(SNIPPET_END)
    .join('*')
    .replace(/\*\s*\*/g, ' ');
}

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
};

function provenance(hit: SearchHit, now: number): string {
  const doc = hit.document;
  if (doc.source === 'decision') return decisionProvenance(hit);
  const parts = [SOURCE_LABEL[doc.source] ?? doc.source];
  if (doc.authorId)
    parts.push(
      doc.source === 'answer' ? `answered by <@${doc.authorId}>` : `by <@${doc.authorId}>`,
    );
  if (doc.channelId && doc.source === 'message') parts.push(`from <#${doc.channelId}>`);
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

function hitBlocks(hit: SearchHit, questionId: number, now: number): KnownBlock[] {
  const doc = hit.document;
  const title = escapeMrkdwn(truncate(doc.title, 150));
  const heading = doc.url ? `<${doc.url}|${title}>` : `*${title}*`;
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${heading}\n${renderSnippet(hit.snippet)}`, 3000) },
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

export function whenTheyAnswer(routed: Routed): string {
  const name = `<@${routed.expert.id}>`;
  const queue =
    routed.position === 1
      ? 'your question is first in their queue'
      : `your question is number ${routed.position} in their queue`;
  if (routed.away) {
    const until =
      routed.away.until === null
        ? 'until their Slack status changes'
        : `until <!date^${Math.floor(routed.away.until / 1000)}^{date_short_pretty} {time}|${new Date(routed.away.until).toISOString()}>`;
    return `${name} is away (${escapeMrkdwn(routed.away.why)}) ${until}, and no other expert I know is here; ${queue}, and you will hear when they answer.`;
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

/** The ephemeral reply to /ask (and to its buttons), for each outcome. */
export function askReply(outcome: AskOutcome, now: number): Message {
  const { question } = outcome;
  switch (outcome.kind) {
    case 'found': {
      const blocks: KnownBlock[] = [section('*The team already wrote about this:*')];
      for (const hit of outcome.hits.slice(0, 3)) blocks.push(...hitBlocks(hit, question.id, now));
      blocks.push(
        actions('ask_more', [
          { text: 'Ask a person', actionId: ASK_ACTIONS.askPerson, value: String(question.id) },
        ]),
      );
      return {
        text: `The team already wrote about this: ${outcome.hits[0]?.document.title ?? ''}`,
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
      const lead =
        outcome.hits.length === 0
          ? 'Nothing in the docs answers this yet'
          : 'The docs don’t quite answer this';
      const text = `${lead}, so I asked <@${routed.expert.id}> (${escapeMrkdwn(routed.reason)}). ${whenTheyAnswer(routed)}`;
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

export function answeredByDocReply(title: string): Message {
  const text = `Glad that helped. I noted your wording, so the next person who asks it this way finds *${escapeMrkdwn(title)}* first.`;
  return { text, blocks: [section(text)] };
}
