import {
  confirmationOf,
  consequencesOf,
  type DecisionOption,
  type DecisionStatus,
} from '../domain/decision.js';
import { RECORD_MARK_LINE } from '../domain/file-names.js';
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
  /**
   * The decision's export number as it reads (`7`, `P-7`), as MADR names a record (`0007`,
   * `P-0007`), and its file; undefined when it is not exported.
   */
  numbered(decision: Decision): { label: string; record: string; fileName: string } | undefined;
}

const day = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const minute = (instant: number) =>
  `${new Date(instant).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A Markdown link to another decision's exported file, or its title when it is not exported. */
function linkTo(decision: Decision, names: MarkdownNames): string {
  const numbered = names.numbered(decision);
  return numbered
    ? `[ADR-${numbered.record}: ${decision.title}](${numbered.fileName})`
    : `“${decision.title}”`;
}

/**
 * Text written in Slack, one Markdown paragraph per line break kept as a hard break; a line
 * that would read as a heading or front matter's fence is escaped, so the record keeps MADR's
 * sections.
 */
function paragraph(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s*)(#|---)/, '$1\\$2'))
    .join('  \n');
}

/** A YAML scalar that reads back as exactly `text`: a JSON string is a YAML double-quoted one. */
const yamlText = (text: string) => JSON.stringify(text);

/**
 * Text that follows "because": its first letter in lower case unless it starts a word in
 * capitals (an acronym, a name such as "IE11" stays as it is written).
 */
function afterBecause(text: string): string {
  const [first = '', second = ''] = Array.from(text);
  return second !== '' && second === second.toLowerCase() && second !== second.toUpperCase()
    ? `${first.toLowerCase()}${text.slice(first.length)}`
    : text;
}

/** An argument written over several lines: one argument per line, bullets typed removed. */
function argumentsOf(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
}

/**
 * MADR's status: in review is still proposed, a reversed decision is deprecated (its reason is
 * under More Information), a superseded one names the record that replaced it.
 */
function madrStatus(record: DecisionRecord, names: MarkdownNames): string {
  const { decision } = record;
  switch (decision.status) {
    case 'in_review':
      return 'proposed';
    case 'reversed':
      return 'deprecated';
    case 'superseded': {
      const by = record.successor && names.numbered(record.successor);
      return by ? `superseded by ADR-${by.record}` : 'superseded';
    }
    default:
      return decision.status;
  }
}

/** The pros and cons of one option, in MADR's words; empty when none were written. */
function optionArguments(option: DecisionOption): string[] {
  return [
    ...argumentsOf(option.pros).map((text) => `* Good, because ${afterBecause(text)}`),
    ...argumentsOf(option.neutral).map((text) => `* Neutral, because ${afterBecause(text)}`),
    ...argumentsOf(option.cons).map((text) => `* Bad, because ${afterBecause(text)}`),
  ];
}

/** The status and date a record's front matter gives, for the export's index too. */
export function frontMatterOf(
  record: DecisionRecord,
  names: MarkdownNames,
): { status: string; date: string } {
  const lastChange = record.revisions.at(-1)?.createdAt ?? record.decision.updatedAt;
  return { status: madrStatus(record, names), date: day(lastChange) };
}

/**
 * One decision as a Markdown Architectural Decision Record (MADR 4.0), section by section as
 * its template (`adr-template.md`) lays them out, with its YAML front matter: status, date,
 * decision-makers, consulted, informed (and the export's mark, a YAML comment that reads as
 * nothing). Sections with nothing in them are left out, as MADR's
 * bare-minimal records allow; More Information holds the links to the decisions it supersedes
 * or that superseded it, its review's concerns and how each ended, its tags, its follow-ups,
 * its input and its history. The same record always gives the same text, so exporting again
 * changes a file only when the decision changed.
 */
export function decisionMarkdown(record: DecisionRecord, names: MarkdownNames): string {
  const { decision } = record;
  const people = (ids: readonly string[]) => ids.map(names.person).join(', ');
  const { status, date } = frontMatterOf(record, names);

  const lines: string[] = ['---', RECORD_MARK_LINE];
  lines.push(`status: ${yamlText(status)}`);
  lines.push(`date: ${date}`);
  if (decision.ownerIds.length > 0)
    lines.push(`decision-makers: ${yamlText(people(decision.ownerIds))}`);
  if (decision.consultedIds.length > 0) {
    lines.push(`consulted: ${yamlText(people(decision.consultedIds))}`);
  }
  if (decision.informedIds.length > 0) {
    lines.push(`informed: ${yamlText(people(decision.informedIds))}`);
  }
  lines.push('---', '', `# ${decision.title}`);

  lines.push('', '## Context and Problem Statement', '', paragraph(decision.why));
  if (decision.contextPermalink) {
    lines.push('', `Logged from this conversation: ${decision.contextPermalink}`);
    if (decision.contextText) {
      lines.push('', ...decision.contextText.split('\n').map((line) => `> ${line}`));
    }
  }

  if (decision.drivers.length > 0) {
    lines.push('', '## Decision Drivers', '', ...decision.drivers.map((d) => `* ${d}`));
  }

  if (decision.options.length > 0) {
    lines.push('', '## Considered Options', '', ...decision.options.map((o) => `* ${o.name}`));
  }

  const because = decision.chosenBecause
    ? `, because ${afterBecause(paragraph(decision.chosenBecause)).replace(/[.!]$/, '')}.`
    : '.';
  lines.push('', '## Decision Outcome', '', `Chosen option: "${decision.chosen}"${because}`);

  const { good, bad } = consequencesOf(decision);
  if (good.length > 0 || bad.length > 0) {
    lines.push('', '### Consequences', '');
    for (const text of good) lines.push(`* Good, because ${afterBecause(paragraph(text))}`);
    for (const text of bad) lines.push(`* Bad, because ${afterBecause(paragraph(text))}`);
  }

  const confirmation = confirmationOf(decision);
  if (confirmation.length > 0) {
    lines.push('', '### Confirmation', '', confirmation.map(paragraph).join('\n\n'));
  }

  const argued = decision.options.filter((option) => optionArguments(option).length > 0);
  if (argued.length > 0) {
    lines.push('', '## Pros and Cons of the Options');
    for (const option of argued) {
      lines.push('', `### ${option.name}`, '', ...optionArguments(option));
    }
  }

  lines.push('', '## More Information', '', ...moreInformation(record, names));
  return `${lines.join('\n')}\n`;
}

