import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../services/context.js';

/** A modal is remembered this long: Slack closes modals long before. */
const FORGET_AFTER_MS = 7 * 24 * 60 * 60_000;

type ModalContext = Pick<ServiceContext, 'openedViews' | 'clock' | 'logger'>;

/**
 * Opens a modal for `userId` (or, with `push`, over the modal they are in) and remembers it as
 * theirs, so that a later click in it may update it.
 */
export async function openModal(
  client: WebClient,
  ctx: ModalContext,
  input: { userId: string; triggerId: string; view: ModalView; push?: boolean },
): Promise<void> {
  const request = { trigger_id: input.triggerId, view: input.view };
  const result = input.push ? await client.views.push(request) : await client.views.open(request);
  const viewId = result.view?.id;
  if (viewId) {
    const now = ctx.clock();
    ctx.openedViews.remember(viewId, input.userId, now, now - FORGET_AFTER_MS);
  }
}

/**
 * Updates a modal Mailroom opened for `userId`. A payload's view id is a claim: any other view
 * (someone else's modal) is left alone, and false says so.
 */
export async function updateOwnModal(
  client: WebClient,
  ctx: ModalContext,
  input: { userId: string; viewId: string; hash?: string | undefined; view: ModalView },
): Promise<boolean> {
  if (!ctx.openedViews.isOpenedFor(input.viewId, input.userId)) {
    ctx.logger.warn(
      `not updating view ${input.viewId}: Mailroom did not open it for ${input.userId}`,
    );
    return false;
  }
  await client.views.update({
    view_id: input.viewId,
    ...(input.hash ? { hash: input.hash } : {}),
    view: input.view,
  });
  return true;
}
