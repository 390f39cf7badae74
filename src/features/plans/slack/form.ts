import { z } from 'zod';
import { isStage, type RawForm } from '../domain/plan.js';

/** Reading the plans' forms: what was typed, and the metadata's claims, checked for shape. */

export const startMetadataSchema = z.object({ channelId: z.string().regex(/^[CG][A-Z0-9]+$/) });
export const stageMetadataSchema = z.object({
  stageId: z.number().int().positive(),
  stage: z.string().refine(isStage),
});
export const taskOwnerMetadataSchema = z.object({ taskId: z.number().int().positive() });
export const declineMetadataSchema = z.object({ itemId: z.number().int().positive() });
export const blockTaskMetadataSchema = z.object({ taskId: z.number().int().positive() });
export const concernMetadataSchema = z.object({ stageId: z.number().int().positive() });

export function readMetadata<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const fieldState = z.looseObject({
  value: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_user: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});

/** Every input of a submitted form, by its block id (each block's one element); unreadable counts as empty. */
export function readForm(values: unknown): RawForm {
  const form: Record<string, string | undefined> = {};
  if (!values || typeof values !== 'object') return form;
  for (const [blockId, block] of Object.entries(values as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') continue;
    const parsed = fieldState.safeParse((block as Record<string, unknown>)[blockId]);
    if (!parsed.success) continue;
    const state = parsed.data;
    form[blockId] = state.value ?? state.selected_option?.value ?? state.selected_date ?? undefined;
  }
  return form;
}

/** The people picked in a form's users select. */
export function readUsers(values: unknown, blockId: string): string[] {
  if (!values || typeof values !== 'object') return [];
  const block = (values as Record<string, unknown>)[blockId];
  if (!block || typeof block !== 'object') return [];
  const parsed = fieldState.safeParse((block as Record<string, unknown>)[blockId]);
  return parsed.success ? (parsed.data.selected_users ?? []) : [];
}

/** Whether the conversation is a DM or a group DM, where plans do not live. */
export function isDirectConversation(channelId: string, channelName?: string): boolean {
  return (
    channelId.startsWith('D') ||
    channelName === 'directmessage' ||
    (channelName ?? '').startsWith('mpdm-')
  );
}

/** The person picked in a form's single users select. */
export function readUser(values: unknown, blockId: string): string | undefined {
  if (!values || typeof values !== 'object') return undefined;
  const block = (values as Record<string, unknown>)[blockId];
  if (!block || typeof block !== 'object') return undefined;
  const parsed = fieldState.safeParse(Object.values(block as Record<string, unknown>)[0]);
  return parsed.success ? (parsed.data.selected_user ?? undefined) : undefined;
}