/** What MADR's More Information holds here: links, the record's people, review, tasks, history. */
function moreInformation(record: DecisionRecord, names: MarkdownNames): string[] {
  const { decision } = record;
  const people = (ids: readonly string[]) => ids.map(names.person).join(', ');
  const lines: string[] = [];
  const ending = ENDED.includes(decision.status)
    ? [...record.revisions].reverse().find((r) => r.change === decision.status)
    : undefined;
  if (ending) {
    lines.push(
      `- ${capitalized(decision.status)} on ${day(ending.createdAt)}: ${whole(ending.note ?? '', names)}`,
    );
  }
  if (decision.status === 'in_review')
    lines.push('- In review: its reviewers are being consulted.');
  if (record.predecessor) lines.push(`- Supersedes ${linkTo(record.predecessor, names)}`);
  if (record.successor) {
    const reversed = record.successor.status === 'reversed' ? ' (since reversed)' : '';
    lines.push(`- Superseded by ${linkTo(record.successor, names)}${reversed}`);
  }
  if (decision.tags.length > 0) lines.push(`- Tags: ${decision.tags.join(', ')}`);
  const where = decision.channelId ? ` in ${names.channel(decision.channelId)}` : '';
  lines.push(`- Logged by ${names.person(decision.loggedBy)}${where}, ${day(decision.createdAt)}`);
  if (decision.decidedAt !== null) lines.push(`- Accepted ${day(decision.decidedAt)}`);
  if (decision.permalink) lines.push(`- In Slack: ${decision.permalink}`);

  const review = record.review;
  if (review) {
    const answered = (state: string) =>
      review.reviewers.filter((r) => r.state === state).map((r) => r.memberId);
    lines.push('', '**Review**', '');
    lines.push(`- Reviewers: ${people(review.reviewers.map((r) => r.memberId))}`);
    if (answered('agreed').length > 0) lines.push(`- Agreed: ${people(answered('agreed'))}`);
    if (answered('abstained').length > 0) {
      lines.push(`- Abstained: ${people(answered('abstained'))}`);
    }
    if (review.silent.length > 0) {
      const silent = review.silent.map((s) => s.memberId);
      lines.push(
        `- ${review.review.state === 'open' ? 'Not answered yet' : 'Stayed silent'}: ${people(silent)}`,
      );
    }
    for (const concern of review.concerns) {
      const parts = [
        `- Concern from ${names.person(concern.reviewerId)} (${day(concern.createdAt)}): ${whole(concern.reason, names)}`,
      ];
      if (concern.answer !== null) parts.push(`Answered: ${whole(concern.answer, names)}`);
      if (concern.state === 'withdrawn') {
        parts.push(`Withdrawn${concern.resolvedAt ? ` ${day(concern.resolvedAt)}` : ''}.`);
      } else if (concern.state === 'overridden') {
        parts.push(
          `Overridden${concern.resolvedAt ? ` ${day(concern.resolvedAt)}` : ''}: ${whole(concern.overrideReason ?? '', names)}`,
        );
      } else parts.push('Open.');
      lines.push(parts.join(' '));
    }
  }

  if (record.followUps.length > 0) {
    lines.push('', '**Follow-up tasks**', '');
    for (const followUp of record.followUps) {
      const due = followUp.dueOn ? `, due ${followUp.dueOn}` : '';
      lines.push(
        `- [${followUp.state === 'done' ? 'x' : ' '}] ${followUp.text} (${record.needsOwner?.includes(followUp.id) ? `needs a new owner: ${names.person(followUp.ownerId)} left the workspace` : names.person(followUp.ownerId)}${due})`,
      );
    }
  }

  if (record.inputs.length > 0) {
    const input = summarizeInput(record.inputs);
    lines.push('', '**Input**', '');
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

  lines.push('', '**History**', '');
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
  return lines;
}

/** One line of a revision; the people its texts name as Slack mentions (see diffDecision) by name. */
function oneLine(text: string, names: MarkdownNames, max = 200): string {
  const flat = text
    .replace(/<@([A-Z0-9]+)>/g, (_mention, id: string) => names.person(id))
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A reason kept in the record, whole, on one line. */
const whole = (text: string, names: MarkdownNames) =>
  oneLine(text, names, Number.POSITIVE_INFINITY);
