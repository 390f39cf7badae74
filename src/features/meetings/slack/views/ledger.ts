import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { GroupLedger } from '../../services/ledger.js';
import { outsideText } from './format.js';

/** `/meet ledger …`: who the group's social meetings put outside their hours, and how far. */
export function ledgerMessage(ledger: GroupLedger): Message {
  const group = ledger.channelId
    ? `<#${ledger.channelId}>`
    : ledger.personIds.map((id) => `<@${id}>`).join(', ');
  if (ledger.meetings === 0) {
    const text = `No confirmed social meeting of ${group} yet: nobody has been asked to meet outside their hours.`;
    return { text, blocks: [section(text)] };
  }
  const lines = ledger.entries.map(
    (e) =>
      `• ${escapeMrkdwn(e.name)}: ${outsideText(e.minutes)} in all, in ${e.meetings} of ${ledger.meetings} meeting${ledger.meetings === 1 ? '' : 's'}`,
  );
  const everyoneInside =
    ledger.entries.length === 0 ? '\nEveryone was inside their hours every time.' : '';
  const text = `*Fairness ledger of ${group}*, from ${ledger.meetings} confirmed social meeting${ledger.meetings === 1 ? '' : 's'}:${everyoneInside}\n${lines.join('\n')}`;
  return {
    text: `Fairness ledger of ${group}`,
    blocks: [
      section(text),
      context('The next social proposal for this group favours whoever is highest here.'),
    ],
  };
}
