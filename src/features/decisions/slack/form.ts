import { z } from 'zod';
import {
  DECISION_FIELDS as F,
  DECISION_LIMITS as L,
  type RawDecisionDraft,
} from '../domain/draft.js';
import type { FormMetadata } from './views/decision-form.js';
import { FIELD_ACTION, FORM_BLOCKS } from './views/ids.js';

/** Reading the decision forms Slack sends back: their metadata and what was typed. */

const conversationId = z.string().regex(/^[CDG][A-Z0-9]{2,}$/);

export const formMetadataSchema = z.object({
  mode: z.enum(['log', 'edit', 'supersede']),
  decisionId: z.number().int().positive().optional(),
  channelId: conversationId.nullable(),
  source: z
    .object({
      channelId: conversationId,
      ts: z.string().regex(/^\d+\.\d+$/),
      threadTs: z
        .string()
        .regex(/^\d+\.\d+$/)
        .optional(),
    })
    .optional(),
  shownText: z.string().max(600).optional(),
  options: z.number().int().min(1).max(L.options),
  followUps: z.number().int().min(0).max(L.followUps),
  more: z.boolean().optional(),
});

export const decisionIdMetadata = z.object({ decisionId: z.number().int().positive() });

/** The metadata of a form, or undefined when it is not what Mailroom wrote there. */
export function readMetadata<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const state = z.looseObject({
  value: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_user: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});
type FieldState = z.infer<typeof state>;

/** Reads one input of a submitted form; anything unreadable counts as empty. */
export function fieldOf(values: unknown, blockId: string): FieldState {
  if (!values || typeof values !== 'object') return {};
  const block = (values as Record<string, unknown>)[blockId];
  if (!block || typeof block !== 'object') return {};
  const parsed = state.safeParse((block as Record<string, unknown>)[FIELD_ACTION]);
  return parsed.success ? parsed.data : {};
}

/** What the decision form holds, as typed, and where it should be posted (when it asks). */
export function readDecisionForm(
  values: unknown,
  metadata: Pick<FormMetadata, 'options' | 'followUps' | 'more'>,
): RawDecisionDraft & { postIn: string | null } {
  const text = (blockId: string) => fieldOf(values, blockId).value ?? '';
  // The optional fields, when the form does not show them, are left as they are.
  const more = (blockId: string) => (metadata.more ? text(blockId) : undefined);
  const shown = (blockId: string) =>
    values !== null && typeof values === 'object' && blockId in values;
  const options = [];
  for (let i = 0; i < metadata.options; i++) {
    options.push({
      name: text(F.optionName(i)),
      pros: text(F.optionPros(i)),
      cons: text(F.optionCons(i)),
      neutral: more(F.optionNeutral(i)),
    });
  }
  const followUps = [];
  for (let i = 0; i < metadata.followUps; i++) {
    followUps.push({
      text: text(F.followUpText(i)),
      ownerId: fieldOf(values, F.followUpOwner(i)).selected_user ?? null,
      dueOn: fieldOf(values, F.followUpDue(i)).selected_date ?? null,
    });
  }
  return {
    title: text(F.title),
    why: text(F.why),
    options,
    chosen: text(F.chosen),
    chosenBecause: text(F.chosenBecause),
    ...(shown(F.tradeOff) ? { tradeOff: text(F.tradeOff) } : {}),
    drivers: more(F.drivers),
    goodConsequences: more(F.goodConsequences),
    badConsequences: more(F.badConsequences),
    confirmation: more(F.confirmation),
    tags: more(F.tags),
    ownerIds: fieldOf(values, F.owners).selected_users ?? [],
    consultedIds: fieldOf(values, F.consulted).selected_users ?? [],
    reviewerIds: fieldOf(values, F.reviewers).selected_users ?? [],
    informedIds: fieldOf(values, F.informed).selected_users ?? [],
    reviewHours: text(F.reviewHours),
    followUps,
    status: fieldOf(values, F.status).selected_option?.value ?? null,
    revisitOn: fieldOf(values, F.revisitOn).selected_date ?? null,
    postIn: fieldOf(values, FORM_BLOCKS.postIn).selected_conversation ?? null,
  };
}

/** Whether the conversation is a DM or a group DM, where Mailroom cannot post. */
export function isDirectConversation(channelId: string, channelName?: string): boolean {
  return (
    channelId.startsWith('D') ||
    channelName === 'directmessage' ||
    (channelName ?? '').startsWith('mpdm-')
  );
}
