import {
  GLOSSARY_USAGE,
  type GlossaryWording,
  glossaryConflict,
  glossaryExpander,
  parseGlossaryEntry,
} from '../domain/search/glossary.js';
import type { GlossaryRepository, GlossaryRow } from '../store/glossary-repository.js';
import { recordAudit, slackActor } from './audit.js';
import { requireAdmin } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

export const GLOSSARY_PURPOSE =
  'change the team glossary. Everyone can read it with `/mailroom glossary`';

type GlossaryContext = Pick<
  ServiceContext,
  'glossary' | 'members' | 'settings' | 'clock' | 'audit'
>;

/** The glossary, for anyone in the team. */
export function listGlossary(ctx: Pick<ServiceContext, 'glossary'>): readonly GlossaryRow[] {
  return ctx.glossary.all();
}

/** `/mailroom glossary add WFH = working from home`: admins only; bad entries change nothing. */
export function addGlossaryEntry(
  ctx: GlossaryContext,
  input: { byUserId: string; text: string },
): GlossaryRow {
  requireAdmin(ctx, input.byUserId, GLOSSARY_PURPOSE);
  const parsed = parseGlossaryEntry(input.text);
  if (!parsed.ok) throw new UserFacingError(parsed.problem);
  const conflict = glossaryConflict(parsed.entry, ctx.glossary.all());
  if (conflict) throw new UserFacingError(conflict);
  const added = ctx.glossary.add({ ...parsed.entry, addedBy: input.byUserId }, ctx.clock());
  if (!added) throw new UserFacingError(`“${parsed.entry.term}” is in the glossary already.`);
  recordAudit(ctx, {
    actor: slackActor(input.byUserId),
    action: 'glossary.added',
    subject: added.term,
    before: null,
    after: { term: added.term, expansion: added.expansion },
  });
  return added;
}

/** `/mailroom glossary remove WFH`: admins only. */
export function removeGlossaryEntry(
  ctx: GlossaryContext,
  input: { byUserId: string; term: string },
): GlossaryRow {
  requireAdmin(ctx, input.byUserId, GLOSSARY_PURPOSE);
  const term = input.term.trim();
  if (term === '') throw new UserFacingError(GLOSSARY_USAGE);
  const removed = ctx.glossary.remove(term);
  if (!removed) {
    throw new UserFacingError(
      `“${term}” is not in the glossary. \`/mailroom glossary\` lists what is.`,
    );
  }
  recordAudit(ctx, {
    actor: slackActor(input.byUserId),
    action: 'glossary.removed',
    subject: removed.term,
    before: { term: removed.term, expansion: removed.expansion },
    after: null,
  });
  return removed;
}

const expanders = new WeakMap<readonly GlossaryRow[], ReturnType<typeof glossaryExpander>>();

function expanderOf(glossary: GlossaryRepository): ReturnType<typeof glossaryExpander> {
  const rows = glossary.all();
  let expander = expanders.get(rows);
  if (!expander) {
    expander = glossaryExpander(rows);
    expanders.set(rows, expander);
  }
  return expander;
}

/**
 * The glossary's part of a search lexicon (`QueryLexicon.expand`): the other wordings of a word
 * or phrase, both ways, with origin 'glossary'. It may be built once and kept: each call reads
 * the glossary as it is now (rebuilt only after it changed).
 */
export function glossaryLexicon(deps: { glossary: GlossaryRepository }): {
  expand(words: string): readonly GlossaryWording[];
  /** The most words a glossary phrase has: longer phrases need not be looked up. */
  longestPhrase(): number;
} {
  return {
    expand: (words) => expanderOf(deps.glossary).expand(words),
    longestPhrase: () => expanderOf(deps.glossary).longestPhrase,
  };
}
