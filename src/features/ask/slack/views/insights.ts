import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../../../core/domain/time-text.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { TeamInsights } from '../../services/insights.js';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0 %' : `${Math.round((100 * part) / whole)} %`;

/** Team insights as a few lines: for admins on their Home tab and for `/mailroom insights`. */
export function insightsBlocks(insights: TeamInsights): KnownBlock[] {
  const q = insights.questions;
  const fromDocs = q.answeredByDocs + q.settledByDocs;
  const d = insights.delivery;
  const lines = [
    `*Team insights, last ${insights.weeks} weeks*`,
    q.asked === 0
      ? '• No questions asked yet.'
      : `• *${q.asked}* questions: *${fromDocs}* answered from the docs (${percent(fromDocs, q.asked)}; ${q.answeredByDocs} confirmed), *${q.answeredByPerson}* by a person, ${q.open} still open.`,
    `• Median time to a person's answer: ${q.medianAnswerMs === null ? 'no answers yet' : formatDuration(q.medianAnswerMs)}.`,
    `• *${d.held}* messages held until their recipient's working hours, sparing ${formatDuration(d.heldMs)} of off-hours interruptions.`,
    `• ${d.reminded} reminders, ${d.escalated} questions passed on to someone else for lack of an answer.`,
  ];
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (insights.missingTopics.length > 0) {
    const terms = insights.missingTopics
      .map((t) => `${escapeMrkdwn(t.term)} (${t.count})`)
      .join(', ');
    blocks.push(context(`Asked of people, not found in the docs: ${terms}. Worth writing down?`));
  }
  return blocks;
}

export function insightsMessage(insights: TeamInsights): Message {
  const questions = insights.questions;
  return {
    text: `Team insights: ${questions.asked} questions in the last ${insights.weeks} weeks.`,
    blocks: insightsBlocks(insights),
  };
}
