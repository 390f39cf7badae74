import type { DecisionStatus } from '../domain/decision.js';
import { summarizeInput } from '../domain/input.js';
import { FIELD_LABELS, revisionLabel } from '../domain/revisions.js';
import type { Decision } from '../store/decision-repository.js';
import type { DecisionRecord } from './find.js';

/** The statuses an owner sets with a reason, which the export gives with their date. */
const ENDED: readonly DecisionStatus[] = ['rejected', 'deprecated', 'reversed'];

/** How the export names people, channels and the decisions it numbered. */
export interface MarkdownNames {
  person(userId: string): string;
  channel(channelId: string): string;
  /** The decision's export number as it reads (`7`, `P-7`) and its file; undefined when not exported. */
  numbered(decision: Decision): { label: string; fileName: string } | undefined;
}

const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const minute = (instant: number) =>
  `${new Date(instant).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A Markdown link to another decision's exported file, or its title when it is not exported. */
function linkTo(decision: Decision, names: MarkdownNames): string {
  const numbered = names.numbered(decision);
  return numbered
    ? `[${numbered.label}. ${decision.title}](${numbered.fileName})`
    : `“${decision.title}”`;
}

/** Text written in Slack, one Markdown paragraph per line break kept as a hard break. */
function paragraph(text: string): string {
  return text.replace(/\n/g, '  \n');
}

/**
 * One decision as an Architecture Decision Record (title, status, date, context, options,
 * decision, consequences), followed by its input and its history. The same record always
 * gives the same text, so exporting again changes a file only when the decision changed.
 */
export function decisionMarkdown(record: DecisionRecord, names: MarkdownNames): string {
  const { decision } = record;
  const people = (ids: readonly string[]) => ids.map(names.person).join(', ') || 'nobody';
  const ending = ENDED.includes(decision.status)
    ? [...record.revisions].reverse().find((r) => r.change === decision.status)
    : undefined;
  const status = ending
    ? `${capitalized(decision.status)} on ${day(ending.createdAt)}: ${ending.note ?? ''}`.trim()
    : decision.status === 'in_review'
      ? 'Proposed (in review)'
      : capitalized(decision.status);
  const own = names.numbered(decision);
  const lines: string[] = [`# ${own ? `${own.label}. ` : ''}${decision.title}`, ''];
  lines.push(`- Status: ${status}`);
  lines.push(`- Date: ${day(decision.decidedAt ?? decision.createdAt)}`);
  lines.push(`- Owners: ${people(decision.ownerIds)}`);
  if (decision.consultedIds.length > 0) lines.push(`- Consulted: ${people(decision.consultedIds)}`);
  const where = decision.channelId ? ` in ${names.channel(decision.channelId)}` : '';
  lines.push(`- Logged by: ${names.person(decision.loggedBy)}${where}, ${day(decision.createdAt)}`);
  if (decision.permalink) lines.push(`- In Slack: ${decision.permalink}`);
  if (record.predecessor) lines.push(`- Supersedes: ${linkTo(record.predecessor, names)}`);
  if (record.successor) {
    const reversed = record.successor.status === 'reversed' ? ' (reversed)' : '';
    lines.push(`- Superseded by: ${linkTo(record.successor, names)}${reversed}`);
  }

  lines.push('', '## Context', '', paragraph(decision.why));
  if (decision.contextPermalink) {
    lines.push('', `Logged from this conversation: ${decision.contextPermalink}`);
    if (decision.contextText) {
      lines.push('', ...decision.contextText.split('\n').map((line) => `> ${line}`));
    }
  }

  lines.push('', '## Options considered');
  decision.options.forEach((option, i) => {
    lines.push('', `### ${i + 1}. ${option.name}`);
    if (option.pros || option.cons) lines.push('');
    if (option.pros) lines.push(`- For: ${paragraph(option.pros)}`);
    if (option.cons) lines.push(`- Against: ${paragraph(option.cons)}`);
  });

  lines.push('', '## Decision', '', `We chose **${decision.chosen}**.`);

  lines.push('', '## Consequences', '');
  lines.push(
    decision.tradeOff
      ? `Trade-off accepted: ${paragraph(decision.tradeOff)}`
      : 'No trade-off noted.',
  );
  if (record.followUps.length > 0) {
    lines.push('', 'Follow-up tasks:', '');
    for (const followUp of record.followUps) {
      const due = followUp.dueOn ? `, due ${followUp.dueOn}` : '';
      lines.push(
        `- [${followUp.state === 'done' ? 'x' : ' '}] ${followUp.text} (${names.person(followUp.ownerId)}${due})`,
      );
    }
  }
  if (decision.revisitOn) lines.push('', `Revisit by: ${decision.revisitOn}`);

  const input = summarizeInput(record.inputs);
  if (record.inputs.length > 0) {
    lines.push('', '## Input', '');
    if (input.agreed.length > 0) lines.push(`- Agreed: ${people(input.agreed)}`);
    for (const objection of record.inputs.filter((i) => i.kind === 'object')) {
      lines.push(
        `- Objection from ${names.person(objection.userId)} (${day(objection.createdAt)}): ${paragraph(objection.text)}`,
      );
    }
    for (const comment of input.comments) {
      lines.push(
        `- Comment from ${names.person(comment.userId)} (${day(comment.createdAt)}): ${paragraph(comment.text)}`,
      );
    }
  }

  lines.push('', '## History', '');
  for (const revision of record.revisions) {
    const fields = revision.fields
      .map(
        (f) =>
          `${FIELD_LABELS[f.field]}: “${oneLine(f.before, names)}” → “${oneLine(f.after, names)}”`,
      )
      .join('; ');
    const note = revision.note ? `: ${oneLine(revision.note, names)}` : '';
    const what = revisionLabel(revision.change);
    lines.push(
      `- ${minute(revision.createdAt)}, ${names.person(revision.userId)}: ${what}${fields ? ` (${fields})` : ''}${note}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line of a revision; the people its texts name as Slack mentions (see diffDecision) by name. */
function oneLine(text: string, names: MarkdownNames): string {
  const flat = text
    .replace(/<@([A-Z0-9]+)>/g, (_mention, id: string) => names.person(id))
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
