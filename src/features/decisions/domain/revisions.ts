/** A decision's history: what each edit changed, and how each kind of revision reads. */

import type { DecisionContent } from './decision.js';

export interface FieldChange {
  field: keyof DecisionContent;
  /** The value before and after, as text a person can read (people as `person` named them). */
  before: string;
  after: string;
}

const FIELD_ORDER: (keyof DecisionContent)[] = [
  'title',
  'why',
  'drivers',
  'options',
  'chosen',
  'chosenBecause',
  'tradeOff',
  'goodConsequences',
  'badConsequences',
  'confirmation',
  'tags',
  'ownerIds',
  'consultedIds',
  'followUps',
  'revisitOn',
];

/**
 * What changed between two versions, field by field, each as readable text; `person` names the
 * people (the Slack side gives its mentions, which the history shows and the export reads).
 */
export function diffDecision(
  before: DecisionContent,
  after: DecisionContent,
  person: (userId: string) => string,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELD_ORDER) {
    const was = describeField(before, field, person);
    const now = describeField(after, field, person);
    if (was !== now) changes.push({ field, before: was, after: now });
  }
  return changes;
}

/** One field of a decision as text, the way revisions record it. */
export function describeField(
  content: DecisionContent,
  field: keyof DecisionContent,
  person: (userId: string) => string,
): string {
  switch (field) {
    case 'options':
      return content.options
        .map((o, i) => {
          const parts = [`${i + 1}. ${o.name}`];
          if (o.pros) parts.push(`for: ${o.pros}`);
          if (o.neutral) parts.push(`neutral: ${o.neutral}`);
          if (o.cons) parts.push(`against: ${o.cons}`);
          return parts.join('; ');
        })
        .join('\n');
    case 'ownerIds':
    case 'consultedIds':
      return [...content[field]].sort().map(person).join(', ');
    case 'followUps':
      return content.followUps
        .map((f) => `${f.text} (${person(f.ownerId)}${f.dueOn ? `, due ${f.dueOn}` : ''})`)
        .join('\n');
    case 'revisitOn':
      return content.revisitOn ?? '';
    case 'drivers':
    case 'goodConsequences':
    case 'badConsequences':
      return content[field].join('\n');
    case 'tags':
      return content.tags.join(', ');
    default:
      return content[field];
  }
}

/** What a person sees as the field's name in a revision. */
export const FIELD_LABELS: Record<keyof DecisionContent, string> = {
  title: 'title',
  why: 'why',
  options: 'options',
  chosen: 'chosen option',
  chosenBecause: 'why it was chosen',
  tradeOff: 'trade-off',
  drivers: 'decision drivers',
  goodConsequences: 'good consequences',
  badConsequences: 'bad consequences',
  confirmation: 'confirmation',
  tags: 'tags',
  ownerIds: 'owners',
  consultedIds: 'people consulted',
  followUps: 'follow-ups',
  revisitOn: 'revisit date',
};

/** How each kind of revision reads in a decision's history. */
const REVISION_LABELS: Record<string, string> = {
  logged: 'logged',
  edited: 'edited',
  accepted: 'accepted',
  superseded: 'superseded',
  reversed: 'reversed',
  rejected: 'rejected',
  deprecated: 'deprecated',
  reinstated: 'current again',
  confirmed: 'confirmed it still stands',
  follow_up_done: 'follow-up done',
  owner_changed: 'taken over by a new owner',
};

export function revisionLabel(change: string): string {
  return REVISION_LABELS[change] ?? change.replace(/_/g, ' ');
}
