import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { docChannelsFor, writeDocument } from '../../../../core/services/documents.js';
import { slackCountsIn } from '../../../../core/slack/conversations.js';
import { modalFailure } from '../../../../core/slack/modal-errors.js';
import type { AskContext } from '../../context.js';
import { WRITE_DOC, writtenDocView } from '../views/documents.js';

const NO_TITLE = 'Give the doc a title.';
const NO_BODY = 'Write something in the doc.';

/** A required plain_text_input's state: its value, blank (or cleared: null) not accepted. */
const required = (message: string) =>
  z.looseObject(
    { value: z.string({ error: message }).trim().min(1, { error: message }) },
    { error: message },
  );

const writeDocValues = z.looseObject({
  [WRITE_DOC.channelBlock]: z
    .looseObject({
      [WRITE_DOC.channelAction]: z
        .looseObject({ selected_option: z.looseObject({ value: z.string() }).nullish() })
        .optional(),
    })
    .optional(),
  [WRITE_DOC.titleBlock]: z.looseObject(
    { [WRITE_DOC.titleAction]: required(NO_TITLE) },
    { error: NO_TITLE },
  ),
  [WRITE_DOC.bodyBlock]: z.looseObject(
    { [WRITE_DOC.bodyAction]: required(NO_BODY) },
    { error: NO_BODY },
  ),
});

/** Block id → what is wrong with it, as Slack shows under the input. */
function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const blockId = issue.path[0];
    const key = typeof blockId === 'string' ? blockId : WRITE_DOC.bodyBlock;
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * Submission of the "Write a doc" modal: saves the doc and turns the modal into a confirmation.
 * A guest's channel comes from the view state, a claim: Slack's member list must have them in
 * it before the doc is kept for that channel.
 */
export function registerWriteDocModal(app: App, ctx: AskContext): void {
  app.view<ViewSubmitAction>(
    { callback_id: WRITE_DOC.callbackId, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const parsed = writeDocValues.safeParse(view.state.values);
      if (!parsed.success) {
        await ack({ response_action: 'errors', errors: errorsOf(parsed.error) });
        return;
      }
      const values = parsed.data;
      const channelId =
        values[WRITE_DOC.channelBlock]?.[WRITE_DOC.channelAction]?.selected_option?.value ?? null;
      const errorBlock = channelId === null ? WRITE_DOC.bodyBlock : WRITE_DOC.channelBlock;
      try {
        if (channelId !== null && docChannelsFor(ctx, body.user.id)) {
          await slackCountsIn(client, ctx, channelId, body.user.id);
        }
        const { document } = writeDocument(ctx, {
          authorId: body.user.id,
          title: values[WRITE_DOC.titleBlock][WRITE_DOC.titleAction].value,
          body: values[WRITE_DOC.bodyBlock][WRITE_DOC.bodyAction].value,
          channelId,
        });
        await ack({ response_action: 'update', view: writtenDocView(document) });
      } catch (error) {
        await ack(modalFailure(errorBlock, error, logger));
      }
    },
  );
}
