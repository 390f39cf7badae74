import type { KnownBlock } from '@slack/types';
import { nameOf } from '../../../../core/domain/member.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, quote, userText } from '../../../../core/slack/views/mrkdwn.js';
import type { SearchHit } from '../../../../core/store/knowledge-repository.js';
import type { AskOutcome } from '../../services/ask.js';
import type { Question } from '../../store/question-repository.js';
import { answerText, formatAge, hitText, passedOverLine } from './ask.js';

/**
 * What Mailroom says in a thread where it was asked (an @mention, the "Ask Mailroom" shortcut).
 * Everyone in the conversation reads it, so it shows only what the search allowed for all of
 * them, and it names people without mentioning them: a mention would interrupt an expert (or an
 * asker who is off) outside their working hours.
 */

export const MENTION_USAGE =
  'Mention me with a question and I will look in the team’s docs first, then ask the right person, and answer here: `@Mailroom How do I get access to the staging database?`';

const INVITE = 'Invite me with `/invite @Mailroom`';

function hitBlocks(hit: SearchHit, now: number, text = hitText): KnownBlock[] {
  return [section(text(hit)), context(`updated ${formatAge(now - hit.document.updatedAt)}`)];
}

/** The reply in the thread, for each outcome; `asker` is how the asker is named there. */
export function threadReply(outcome: AskOutcome, asker: string, now: number): Message {
  switch (outcome.kind) {
    case 'found': {
      const text = 'The team already wrote about this:';
      const blocks = [section(`*${text}*`)];
      outcome.hits.slice(0, 3).forEach((hit, i) => {
        blocks.push(...hitBlocks(hit, now, i === 0 ? answerText : hitText));
      });
      blocks.push(
        context(
          `Not it? ${asker} can ask a person with \`/ask\`, and I will route it to an expert.`,
        ),
      );
      return { text: `${text} ${userText(outcome.hits[0]?.document.title ?? '', 200)}`, blocks };
    }
    case 'routed': {
      const { routed } = outcome;
      const expert = escapeMrkdwn(nameOf(routed.expert));
      const when = routed.away
        ? 'they are away, so it waits in their queue'
        : routed.workingNow
          ? 'they are working now'
          : `they are offline until ${routed.nextStartLocal} their time`;
      const lead =
        outcome.hits.length === 0
          ? 'Nothing in the docs answers this yet'
          : 'The docs don’t quite answer this';
      const passed = passedOverLine(routed, (member) => escapeMrkdwn(nameOf(member)));
      const asked = passed
        ? `${lead}. ${passed}, so I asked ${expert} instead (${escapeMrkdwn(routed.reason)})`
        : `${lead}, so I asked ${expert} (${escapeMrkdwn(routed.reason)})`;
      const text = `${asked}; ${when}. I will post the answer here, and ${asker} gets it in a DM.`;
      return { text, blocks: [section(text)] };
    }
    case 'held': {
      const { routed } = outcome;
      const expert = escapeMrkdwn(nameOf(routed.expert));
      const minutes = Math.max(1, Math.ceil((outcome.releaseAt - now) / 60_000));
      const text = 'These may answer it:';
      const blocks = [section(`*${text}*`)];
      outcome.hits.slice(0, 3).forEach((hit, i) => {
        blocks.push(...hitBlocks(hit, now, i === 0 ? answerText : hitText));
      });
      blocks.push(
        context(
          `If none does, I will ask ${expert} (${escapeMrkdwn(routed.reason)}) in ${minutes} min and post the answer here; ${asker} can settle it sooner with the buttons only they see.`,
        ),
      );
      return { text: `${text} ${userText(outcome.hits[0]?.document.title ?? '', 200)}`, blocks };
    }
    case 'already_waiting': {
      // The earlier question may come from a conversation not everyone here is in: not quoted.
      const text = `${asker} asked this before, and it is still waiting for an answer; they will get it in a DM.`;
      return { text, blocks: [section(text)] };
    }
    case 'duplicate':
    case 'unroutable': {
      const text =
        'Nothing in the docs answers this, and no one owns this topic yet. The question is saved; an admin can set experts with `/mailroom experts add <topic> @person`.';
      return { text, blocks: [section(text)] };
    }
  }
}

/** The expert's answer, posted back into the thread the question was asked in. */
export function threadAnswerMessage(question: Question): Message {
  const by = question.answeredBy ? `<@${question.answeredBy}>` : 'Someone';
  const answer = userText(question.answerText ?? '');
  return {
    text: `${by} answered: ${userText(question.answerText ?? '', 200)}`,
    blocks: [
      section(`${by} answered the question asked here:\n${quote(question.text, 1200)}`),
      section(answer),
      context('Saved to the team’s docs: the next question like this is answered from there.'),
    ],
  };
}

/** To the asker by DM when Mailroom could not post in the conversation. */
export function notInChannelDm(channelId: string, reply: Message): Message {
  const text = `I’m not in <#${channelId}>, so I can’t answer in the thread. ${INVITE} there; meanwhile, here is my answer, just for you:`;
  return { text: `${text} ${reply.text}`, blocks: [section(text), ...reply.blocks] };
}

/** To the person who used the shortcut where Mailroom is not in the conversation. */
export function notInChannelShortcut(channelId: string): string {
  return `I’m not in <#${channelId}>, so I can’t read that message or answer in its thread. ${INVITE} there and use *Ask Mailroom* again. Meanwhile I asked it for you: here is what I found, and a person’s answer will come to you in a DM.`;
}

/** To the person who used the shortcut: what became of the author's question. */
export function shortcutNote(outcome: AskOutcome, asker: string): string {
  const theirs = `I asked ${asker}’s question in the thread`;
  switch (outcome.kind) {
    case 'found':
      return `${theirs} and answered it there from the team’s docs. ${asker} will hear about it in their working hours.`;
    case 'routed':
    case 'held':
      return `${theirs}: the docs don’t answer it, so I sent it to <@${outcome.routed.expert.id}>. The answer will be posted in the thread, and ${asker} gets it in a DM.`;
    case 'already_waiting':
      return `${asker} already asked this and it is still waiting for an answer; I said so in the thread.`;
    case 'duplicate':
    case 'unroutable':
      return `${theirs}: nothing in the docs answers it and no one owns this topic yet, so it stays open. An admin can set experts with \`/mailroom experts add <topic> @person\`.`;
  }
}

/** The shortcut used again on a message that already asked its question. */
export function alreadyAskedNote(question: Question): string {
  switch (question.state) {
    case 'open':
      return 'That message’s question is already open: it is with an expert, and the answer will be posted in its thread.';
    case 'answered':
      return 'That message’s question was already answered; the answer is in its thread.';
    default:
      return 'I already answered that message’s question in its thread.';
  }
}
