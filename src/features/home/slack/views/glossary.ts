import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { GlossaryRow } from '../../../../core/store/glossary-repository.js';

const line = (row: Pick<GlossaryRow, 'term' | 'expansion'>) =>
  `• *${escapeMrkdwn(row.term)}*: ${escapeMrkdwn(row.expansion)}`;

/** At most this many entries are listed in one reply (a section holds 3,000 characters). */
const LISTED = 40;

/** `/mailroom glossary`: the team's terms and what they mean. */
export function glossaryList(rows: readonly GlossaryRow[], lead?: string): Message {
  const head = lead ? `${lead}\n` : '';
  if (rows.length === 0) {
    const text = `${head}The team glossary is empty. Admins add terms with \`/mailroom glossary add WFH = working from home\`, and \`/ask\` then finds either wording through the other.`;
    return { text, blocks: [section(text)] };
  }
  const summary = `${head}*The team glossary* (${rows.length} ${rows.length === 1 ? 'term' : 'terms'}); \`/ask\` finds each wording through the other:`;
  const blocks = [section(summary)];
  for (let at = 0; at < Math.min(rows.length, LISTED * 5); at += LISTED) {
    blocks.push(
      section(
        rows
          .slice(at, at + LISTED)
          .map(line)
          .join('\n'),
      ),
    );
  }
  if (rows.length > LISTED * 5) blocks.push(context(`…and ${rows.length - LISTED * 5} more.`));
  blocks.push(
    context(
      'Admins: `/mailroom glossary add WFH = working from home`, `/mailroom glossary remove WFH`.',
    ),
  );
  return { text: summary, blocks };
}

export function glossaryChanged(
  change: 'added' | 'removed',
  row: GlossaryRow,
  rows: readonly GlossaryRow[],
): Message {
  const lead =
    change === 'added'
      ? `Added: *${escapeMrkdwn(row.term)}* means ${escapeMrkdwn(row.expansion)}.`
      : `Removed *${escapeMrkdwn(row.term)}* from the glossary.`;
  return glossaryList(rows, lead);
}
