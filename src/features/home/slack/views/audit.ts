import { formatInTimeZone } from 'date-fns-tz';
import {
  type AuditActor,
  type AuditDetails,
  type AuditEntry,
  type AuditPage,
  auditDetails,
} from '../../../../core/domain/audit.js';
import { AUDIT_USAGE } from '../../../../core/services/audit.js';
import { context, type Message, section } from '../../../../core/slack/views/blocks.js';
import { escapeMrkdwn, mention, truncate } from '../../../../core/slack/views/mrkdwn.js';

/** The longest an entry's line may be, so a whole page stays within a message's limits. */
const LINE_MAX = 700;
/** Lines are gathered into sections of at most this many characters (Slack allows 3,000). */
const SECTION_MAX = 2900;

function when(instant: number): string {
  const fallback = formatInTimeZone(instant, 'UTC', "d MMM yyyy HH:mm 'UTC'");
  return `<!date^${Math.floor(instant / 1000)}^{date_short} {time}|${fallback}>`;
}

function who(actor: AuditActor): string {
  return actor.kind === 'slack'
    ? mention(actor.userId)
    : `${escapeMrkdwn(actor.osUser)} (at the server’s shell)`;
}

function peopleText(ids: readonly string[]): string {
  return ids.length === 0 ? 'nobody' : ids.map(mention).join(', ');
}

function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${escapeMrkdwn(what.replace(/_/g, ' '))}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

function whatHappened(details: AuditDetails): string {
  switch (details.kind) {
    case 'experts': {
      const topic =
        details.topicKind === 'channel'
          ? `<#${details.topic}>`
          : `“${escapeMrkdwn(details.topic)}”`;
      return `changed who answers ${topic}: ${peopleText(details.before)} → ${peopleText(details.after)}`;
    }
    case 'glossary':
      return details.added
        ? `added *${escapeMrkdwn(details.term)}* = ${escapeMrkdwn(details.expansion)} to the glossary`
        : `removed *${escapeMrkdwn(details.term)}* (${escapeMrkdwn(details.expansion)}) from the glossary`;
    case 'team_settings':
      return details.changes.length === 0
        ? 'saved the team settings'
        : `changed the team settings: ${details.changes
            .map((c) => `${c.setting} ${escapeMrkdwn(c.before)} → ${escapeMrkdwn(c.after)}`)
            .join('; ')}`;
    case 'exported':
      return `exported what Mailroom holds about ${mention(details.memberId)} (${countsText(details.counts)}) to ${escapeMrkdwn(details.destination)}`;
    case 'forgotten':
      return `erased the personal data of ${mention(details.memberId)} (${countsText(details.erased)})${
        details.notDeleted > 0 ? `; ${details.notDeleted} could not be deleted` : ''
      }`;
    case 'unreadable':
      return 'made a change this version of Mailroom cannot read back';
  }
}

/** One entry in one line: when, who, what changed. */
export function auditLine(entry: AuditEntry): string {
  return truncate(
    `• ${when(entry.at)}: ${who(entry.actor)} ${whatHappened(auditDetails(entry))}`,
    LINE_MAX,
  );
}

/** Lines gathered into as few sections as fit Slack's limit on a section's text. */
function sections(lines: readonly string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > SECTION_MAX) {
      out.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/** `/mailroom audit [page]`: a page of the trail, newest first, or word that it is empty. */
export function auditMessage(page: AuditPage): Message {
  if (page.total === 0) {
    const text =
      'The audit trail is empty: nobody has changed experts, the glossary or the team settings yet, and no member’s data has been exported or erased.';
    return { text, blocks: [section(text)] };
  }
  const lead = `*Audit trail*, newest first: page ${page.page} of ${page.pages} (${page.total} ${
    page.total === 1 ? 'entry' : 'entries'
  }).`;
  const more =
    page.page < page.pages
      ? `Older entries: \`/mailroom audit ${page.page + 1}\`.`
      : 'That is the oldest entry.';
  return {
    text: lead,
    blocks: [
      section(lead),
      ...sections(page.entries.map(auditLine)).map(section),
      context(`${more} ${AUDIT_USAGE}`),
    ],
  };
}
