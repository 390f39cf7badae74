import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { ServiceContext } from '../../../services/context.js';
import { writeDocument } from '../../../services/documents.js';
import { modalFailure } from '../../modal-errors.js';
import { WRITE_DOC, writtenDocView } from '../../views/documents.js';

const NO_TITLE = 'Give the doc a title.';
const NO_BODY = 'Write something in the doc.';

/** A required plain_text_input's state: its value, blank (or cleared: null) not accepted. */
const required = (message: string) =>
  z.looseObject(
    { value: z.string({ error: message }).trim().min(1, { error: message }) },
    { error: message },
  );

const writeDocValues = z.looseObject({
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

/** Submission of the "Write a doc" modal: saves the doc and turns the modal into a confirmation. */
export function registerWriteDocModal(app: App, ctx: ServiceContext): void {
  app.view<ViewSubmitAction>(
    { callback_id: WRITE_DOC.callbackId, type: 'view_submission' },
    async ({ ack, body, view, logger }) => {
      const parsed = writeDocValues.safeParse(view.state.values);
      if (!parsed.success) {
        await ack({ response_action: 'errors', errors: errorsOf(parsed.error) });
        return;
      }
      const values = parsed.data;
      try {
        const { document } = writeDocument(ctx, {
          authorId: body.user.id,
          title: values[WRITE_DOC.titleBlock][WRITE_DOC.titleAction].value,
          body: values[WRITE_DOC.bodyBlock][WRITE_DOC.bodyAction].value,
        });
        await ack({ response_action: 'update', view: writtenDocView(document) });
      } catch (error) {
        await ack(modalFailure(WRITE_DOC.bodyBlock, error, logger));
      }
    },
  );
}
