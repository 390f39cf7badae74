import type { App, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { PublishHome } from '../../../../core/capability.js';
import { describeDays } from '../../../../core/domain/hours-text.js';
import { parseJson } from '../../../../core/domain/json.js';
import { formatClock } from '../../../../core/domain/time-text.js';
import { InvalidSettings } from '../../../../core/services/settings.js';
import { modalError, modalFailure } from '../../../../core/slack/modal-errors.js';
import { escapeMrkdwn } from '../../../../core/slack/views/mrkdwn.js';
import type { StandupsContext } from '../../context.js';
import { describePromptTime, MAX_QUESTIONS, type SetupField } from '../../domain/standup.js';
import { type AnswerField, answerStandup } from '../../services/answers.js';
import { passBlocker } from '../../services/blockers.js';
import { publishAnswer } from '../../services/days.js';
import { saveStandup } from '../../services/setup.js';
import { slackStandupPoster } from '../poster.js';
import { answerSentModal } from '../views/answer-modals.js';
import { ANSWER_FORM, blockerSettledMessage, PASS_FORM, STANDUP_VIEWS } from '../views/messages.js';
import { SETUP, setupSavedModal } from '../views/setup-modal.js';
import { standupTexts } from '../views/texts.js';

const OUT_OF_DATE =
  'This form is out of date. Copy what you wrote, close it and press the button again.';

const setupMetadata = z.object({
  channelId: z.string().regex(/^[CG][A-Z0-9]+$/),
  standupId: z.number().int().positive().nullable(),
});
const answerMetadata = z.object({
  standupId: z.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
const passMetadata = z.object({ blockerId: z.number().int().positive() });

/** One input's state, whatever its element: every field is optional and checked by the service. */
const state = z
  .looseObject({
    value: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_option: z.looseObject({ value: z.string() }).nullish(),
    selected_options: z.array(z.looseObject({ value: z.string() })).nullish(),
    selected_users: z.array(z.string()).nullish(),
    selected_user: z.string().nullish(),
  })
  .optional();
const values = z.record(z.string(), z.record(z.string(), z.unknown()));

function read(all: unknown, block: string, action: string) {
  const parsed = values.safeParse(all);
  const found = state.safeParse(parsed.success ? parsed.data[block]?.[action] : undefined);
  return found.success ? (found.data ?? {}) : {};
}

const SETUP_BLOCK: Record<SetupField, string> = {
  name: SETUP.name.block,
  questions: SETUP.questions.block,
  days: SETUP.days.block,
  promptMode: SETUP.promptMode.block,
  promptTime: SETUP.promptTime.block,
  teamZone: SETUP.teamZone.block,
  members: SETUP.members.block,
  destination: SETUP.destination.block,
  reportTime: SETUP.reportTime.block,
  reminder: SETUP.reminder.block,
  daysOff: SETUP.daysOff.block,
  cadence: SETUP.cadence.block,
};

function answerBlockOf(field: AnswerField): string {
  if (field === 'blocker') return ANSWER_FORM.blocker;
  if (field === 'blockerOwner') return ANSWER_FORM.blockerOwner;
  return ANSWER_FORM.question(Number(field.slice(1)));
}

function fieldErrors<F extends string>(error: InvalidSettings<F>, blockOf: (field: F) => string) {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields) as [F, string | undefined][]) {
    if (message) errors[blockOf(field)] = message;
  }
  return { response_action: 'errors' as const, errors };
}

/** The standup setup, answer and "Not me" forms. Problems are shown in the form; nothing typed is lost. */
export function registerStandupModals(
  app: App,
  ctx: StandupsContext,
  publishHome: PublishHome,
): void {
  app.view<ViewSubmitAction>(
    { callback_id: SETUP.callbackId, type: 'view_submission' },
    async ({ ack, body, view, logger, context }) => {
      const metadata = setupMetadata.safeParse(parseJson(view.private_metadata));
      if (!metadata.success) {
        await ack(modalError(SETUP.name.block, OUT_OF_DATE));
        return;
      }
      const v = view.state.values;
      const text = (b: { block: string; action: string }) => read(v, b.block, b.action).value ?? '';
      const time = (b: { block: string; action: string }) =>
        read(v, b.block, b.action).selected_time ?? '';
      const choice = (b: { block: string; action: string }) =>
        read(v, b.block, b.action).selected_option?.value ?? '';
      const checked = (b: { block: string; action: string }) =>
        (read(v, b.block, b.action).selected_options ?? []).map((o) => o.value);
      try {
        const saved = saveStandup(ctx, standupTexts, {
          userId: body.user.id,
          channelId: metadata.data.channelId,
          standupId: metadata.data.standupId,
          botUserId: context.botUserId,
          form: {
            name: text(SETUP.name),
            questionsText: text(SETUP.questions),
            asksBlockers: checked(SETUP.blockers).includes('yes'),
            days: checked(SETUP.days),
            promptMode: choice(SETUP.promptMode),
            promptTime: time(SETUP.promptTime),
            teamZone: text(SETUP.teamZone),
            memberMode: choice(SETUP.memberMode),
            chosenMemberIds:
              read(v, SETUP.members.block, SETUP.members.action).selected_users ?? [],
            destination: choice(SETUP.destination),
            reportTime: time(SETUP.reportTime),
            reminder: choice(SETUP.reminder),
            daysOffText: text(SETUP.daysOff),
            cadence: choice(SETUP.cadence),
            cadenceStart:
              read(v, SETUP.cadenceStart.block, SETUP.cadenceStart.action).selected_date ?? '',
          },
        });
        const s = saved.standup;
        const summary = `${saved.created ? 'Set up' : 'Saved'}: *${escapeMrkdwn(s.name)}* in <#${s.channelId}>. ${saved.members} ${saved.members === 1 ? 'person is' : 'people are'} asked ${describeDays(s.days)}, ${describePromptTime(s)}; the report is at ${formatClock(s.reportMinute)} ${escapeMrkdwn(s.teamZone)}.`;
        await ack({
          response_action: 'update',
          view: setupSavedModal(summary, saved.warnings.map(escapeMrkdwn), {
            standupId: s.id,
            members: saved.outsideHours,
          }),
        });
      } catch (error) {
        if (error instanceof InvalidSettings) {
          await ack(fieldErrors(error as InvalidSettings<SetupField>, (f) => SETUP_BLOCK[f]));
          return;
        }
        await ack(modalFailure(SETUP.name.block, error, logger));
      }
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: STANDUP_VIEWS.answer, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = answerMetadata.safeParse(parseJson(view.private_metadata));
      const firstBlock = ANSWER_FORM.question(0);
      if (!metadata.success) {
        await ack(modalError(firstBlock, OUT_OF_DATE));
        return;
      }
      const v = view.state.values;
      // One input per question (at most MAX_QUESTIONS); the service takes as many as it asks.
      const answers = Array.from(
        { length: MAX_QUESTIONS },
        (_, i) => read(v, ANSWER_FORM.question(i), ANSWER_FORM.questionAction).value ?? '',
      );
      let outcome: ReturnType<typeof answerStandup>;
      try {
        outcome = answerStandup(ctx, standupTexts, {
          userId: body.user.id,
          ...metadata.data,
          answers,
          blockerText: read(v, ANSWER_FORM.blocker, ANSWER_FORM.blockerAction).value ?? '',
          blockerOwnerId:
            read(v, ANSWER_FORM.blockerOwner, ANSWER_FORM.blockerOwnerAction).selected_user ?? null,
        });
      } catch (error) {
        if (error instanceof InvalidSettings) {
          await ack(fieldErrors(error as InvalidSettings<AnswerField>, answerBlockOf));
          return;
        }
        await ack(modalFailure(firstBlock, error, logger));
        return;
      }
      await ack({
        response_action: 'update',
        view: answerSentModal(outcome.standup, outcome.early),
      });
      const poster = slackStandupPoster(client, ctx);
      await publishAnswer(ctx, poster, outcome.entry.id);
      const slot = ctx.standups.member(outcome.standup.id, body.user.id);
      const nextDate =
        slot?.nextPromptDate && slot.nextPromptDate !== outcome.entry.date
          ? slot.nextPromptDate
          : null;
      for (const item of outcome.toUpdate) {
        await poster.updatePrompt(item, {
          kind: 'answered',
          standup: outcome.standup,
          entry: outcome.entry,
          nextDate,
        });
      }
      // The Home tab lists the prompt: keep it current for those who use it.
      if (ctx.members.get(body.user.id)?.homeOpenedAt) await publishHome(client, body.user.id);
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: STANDUP_VIEWS.pass, type: 'view_submission' },
    async ({ ack, body, view, client, logger }) => {
      const metadata = passMetadata.safeParse(parseJson(view.private_metadata));
      if (!metadata.success) {
        await ack(modalError(PASS_FORM.block, OUT_OF_DATE));
        return;
      }
      let passed: ReturnType<typeof passBlocker>;
      try {
        passed = passBlocker(ctx, standupTexts, {
          userId: body.user.id,
          blockerId: metadata.data.blockerId,
          toUserId:
            read(view.state.values, PASS_FORM.block, PASS_FORM.action).selected_user ?? null,
        });
      } catch (error) {
        await ack(modalFailure(PASS_FORM.block, error, logger));
        return;
      }
      await ack();
      const { blocker, item, entryId } = passed;
      if (entryId !== undefined) await publishAnswer(ctx, slackStandupPoster(client, ctx), entryId);
      if (item?.deliveredChannel && item.deliveredTs) {
        await client.chat.update({
          channel: item.deliveredChannel,
          ts: item.deliveredTs,
          ...blockerSettledMessage(
            blocker.text,
            `You passed this on to <@${blocker.ownerId}>. Thanks!`,
          ),
        });
      }
      if (ctx.members.get(body.user.id)?.homeOpenedAt) await publishHome(client, body.user.id);
    },
  );
}
